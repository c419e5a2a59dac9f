#!/usr/bin/env bash
# Training growth curve: generates synthetic shops of the given sizes (millions of order lines) with
# `bundleforge generate` and trains the default model folder on each, under /usr/bin/time -v, sampling the train
# process's resident memory every second. Prints, per size, wall time and peak RSS per training stage (the stage is the
# one the progress lines on standard error last named), the whole run's peak RSS (time -v) and the models' own
# seconds from `train --json`.
#
#   bench/growth/run.sh [SIZES (default "1 10"; e.g. "1 10 50")]
#
# Shape of a shop of N million lines: 40,000·N users, 480,000·N orders (about 2.1 lines each), items growing like
# √N (10,000 at 1 M, 31,623 at 10 M, 70,711 at 50 M): catalogues grow slower than order books.
# Environment: WORK (default /tmp/bf-growth; each size needs about 100 MB of CSV per million lines), TRAIN_ARGS
# (default "--seq-max-minutes 5": SASRec stops after the epoch that passes 5 minutes, so its time is bounded by that
# budget, not by the data), KEEP=1 keeps the generated shops and models. Run it under `nice -n 10` on a shared machine.
set -euo pipefail
cd "$(dirname "$0")/../.."
ROOT=$(pwd)
SIZES=${1:-1 10}
WORK=${WORK:-/tmp/bf-growth}
TRAIN_ARGS=${TRAIN_ARGS:---seq-max-minutes 5}
# CLI: a copy of the built CLI lets the run go on while the source tree is rebuilt.
CLI=${CLI:-$ROOT/src/BundleForge.Cli/bin/Release/net10.0/bundleforge.dll}
[[ -f "$CLI" ]] || dotnet build "$ROOT/src/BundleForge.Cli" -c Release >/dev/null
mkdir -p "$WORK"

for n in $SIZES; do
  dir="$WORK/gen$n"
  users=$((40000 * n)); orders=$((480000 * n))
  items=$(awk -v n="$n" 'BEGIN { printf "%d", 10000 * sqrt(n) }')
  if [[ ! -f "$dir/interactions.csv" ]]; then
    dotnet "$CLI" generate --out "$dir" --users "$users" --items "$items" --orders "$orders" --seed 11 --json > "$WORK/gen$n.json"
  fi
  rm -rf "$WORK/model$n"
  : > "$WORK/rss$n.tsv"
  start=$(date +%s.%N)
  # shellcheck disable=SC2086 # TRAIN_ARGS is a list of options
  /usr/bin/time -v -o "$WORK/time$n.txt" dotnet "$CLI" train --data "$dir/interactions.csv" --catalog "$dir/items.csv" \
    --out "$WORK/model$n" $TRAIN_ARGS --json > "$WORK/train$n.json" 2> "$WORK/progress$n.txt" &
  runner=$!
  # The train process is the child of time: sample its RSS until it ends.
  while kill -0 "$runner" 2>/dev/null; do
    pid=$(pgrep -P "$runner" | head -1 || true)
    [[ -n "$pid" ]] && awk -v t="$(awk -v s="$start" -v e="$(date +%s.%N)" 'BEGIN { printf "%.1f", e - s }')" \
      '/VmRSS/ { print t "\t" $2 }' "/proc/$pid/status" 2>/dev/null >> "$WORK/rss$n.tsv" || true
    sleep 1
  done
  wait "$runner" || { echo "train failed for $n M lines:" >&2; tail -5 "$WORK/progress$n.txt" >&2; exit 1; }
  lines=$(sed -n 's/.*"order_lines":\([0-9]*\).*/\1/p; s/.*"OrderLines": *\([0-9]*\).*/\1/p' "$WORK/gen$n.json" | head -1)
  echo
  echo "## $n M lines ($lines order lines; $users users, $items items, $orders orders), $(nproc) cores, $(date -u '+%Y-%m-%d %H:%M') UTC, load average $(cut -d' ' -f1-3 /proc/loadavg)"
  echo
  echo "| stage | from (s) | wall (s) | peak RSS (MB) |"
  echo "| --- | ---: | ---: | ---: |"
  # Stage starts from the progress lines "[   12.3s] stage 42.0% detail" (time, then the stage's first word or words
  # before a percentage), RSS samples attributed to the stage running then.
  sed -n 's/^\[ *\([0-9.]*\)s\] \(.*\)$/\1\t\2/p' "$WORK/progress$n.txt" | sed 's/ \{1,\}[0-9.]*%.*//' > "$WORK/stages$n.tsv"
  awk -F'\t' '
    FNR == NR { if ($2 != last) { n++; name[n] = $2; from[n] = $1; last = $2 } next }
    { t = $1; kb = $2; k = 0; for (i = 1; i <= n; i++) if (from[i] + 0 <= t + 0) k = i; if (kb + 0 > peak[k]) peak[k] = kb; end = t }
    END { for (i = 1; i <= n; i++) { to = (i < n ? from[i + 1] : end); printf "| %s | %.1f | %.1f | %.0f |\n", name[i], from[i], to - from[i], peak[i] / 1024 } }' \
    "$WORK/stages$n.tsv" "$WORK/rss$n.tsv"
  echo
  echo "whole run: $(awk -F': ' '/Elapsed \(wall clock\)/ { print "wall " $2 } /Maximum resident/ { printf ", peak RSS %.0f MB", $2 / 1024 } /User time/ { printf ", user %s s", $2 } /System time/ { printf ", system %s s", $2 }' "$WORK/time$n.txt")"
  echo "models (train --json seconds): $(grep -o '"[a-z0-9-]*":{[^{}]*"seconds":[0-9.]*' "$WORK/train$n.json" | sed 's/"\([a-z0-9-]*\)":{.*"seconds":\([0-9.]*\)/\1 \2 s/' | tr '\n' ';')"
  [[ ${KEEP:-0} == 1 ]] || rm -rf "$dir" "$WORK/model$n"
done
