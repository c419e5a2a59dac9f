#!/usr/bin/env bash
# Bounded HTTP load test of `bundleforge serve` on loopback with wrk (apt-get install -y wrk).
# Trains MODELS (default baseline,rules,item2vec,sasrec,bundles) on the full Online Retail data (once per model list),
# starts the server on 127.0.0.1, then runs wrk for a fixed duration per endpoint, all against the same server: the
# trivial /ping and /health as the reference, frequently-bought-together (the popular items), recommendations (500
# known customers, answered by the best recommender of the model: see "source"), bundles for a customer on a product
# page and for a customer alone. Then one mixed run of MEMORY_SECONDS over all those paths with the server's resident
# memory sampled every second (is it flat?), and, for each name in ALSO_RECOMMENDERS, a restart of the server with
# Recommendations__Model=<name> and one more recommendations run, and (BUNDLE_CACHE_OFF=1, the default) a restart with
# the bundle composition cache off and the two bundle runs again. The bundle runs with the cache on follow a 5 s warm-up
# over the same paths, so they measure repeat requests. Prints Markdown tables.
#
#   bench/load/run.sh [DURATION_SECONDS (default 10, at most 15)] [CONNECTIONS (default 32)]
#
# Environment: DATA (default ../shared/data/online-retail/online_retail.csv.gz), WORK (default /tmp/bf-load),
# PORT (default 5099), MODELS, TRAIN_ARGS (default "--seq-max-minutes 15": bounds SASRec training),
# MEMORY_SECONDS (default 60, at most 120), ALSO_RECOMMENDERS (default "item2vec baseline"; "" for none),
# BUNDLE_CACHE_OFF (default 1; 0 skips the cache-off bundle runs).
# Rate limiting is turned off for the run (RateLimit__PermitsPerSecond=0); everything else is the production
# configuration.
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
MODELS=${MODELS:-baseline,rules,item2vec,sasrec,bundles}
TRAIN_ARGS=${TRAIN_ARGS:---seq-max-minutes 15}
MEMORY_SECONDS=${MEMORY_SECONDS:-60}
if (( MEMORY_SECONDS > 120 )); then echo "the memory run is capped at 120 s" >&2; MEMORY_SECONDS=120; fi
ALSO_RECOMMENDERS=${ALSO_RECOMMENDERS-item2vec baseline}
BUNDLE_CACHE_OFF=${BUNDLE_CACHE_OFF:-1}
URL="http://127.0.0.1:$PORT"
CLI="$ROOT/src/BundleForge.Cli/bin/Release/net10.0/bundleforge.dll"
command -v wrk >/dev/null || { echo "wrk is not installed (apt-get install -y wrk)" >&2; exit 2; }
[[ -f "$DATA" ]] || { echo "data not found: $DATA" >&2; exit 2; }
[[ -f "$CLI" ]] || dotnet build "$ROOT/src/BundleForge.Cli" -c Release >/dev/null
mkdir -p "$WORK"
export BUNDLEFORGE_PSEUDONYM_KEY=${BUNDLEFORGE_PSEUDONYM_KEY:-bench-load-secret-0123456789}

# Retrain when the model list or training arguments changed since the cached model was made.
if [[ ! -f "$WORK/model/manifest.json" || "$(cat "$WORK/model.args" 2>/dev/null)" != "$MODELS $TRAIN_ARGS" ]]; then
  echo "training $MODELS on $(basename "$DATA") ($TRAIN_ARGS) ..." >&2
  # shellcheck disable=SC2086 # TRAIN_ARGS is a list of options
  dotnet "$CLI" train --data "$DATA" --models "$MODELS" --out "$WORK/model" $TRAIN_ARGS --json > "$WORK/train.json"
  echo "$MODELS $TRAIN_ARGS" > "$WORK/model.args"
fi

# 500 most frequent stock codes (head closes the pipe early: no pipefail here)
set +o pipefail
# 500 most frequent stock codes and 500 customers with the most lines, as request paths.
zcat "$DATA" | awk -F, 'NR>1 && $2!="" {print $2}' | sort | uniq -c | sort -rn | head -500 \
  | awk -v q='?k=10' '{print "/v1/items/" $2 "/frequently-bought-together" q}' > "$WORK/fbt.paths"
zcat "$DATA" | awk -F, 'NR>1 && $7!="" {sub(/\.0$/, "", $7); print $7}' | sort | uniq -c | sort -rn | head -500 \
  | awk '{print "/v1/users/" $2 "/recommendations?k=10"}' > "$WORK/recs.paths"
set -o pipefail

