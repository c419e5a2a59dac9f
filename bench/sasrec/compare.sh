#!/usr/bin/env bash
# Side-by-side SASRec training speed: BundleForge (TorchSharp / libtorch 2.10) vs PyTorch 1.13 (Debian python3-torch)
# on the same data, sizes, loss, batching and threads, one after the other in ONE run (never concurrently: they
# would compete for the cores). Prints each side's seconds per training epoch (validation excluded on both sides),
# the ratio, process CPU seconds per training epoch (all threads; steadier than wall time when other jobs share the
# cores) and peak RSS (GNU time's "Maximum resident set size").
#
#   bench/sasrec/compare.sh [EPOCHS] [THREADS]        (defaults: 3 epochs, 2 threads)
#   DATA=... CLI=... PYTHON=... EXTRA_TORCH_ARGS=--pad-to-max bench/sasrec/compare.sh 5
#
# Needs: a Release build of the CLI (dotnet build src/BundleForge.Cli -c Release), /usr/bin/time, and python3-torch
# (apt-get install -y python3-torch; Debian's /usr/bin/python3 sees it). Debian's torch calls whatever libblas.so.3
# points to; with only the reference netlib BLAS installed an epoch takes many times longer, so install an optimised
# one first (apt-get install -y libopenblas0-pthread); the summary prints which BLAS the PyTorch process loaded.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
repo="$(cd "$here/../.." && pwd)"
epochs="${1:-3}"
threads="${2:-2}"
data="${DATA:-$repo/../shared/data/seqrec/Beauty.txt}"
[ -f "$data" ] || data=/work/shared/data/seqrec/Beauty.txt
cli="${CLI:-$repo/src/BundleForge.Cli/bin/Release/net10.0/bundleforge.dll}"
python="${PYTHON:-/usr/bin/python3}"
# The architecture and training settings both sides use (our CLI defaults, spelled out so they cannot drift).
dim=64 max_len=50 blocks=2 heads=2 dropout=0.5 batch=128 lr=0.001 wd=0.01 seed=42

for f in "$data" "$cli" /usr/bin/time "$python"; do
  [ -e "$f" ] || { echo "compare.sh: missing $f" >&2; exit 2; }
done
"$python" -c 'import torch' 2>/dev/null || { echo "compare.sh: $python cannot import torch (apt-get install -y python3-torch)" >&2; exit 2; }

work="$(mktemp -d /tmp/sasrec-compare.XXXXXX)"
trap 'rm -rf "$work"' EXIT

echo "== BundleForge SASRec: $epochs epoch(s), $threads threads, $(basename "$data")" >&2
/usr/bin/time -v -o "$work/ours.time" dotnet "$cli" train --data "$data" --format seqrec --models sasrec \
  --out "$work/model" --epochs "$epochs" --seq-patience "$epochs" --threads "$threads" --seed "$seed" \
  --dim "$dim" --max-len "$max_len" --seq-blocks "$blocks" --seq-heads "$heads" --seq-dropout "$dropout" \
  --seq-batch-size "$batch" --seq-lr "$lr" --seq-weight-decay "$wd" --seq-loss full --json > "$work/ours.json"

echo "== PyTorch SASRec: $epochs epoch(s), $threads threads" >&2
# The same process settings ours applies before libtorch loads (NativeProcessTuning): OpenMP workers sleep instead of
# spinning between ops, and multi-megabyte tensors stay in the malloc heap instead of being mmap'ed per step.
OMP_WAIT_POLICY="${OMP_WAIT_POLICY:-PASSIVE}" MALLOC_MMAP_THRESHOLD_="${MALLOC_MMAP_THRESHOLD_:-33554432}" \
MALLOC_TRIM_THRESHOLD_="${MALLOC_TRIM_THRESHOLD_:-1073741824}" /usr/bin/time -v -o "$work/torch.time" "$python" "$here/sasrec_torch.py" \
  --data "$data" --epochs "$epochs" --threads "$threads" --seed "$seed" --dim "$dim" --max-len "$max_len" \
  --blocks "$blocks" --heads "$heads" --dropout "$dropout" --batch-size "$batch" --lr "$lr" --weight-decay "$wd" \
  ${EXTRA_TORCH_ARGS:-} > "$work/torch.out"
