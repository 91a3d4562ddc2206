#!/usr/bin/python3
"""The A11 growth benchmark (docs/growth.md, "A11"): held-out accuracy, alive neurons and synapses
over training for each arm of `engram train growth-mnist`, mean and range over the seeds given
(one results JSON per seed), and a table of the last checkpoint on stdout.

usage: scripts/plot_growth_mnist.py out/growth_mnist_seed*.json -o docs/growth_mnist.png
"""
import argparse
import json

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt
import numpy as np

COLOURS = {"fixed": "tab:blue", "growing": "tab:green", "fixed-max": "tab:gray"}


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("files", nargs="+")
    ap.add_argument("-o", "--out", default="growth_mnist.png")
    a = ap.parse_args()
    runs = [json.load(open(f)) for f in a.files]
    arms = [arm["arm"] for arm in runs[0]["arms"]]
    p = runs[0]["parameters"]
    fig, ax = plt.subplots(1, 3, figsize=(13, 4))
    print(f"{len(runs)} seeds ({', '.join(str(r['seed']) for r in runs)}), last checkpoint:")
    print("| arm | images | held-out accuracy (mean, min-max) | neurons | synapses | training s |")
    print("|---|---|---|---|---|---|")
    for name in arms:
        rows = [next(x for x in r["arms"] if x["arm"] == name)["checkpoints"] for r in runs]
        samples = np.array([c["samples"] for c in rows[0]])
        get = lambda key: np.array([[c[key] for c in cs] for cs in rows], dtype=float)
        acc = 100 * get("accuracy")
        size = {"fixed": f"{p['fixed_exc']:g}", "growing": f"{p['start_exc']:g}->{p['max_exc']:g}", "fixed-max": f"{p['max_exc']:g}"}.get(name, "")
        label = f"{name} ({size} exc + as many inh)"
        c = COLOURS.get(name)
        ax[0].plot(samples, acc.mean(0), "o-", c=c, label=label)
        ax[0].fill_between(samples, acc.min(0), acc.max(0), color=c, alpha=0.2)
        starts = [next(x for x in r["arms"] if x["arm"] == name)["start"] for r in runs]
        with_start = lambda key: np.concatenate([[np.mean([st[key] for st in starts])], get(key).mean(0)])
        at = np.concatenate([[0], samples])
        ax[1].plot(at, with_start("neurons"), "o-", c=c, label=name)
        ax[2].plot(at, with_start("synapses") / 1e3, "o-", c=c, label=name)
        print(f"| {name} | {samples[-1]} | {acc[:, -1].mean():.1f}% ({acc[:, -1].min():.1f}-{acc[:, -1].max():.1f}) "
              f"| {get('neurons')[:, -1].mean():.0f} | {get('synapses')[:, -1].mean():,.0f} | {get('train_wall_s')[:, -1].mean():.0f} |")
    ax[0].set_ylabel(f"held-out accuracy (%), {p['test_samples']:g} images")
    ax[0].legend(fontsize=8, loc="lower right")
    ax[1].set_ylabel("alive neurons (excitatory + inhibitory)")
    ax[2].set_ylabel("synapses (thousands)")
    for x in ax:
        x.set_xlabel("training images")
        x.grid(alpha=0.3)
    fig.suptitle(f"A11: fixed vs growing cortex on {runs[0]['dataset']} (mean and range over {len(runs)} seed{'s' if len(runs) > 1 else ''}; "
                 f"labels from {p['label_samples']:g} training images)")
    fig.tight_layout()
    fig.savefig(a.out, dpi=110)
    print(f"wrote {a.out}")


if __name__ == "__main__":
    main()
