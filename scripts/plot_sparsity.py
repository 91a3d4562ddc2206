#!/usr/bin/env python3
"""Accuracy against sparsity of the input synapses (docs/research.md, "Learned sparsity on MNIST").

Reads the JSON files of `engram train sparsity --out FILE` (one per prior width and seed), groups
them by prior_sigma, and draws validation and test accuracy (mean over seeds, each seed a thin
line) against the measured sparsity. Prints, per prior, the sparsity at which the mean accuracy
first falls one point below the dense network's (linear interpolation between levels).

  scripts/plot_sparsity.py out/research/sparsity-*.json --plot docs/sparsity.png
"""
import argparse
import json
import sys
from collections import defaultdict


def one_point_drop(xs, ys):
    """The sparsity where ys first falls 1 point (0.01) below ys[0], interpolated; None if never."""
    limit = ys[0] - 0.01
    for k in range(1, len(xs)):
        if ys[k] < limit:
            x0, x1, y0, y1 = xs[k - 1], xs[k], ys[k - 1], ys[k]
            return x0 + (x1 - x0) * (y0 - limit) / (y0 - y1) if y0 != y1 else x1
    return None


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("files", nargs="+")
    ap.add_argument("--plot", help="PNG")
    a = ap.parse_args()
    groups = defaultdict(list)
    for f in a.files:
        with open(f) as h:
            d = json.load(h)
        groups[d["parameters"]["prior_sigma"]].append(d)
    summary = {}
    for sigma, runs in sorted(groups.items()):
        n = len(runs[0]["rows"])
        xs = [sum(r["rows"][k]["sparsity"] for r in runs) / len(runs) for k in range(n)]
        for split in ["validation", "test"]:
            ys = [sum(r["rows"][k][split] for r in runs) / len(runs) for k in range(n)]
            drop = one_point_drop(xs, ys)
            summary[(sigma, split)] = (xs, ys, drop)
            seeds = ",".join(str(r["seed"]) for r in runs)
            print(f"prior sigma {sigma:g} px, {split:<10} (seeds {seeds}): " +
                  " ".join(f"{x:.2f}:{100 * y:.1f}%" for x, y in zip(xs, ys)) +
                  f"  -> 1-point drop at sparsity {'never' if drop is None else f'{drop:.2f}'}")
    if a.plot:
        import matplotlib
        matplotlib.use("Agg")
        import matplotlib.pyplot as plt
        fig, axes = plt.subplots(1, 2, figsize=(11, 4), sharey=True)
        for ax, split in zip(axes, ["validation", "test"]):
            for i, (sigma, runs) in enumerate(sorted(groups.items())):
                colour = f"C{i}"
                label = "magnitude" if sigma == 0 else f"spatial prior, sigma {sigma:g} px"
                for r in runs:
                    ax.plot([row["sparsity"] for row in r["rows"]], [100 * row[split] for row in r["rows"]], color=colour,
                            alpha=0.3, lw=0.8)
                xs, ys, _ = summary[(sigma, split)]
                ax.plot(xs, [100 * y for y in ys], "o-", color=colour, label=f"{label} ({len(runs)} seeds)")
            ax.set_xlabel("sparsity of input -> excitatory synapses")
            ax.set_title(f"{split} accuracy")
            ax.grid(alpha=0.3)
        axes[0].set_ylabel("accuracy (%)")
        axes[0].legend(fontsize=8)
        runs0 = next(iter(groups.values()))[0]
        p = runs0["parameters"]
        fig.suptitle(f"Diehl & Cook, {runs0['excitatory']} exc., {int(p['train_per_class']) * 10} training images, prune-and-regrow "
                     f"in {len(runs0['rows'])} steps; {int(p['validation_per_class']) * 10} validation, {runs0['test_images']} test images")
        fig.tight_layout()
        fig.savefig(a.plot, dpi=110)
        print(f"plot: {a.plot}")


if __name__ == "__main__":
    sys.exit(main())
