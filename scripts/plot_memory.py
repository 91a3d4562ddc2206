#!/usr/bin/python3
"""Raster of an `engram memory` run: the excitatory neurons' spikes over the protocol (learning,
sleep with replays, half cues), each pattern's block of neurons in its own colour.

usage: scripts/plot_memory.py out/memory.h5 [-o memory.png] [--pattern-size 20] [--patterns 3]
"""
import argparse

import h5py
import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt
import numpy as np


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("run")
    ap.add_argument("-o", "--output", default="memory.png")
    ap.add_argument("--pattern-size", type=int, default=20)
    ap.add_argument("--patterns", type=int, default=3)
    args = ap.parse_args()
    with h5py.File(args.run, "r") as f:
        if int(f.attrs.get("magic", 0)) != 0x0A7A or "spikes" not in f:
            raise SystemExit(f"{args.run}: not a SONATA spike file")
        t = f["spikes/exc/timestamps"][:]
        ids = f["spikes/exc/node_ids"][:]
    fig, ax = plt.subplots(figsize=(9, 3.5))
    block = ids // args.pattern_size
    for k in range(args.patterns + 1):
        sel = block == k if k < args.patterns else block >= args.patterns
        label = f"pattern {k}" if k < args.patterns else "not in a pattern"
        ax.scatter(t[sel], ids[sel], s=1.5, label=label, color=None if k < args.patterns else "grey")
    ax.set_xlabel("time (ms)")
    ax.set_ylabel("excitatory neuron")
    ax.legend(loc="upper right", markerscale=6, fontsize=8)
    fig.tight_layout()
    fig.savefig(args.output, dpi=120)
    print(f"{len(t)} spikes; wrote {args.output}")


if __name__ == "__main__":
    main()