tail -n 1 "$work/torch.out" > "$work/torch.json"

"$python" - "$work" "$epochs" "$threads" <<'EOF'
import json, re, sys
work, epochs, threads = sys.argv[1], int(sys.argv[2]), int(sys.argv[3])

def peak_mb(path):
    text = open(path).read()
    return int(re.search(r"Maximum resident set size \(kbytes\): (\d+)", text).group(1)) / 1024

def wall(path):
    m = re.search(r"Elapsed \(wall clock\) time \(h:mm:ss or m:ss\): (.+)", open(path).read()).group(1).strip()
    parts = [float(x) for x in m.split(":")]
    return sum(v * 60 ** i for i, v in enumerate(reversed(parts)))

ours = json.load(open(f"{work}/ours.json"))["models"]["sasrec"]
torch_ = json.load(open(f"{work}/torch.json"))
o, t = ours["seconds_per_epoch"], torch_["seconds_per_epoch"]
summary = {
    "epochs": epochs, "threads": threads,
    "bundleforge": {"seconds_per_epoch": o, "cpu_seconds_per_epoch": ours.get("cpu_seconds_per_epoch"),
                    "validation_seconds_per_epoch": ours.get("validation_seconds_per_epoch"), "peak_rss_mb": round(peak_mb(f"{work}/ours.time"), 1),
                    "wall_seconds": round(wall(f"{work}/ours.time"), 1), "epoch_loss": ours.get("epoch_loss"),
                    "epoch_valid_ndcg@10": ours.get("epoch_valid_ndcg@10")},
    "pytorch": {"runtime": torch_["runtime"], "seconds_per_epoch": t, "cpu_seconds_per_epoch": torch_.get("cpu_seconds_per_epoch"),
                "validation_seconds_per_epoch": round(sum(torch_["validation_seconds"]) / max(len(torch_["validation_seconds"]), 1), 3), "peak_rss_mb": round(peak_mb(f"{work}/torch.time"), 1),
                "wall_seconds": round(wall(f"{work}/torch.time"), 1), "pad_to_max": torch_["pad_to_max"], "blas": torch_.get("blas"),
                "epoch_loss": torch_["epoch_loss"], "epoch_valid_ndcg@10": torch_["epoch_valid_ndcg@10"]},
    "ratio_ours_over_pytorch": round(o / t, 3) if t > 0 else None,
}
oc, tc = summary["bundleforge"]["cpu_seconds_per_epoch"], summary["pytorch"]["cpu_seconds_per_epoch"]
summary["cpu_ratio_ours_over_pytorch"] = round(oc / tc, 3) if oc and tc else None
b, p = summary["bundleforge"], summary["pytorch"]
print(f"bundleforge  {b['seconds_per_epoch']:8.2f} s/epoch  {b['cpu_seconds_per_epoch'] or 0:8.2f} CPU s/epoch  peak RSS {b['peak_rss_mb']:7.1f} MB  wall {b['wall_seconds']:.1f} s")
print(f"pytorch      {p['seconds_per_epoch']:8.2f} s/epoch  {p['cpu_seconds_per_epoch'] or 0:8.2f} CPU s/epoch  peak RSS {p['peak_rss_mb']:7.1f} MB  wall {p['wall_seconds']:.1f} s  ({p['runtime']})")
print(f"validation s/epoch: bundleforge {b['validation_seconds_per_epoch']}, pytorch {p['validation_seconds_per_epoch']}")
print(f"pytorch BLAS: {', '.join(p['blas'] or ['?'])}")
print(f"ratio ours/pytorch {summary['ratio_ours_over_pytorch']} wall, {summary['cpu_ratio_ours_over_pytorch']} CPU  (< 1 = ours faster)")
print(json.dumps(summary))
EOF
