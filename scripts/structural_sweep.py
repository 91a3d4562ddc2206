#!/usr/bin/env python3
"""Structural-prior sweep: connection width sigma x STDP amplitude A+ (docs/research.md).

For every (sigma, A+) pair, runs the polychronization network with its excitatory synapses drawn
on a 2-D torus sheet (gaussian_distance, same mean out-degree) and STDP, snapshots it, and reads
the topology of its strong excitatory synapses (|w| >= --threshold) with `engram metrics`:
modularity, small-world sigma and omega, clustering, path length. Prints a table, writes JSON and
heat maps. Each pair is a separate run (batched replicas are not built yet).

  scripts/structural_sweep.py --sigmas 0.05,0.1,0.2,0.4 --a-plus 0.05,0.1,0.15,0.2 --duration 60s \\
      --out out/sweep.json --plot docs/structural_sweep.png
"""
import argparse
import json
import os
import re
import subprocess
import sys
import tempfile

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
METRICS = ["modularity", "sigma", "omega", "clustering", "path_length", "edges"]


def metrics_of(engram, snapshot, threshold):
    out = subprocess.run([engram, "metrics", snapshot, "--threshold", str(threshold)], check=True,
                         capture_output=True, text=True).stdout
    values = {}
    for line in out.splitlines():
        m = re.match(r"\s+(\w+)\s+(-?[\d.eE+-]+|nan|-?inf)\s*$", line)
        if m:
            values[m.group(1)] = float(m.group(2))
    return values


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--sigmas", default="0.05,0.1,0.2,0.4")
    ap.add_argument("--a-plus", default="0.05,0.1,0.15,0.2")
    ap.add_argument("--duration", default="60s")
    ap.add_argument("--threshold", type=float, default=5.0, help="strong synapses: |w| at least this")
    ap.add_argument("--seed", default="1")
    ap.add_argument("--engram", default=os.path.join(ROOT, "build", "apps", "engram"))
    ap.add_argument("--out", help="results JSON")
    ap.add_argument("--plot", help="heat maps (PNG)")
    a = ap.parse_args()
    sigmas = [float(s) for s in a.sigmas.split(",")]
    a_plus = [float(s) for s in a.a_plus.split(",")]
    rows = []
    with tempfile.TemporaryDirectory() as tmp:
        for s in sigmas:
            for ap_ in a_plus:
                snap = os.path.join(tmp, "net.h5")
                subprocess.run([a.engram, "run", "polychronization", "--set", f"sigma={s}", "--set", f"a_plus={ap_}",
                                "--seed", a.seed, "--duration", a.duration, "--threads", "1", "--quiet",
                                "--snapshot", snap], check=True, capture_output=True)
                m = metrics_of(a.engram, snap, a.threshold)
                row = {"width": s, "a_plus": ap_, **{k: m.get(k, float("nan")) for k in METRICS}}
                rows.append(row)
                print(f"width {s:<5} A+ {ap_:<5} " + " ".join(f"{k} {row[k]:.4g}" for k in METRICS), flush=True)
    best = max(rows, key=lambda r: (r["modularity"] if r["modularity"] == r["modularity"] else -1))
    print(f"highest modularity: width {best['width']}, A+ {best['a_plus']} ({best['modularity']:.3f})")
    sw = max(rows, key=lambda r: r["sigma"] if r["sigma"] == r["sigma"] else -1)
    print(f"most small-world (sigma): width {sw['width']}, A+ {sw['a_plus']} ({sw['sigma']:.3f})")
    if a.out:
        with open(a.out, "w") as f:
            json.dump({"duration": a.duration, "threshold": a.threshold, "seed": a.seed, "rows": rows}, f, indent=1)
    if a.plot:
        import matplotlib
        matplotlib.use("Agg")
        import matplotlib.pyplot as plt
        import numpy as np
        fig, axes = plt.subplots(1, 4, figsize=(16, 3.6))
        for ax, key in zip(axes, ["modularity", "sigma", "omega", "clustering"]):
            grid = np.array([[next(r[key] for r in rows if r["width"] == s and r["a_plus"] == p) for p in a_plus] for s in sigmas])
            im = ax.imshow(grid, origin="lower", cmap="viridis", aspect="auto")
            ax.set_xticks(range(len(a_plus)), [str(p) for p in a_plus])
            ax.set_yticks(range(len(sigmas)), [str(s) for s in sigmas])
            ax.set_xlabel("STDP A+")
            ax.set_ylabel("connection width sigma")
            ax.set_title({"sigma": "small-world sigma", "omega": "small-world omega"}.get(key, key))
            for i in range(len(sigmas)):
                for j in range(len(a_plus)):
                    ax.text(j, i, f"{grid[i, j]:.2f}", ha="center", va="center", color="w", fontsize=8)
            fig.colorbar(im, ax=ax)
        fig.suptitle(f"polychronization on a torus sheet, {a.duration} of STDP, synapses |w| >= {a.threshold}")
        fig.tight_layout()
        fig.savefig(a.plot, dpi=110)
        print(f"plot: {a.plot}")


if __name__ == "__main__":
    sys.exit(main())
