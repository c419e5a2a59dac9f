#!/usr/bin/env bash
# Bounded HTTP load test of `bundleforge serve` on loopback with wrk (apt-get install -y wrk).
# Trains the baseline (MODELS=... for more components) on the full Online Retail data (once), starts the server on 127.0.0.1, then runs wrk for a fixed
# duration per endpoint: the trivial /ping and /health as the reference, then frequently-bought-together (500 popular
# items) and recommendations (500 known customers). Prints a Markdown table and the server's RSS after each run.
#
#   bench/load/run.sh [DURATION_SECONDS (default 10, at most 15)] [CONNECTIONS (default 32)]
#
# Environment: DATA (default ../shared/data/online-retail/online_retail.csv.gz), WORK (default /tmp/bf-load),
# PORT (default 5099). Rate limiting is turned off for the run (RateLimit__PermitsPerSecond=0); everything else is
# the production configuration.
set -euo pipefail
cd "$(dirname "$0")/../.."
ROOT=$(pwd)
DURATION=${1:-10}
CONNECTIONS=${2:-32}
if (( DURATION > 15 )); then echo "duration is capped at 15 s per endpoint" >&2; DURATION=15; fi
DATA=${DATA:-$ROOT/../shared/data/online-retail/online_retail.csv.gz}
# A worktree under wt/ sits one level deeper than the main clone.
[[ -f "$DATA" ]] || DATA=$ROOT/../../shared/data/online-retail/online_retail.csv.gz
WORK=${WORK:-/tmp/bf-load}
PORT=${PORT:-5099}
URL="http://127.0.0.1:$PORT"
CLI="$ROOT/src/BundleForge.Cli/bin/Release/net10.0/bundleforge.dll"
command -v wrk >/dev/null || { echo "wrk is not installed (apt-get install -y wrk)" >&2; exit 2; }
[[ -f "$DATA" ]] || { echo "data not found: $DATA" >&2; exit 2; }
[[ -f "$CLI" ]] || dotnet build "$ROOT/src/BundleForge.Cli" -c Release >/dev/null
mkdir -p "$WORK"
export BUNDLEFORGE_PSEUDONYM_KEY=${BUNDLEFORGE_PSEUDONYM_KEY:-bench-load-secret-0123456789}

if [[ ! -f "$WORK/model/manifest.json" ]]; then
  echo "training ${MODELS:-baseline} on $(basename "$DATA") ..." >&2
  dotnet "$CLI" train --data "$DATA" --models "${MODELS:-baseline}" --out "$WORK/model" --json > "$WORK/train.json"
fi

# 500 most frequent stock codes (head closes the pipe early: no pipefail here)
set +o pipefail
# 500 most frequent stock codes and 500 customers with the most lines, as request paths.
zcat "$DATA" | awk -F, 'NR>1 && $2!="" {print $2}' | sort | uniq -c | sort -rn | head -500 \
  | awk -v q='?k=10' '{print "/v1/items/" $2 "/frequently-bought-together" q}' > "$WORK/fbt.paths"
zcat "$DATA" | awk -F, 'NR>1 && $7!="" {sub(/\.0$/, "", $7); print $7}' | sort | uniq -c | sort -rn | head -500 \
  | awk '{print "/v1/users/" $2 "/recommendations?k=10"}' > "$WORK/recs.paths"
set -o pipefail

rm -f "$WORK"/events.db*
RateLimit__PermitsPerSecond=0 dotnet "$CLI" serve --model "$WORK/model" --events "$WORK/events.db" --urls "$URL" > "$WORK/serve.log" 2>&1 &
SERVER=$!
trap 'kill $SERVER 2>/dev/null; wait $SERVER 2>/dev/null || true' EXIT
for _ in $(seq 1 60); do curl -fs "$URL/health" >/dev/null 2>&1 && break; sleep 0.5; done
curl -fs "$URL/health" >/dev/null || { echo "server did not start:" >&2; cat "$WORK/serve.log" >&2; exit 1; }
# Keep only stock codes the cleaned catalog has (cleaning drops postage, manual adjustments ...).
while read -r p; do [[ $(curl -s -o /dev/null -w '%{http_code}' "$URL$p") == 200 ]] && echo "$p"; done < "$WORK/fbt.paths" > "$WORK/fbt.ok"
mv "$WORK/fbt.ok" "$WORK/fbt.paths"
echo "personalised check: $(curl -fs "$URL$(head -1 "$WORK/recs.paths")" | head -c 120)" >&2

rss() { awk '/VmRSS/ {printf "%.0f MB", $2 / 1024}' "/proc/$SERVER/status" 2>/dev/null || echo "?"; }

run() { # name, path-or-file
  local name=$1 target=$2 out
  if [[ -f "$target" ]]; then
    wrk -t2 -c"$CONNECTIONS" -d2s -s bench/load/paths.lua "$URL" -- "$target" >/dev/null  # warm-up
    out=$(wrk -t2 -c"$CONNECTIONS" -d"${DURATION}s" --latency -s bench/load/paths.lua "$URL" -- "$target")
  else
    wrk -t2 -c"$CONNECTIONS" -d2s "$URL$target" >/dev/null
    out=$(wrk -t2 -c"$CONNECTIONS" -d"${DURATION}s" --latency "$URL$target")
  fi
  local rps p50 p99 errors
  rps=$(awk '/Requests\/sec/ {print $2}' <<<"$out")
  p50=$(awk '$1=="50%" {print $2}' <<<"$out")
  p99=$(awk '$1=="99%" {print $2}' <<<"$out")
  errors=$(awk '/Non-2xx/ {print $5} /Socket errors/ {print "socket:" $0}' <<<"$out" | tr '\n' ' ')
  echo "| $name | $rps | $p50 | $p99 | ${errors:-0} | $(rss) |"
}

echo "wrk -t2 -c$CONNECTIONS -d${DURATION}s on $URL, $(nproc) cores, $(date -u +%Y-%m-%d)"
echo
echo "| endpoint | requests/s | p50 | p99 | non-2xx | server RSS after |"
echo "| --- | ---: | ---: | ---: | ---: | ---: |"
run "GET /ping (trivial)" /ping
run "GET /health (trivial JSON)" /health
run "GET /v1/items/{id}/frequently-bought-together?k=10 ($(wc -l < "$WORK/fbt.paths") items)" "$WORK/fbt.paths"
run "GET /v1/users/{id}/recommendations?k=10 (500 customers)" "$WORK/recs.paths"
run "GET /ping (trivial, again)" /ping
