#!/usr/bin/python3
"""The cortical microcircuit's activity as Potjans & Diesmann (2014) show it: a raster of a share
of every population over a window, layers top to bottom, and a box plot of the neurons' rates
per population.

usage: scripts/plot_microcircuit.py out/microcircuit.h5 --scale 0.1 -o docs/microcircuit.png
       [--from-ms 200] [--window-ms 100] [--share 0.1]
Population sizes follow the model's (round(full size x scale)): pass the run's --set scale.
"""
import argparse

import h5py
import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt
import numpy as np

NAMES = ["L23e", "L23i", "L4e", "L4i", "L5e", "L5i", "L6e", "L6i"]
FULL = [20683, 5834, 21915, 5479, 4850, 1065, 14395, 2948]


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("file")
    ap.add_argument("--scale", type=float, default=0.1)
    ap.add_argument("--from-ms", type=float, default=200.0, help="rates count spikes after this")
    ap.add_argument("--window-ms", type=float, default=100.0, help="the raster's last window")
    ap.add_argument("--share", type=float, default=0.1, help="share of each population in the raster")
    ap.add_argument("-o", "--out", default="microcircuit.png")
    a = ap.parse_args()
    sizes = [max(1, int(np.floor(n * a.scale + 0.5))) for n in FULL]
    spikes = {}
    with h5py.File(a.file, "r") as f:
        for name in NAMES:
            g = f["spikes"].get(name)
            spikes[name] = ((g["timestamps"][:], g["node_ids"][:].astype(np.int64)) if g is not None
                            else (np.array([]), np.array([], dtype=np.int64)))
    t_end = max((float(t.max()) for t, _ in spikes.values() if len(t)), default=a.from_ms + a.window_ms)
    t0 = max(a.from_ms, t_end - a.window_ms)

    fig, (raster, box) = plt.subplots(1, 2, figsize=(11, 6), gridspec_kw={"width_ratios": [3, 2]})
    offset, ticks = 0, []
    for name, size in zip(NAMES, sizes):  # L2/3 at the top, as in the paper
        t, ids = spikes[name]
        shown = max(1, int(size * a.share))
        sel = (t >= t0) & (ids < shown)
        colour = "#1f4e9c" if name.endswith("e") else "#c0392b"
        raster.scatter(t[sel], -(offset + ids[sel]), s=0.5, c=colour, marker="|")
        ticks.append((-(offset + shown / 2), name))
        offset += shown + max(2, shown // 10)
    raster.set_yticks([y for y, _ in ticks], [n for _, n in ticks])
    raster.set_xlabel("time (ms)")
    raster.set_title(f"{int(a.share * 100)} % of each population, scale {a.scale:g}")

    duration_s = (t_end - a.from_ms) / 1000.0
    rates = []
    for name, size in zip(NAMES, sizes):
        t, ids = spikes[name]
        counts = np.bincount(ids[t >= a.from_ms].astype(np.int64), minlength=size)[:size]
        rates.append(counts / duration_s if duration_s > 0 else counts * 0.0)
    parts = box.boxplot(rates, vert=False, labels=NAMES, showfliers=False, patch_artist=True)
    for patch, name in zip(parts["boxes"], NAMES):
        patch.set_facecolor("#9db4dd" if name.endswith("e") else "#f1a9a0")
    box.invert_yaxis()
    box.set_xlabel(f"rate (Hz), {a.from_ms:g} ms to {t_end:.0f} ms")
    box.set_title("rates per neuron")
    for i, r in enumerate(rates):
        print(f"{NAMES[i]:>5}: {len(r):6d} neurons, mean {r.mean():6.2f} Hz")
    fig.tight_layout()
    fig.savefig(a.out, dpi=110)
    print(f"wrote {a.out}")


if __name__ == "__main__":
    main()
