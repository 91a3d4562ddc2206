#!/usr/bin/python3
"""Plots a run's SONATA spike file: raster, population rates and the rate's power spectrum.

usage: scripts/plot_run.py out/run.h5 [-o out/run.png] [--window-ms 1000] [--bin-ms 1]
Prints each population's mean rate and the spectral peaks (all, and in the gamma band 30-80 Hz).
"""
import argparse

import h5py
import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt
import numpy as np


def load(path):
    with h5py.File(path, "r") as f:
        if int(f.attrs.get("magic", 0)) != 0x0A7A or "spikes" not in f:
            raise SystemExit(f"{path}: not a SONATA spike file")
        return {name: (g["timestamps"][:], g["node_ids"][:]) for name, g in f["spikes"].items()}


def spectrum(times, t_end, bin_ms, segment_ms=1000.0):
    """Welch estimate: mean periodogram of 1 s segments of the binned population rate."""
    counts, _ = np.histogram(times, bins=np.arange(0, t_end + bin_ms, bin_ms))
    seg = min(len(counts), int(segment_ms / bin_ms))
    parts = counts[: len(counts) // seg * seg].reshape(-1, seg).astype(float)
    parts -= parts.mean(axis=1, keepdims=True)
    power = (np.abs(np.fft.rfft(parts, axis=1)) ** 2).mean(axis=0)
    freqs = np.fft.rfftfreq(seg, d=bin_ms / 1000.0)
    return freqs, power


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("spikes")
    ap.add_argument("-o", "--output")
    ap.add_argument("--window-ms", type=float, default=1000.0, help="raster window (the last N ms)")
    ap.add_argument("--bin-ms", type=float, default=1.0)
    args = ap.parse_args()
    pops = load(args.spikes)
    t_end = max((t.max() for t, _ in pops.values() if len(t)), default=0.0)
    if t_end == 0:
        raise SystemExit("no spikes in the file")

    fig, (ax_r, ax_rate, ax_psd) = plt.subplots(3, 1, figsize=(9, 9), gridspec_kw={"height_ratios": [3, 1.2, 1.2]})
    offset, all_times = 0, []
    t0 = max(0.0, t_end - args.window_ms)
    for name, (t, ids) in pops.items():
        n = int(ids.max()) + 1 if len(ids) else 0
        sel = t >= t0
        ax_r.scatter(t[sel], ids[sel] + offset, s=0.5, label=name)
        counts, edges = np.histogram(t[sel], bins=np.arange(t0, t_end + 5, 5))
        ax_rate.plot(edges[:-1], counts / max(n, 1) / 0.005, label=name)
        print(f"{name}: {len(t)} spikes, {len(t) / max(n, 1) / (t_end / 1000):.2f} Hz mean (over {n} spiking ids)")
        offset += n
        all_times.append(t)
    ax_r.set_ylabel("neuron")
    ax_r.legend(loc="upper right", markerscale=10)
    ax_rate.set_ylabel("rate (Hz)")
    ax_rate.set_xlabel("time (ms)")
    freqs, power = spectrum(np.concatenate(all_times), t_end, args.bin_ms)
    band = (freqs >= 2) & (freqs <= 150)
    gamma = (freqs >= 30) & (freqs <= 80)
    peak = freqs[band][np.argmax(power[band])]
    gamma_peak = freqs[gamma][np.argmax(power[gamma])]
    print(f"spectral peak {peak:.1f} Hz; gamma-band (30-80 Hz) peak {gamma_peak:.1f} Hz")
    ax_psd.semilogy(freqs[band], power[band])
    ax_psd.set_xlabel("frequency (Hz)")
    ax_psd.set_ylabel("power")
    ax_r.set_title(f"{args.spikes}: peak {peak:.1f} Hz, gamma peak {gamma_peak:.1f} Hz")
    fig.tight_layout()
    out = args.output or args.spikes.rsplit(".", 1)[0] + ".png"
    fig.savefig(out, dpi=110)
    print(f"wrote {out}")


if __name__ == "__main__":
    main()
