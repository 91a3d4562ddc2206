#!/usr/bin/python3
"""Continual learning plots from results JSON (engram train continual --out FILE.json), one file
per arm of one protocol: the class-incremental accuracy matrix of each arm as a heat map, and the
accuracy on task 1 while the later tasks train (with --set probe_every=N). --readout linear shows the
linear readout's matrices (the MLP arms have one readout: theirs is shown either way); the probes
of task 1 are the vote's.

usage: scripts/plot_continual.py split-plain.json split-protect.json ... -o docs/continual_split.png
       scripts/plot_continual.py --readout linear out/split-grow-*.json -o docs/continual_neurogenesis.png
"""
import argparse
import json

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt
import numpy as np


def name(r):
    born, inh = r.get("born_per_task", 0), r.get("readout_inhibition", 1.0)
    size = f"{r['excitatory']}" + (f" + {born} born" if born else "")
    return (f"{r['arm']}, {size}\nseed {r['seed']}" + (f", inhibition x{inh:g}" if inh != 1.0 else ""))


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("files", nargs="+")
    ap.add_argument("-o", "--out", default="continual.png")
    ap.add_argument("--readout", choices=["vote", "linear"], default="vote")
    a = ap.parse_args()
    runs = [json.load(open(p)) for p in a.files]
    n = len(runs)
    fig = plt.figure(figsize=(3.2 * n + 5, 4.0))
    grid = fig.add_gridspec(1, n + 2)
    for i, r in enumerate(runs):
        ax = fig.add_subplot(grid[0, i])
        key = "linear_class_incremental" if a.readout == "linear" and "linear_class_incremental" in r else "class_incremental"
        m = np.array([[np.nan if v is None else 100 * v for v in row] for row in r[key]["matrix"]])
        ax.imshow(m, vmin=0, vmax=100, cmap="viridis")
        T = m.shape[0]
        if T <= 4:
            for y in range(T):
                for x in range(T):
                    if not np.isnan(m[y, x]):
                        ax.text(x, y, f"{m[y, x]:.0f}", ha="center", va="center", color="w", fontsize=9)
        ax.set_title(f"{name(r)}\navg {100 * r[key]['average']:.1f}%, "
                     f"forgetting {100 * r[key]['forgetting']:.1f}", fontsize=9)
        ax.set_xlabel("tested task")
        if i == 0:
            ax.set_ylabel("after training task")
        ax.set_xticks(range(T), [str(t + 1) for t in range(T)], fontsize=7)
        ax.set_yticks(range(T), [str(t + 1) for t in range(T)], fontsize=7)
    ax = fig.add_subplot(grid[0, n:])
    for r in runs:
        p = r.get("probes", [])
        if not p:
            continue
        per_task = r["train_per_class"] * (5 if r["protocol"] == "split-mnist" else 10)
        xs = [t * per_task + s for t, s in zip(p[0::3], p[1::3])]
        ax.plot(xs, [100 * v for v in p[2::3]], marker="o", label=name(r).replace("\n", ", "))
    ax.set_xlabel("training images so far")
    ax.set_ylabel("class-incremental accuracy on task 1 (%, vote)")
    ax.set_ylim(0, 100)
    ax.legend(fontsize=8)
    ax.set_title(f"{runs[0]['protocol']}: task 1 while the later tasks train", fontsize=9)
    fig.tight_layout()
    fig.savefig(a.out, dpi=110)
    print(f"wrote {a.out}")


if __name__ == "__main__":
    main()
