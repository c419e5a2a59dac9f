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
# Environment: WORK (default /tmp/bf-growth; each size needs about 100 MB of CSV per million lines), REPORT_ONLY=1 prints
# the tables of runs already in WORK, TRAIN_ARGS
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

# The table of one size from the run's files: stages from the progress lines ("[   12.3s] stage 42.0% detail"; the stage
# is the text before the percentage), each RSS sample attributed to the stage running then; whole-run figures from
# /usr/bin/time -v; each model's seconds from train --json.
report() {
  python3 - "$WORK" "$1" <<'PY'
import json, re, sys
work, n = sys.argv[1], sys.argv[2]
gen = json.load(open(f"{work}/gen{n}.json"))
stages = []
for line in open(f"{work}/progress{n}.txt"):
    m = re.match(r"^\[ *([0-9.]+)s\] (.*)$", line.rstrip("\n"))
    if not m:
        continue
    name = re.sub(r" +[0-9.]+%.*$", "", m.group(2))
    if not stages or stages[-1][1] != name:
        stages.append((float(m.group(1)), name))
rss = [(float(t), int(kb)) for t, kb in (l.split("\t") for l in open(f"{work}/rss{n}.tsv") if "\t" in l)]
end = rss[-1][0] if rss else 0
time = {k.strip(): v.strip() for k, v in (l.rsplit(": ", 1) for l in open(f"{work}/time{n}.txt") if ": " in l)}
when = open(f"{work}/when{n}.txt").read().strip()
print(f"\n## {n} M lines: {gen['order_lines']:,} order lines ({gen['interaction_rows']:,} rows with views and carts, {gen['bytes'] / 1e6:,.0f} MB of CSV), "
      f"{gen['users']:,} users, {gen['items']:,} items, {gen['orders']:,} orders; {when}\n")
print("| stage (progress line) | from (s) | wall (s) | peak RSS (MB) |\n| --- | ---: | ---: | ---: |")
for i, (start, name) in enumerate(stages):
    stop = stages[i + 1][0] if i + 1 < len(stages) else end
    peak = max((kb for t, kb in rss if start <= t < stop), default=0)
    print(f"| {name} | {start:.1f} | {stop - start:.1f} | {peak / 1024:,.0f} |")
print(f"\nwhole run (/usr/bin/time -v): wall {time.get('Elapsed (wall clock) time (h:mm:ss or m:ss)')}, user {time.get('User time (seconds)')} s, "
      f"system {time.get('System time (seconds)')} s, peak RSS {int(time.get('Maximum resident set size (kbytes)', 0)) / 1024:,.0f} MB")
models = json.load(open(f"{work}/train{n}.json"))["models"]
print("models (train --json seconds): " + ", ".join(f"{k} {v.get('seconds', v.get('seconds_per_epoch'))} s" for k, v in models.items()))
PY
}

if [[ -n "${REPORT_ONLY:-}" ]]; then for n in $SIZES; do report "$n"; done; exit 0; fi

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
  echo "$(date -u '+%Y-%m-%d %H:%M') UTC, load average $(cut -d' ' -f1-3 /proc/loadavg)" > "$WORK/when$n.txt"
  report "$n"
  [[ ${KEEP:-0} == 1 ]] || rm -rf "$dir" "$WORK/model$n"
done
