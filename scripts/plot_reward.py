#!/usr/bin/python3
"""Plots of the reward tasks from their results JSON (engram train iris|grid --out FILE.json).

usage: scripts/plot_reward.py iris-1.json iris-2.json ... -o docs/iris.png
       scripts/plot_reward.py grid-42.json grid-43.json ... -o docs/grid.png
Iris: decisions before the teacher and validation accuracy per epoch (one line per seed), the
kept epoch marked, and the test accuracy per seed beside the logistic-regression baseline.
Grid: steps per episode (moving mean of 20, one line per seed) with the optimum, the greedy
scorings, and the first file's learnt policy as arrows per cell.
"""
import argparse
import json

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt
import numpy as np


def iris(runs, out):
    fig, (a, b) = plt.subplots(1, 2, figsize=(11, 4), gridspec_kw={"width_ratios": [2, 1]})
    for r in runs:
        e = np.arange(1, len(r["train_accuracy"]) + 1)
        if r["validation_accuracy"]:
            line, = a.plot(e, 100 * np.array(r["validation_accuracy"]), label=f"seed {r['seed']} validation")
            a.plot([r["best_epoch"]], [100 * r["best_validation"]], "o", c=line.get_color())
            a.plot(e, 100 * np.array(r["train_accuracy"]), ls=":", c=line.get_color())
        else:  # refit=1: no validation split, the last epoch is tested
            a.plot(e, 100 * np.array(r["train_accuracy"]), ls=":", label=f"seed {r['seed']} (refit)")
    a.set_xlabel("epoch")
    a.set_ylabel("accuracy (%)")
    a.set_title("Iris by R-STDP: validation (solid), decisions before the teacher (dotted)")
    a.legend(fontsize=7)
    seeds = [r["seed"] for r in runs]
    x = np.arange(len(runs))
    b.bar(x - 0.2, [100 * r["test"]["accuracy"] for r in runs], 0.4, label="Engram (spikes only)")
    b.bar(x + 0.2, [100 * r["baselines"]["logistic_regression"] for r in runs], 0.4, label="logistic regression")
    b.axhline(90.0, c="gray", ls="--", lw=1, label="seed simulator (90.0%)")
    b.set_xticks(x, [f"seed {s}" for s in seeds], fontsize=7)
    b.set_ylim(80, 101)
    b.set_title(f"test: mean {np.mean([100 * r['test']['accuracy'] for r in runs]):.1f}%")
    b.legend(fontsize=7, loc="lower right")
    fig.tight_layout()
    fig.savefig(out, dpi=110)


def grid(runs, out):
    fig, (a, b) = plt.subplots(1, 2, figsize=(11, 4.5), gridspec_kw={"width_ratios": [3, 2]})
    for r in runs:
        s = np.array(r["episode_steps"], dtype=float)
        k = 20
        m = np.convolve(s, np.ones(k) / k, mode="valid")
        a.plot(np.arange(k, len(s) + 1), m, label=f"seed {r['seed']}")
    a.axhline(runs[0]["learnt"]["optimal_steps"], c="k", ls="--", lw=1, label="optimum (mean over starts)")
    a.set_xlabel("episode")
    a.set_ylabel("moves per episode (mean of 20)")
    w = runs[0]["world"]
    a.set_title(f"grid {w['width']}x{w['height']}: learning (epsilon-greedy moves)")
    a.legend(fontsize=7)
    r = runs[0]
    W, H = w["width"], w["height"]
    walls = set(w["walls"])
    pol = r["learnt"]["policy"]
    arrows = {0: (0, -0.35), 1: (0.35, 0), 2: (0, 0.35), 3: (-0.35, 0)}
    for c in range(W * H):
        x, y = c % W, c // W
        if c in walls:
            b.add_patch(plt.Rectangle((x - 0.5, y - 0.5), 1, 1, color="0.3"))
        elif pol[c] in arrows:
            dx, dy = arrows[pol[c]]
            b.arrow(x - dx / 2, y - dy / 2, dx, dy, head_width=0.18, length_includes_head=True, color="C0")
        elif pol[c] < 0:
            b.plot(x, y, ".", c="0.6")
    b.set_xlim(-0.5, W - 0.5)
    b.set_ylim(H - 0.5, -0.5)
    b.set_aspect("equal")
    b.set_xticks([])
    b.set_yticks([])
    L = r["learnt"]
    b.set_title(f"seed {r['seed']}: greedy policy, {L['reached']}/{L['starts']} starts reach the goal,\n"
                f"mean moves {L['mean_steps']:.3f} (optimum {L['optimal_steps']:.3f}); goal bottom right", fontsize=9)
    fig.tight_layout()
    fig.savefig(out, dpi=110)


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("files", nargs="+")
    ap.add_argument("-o", "--out", default="reward.png")
    a = ap.parse_args()
    runs = [json.load(open(p)) for p in a.files]
    kinds = {r["task"] for r in runs}
    if len(kinds) != 1:
        raise SystemExit("plot_reward.py: give result files of one task")
    (iris if kinds.pop() == "iris-rstdp" else grid)(runs, a.out)
    print(f"wrote {a.out}")


if __name__ == "__main__":
    main()
