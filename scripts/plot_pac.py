#!/usr/bin/python3
"""Phase-amplitude plot of a run's population rate: mean amplitude of the fast band in each phase
bin of the slow band, over two cycles, with the Tort modulation index (docs/rhythms.md).

usage: scripts/plot_pac.py out/run.h5 [-o pac.png] [--population exc] [--phase theta] [--amplitude gamma]
"""
import argparse

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt
import numpy as np

import pac


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("run", nargs="+", help="SONATA spike files (engram run --out); several are overlaid")
    ap.add_argument("-o", "--output", default="pac.png")
    ap.add_argument("--population", default=None)
    ap.add_argument("--phase", default="theta")
    ap.add_argument("--amplitude", default="gamma")
    ap.add_argument("--label", action="append", help="legend label per run file")
    args = ap.parse_args()
    phase_band, amplitude_band = pac.parse_band(args.phase), pac.parse_band(args.amplitude)
    fig, ax = plt.subplots(figsize=(6, 3.5))
    for i, path in enumerate(args.run):
        x, dt = pac.population_rate(path, args.population)
        mi, mean = pac.modulation_index(x, dt, phase_band, amplitude_band)
        bins = len(mean)
        centres = np.degrees(-np.pi + (np.arange(2 * bins) + 0.5) * 2 * np.pi / bins)
        label = (args.label[i] if args.label and i < len(args.label) else path) + f" (MI {mi:.4f})"
        ax.bar(centres, np.tile(mean / mean.sum(), 2), width=360 / bins * 0.8, alpha=0.6, label=label)
        print(f"{path}: {args.phase} phase x {args.amplitude} amplitude MI {mi:.5f}")
    ax.set_xlabel(f"{args.phase} phase (degrees, two cycles)")
    ax.set_ylabel(f"normalised {args.amplitude} amplitude")
    ax.legend(fontsize=8)
    fig.tight_layout()
    fig.savefig(args.output, dpi=120)
    print(f"wrote {args.output}")


if __name__ == "__main__":
    main()
