#!/usr/bin/python3
"""Plots what an `engram train` run learned.

Reads a run file (`engram train --out`, `engram evaluate --out`) or a training snapshot
(`engram train --snapshot`). Left: the learned 28x28 receptive field (input weights) of every
excitatory neuron in a grid, labelled with the class each neuron was assigned. Right: the running
accuracy of the last 1,000 training samples against samples seen and, for an evaluation file, the
confusion matrix.

    scripts/plot_mnist.py out/mnist_eval.h5 [--out out/mnist.png]
    scripts/plot_mnist.py out/mnist.h5          # a training snapshot
"""
import argparse
import math
import os

import h5py
import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402
import numpy as np  # noqa: E402


def from_snapshot(f):
    """The input weights, neuron labels and accuracy log of a snapshot written by engram train."""
    task = f["task"]
    n = int(task["counters"].attrs["excitatory"])
    pre = f["projections/input_exc"]
    pixels = int(pre.attrs["pre_count"])
    side = int(round(pixels ** 0.5))
    row_ptr = pre["row_ptr"][:].astype(np.int64)
    target, weight = pre["target"][:].astype(np.int64), pre["weight"][:]
    fields = np.zeros((n, pixels))
    fields[target - int(pre.attrs["post_first"]), np.repeat(np.arange(pixels), np.diff(row_ptr))] = weight
    return dict(fields=fields.reshape(n, side, side), labels=task["indices/assignments"][:],
                log=task["values/accuracy_log"][:].reshape(-1, 2), dataset=task["texts"].attrs["dataset"],
                seen=int(task["counters"].attrs["samples_seen"]), confusion=None)


def from_run_file(f):
    g = f["receptive_fields"]
    n, rows, cols = int(g.attrs["neurons"]), int(g.attrs["rows"]), int(g.attrs["cols"])
    r = dict(fields=g["weights"][:].reshape(n, rows, cols), labels=f["assignments"][:],
             log=f["accuracy_log"][:].reshape(-1, 2), dataset=f.attrs["dataset"], seen=int(f.attrs["samples_seen"]),
             confusion=None)
    if "evaluation" in f:
        e = f["evaluation"]
        r.update(confusion=e["confusion"][:].reshape(10, 10), accuracy=float(e.attrs["accuracy"]), on=e.attrs["on"])
    return r


def plot(r, out):
    fields, labels = r["fields"], r["labels"]
    n, rows, cols = fields.shape
    side = math.ceil(math.sqrt(n))
    mosaic = np.full((side * (rows + 1), side * (cols + 1)), np.nan)
    for k in range(n):
        y, x = divmod(k, side)
        mosaic[y * (rows + 1):y * (rows + 1) + rows, x * (cols + 1):x * (cols + 1) + cols] = fields[k]

    fig = plt.figure(figsize=(15, 8))
    ax = fig.add_axes([0.02, 0.05, 0.5, 0.88])
    ax.imshow(mosaic, cmap="hot_r", interpolation="nearest")
    ax.set_axis_off()
    if n <= 400 and len(labels) == n:
        for k in range(n):
            y, x = divmod(k, side)
            ax.text(x * (cols + 1) + 1, y * (rows + 1) + 4, str(labels[k]), color="tab:blue", fontsize=7 if n > 100 else 9)
    ax.set_title(f"{r['dataset']}: receptive fields of {n} excitatory neurons after {r['seen']} samples (blue: assigned class)")

    ax = fig.add_axes([0.58, 0.58, 0.38, 0.35])
    if len(r["log"]):
        ax.plot(r["log"][:, 0], 100 * r["log"][:, 1], color="tab:blue")
    ax.set_xlabel("training samples seen")
    ax.set_ylabel("accuracy of the last 1,000 (%)")
    ax.set_ylim(0, 100)
    ax.grid(alpha=0.3)
    ax.set_title("running training accuracy (labels from earlier samples)")

    confusion = r["confusion"]
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
        ax.set_title(f"{r['on']} accuracy {100 * r['accuracy']:.2f}% ({confusion.sum()} samples)")
    fig.savefig(out, dpi=110)


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("file", help="run file or training snapshot")
    ap.add_argument("--out", help="PNG to write (default: the file with .png)")
    args = ap.parse_args()
    with h5py.File(args.file, "r") as f:
        kind = f.attrs.get("format")
        if kind == "engram-snapshot" and "task" in f:
            r = from_snapshot(f)
        elif kind == "engram-training":
            r = from_run_file(f)
        else:
            raise SystemExit(f"{args.file}: neither an Engram training run file nor a training snapshot")
    out = args.out or os.path.splitext(args.file)[0] + ".png"
    plot(r, out)
    print(out)


if __name__ == "__main__":
    main()
