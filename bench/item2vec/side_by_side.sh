#!/usr/bin/env bash
# item2vec training speed and basket-completion quality against gensim 4.2 in ONE run, same data, same parameters
# (skip-gram, 64 dims, window 5, 5 negatives, sample 1e-3, 10 epochs, min count 1), same thread count.
# Usage (from the repository root): bench/item2vec/side_by_side.sh [retail.dat] [threads]
# Prints gensim's and BundleForge's training seconds, words per second, the ratio, and HR@10 / NDCG@10 of both
# tools' vectors on the 10% of baskets left out of training (the same code scores both).
set -euo pipefail
root=$(cd "$(dirname "$0")/../.." && pwd)
data=${1:-$root/../shared/data/fimi/retail.dat}
threads=${2:-2}
work=$(mktemp -d /tmp/item2vec-side-by-side.XXXXXX)
trap 'rm -rf "$work"' EXIT

/usr/bin/python3 "$root/bench/item2vec/split_fimi.py" "$data" "$work/train.dat" 0.9 42 "$work/test.dat"
dotnet build "$root/bench/BundleForge.Bench" -c Release -v quiet -nologo > "$work/build.log" || { cat "$work/build.log"; exit 1; }
echo "load before: $(cut -d' ' -f1-3 /proc/loadavg)"
gensim_json=$(/usr/bin/python3 "$root/bench/item2vec/gensim_item2vec.py" "$work/train.dat" "$threads" "$work/gensim.vec")
echo "gensim: $gensim_json"
gensim_seconds=$(/usr/bin/python3 -c 'import json,sys; print(json.loads(sys.argv[1])["seconds"])' "$gensim_json")
dotnet "$root/bench/BundleForge.Bench/bin/Release/net10.0/BundleForge.Bench.dll" item2vec-vs-gensim \
  "$work/train.dat" "$work/test.dat" "$work/gensim.vec" "$gensim_seconds" "$threads"
echo "load after: $(cut -d' ' -f1-3 /proc/loadavg)"
