#!/usr/bin/env bash
# Trains the predefined-bundle ranker (with the CrossCBR signal) on Youshu and evaluates it (and its cold bundles) on the
# folder's default split: tune when it has no user_bundle_test.txt, test when it has one (the ranker then learns from
# train and tune: --ranker-learn-from auto; SPLIT=tune TRAIN_FLAGS="--ranker-learn-from train" for the papers' protocol),
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
/usr/bin/time -v "${cli[@]}" train --data "$data" --format crosscbr --models bundle-ranker --ranker-crosscbr --out "$out/model" --threads 2 --seed 42 --json ${TRAIN_FLAGS:-} \
  > "$out/train.json" 2> "$out/train.err"
grep -E "User time|System time|Elapsed|Maximum resident" "$out/train.err"
/usr/bin/time -v "${cli[@]}" evaluate --model "$out/model" --data "$data" --format crosscbr --task bundle-ranking ${SPLIT:+--split "$SPLIT"} --cold-bundles 0.1 --json \
  > "$out/eval.json" 2> "$out/eval.err"
grep -E "User time|System time|Elapsed|Maximum resident" "$out/eval.err"
uptime
ls -l "$out/model/bundle-ranker/"
cat "$out/eval.json"
