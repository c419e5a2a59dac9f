#!/usr/bin/env bash
# Issue 17: titles per second of the sentence encoder on Online Retail's item texts (ONNX threads 1 and 2 × batch
# sizes 16–128, batch 64 also unsorted; with 2 threads both as one batch on 2 intra-op threads and as two batches side
# by side on single-threaded runs, the training default since 2026-12-02) and search-by-meaning latency (p50/p90/p99 over 300 queries), on a quiet
# machine. Usage: bench/text/run.sh [MODEL_FOLDER_WITH_TEXT]   (without a folder, one is trained first).
# Output: bench/text/result-<UTC time>.json; the load average is recorded beside every figure.
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
data="$here/../shared/data/online-retail/online_retail.csv.gz"
dotnet build "$here/src/BundleForge.Cli/BundleForge.Cli.csproj" -c Release -nologo -v q -clp:"ErrorsOnly;NoSummary" >&2
cli=(dotnet "$here/src/BundleForge.Cli/bin/Release/net10.0/bundleforge.dll")
model="${1:-}"
if [ -z "$model" ]; then
  model="$(mktemp -d)/or-text"
  "${cli[@]}" train --data "$data" --models text --threads 2 --out "$model" --json >/dev/null
fi
out="$here/bench/text/result-$(date -u +%Y%m%dT%H%M%SZ).json"
"${cli[@]}" bench text --data "$data" --model "$model" --batch-sizes 16,32,64,128 --onnx-threads 1,2 --runs 3 --json > "$out"
echo "$out"
cat "$out"
