"""Writes a seeded random share of a FIMI basket file (default 90%): split_fimi.py IN OUT [share] [seed] [REST_OUT].
REST_OUT, when given, receives the other baskets (the held-out part for basket completion)."""
import sys, random
src, dst = sys.argv[1], sys.argv[2]
share = float(sys.argv[3]) if len(sys.argv) > 3 else 0.9
rng = random.Random(int(sys.argv[4]) if len(sys.argv) > 4 else 42)
rest = open(sys.argv[5], "w") if len(sys.argv) > 5 else None
with open(src) as f, open(dst, "w") as out:
    for line in f:
        if not line.strip():
            continue
        if rng.random() < share:
            out.write(line)
        elif rest is not None:
            rest.write(line)
if rest is not None:
    rest.close()
