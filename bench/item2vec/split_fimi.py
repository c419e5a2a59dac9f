"""Writes a seeded random share of a FIMI basket file (default 90%): split_fimi.py IN OUT [share] [seed]."""
import sys, random
src, dst = sys.argv[1], sys.argv[2]
share = float(sys.argv[3]) if len(sys.argv) > 3 else 0.9
rng = random.Random(int(sys.argv[4]) if len(sys.argv) > 4 else 42)
with open(src) as f, open(dst, "w") as out:
    for line in f:
        if line.strip() and rng.random() < share:
            out.write(line)
