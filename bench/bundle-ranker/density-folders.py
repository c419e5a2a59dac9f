#!/usr/bin/env python3
"""Builds two Youshu-format folders from train + tune only, to measure what the density of the held-out split does to
NDCG@20 (docs/BENCHMARKS.md, "What the tune/test difference does to NDCG").

The published Youshu test split (about 11,800 pairs) is never looked for: of the train + tune pairs, a seeded random
share E (default 23 %, the test split's share of all pairs) is held out and the model fits on the rest.
  A/  user_bundle_tune.txt = a seeded 44 % of E (tune-like: tune holds about 0.44 × the test split's pairs),
      user_bundle_test.txt = the rest of E (present, so evaluating on tune ranks them as misses, as the unknown
      test pairs are when we evaluate on the real tune);
  B/  user_bundle_tune.txt = all of E (test-like density), no test file.
With --per-user the hold-out follows the published split's shape instead (Youshu's tune holds max(1, round(10 %)) of
each customer's bundles, every customer with train bundles has some): every customer with at least two train + tune
pairs lends max(1, round(held-out × pairs)) of them (never all), and A's tune takes max(1, round(tune-share × lent)), so
a customer who lends one has it in tune in both folders, as a customer with few bundles has one tune and one test pair.
Both folders share user_bundle_train.txt, user_item.txt and bundle_item.txt byte for byte, so a training reads the
same input from either. Deterministic: the same source, seed and shares give the same files.

    python3 bench/bundle-ranker/density-folders.py SRC_DIR OUT_DIR [--seed 1] [--held-out 0.23] [--tune-share 0.44] [--per-user]
"""
import argparse
import math
import os
import random
import shutil


def read_pairs(path):
    with open(path) as f:
        return [tuple(int(x) for x in line.split()) for line in f if line.strip()]


def write_pairs(path, pairs):
    with open(path, "w") as f:
        for u, b in sorted(pairs):
            f.write(f"{u}\t{b}\n")


def main():
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    p.add_argument("src")
    p.add_argument("out")
    p.add_argument("--seed", type=int, default=1)
    p.add_argument("--held-out", type=float, default=0.23)
    p.add_argument("--tune-share", type=float, default=0.44)
    p.add_argument("--per-user", action="store_true")
    a = p.parse_args()

    pairs = sorted(set(read_pairs(os.path.join(a.src, "user_bundle_train.txt"))
                       + read_pairs(os.path.join(a.src, "user_bundle_tune.txt"))))
    rng = random.Random(a.seed)
    if a.per_user:
        by_user = {}
        for u, b in pairs:
            by_user.setdefault(u, []).append((u, b))
        fit, tune_a, test_a = [], [], []
        for u in sorted(by_user):
            row = by_user[u]
            rng.shuffle(row)
            lend = 0 if len(row) < 2 else min(len(row) - 1, max(1, math.floor(a.held_out * len(row) + 0.5)))
            in_tune = 0 if lend == 0 else max(1, math.floor(a.tune_share * lend + 0.5))
            tune_a += row[:in_tune]
            test_a += row[in_tune:lend]
            fit += row[lend:]
        held = tune_a + test_a
        n_tune = len(tune_a)
    else:
        rng.shuffle(pairs)
        n_held = round(len(pairs) * a.held_out)
        held, fit = pairs[:n_held], pairs[n_held:]
        n_tune = round(len(held) * a.tune_share)

    for name, tune, test in (("A", held[:n_tune], held[n_tune:]), ("B", held, None)):
        d = os.path.join(a.out, name)
        os.makedirs(d, exist_ok=True)
        for f in ("user_item.txt", "bundle_item.txt", "Youshu_data_size.txt"):
            if os.path.exists(os.path.join(a.src, f)):
                shutil.copyfile(os.path.join(a.src, f), os.path.join(d, f))
        write_pairs(os.path.join(d, "user_bundle_train.txt"), fit)
        write_pairs(os.path.join(d, "user_bundle_tune.txt"), tune)
        if test is not None:
            write_pairs(os.path.join(d, "user_bundle_test.txt"), test)
        elif os.path.exists(os.path.join(d, "user_bundle_test.txt")):
            os.remove(os.path.join(d, "user_bundle_test.txt"))
    print(f"seed {a.seed}: {len(pairs)} train+tune pairs, fit {len(fit)}, held out {len(held)}: "
          f"A tune {n_tune} + test {len(held) - n_tune}, B tune {len(held)}")


if __name__ == "__main__":
    main()
