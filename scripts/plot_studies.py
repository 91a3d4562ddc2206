#!/usr/bin/python3
"""Plots of the MNIST studies from their results JSON (engram train fewshot|lesion --out FILE.json):
accuracy of the network and of its MLP baseline, mean and spread over the files (seeds).

usage: scripts/plot_studies.py fewshot-1.json fewshot-2.json ... lesion-1.json ... -o docs/mnist_studies.png
"""
import argparse
import json

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt
import numpy as np


def panel(ax, runs, key, label, baseline):
    xs = [r[key] for r in runs[0]["rows"]]
    net = np.array([[100 * r["network"] for r in run["rows"]] for run in runs])
    mlp = np.array([[100 * r["mlp"] for r in run["rows"]] for run in runs])
    scale = 100 if key == "fraction" else 1
    x = np.array(xs) * scale
    for data, name in ((net, f"Engram (Diehl & Cook, {runs[0]['excitatory']} exc.)"), (mlp, baseline)):
        ax.errorbar(x, data.mean(0), yerr=data.std(0) if len(runs) > 1 else None, marker="o", capsize=3, label=name)
    ax.set_xlabel(label)
    ax.set_ylabel(f"test accuracy (%), {runs[0]['test_images']} images")
    ax.set_ylim(0, 100)
    ax.legend(fontsize=8)
    ax.set_title(f"{'few-shot' if key == 'per_class' else 'lesions'}: seeds {', '.join(str(r['seed']) for r in runs)}")
    if key == "per_class":
        ax.set_xscale("log")
        ax.set_xticks(x, [str(int(v)) for v in x])


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("files", nargs="+")
    ap.add_argument("-o", "--out", default="mnist_studies.png")
    a = ap.parse_args()
    runs = [json.load(open(p)) for p in a.files]
    few = [r for r in runs if r["task"] == "fewshot"]
    les = [r for r in runs if r["task"] == "lesion"]
    panels = [p for p in ((few, "per_class", "images per class (K)", "MLP 784-128-10"),
                          (les, "fraction", "excitatory neurons removed (%)", "MLP 784-256-10, hidden units removed")) if p[0]]
    fig, axes = plt.subplots(1, len(panels), figsize=(5.5 * len(panels), 4), squeeze=False)
    for ax, (rs, key, label, base) in zip(axes[0], panels):
        panel(ax, rs, key, label, base)
    fig.tight_layout()
    fig.savefig(a.out, dpi=110)
    print(f"wrote {a.out}")


if __name__ == "__main__":
    main()
