#!/usr/bin/env bash
# Whole-process timings of `bundleforge mine` (JIT and file reading included), median of 3 runs each:
# wall seconds, CPU seconds (user+sys), peak RSS, and the command's own mining/rule seconds from --json.
# Usage (from the repository root, after `dotnet build src/BundleForge.Cli -c Release`):
#   bash bench/BundleForge.Bench/Mining/mine-whole-process.sh > mining-bench.md
# BF=path/to/bundleforge.dll picks another build (e.g. a ReadyToRun publish); QUICK=1 runs only the retail rows.
set -euo pipefail
BF=${BF:-src/BundleForge.Cli/bin/Release/net10.0/bundleforge.dll}
SHARED=${BUNDLEFORGE_SHARED:-../shared}
RUNS=${RUNS:-3}
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

row() {
  local label=$1; shift
  for i in $(seq 1 "$RUNS"); do
    /usr/bin/time -f "%e %U %S %M" -o "$tmp/time.$i" dotnet "$BF" mine "$@" --json > "$tmp/out.$i" 2> "$tmp/err.$i" || { echo "| $label | failed: $(tail -1 "$tmp/err.$i") |"; return; }
  done
  python3 - "$tmp" "$RUNS" "$label" <<'PY'
import json, statistics, sys
tmp, runs, label = sys.argv[1], int(sys.argv[2]), sys.argv[3]
wall, cpu, rss, mine, rule, outs = [], [], [], [], [], []
for i in range(1, runs + 1):
    e, u, s, m = open(f"{tmp}/time.{i}").read().split()[-4:]
    wall.append(float(e)); cpu.append(float(u) + float(s)); rss.append(int(m) / 1024)
    o = json.load(open(f"{tmp}/out.{i}")); outs.append(o)
    mine.append(o["seconds"]); rule.append(o["rule_seconds"])
o = outs[0]
rules = "" if o["rules"] is None else f"{o['rules']:,}"
print(f"| {label} | {o['min_count']:,} | {o['itemsets']:,} | {rules} | {statistics.median(wall):.2f} | {statistics.median(cpu):.2f} | "
      f"{statistics.median(mine):.3f} | {statistics.median(rule):.3f} | {statistics.median(rss):.0f} |")
PY
}

echo "| run | min count | itemsets | rules | wall s (median) | CPU s (median) | mining s | rule s | peak RSS MB |"
echo "| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |"
R="$SHARED/data/fimi/retail.dat"
for s in 0.01 0.001 0.0005 0.0001; do row "retail.dat fpgrowth $s" --data "$R" --format fimi --min-support $s; done
[[ -n ${QUICK:-} ]] && exit 0
row "retail.dat fpgrowth 0.0001, 1 thread" --data "$R" --format fimi --min-support 0.0001 --threads 1
row "retail.dat fpgrowth 0.0001 + --itemsets-out" --data "$R" --format fimi --min-support 0.0001 --itemsets-out "$tmp/itemsets.txt"
row "retail.dat rules 0.001, conf 0.1" --data "$R" --format fimi --min-support 0.001 --min-confidence 0.1 --rules-out "$tmp/rules.txt"
for s in 0.01 0.001; do RUNS=1 row "retail.dat apriori $s (1 run)" --data "$R" --format fimi --min-support $s --algorithm apriori; done
T="$SHARED/data/fimi/T10I4D100K.dat"
for s in 0.01 0.001 0.0005 0.0001; do row "T10I4D100K fpgrowth $s" --data "$T" --format fimi --min-support $s; done
C="$SHARED/data/fimi/chess.dat"
for s in 0.8 0.7 0.6 0.5; do row "chess fpgrowth $s" --data "$C" --format fimi --min-support $s; done
O="$SHARED/data/online-retail/online_retail.csv.gz"
for s in 0.01 0.005; do row "Online Retail (invoices) fpgrowth $s + rules conf 0.5" --data "$O" --min-support $s --min-confidence 0.5; done
