#!/usr/bin/python3
"""Plots an Engram run file: raster, population rates, the rate's power spectrum and, when the
run streamed them, weight histograms over time, topology metrics over time and membrane probes.

usage: scripts/plot_run.py out/run.h5 [-o out/run.png] [--window-ms 1000] [--bin-ms 1]
Prints each population's mean rate and the spectral peaks (overall and in the gamma band 30-80 Hz).
"""
import argparse

import h5py
import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt
import numpy as np


def load_spikes(f):
    if int(f.attrs.get("magic", 0)) != 0x0A7A or "spikes" not in f:
        raise SystemExit("not a SONATA spike file (no magic 0x0A7A or /spikes)")
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


def plot_raster_rates(ax_r, ax_rate, pops, t_end, window_ms):
    offset, t0 = 0, max(0.0, t_end - window_ms)
    for name, (t, ids) in pops.items():
        n = int(ids.max()) + 1 if len(ids) else 0
        sel = t >= t0
        ax_r.scatter(t[sel], ids[sel] + offset, s=0.5, label=name)
        counts, edges = np.histogram(t[sel], bins=np.arange(t0, t_end + 5, 5))
        ax_rate.plot(edges[:-1], counts / max(n, 1) / 0.005, label=name)
        print(f"{name}: {len(t)} spikes, {len(t) / max(n, 1) / (t_end / 1000):.2f} Hz mean (over {n} spiking ids)")
        offset += n
    ax_r.set_ylabel("neuron")
    ax_r.legend(loc="upper right", markerscale=10)
    ax_rate.set_ylabel("rate (Hz)")
    ax_rate.set_xlabel("time (ms)")


def plot_spectrum(ax, pops, t_end, bin_ms):
    freqs, power = spectrum(np.concatenate([t for t, _ in pops.values()]), t_end, bin_ms)
    band, gamma = (freqs >= 2) & (freqs <= 150), (freqs >= 30) & (freqs <= 80)
    peak, gamma_peak = freqs[band][np.argmax(power[band])], freqs[gamma][np.argmax(power[gamma])]
    print(f"spectral peak {peak:.1f} Hz; gamma-band (30-80 Hz) peak {gamma_peak:.1f} Hz")
    ax.semilogy(freqs[band], power[band])
    ax.set_xlabel("frequency (Hz)")
    ax.set_ylabel("power")
    return peak, gamma_peak


def plot_weights(ax, f):
    for name, g in f["weights"].items():
        times, edges, hist = g["times"][:, 0], g["bin_edges"][:], g["histogram"][:]
        frac = hist / np.maximum(hist.sum(axis=1, keepdims=True), 1)
        ax.imshow(frac.T, aspect="auto", origin="lower", cmap="viridis",
                  extent=[times[0] / 1000, times[-1] / 1000 if len(times) > 1 else 1, edges[0], edges[-1]])
        ax.set_title(f"weights of {name} over time (fraction per bin)")
        ax.set_xlabel("time (s)")
        ax.set_ylabel("weight")
        return  # the first projection; one panel keeps the page readable


def plot_metrics(ax, f):
    g = f["metrics"]
    t = g["times"][:, 0] / 1000
    for name in ("clustering", "modularity", "sigma", "efficiency"):
        if name in g:
            ax.plot(t, g[name][:, 0], marker="o", label=name)
    ax.set_xlabel("time (s)")
    ax.set_title("topology of the excitatory graph")
    ax.legend()


def plot_probes(ax, f):
    for name, g in f["state"].items():
        t, v = g["times"][:, 0], g["v"][:]
        ids = g["node_ids"][:]
        for k in range(min(3, v.shape[1])):
            ax.plot(t, v[:, k], lw=0.7, label=f"{name} {ids[k]}")
    ax.set_xlabel("time (ms)")
    ax.set_ylabel("v (mV)")
    ax.legend(fontsize=7)


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("run_file")
    ap.add_argument("-o", "--output")
    ap.add_argument("--window-ms", type=float, default=1000.0, help="raster window (the last N ms)")
    ap.add_argument("--bin-ms", type=float, default=1.0)
    args = ap.parse_args()
    with h5py.File(args.run_file, "r") as f:
        pops = load_spikes(f)
        t_end = max((t.max() for t, _ in pops.values() if len(t)), default=0.0)
        if t_end == 0:
            raise SystemExit("no spikes in the file")
        extras = [k for k in ("weights", "metrics", "state") if k in f]
        rows = 3 + len(extras)
        fig, axes = plt.subplots(rows, 1, figsize=(9, 3 * rows + 2),
                                 gridspec_kw={"height_ratios": [3, 1.2, 1.2] + [1.6] * len(extras)})
        plot_raster_rates(axes[0], axes[1], pops, t_end, args.window_ms)
        peak, gamma_peak = plot_spectrum(axes[2], pops, t_end, args.bin_ms)
        for ax, kind in zip(axes[3:], extras):
            {"weights": plot_weights, "metrics": plot_metrics, "state": plot_probes}[kind](ax, f)
    axes[0].set_title(f"{args.run_file}: peak {peak:.1f} Hz, gamma peak {gamma_peak:.1f} Hz")
    fig.tight_layout()
    out = args.output or args.run_file.rsplit(".", 1)[0] + ".png"
    fig.savefig(out, dpi=100)
    print(f"wrote {out}")


if __name__ == "__main__":
    main()
