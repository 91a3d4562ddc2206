#!/usr/bin/env python3
"""Test figures of two Iris protocols over many seeds, paired seed by seed.

Runs `engram train iris --seed S` for every seed, once per arm (the defaults, or --a/--b
key=value settings), and prints each arm's mean test accuracy, the paired difference with its
standard error, logistic regression on the same splits, and the means of consecutive groups of
five seeds (what a five-seed figure can land on). Use development seeds: every run classifies
its seed's test split.

  scripts/iris_seeds.py --seeds 101-140 --b refit=1 [--a key=value ...] [--jobs 2] [--out seeds.json]
"""
import argparse
import json
import os
import subprocess
import sys
import tempfile
from concurrent.futures import ThreadPoolExecutor

from iris_cv import ROOT, seed_range


def run(engram, seed, arm, sets, workdir):
    out = os.path.join(workdir, f"{arm}-{seed}.json")
    cmd = [engram, "train", "iris", "--seed", str(seed), "--threads", "1", "--quiet", "--out", out]
    for s in sets:
        cmd += ["--set", s]
    subprocess.run(cmd, check=True, stdout=subprocess.DEVNULL)
    with open(out) as f:
        r = json.load(f)
    return r["test"]["accuracy"], r["baselines"]["logistic_regression"]


def mean_sd(v):
    m = sum(v) / len(v)
    return m, (sum((x - m) ** 2 for x in v) / (len(v) - 1)) ** 0.5 if len(v) > 1 else 0.0


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--seeds", default="101-140", help="development seeds, e.g. 101-140")
    ap.add_argument("--a", action="append", default=[], help="arm A's protocol parameter key=value")
    ap.add_argument("--b", action="append", default=[], help="arm B's protocol parameter key=value")
    ap.add_argument("--jobs", type=int, default=2)
    ap.add_argument("--engram", default=os.path.join(ROOT, "build", "apps", "engram"))
    ap.add_argument("--out", help="write the per-seed figures and the summary as JSON")
    a = ap.parse_args()
    seeds = seed_range(a.seeds)
    arms = {"A": a.a, "B": a.b}
    jobs = [(arm, s) for arm in arms for s in seeds]
    with tempfile.TemporaryDirectory() as tmp, ThreadPoolExecutor(a.jobs) as pool:
        done = list(pool.map(lambda j: run(a.engram, j[1], j[0], arms[j[0]], tmp), jobs))
    test = {arm: [done[i][0] for i, j in enumerate(jobs) if j[0] == arm] for arm in arms}
    logistic = {arm: [done[i][1] for i, j in enumerate(jobs) if j[0] == arm] for arm in arms}
    n = len(seeds)
    print(f"seeds      {a.seeds} ({n} seeds, {30 * n} test decisions per arm)")
    for arm, sets in arms.items():
        m, sd = mean_sd(test[arm])
        fives = [sum(test[arm][k:k + 5]) / 5 for k in range(0, n - 4, 5)]
        print(f"arm {arm}      {' '.join(sets) or '(defaults)'}: {100 * m:.2f}% (s.d. {100 * sd:.1f}, standard error "
              f"{100 * sd / n ** 0.5:.2f}); logistic regression {100 * mean_sd(logistic[arm])[0]:.2f}%")
        print(f"           groups of five: {' '.join(f'{100 * f:.1f}' for f in fives)}")
    diff = [b - x for x, b in zip(test["A"], test["B"])]
    m, sd = mean_sd(diff)
    print(f"B - A      {100 * m:+.2f} points, paired standard error {100 * sd / n ** 0.5:.2f}; "
          f"B better on {sum(d > 0 for d in diff)}, worse on {sum(d < 0 for d in diff)} seeds")
    if a.out:
        with open(a.out, "w") as f:
            json.dump({"seeds": seeds, "arms": arms, "test": test, "logistic_regression": logistic}, f, indent=1)


if __name__ == "__main__":
    sys.exit(main())
