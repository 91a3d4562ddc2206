#!/usr/bin/python3
"""Izhikevich 2006 polychronization with STDP over a long run: the weight distribution at
several times (read from snapshots) and the raster and rate spectrum of the first and the last
seconds (read from SONATA spike files). The published signature: excitatory weights become
bimodal (piled at 0 and at w_max = 10) and the network settles into a gamma-range rhythm.

    scripts/plot_polychronization_stdp.py --engram build/apps/engram --minutes 60 --out out/poly
"""
import argparse
import os
import subprocess
import sys

import h5py
import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402
import numpy as np  # noqa: E402

RECORD_S = 10  # seconds of spikes kept at the start and at the end


def engram(args, cmd):
    subprocess.run([args.engram] + cmd + ["--backend", "cpu", "--threads", str(args.threads), "--quiet"],
                   check=True, stdout=subprocess.DEVNULL)


def weights(snapshot):
    with h5py.File(snapshot, "r") as f:
        return np.concatenate([f["projections/exc_exc/weight"][:], f["projections/exc_inh/weight"][:]]), int(f.attrs["step"])


def spikes(path):
    with h5py.File(path, "r") as f:
        t = [f[f"spikes/{p}/timestamps"][:] for p in ("exc", "inh")]
        ids = [f[f"spikes/{p}/node_ids"][:] + (0 if p == "exc" else 800) for p in ("exc", "inh")]
    return np.concatenate(t), np.concatenate(ids)


def spectrum(t, t0, t1, bin_ms=1.0, segment_ms=1000.0):
    counts, _ = np.histogram(t, bins=np.arange(t0, t1 + bin_ms, bin_ms))
    seg = int(segment_ms / bin_ms)
    parts = counts[: len(counts) // seg * seg].reshape(-1, seg).astype(float)
    parts -= parts.mean(axis=1, keepdims=True)
    power = (np.abs(np.fft.rfft(parts, axis=1)) ** 2).mean(axis=0)
    return np.fft.rfftfreq(seg, d=bin_ms / 1000.0), power


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--engram", default="build/apps/engram")
    ap.add_argument("--minutes", type=int, default=60)
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--threads", type=int, default=1)
    ap.add_argument("--out", default="out/poly")
    ap.add_argument("--figure", default=None)
    args = ap.parse_args()
    os.makedirs(args.out, exist_ok=True)
    total = args.minutes * 60
    snap = lambda name: os.path.join(args.out, f"{name}.h5")  # noqa: E731
    first, last = os.path.join(args.out, "spikes_first.h5"), os.path.join(args.out, "spikes_last.h5")
    # 0 -> 10 s with spikes, then on to each checkpoint, then the last 10 s with spikes.
    checkpoints = sorted({60, 600, total - RECORD_S} & set(range(RECORD_S + 1, total)))
    engram(args, ["run", "polychronization", "--seed", str(args.seed), "--duration", f"{RECORD_S}s", "--out", first,
                  "--snapshot", snap(f"t{RECORD_S}")])
    previous = RECORD_S
    for c in checkpoints:
        engram(args, ["resume", snap(f"t{previous}"), "--duration", f"{c - previous}s", "--snapshot", snap(f"t{c}")])
        print(f"{c} s simulated", flush=True)
        previous = c
    engram(args, ["resume", snap(f"t{previous}"), "--duration", f"{total - previous}s", "--out", last, "--snapshot", snap(f"t{total}")])

    fig, ax = plt.subplots(2, 3, figsize=(15, 8))
    bins = np.linspace(0, 10, 101)
    for k, c in enumerate([RECORD_S] + checkpoints + [total]):
        w, _ = weights(snap(f"t{c}"))
        ax[0, 0].hist(w, bins=bins, histtype="step", log=True, label=f"{c / 60:.1f} min" if c >= 60 else f"{c} s")
        print(f"t = {c:5d} s: excitatory weights mean {w.mean():.2f}, below 1: {np.mean(w < 1):.1%}, above 9: {np.mean(w > 9):.1%}")
    ax[0, 0].set_xlabel("excitatory weight")
    ax[0, 0].set_ylabel("synapses")
    ax[0, 0].set_title("weight distribution")
    ax[0, 0].legend(fontsize=8)
    for col, (path, t0, label) in enumerate([(first, 0, "first"), (last, (total - RECORD_S) * 1000, "last")], start=1):
        t, ids = spikes(path)
        sel = t < t0 + 1000
        ax[0, col].scatter(t[sel] / 1000, ids[sel], s=0.3, c=np.where(ids[sel] < 800, "k", "r"))
        ax[0, col].set_title(f"{label} second of the {label} {RECORD_S} s")
        ax[0, col].set_xlabel("time (s)")
        ax[0, col].set_ylabel("neuron")
        f, p = spectrum(t, t0, t0 + RECORD_S * 1000)
        band = (f >= 1) & (f <= 150)
        ax[1, col].semilogy(f[band], p[band])
        peak = f[band][np.argmax(p[band])]
        # The gamma peak and its prominence: peak power over the median of 20-150 Hz.
        gamma = (f >= 20) & (f <= 100)
        gamma_peak = f[gamma][np.argmax(p[gamma])]
        prominence = p[gamma].max() / np.median(p[(f >= 20) & (f <= 150)])
        ax[1, col].set_title(f"rate spectrum, {label} {RECORD_S} s: gamma peak {gamma_peak:.0f} Hz ({prominence:.0f}x)")
        ax[1, col].set_xlabel("frequency (Hz)")
        rate_exc = np.sum(ids < 800) / 800 / RECORD_S
        rate_inh = np.sum(ids >= 800) / 200 / RECORD_S
        print(f"{label} {RECORD_S} s: exc {rate_exc:.2f} Hz, inh {rate_inh:.2f} Hz, spectral peak {peak:.1f} Hz, "
              f"gamma peak (20-100 Hz) {gamma_peak:.1f} Hz at {prominence:.1f}x the 20-150 Hz median")
    w, _ = weights(snap(f"t{total}"))
    ax[1, 0].hist(w, bins=bins, color="0.5")
    ax[1, 0].set_title(f"excitatory weights after {total / 60:.0f} min (linear)")
    ax[1, 0].set_xlabel("weight")
    fig.tight_layout()
    figure = args.figure or os.path.join(args.out, "polychronization_stdp.png")
    fig.savefig(figure, dpi=100)
    print("wrote", figure)
    return 0


if __name__ == "__main__":
    sys.exit(main())
