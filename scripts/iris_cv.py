#!/usr/bin/env python3
"""Cross-validates an Iris protocol without touching any test split.

Runs `engram train iris --set test=0 --set fold=F` for every seed and each of the 5 folds of the
120 non-test samples, and prints the held-out accuracy per epoch averaged over all runs, the
accuracy of the protocol's own epoch choice, and logistic regression on the same folds. 24
validation samples saturate; 5 folds x 10 seeds give 1,200 held-out decisions per figure.

  scripts/iris_cv.py --seeds 101-110 [--set key=value ...] [--jobs 2] [--out cv.json]
"""
import argparse
import json
import os
import subprocess
import sys
import tempfile
from concurrent.futures import ThreadPoolExecutor

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))


def seed_range(text):
    lo, _, hi = text.partition("-")
    return list(range(int(lo), int(hi or lo) + 1))


def run(engram, seed, fold, sets, workdir):
    out = os.path.join(workdir, f"s{seed}-f{fold}.json")
    cmd = [engram, "train", "iris", "--seed", str(seed), "--threads", "1", "--quiet",
           "--set", "test=0", "--set", f"fold={fold}", "--out", out]
    for s in sets:
        cmd += ["--set", s]
    subprocess.run(cmd, check=True, stdout=subprocess.DEVNULL)
    with open(out) as f:
        return json.load(f)


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--seeds", default="101-110", help="development seeds, e.g. 101-110")
    ap.add_argument("--set", action="append", default=[], help="protocol parameter key=value")
    ap.add_argument("--jobs", type=int, default=2)
    ap.add_argument("--engram", default=os.path.join(ROOT, "build", "apps", "engram"))
    ap.add_argument("--out", help="write the summary as JSON")
    a = ap.parse_args()
    jobs = [(s, f) for s in seed_range(a.seeds) for f in range(5)]
    with tempfile.TemporaryDirectory() as tmp, ThreadPoolExecutor(a.jobs) as pool:
        runs = list(pool.map(lambda sf: run(a.engram, sf[0], sf[1], a.set, tmp), jobs))
    epochs = len(runs[0]["validation_accuracy"])
    per_epoch = [sum(r["validation_accuracy"][e] for r in runs) / len(runs) for e in range(epochs)]
    # the protocol's own choice is judged on the fold it was chosen on: optimistic, shown for reference
    chosen = sum(r["best_validation"] for r in runs) / len(runs)
    # the weights a test would use (the best epoch's, or the average with average_from), on its fold
    kept = sum(r.get("kept_validation", float("nan")) for r in runs) / len(runs)
    logistic = sum(r["baselines"]["logistic_regression_validation"] for r in runs) / len(runs)
    print(f"protocol   {' '.join(a.set) or '(defaults)'}")
    print(f"runs       {len(runs)} (seeds {a.seeds} x 5 folds), {24 * len(runs)} held-out decisions per figure")
    for e, v in enumerate(per_epoch):
        print(f"  epoch {e + 1:>2}  held-out {100 * v:5.2f}%")
    print(f"last epoch {100 * per_epoch[-1]:.2f}%   logistic regression {100 * logistic:.2f}%   "
          f"(epoch chosen on its own fold: {100 * chosen:.2f}%, optimistic)")
    print(f"kept weights {100 * kept:.2f}% (the best epoch's are optimistic; an average over fixed epochs is not)")
    if a.out:
        with open(a.out, "w") as f:
            json.dump({"sets": a.set, "seeds": a.seeds, "runs": len(runs), "per_epoch": per_epoch,
                       "chosen_on_fold": chosen, "kept": kept, "logistic_regression": logistic}, f, indent=1)


if __name__ == "__main__":
    sys.exit(main())
