#!/usr/bin/env python3
"""Accuracy against sparsity of the input synapses (docs/research.md, "Learned sparsity on MNIST").

Reads the JSON files of `engram train sparsity --out FILE` (one per prior width and seed, and the
dense controls, `--set dense_control=1`), groups them by prior_sigma, and draws validation and
test accuracy (mean over seeds, each seed a thin line) against the measured sparsity, the dense
control at the same number of training images beside it. Prints, per prior, the sparsity at
which the mean accuracy first falls one point below the dense control's at the same level (or
below its own first level without a control; linear interpolation between levels).

  scripts/plot_sparsity.py out/research/sparsity-*.json --plot docs/sparsity.png
"""
import argparse
import json
import sys
from collections import defaultdict


def one_point_drop(xs, ys, reference):
    """The sparsity where ys first falls 1 point (0.01) below the reference, interpolated on the
    difference; None if never."""
    gap = [y - r + 0.01 for y, r in zip(ys, reference)]  # < 0: more than one point below
    for k in range(1, len(xs)):
        if gap[k] < 0:
            return xs[k - 1] + (xs[k] - xs[k - 1]) * gap[k - 1] / (gap[k - 1] - gap[k]) if gap[k - 1] > 0 else xs[k]
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
        key = "dense" if d["parameters"].get("dense_control") else d["parameters"]["prior_sigma"]
        groups[key].append(d)
    dense = groups.pop("dense", None)
    summary = {}

    def mean(runs, k, split):
        return sum(r["rows"][k][split] for r in runs) / len(runs)

    if dense:
        for split in ["validation", "test"]:
            print(f"dense control, {split:<10} (seeds {','.join(str(r['seed']) for r in dense)}), by images trained: " +
                  " ".join(f"{row['images_trained']}:{100 * mean(dense, k, split):.1f}%" for k, row in enumerate(dense[0]["rows"])))
    for sigma, runs in sorted(groups.items()):
        n = len(runs[0]["rows"])
        xs = [sum(r["rows"][k]["sparsity"] for r in runs) / len(runs) for k in range(n)]
        for split in ["validation", "test"]:
            ys = [mean(runs, k, split) for k in range(n)]
            ref = [mean(dense, k, split) for k in range(n)] if dense else [ys[0]] * n
            drop = one_point_drop(xs, ys, ref)
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
            if dense:
                n = len(dense[0]["rows"])
                ax.plot(xs, [100 * mean(dense, k, split) for k in range(n)], "s--", color="k",
                        label=f"dense, same images trained ({len(dense)} seeds)")
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
