#!/usr/bin/env bash
# Training growth curve: generates synthetic shops of the given sizes (millions of order lines) with
# `bundleforge generate` and trains the default model folder on each, under /usr/bin/time -v, sampling the train
# process's resident memory every second and its CPU time every five. Prints, per size, wall time, CPU seconds and peak
# RSS per training stage (the stage is the one the progress lines on standard error last named), the whole run's peak
# RSS (time -v) and the models' own seconds from `train --json`. On a shared machine compare CPU seconds: wall time is
# the share of the cores the run got.
#
#   bench/growth/run.sh [SIZES (default "1 10"; e.g. "1 10 50")]
#
# Shape of a shop of N million lines: 40,000·N users, 480,000·N orders (about 2.1 lines each), items growing like
# √N (10,000 at 1 M, 31,623 at 10 M, 70,711 at 50 M): catalogues grow slower than order books.
# Environment: WORK (default /tmp/bf-growth; each size needs about 100 MB of CSV per million lines), REPORT_ONLY=1 prints
# the tables of runs already in WORK (a run still going, or killed, gets the stages it reached), TRAIN_ARGS
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
# is the text before the percentage), each RSS sample attributed to the stage running then, a stage's CPU seconds the
# growth of the process's CPU time between the samples nearest its start and end; whole-run figures from
# /usr/bin/time -v; each model's seconds from train --json. A run that did not finish has neither of the last two.
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
def rows(name):
    try:
        return [tuple(float(x) for x in l.split("\t")[:2]) for l in open(f"{work}/{name}") if "\t" in l]
    except FileNotFoundError:
        return []
def text(name):
    try:
        return open(f"{work}/{name}").read()
    except FileNotFoundError:
        return None
rss, cpu = rows(f"rss{n}.tsv"), rows(f"cpu{n}.tsv")
end = rss[-1][0] if rss else 0
timed = text(f"time{n}.txt")
# time -v reports a stopped or failed run too, with a first line saying so.
finished = bool(timed) and "Maximum resident set size" in timed and not timed.startswith("Command ")
time = {k.strip(): v.strip() for k, v in (l.rsplit(": ", 1) for l in (timed or "").splitlines() if ": " in l)}
when = (text(f"when{n}.txt") or "").strip() or f"not finished: the last sample {end:.0f} s after the start"
def cpu_at(t):
    before = [c for s, c in cpu if s <= t]
    # Before the first sample: only when that sample is within one period of t (the stage's first seconds).
    return before[-1] if before else (cpu[0][1] if cpu and t >= cpu[0][0] - 5 else None)
print(f"\n## {n} M lines: {gen['order_lines']:,} order lines ({gen['interaction_rows']:,} rows with views and carts, {gen['bytes'] / 1e6:,.0f} MB of CSV), "
      f"{gen['users']:,} users, {gen['items']:,} items, {gen['orders']:,} orders; {when}\n")
print("| stage (progress line) | from (s) | wall (s) | CPU (s) | peak RSS (MB) |\n| --- | ---: | ---: | ---: | ---: |")
for i, (start, name) in enumerate(stages):
    last = i + 1 == len(stages)
    stop = end if last else stages[i + 1][0]
    peak = max((kb for t, kb in rss if start <= t < stop), default=0)
    a, b = cpu_at(start), cpu_at(stop)
    used = f"{b - a:,.0f}" if a is not None and b is not None else "—"
    print(f"| {name}{'' if finished or not last else ' (not finished at the last sample)'} | {start:.1f} | {stop - start:.1f} | {used} | {peak / 1024:,.0f} |")
if timed and "Maximum resident set size" in timed:
    print(f"\nwhole run (/usr/bin/time -v{'' if finished else ': ' + timed.splitlines()[0]}): wall {time.get('Elapsed (wall clock) time (h:mm:ss or m:ss)')}, "
          f"user {time.get('User time (seconds)')} s, system {time.get('System time (seconds)')} s, peak RSS {int(time.get('Maximum resident set size (kbytes)', 0)) / 1024:,.0f} MB")
else:
    print(f"\nnot finished: peak RSS so far {max((kb for _, kb in rss), default=0) / 1024:,.0f} MB"
          + (f", CPU so far {cpu[-1][1]:,.0f} s" if cpu else ""))
if finished:
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
  : > "$WORK/cpu$n.tsv"
  start=$(date +%s.%N)
  # shellcheck disable=SC2086 # TRAIN_ARGS is a list of options
  /usr/bin/time -v -o "$WORK/time$n.txt" dotnet "$CLI" train --data "$dir/interactions.csv" --catalog "$dir/items.csv" \
    --out "$WORK/model$n" $TRAIN_ARGS --json > "$WORK/train$n.json" 2> "$WORK/progress$n.txt" &
  runner=$!
  # The train process is the child of time: sample its RSS every second and its CPU time (user + system, from
  # /proc/PID/stat: fields 14 and 15 in clock ticks) every fifth, until it ends.
  tick=$(getconf CLK_TCK); k=0
  while kill -0 "$runner" 2>/dev/null; do
    pid=$(pgrep -P "$runner" | head -1 || true)
    t=$(awk -v s="$start" -v e="$(date +%s.%N)" 'BEGIN { printf "%.1f", e - s }')
    if [[ -n "$pid" ]]; then
      awk -v t="$t" '/VmRSS/ { print t "\t" $2 }' "/proc/$pid/status" 2>/dev/null >> "$WORK/rss$n.tsv" || true
      if (( k % 5 == 0 )); then
        sed 's/^.*) //' "/proc/$pid/stat" 2>/dev/null |
          awk -v t="$t" -v hz="$tick" '{ printf "%s\t%.1f\n", t, ($12 + $13) / hz }' >> "$WORK/cpu$n.tsv" || true
      fi
      k=$((k + 1))
    fi
    sleep 1
  done
  wait "$runner" || { echo "train failed for $n M lines:" >&2; tail -5 "$WORK/progress$n.txt" >&2; exit 1; }
  echo "$(date -u '+%Y-%m-%d %H:%M') UTC, load average $(cut -d' ' -f1-3 /proc/loadavg)" > "$WORK/when$n.txt"
  report "$n"
  [[ ${KEEP:-0} == 1 ]] || rm -rf "$dir" "$WORK/model$n"
done