SERVER=
start_server() { # extra environment assignments for the server, e.g. Recommendations__Model=item2vec
  rm -f "$WORK"/events.db*
  env RateLimit__PermitsPerSecond=0 "$@" dotnet "$CLI" serve --model "$WORK/model" --events "$WORK/events.db" --urls "$URL" > "$WORK/serve.log" 2>&1 &
  SERVER=$!
  for _ in $(seq 1 120); do curl -fs "$URL/health" >/dev/null 2>&1 && break; sleep 0.5; done
  curl -fs "$URL/health" >/dev/null || { echo "server did not start:" >&2; cat "$WORK/serve.log" >&2; exit 1; }
  # Measure the steady state: wait (at most 3 minutes) for the bundle warm-up to finish when the model has bundles.
  if [[ -d "$WORK/model/bundles" ]]; then
    for _ in $(seq 1 360); do grep -q "Bundle warm-up done" "$WORK/serve.log" && break; sleep 0.5; done
    grep -h "Bundle warm-up done" "$WORK/serve.log" >&2 || echo "bundle warm-up not finished after 3 minutes" >&2
  fi
}
stop_server() { [[ -n "$SERVER" ]] && { kill "$SERVER" 2>/dev/null; wait "$SERVER" 2>/dev/null || true; SERVER=; }; }
trap stop_server EXIT
start_server
grep -i "warn" "$WORK/serve.log" >&2 || true
# Keep only stock codes the cleaned catalog has (cleaning drops postage, manual adjustments ...).
while read -r p; do [[ $(curl -s -o /dev/null -w '%{http_code}' "$URL$p") == 200 ]] && echo "$p"; done < "$WORK/fbt.paths" > "$WORK/fbt.ok"
mv "$WORK/fbt.ok" "$WORK/fbt.paths"
source_of() { curl -fs "$URL$(head -1 "$WORK/recs.paths")" | sed -n 's/.*"source":"\([a-z0-9]*\)".*/\1/p' | head -1; }
RECOMMENDER=$(source_of)
echo "personalised check ($RECOMMENDER): $(curl -fs "$URL$(head -1 "$WORK/recs.paths")" | head -c 160)" >&2
# Bundles: customer i on the product page of popular item i, and the same customers without a page.
paste -d' ' <(sed 's|/recommendations.*||' "$WORK/recs.paths") <(sed 's|/v1/items/||; s|/frequently.*||' "$WORK/fbt.paths") \
  | awk 'NF==2 {print $1 "/bundles?item=" $2 "&n=3"}' > "$WORK/bundles-item.paths"
sed 's|/recommendations.*|/bundles?n=3|' "$WORK/recs.paths" > "$WORK/bundles-user.paths"
BUNDLES_STATUS=$(curl -s -o /dev/null -w '%{http_code}' "$URL$(head -1 "$WORK/bundles-item.paths")")
echo "bundles check: HTTP $BUNDLES_STATUS $(curl -s "$URL$(head -1 "$WORK/bundles-item.paths")" | head -c 160)" >&2

rss() { awk '/VmRSS/ {printf "%.0f MB", $2 / 1024}' "/proc/$SERVER/status" 2>/dev/null || echo "?"; }
rss_kb() { awk '/VmRSS/ {print $2}' "/proc/$SERVER/status" 2>/dev/null || echo 0; }

run() { # name, path-or-file
  local name=$1 target=$2 out
  if [[ -f "$target" ]]; then
    wrk -t2 -c"$CONNECTIONS" -d5s -s bench/load/paths.lua "$URL" -- "$target" >/dev/null  # warm-up (JIT tiering)
    out=$(wrk -t2 -c"$CONNECTIONS" -d"${DURATION}s" --latency -s bench/load/paths.lua "$URL" -- "$target")
  else
    wrk -t2 -c"$CONNECTIONS" -d5s "$URL$target" >/dev/null
    out=$(wrk -t2 -c"$CONNECTIONS" -d"${DURATION}s" --latency "$URL$target")
  fi
  local rps p50 p99 errors
  rps=$(awk '/Requests\/sec/ {print $2}' <<<"$out")
  p50=$(awk '$1=="50%" {print $2}' <<<"$out")
  p99=$(awk '$1=="99%" {print $2}' <<<"$out")
  errors=$(awk '/Non-2xx/ {print $5} /Socket errors/ {print "timeouts " $NF}' <<<"$out" | tr '\n' ' ')
  echo "| $name | $rps | $p50 | $p99 | ${errors:-0} | $(rss) |"
}

