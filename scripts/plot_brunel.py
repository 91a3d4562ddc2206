#!/usr/bin/python3
"""Brunel (2000) Fig. 8-style panels, one per run file: a raster of the first excitatory neurons
and the population rate over the last window of each run.

usage: scripts/plot_brunel.py out/brunel_sr.h5 out/brunel_ai.h5 ... -o docs/brunel2000.png
       [--window-ms 200] [--neurons 50] [--bin-ms 0.5]
The titles are the file names' stems (after "brunel_"), e.g. sr, ai, si_fast, si_slow.
"""
import argparse
import os

import h5py
import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt
import numpy as np


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("files", nargs="+")
    ap.add_argument("-o", "--out", default="brunel2000.png")
    ap.add_argument("--window-ms", type=float, default=200.0)
    ap.add_argument("--neurons", type=int, default=50)
    ap.add_argument("--bin-ms", type=float, default=0.5)
    a = ap.parse_args()
    fig, axes = plt.subplots(2, len(a.files), figsize=(4 * len(a.files), 5), sharex="col",
                             gridspec_kw={"height_ratios": [3, 1]}, squeeze=False)
    for col, path in enumerate(a.files):
        with h5py.File(path, "r") as f:
            g = f["spikes"]["exc"]
            t, ids = g["timestamps"][:], g["node_ids"][:]
        t_end = float(t.max()) if len(t) else a.window_ms
        t0 = max(0.0, t_end - a.window_ms)
        sel = (t >= t0) & (ids < a.neurons)
        axes[0, col].scatter(t[sel], ids[sel], s=1, c="k")
        axes[0, col].set_title(os.path.splitext(os.path.basename(path))[0].replace("brunel_", ""))
        n = int(ids.max()) + 1 if len(ids) else 1
        counts, edges = np.histogram(t[t >= t0], bins=np.arange(t0, t_end + a.bin_ms, a.bin_ms))
        axes[1, col].plot(edges[:-1], counts / n / (a.bin_ms / 1000.0), lw=0.7)
        axes[1, col].set_xlabel("time (ms)")
    axes[0, 0].set_ylabel("excitatory neuron")
    axes[1, 0].set_ylabel("rate (Hz)")
    fig.tight_layout()
    fig.savefig(a.out, dpi=110)
    print(f"wrote {a.out}")


if __name__ == "__main__":
    main()
