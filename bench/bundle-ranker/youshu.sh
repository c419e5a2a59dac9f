#!/usr/bin/env bash
# Trains the predefined-bundle ranker (with the CrossCBR signal) on Youshu and evaluates it on tune (and on cold bundles),
# with wall time and peak memory: the figures of docs/BENCHMARKS.md "Predefined bundles on Youshu: CrossCBR against the paper's code". Quiet
# machine for the speed figures: ./bench/bundle-ranker/youshu.sh [OUT_DIR]
set -euo pipefail
here="$(cd "$(dirname "$0")/../.." && pwd)"
data="${YOUSHU:-$here/../shared/data/youshu}"
out="${1:-/tmp/bundle-ranker-youshu}"
rm -rf "$out/model" && mkdir -p "$out"
dotnet build "$here/src/BundleForge.Cli/BundleForge.Cli.csproj" -c Release -nologo -v q -clp:"ErrorsOnly;NoSummary" >&2
cli=(dotnet "$here/src/BundleForge.Cli/bin/Release/net10.0/bundleforge.dll")
uptime
/usr/bin/time -v "${cli[@]}" train --data "$data" --format crosscbr --models bundle-ranker --ranker-crosscbr --out "$out/model" --threads 2 --seed 42 --json \
  > "$out/train.json" 2> "$out/train.err"
grep -E "User time|System time|Elapsed|Maximum resident" "$out/train.err"
/usr/bin/time -v "${cli[@]}" evaluate --model "$out/model" --data "$data" --format crosscbr --task bundle-ranking --split tune --cold-bundles 0.1 --json \
  > "$out/eval.json" 2> "$out/eval.err"
grep -E "User time|System time|Elapsed|Maximum resident" "$out/eval.err"
uptime
ls -l "$out/model/bundle-ranker/"
cat "$out/eval.json"
