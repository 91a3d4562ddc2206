#!/usr/bin/python3
"""Plots a training run file of `engram train --out` or `engram evaluate --out`.

Left: the learned 28x28 receptive field (input weights) of every excitatory neuron in a grid,
labelled with the class each neuron was assigned. Right: accuracy against samples seen (the
running accuracy of the last 1,000 training samples) and, for an evaluation file, the confusion
matrix.

    scripts/plot_mnist.py out/mnist_eval.h5 [--out out/mnist.png]
"""
import argparse
import math
import os

import h5py
import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402
import numpy as np  # noqa: E402


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("run_file")
    ap.add_argument("--out", help="PNG to write (default: the run file with .png)")
    args = ap.parse_args()
    out = args.out or os.path.splitext(args.run_file)[0] + ".png"

    with h5py.File(args.run_file, "r") as f:
        if f.attrs.get("format") != "engram-training":
            raise SystemExit(f"{args.run_file}: not an Engram training run file")
        g = f["receptive_fields"]
        n, rows, cols = int(g.attrs["neurons"]), int(g.attrs["rows"]), int(g.attrs["cols"])
        fields = g["weights"][:].reshape(n, rows, cols)
        labels = f["assignments"][:]
        log = f["accuracy_log"][:].reshape(-1, 2)
        dataset = f.attrs["dataset"]
        seen = int(f.attrs["samples_seen"])
        confusion = accuracy = on = None
        if "evaluation" in f:
            e = f["evaluation"]
            confusion = e["confusion"][:].reshape(10, 10)
            accuracy = float(e.attrs["accuracy"])
            on = e.attrs["on"]

    side = math.ceil(math.sqrt(n))
    mosaic = np.full((side * (rows + 1), side * (cols + 1)), np.nan)
    for k in range(n):
        r, c = divmod(k, side)
        mosaic[r * (rows + 1):r * (rows + 1) + rows, c * (cols + 1):c * (cols + 1) + cols] = fields[k]

    fig = plt.figure(figsize=(15, 8))
    ax = fig.add_axes([0.02, 0.05, 0.5, 0.88])
    ax.imshow(mosaic, cmap="hot_r", interpolation="nearest")
    ax.set_axis_off()
    if n <= 400 and len(labels) == n:
        for k in range(n):
            r, c = divmod(k, side)
            ax.text(c * (cols + 1) + 1, r * (rows + 1) + 4, str(labels[k]), color="tab:blue", fontsize=7 if n > 100 else 9)
    ax.set_title(f"{dataset}: receptive fields of {n} excitatory neurons after {seen} samples (blue: assigned class)")

    ax = fig.add_axes([0.58, 0.58, 0.38, 0.35])
    if len(log):
        ax.plot(log[:, 0], 100 * log[:, 1], color="tab:blue")
    ax.set_xlabel("training samples seen")
    ax.set_ylabel("accuracy of the last 1,000 (%)")
    ax.set_ylim(0, 100)
    ax.grid(alpha=0.3)
    ax.set_title("running training accuracy (labels from earlier samples)")

    if confusion is not None:
        ax = fig.add_axes([0.6, 0.06, 0.34, 0.4])
        share = confusion / np.maximum(confusion.sum(axis=1, keepdims=True), 1)
        ax.imshow(share, cmap="Blues", vmin=0, vmax=1)
        for t in range(10):
            for p in range(10):
                if confusion[t, p]:
                    ax.text(p, t, str(confusion[t, p]), ha="center", va="center", fontsize=7,
                            color="white" if share[t, p] > 0.5 else "black")
        ax.set_xticks(range(10))
        ax.set_yticks(range(10))
        ax.set_xlabel("predicted")
        ax.set_ylabel("true")
        ax.set_title(f"{on} accuracy {100 * accuracy:.2f}% ({confusion.sum()} samples)")
    fig.savefig(out, dpi=110)
    print(out)


if __name__ == "__main__":
    main()