echo "wrk -t2 -c$CONNECTIONS -d${DURATION}s on $URL, $(nproc) cores, $(date -u +%Y-%m-%d)"
echo
echo "| endpoint | requests/s | p50 | p99 | non-2xx | server RSS after |"
echo "| --- | ---: | ---: | ---: | ---: | ---: |"
run "GET /ping (trivial)" /ping
run "GET /health (trivial JSON)" /health
run "GET /v1/items/{id}/frequently-bought-together?k=10 ($(wc -l < "$WORK/fbt.paths") items)" "$WORK/fbt.paths"
run "GET /v1/users/{id}/recommendations?k=10 (500 customers, source $RECOMMENDER)" "$WORK/recs.paths"
if [[ $BUNDLES_STATUS == 200 ]]; then
  run "GET /v1/users/{id}/bundles?item={id}&n=3 (product page, $(wc -l < "$WORK/bundles-item.paths") pairs)" "$WORK/bundles-item.paths"
  run "GET /v1/users/{id}/bundles?n=3 (customer only, 500 customers)" "$WORK/bundles-user.paths"
else
  echo "| GET /v1/users/{id}/bundles (not measured: HTTP $BUNDLES_STATUS, no bundle engine in the model) | | | | | |"
fi
run "GET /ping (trivial, again)" /ping

# Memory over one long mixed run: RSS every second while wrk cycles through every path above.
cat "$WORK/fbt.paths" "$WORK/recs.paths" > "$WORK/mixed.paths"
[[ $BUNDLES_STATUS == 200 ]] && cat "$WORK/bundles-item.paths" "$WORK/bundles-user.paths" >> "$WORK/mixed.paths"
shuf --random-source=<(yes) "$WORK/mixed.paths" -o "$WORK/mixed.paths"
: > "$WORK/rss.tsv"
( for s in $(seq 0 "$MEMORY_SECONDS"); do echo "$s	$(rss_kb)" >> "$WORK/rss.tsv"; sleep 1; done ) &
SAMPLER=$!
echo
echo "Memory: wrk -t2 -c$CONNECTIONS -d${MEMORY_SECONDS}s over $(wc -l < "$WORK/mixed.paths") mixed paths, RSS sampled every second"
echo
echo "| requests/s | p99 | non-2xx | RSS start | RSS min | RSS max | RSS end | RSS end − RSS at 10 s |"
echo "| ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |"
out=$(wrk -t2 -c"$CONNECTIONS" -d"${MEMORY_SECONDS}s" --latency -s bench/load/paths.lua "$URL" -- "$WORK/mixed.paths")
wait "$SAMPLER" 2>/dev/null || true
awk -v rps="$(awk '/Requests\/sec/ {print $2}' <<<"$out")" -v p99="$(awk '$1=="99%" {print $2}' <<<"$out")" \
    -v errors="$(awk '/Non-2xx/ {print $5}' <<<"$out")" -F'\t' '
  $2 > 0 { n++; v[n] = $2; t[n] = $1; if (min == "" || $2 < min) min = $2; if ($2 > max) max = $2; if ($1 <= 10) at10 = $2 }
  END { mb = 1024; printf "| %s | %s | %s | %.0f MB | %.0f MB | %.0f MB | %.0f MB | %+.0f MB |\n", rps, p99, (errors == "" ? 0 : errors), v[1] / mb, min / mb, max / mb, v[n] / mb, (v[n] - at10) / mb }' "$WORK/rss.tsv"
echo "(per-second samples: $WORK/rss.tsv)"

# The other recommenders, each on a fresh server whose order puts it first.
for name in $ALSO_RECOMMENDERS; do
  stop_server
  start_server "Recommendations__Model=$name"
  RECOMMENDER=$(source_of)
  echo
  echo "| endpoint | requests/s | p50 | p99 | non-2xx | server RSS after |"
  echo "| --- | ---: | ---: | ---: | ---: | ---: |"
  run "GET /health (reference, restarted server)" /health
  run "GET /v1/users/{id}/recommendations?k=10 (Recommendations:Model=$name, source $RECOMMENDER)" "$WORK/recs.paths"
done

# Bundles with the composition cache off: every request searches and composes (the cold path of a first visit).
if [[ $BUNDLES_STATUS == 200 && $BUNDLE_CACHE_OFF == 1 ]]; then
  stop_server
  start_server "Bundles__CompositionCacheEntries=0"
  echo
  echo "| endpoint | requests/s | p50 | p99 | non-2xx | server RSS after |"
  echo "| --- | ---: | ---: | ---: | ---: | ---: |"
  run "GET /health (reference, restarted server)" /health
  run "GET /v1/users/{id}/bundles?item={id}&n=3 (composition cache off)" "$WORK/bundles-item.paths"
  run "GET /v1/users/{id}/bundles?n=3 (composition cache off)" "$WORK/bundles-user.paths"
fi
