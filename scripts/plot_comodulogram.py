#!/usr/bin/python3
"""Comodulogram of a run's population rate: the Tort modulation index for every pair of a phase
frequency (slow, 2 Hz wide bands) and an amplitude frequency (fast, 20 Hz wide bands).

usage: scripts/plot_comodulogram.py out/run.h5 [-o comod.png] [--population exc]
       [--phase-range 2 14 1] [--amplitude-range 20 100 5]
"""
import argparse

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt
import numpy as np

import pac


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("run")
    ap.add_argument("-o", "--output", default="comodulogram.png")
    ap.add_argument("--population", default=None)
    ap.add_argument("--phase-range", nargs=3, type=float, default=[2, 14, 1], metavar=("LOW", "HIGH", "STEP"))
    ap.add_argument("--amplitude-range", nargs=3, type=float, default=[20, 100, 5], metavar=("LOW", "HIGH", "STEP"))
    args = ap.parse_args()
    x, dt = pac.population_rate(args.run, args.population)
    phases = np.arange(args.phase_range[0], args.phase_range[1] + 1e-9, args.phase_range[2])
    amplitudes = np.arange(args.amplitude_range[0], args.amplitude_range[1] + 1e-9, args.amplitude_range[2])
    mi = np.zeros((len(amplitudes), len(phases)))
    for j, fp in enumerate(phases):
        for i, fa in enumerate(amplitudes):
            mi[i, j], _ = pac.modulation_index(x, dt, (max(fp - 1, 0.5), fp + 1), (fa - 10, fa + 10))
    i, j = np.unravel_index(np.argmax(mi), mi.shape)
    print(f"{args.run}: largest MI {mi[i, j]:.5f} at phase {phases[j]:g} Hz x amplitude {amplitudes[i]:g} Hz")
    fig, ax = plt.subplots(figsize=(5.5, 4))
    im = ax.pcolormesh(phases, amplitudes, mi, shading="nearest", cmap="viridis")
    fig.colorbar(im, ax=ax, label="modulation index")
    ax.set_xlabel("phase frequency (Hz)")
    ax.set_ylabel("amplitude frequency (Hz)")
    ax.set_title(args.run.split("/")[-1], fontsize=9)
    fig.tight_layout()
    fig.savefig(args.output, dpi=120)
    print(f"wrote {args.output}")


if __name__ == "__main__":
    main()
