#!/usr/bin/env python3
"""Structural-prior sweep: connection width sigma x STDP amplitude A+ (docs/research.md).

For every (sigma, A+) pair and seed, the polychronization network with its excitatory synapses
drawn on a 2-D torus sheet (gaussian_distance, same mean out-degree) and STDP, and the topology of
its strong excitatory synapses (|w| >= --threshold): modularity, small-world sigma and omega,
clustering, path length. Prints a table (means over seeds), writes JSON and heat maps.

--mode batched (default): the whole grid x seeds is one `engram sweep`: batched replicas in one
simulator, each replica's metrics on its own sub-graph. --mode runs: the old way, one
`engram run` + `engram metrics` per pair and seed (the same numbers; for timing).

  scripts/structural_sweep.py --sigmas 0.15,0.2,0.3,0.5 --a-plus 0.05,0.1,0.15,0.2 --duration 60s \\
      --out out/sweep.json --plot docs/structural_sweep.png
"""
import argparse
import json
import os
import re
import subprocess
import sys
import tempfile
import time

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


def nan_if_none(v):
    return float("nan") if v is None else v


def batched(a, sigmas, a_plus, seeds):
    with tempfile.TemporaryDirectory() as tmp:
        out = os.path.join(tmp, "sweep.json")
        cmd = [a.engram, "sweep", "polychronization", "--grid", "sigma=" + ",".join(map(str, sigmas)),
               "--grid", "a_plus=" + ",".join(map(str, a_plus)), "--seeds", ",".join(map(str, seeds)),
               "--duration", a.duration, "--threads", str(a.threads), "--threshold", str(a.threshold),
               "--quiet", "--json", out]
        subprocess.run(cmd, check=True)
        with open(out) as f:
            result = json.load(f)
    rows = [{"width": r["params"]["sigma"], "a_plus": r["params"]["a_plus"], "seed": r["seed"],
             **{k: nan_if_none(r["metrics"].get(k)) for k in METRICS}} for r in result["replicas"]]
    return rows, result["wall_s"]


def separate_runs(a, sigmas, a_plus, seeds):
    rows = []
    with tempfile.TemporaryDirectory() as tmp:
        for s in sigmas:
            for ap_ in a_plus:
                for seed in seeds:
                    snap = os.path.join(tmp, "net.h5")
                    subprocess.run([a.engram, "run", "polychronization", "--set", f"sigma={s}", "--set", f"a_plus={ap_}",
                                    "--seed", str(seed), "--duration", a.duration, "--threads", str(a.threads), "--quiet",
                                    "--snapshot", snap], check=True, capture_output=True)
                    m = metrics_of(a.engram, snap, a.threshold)
                    rows.append({"width": s, "a_plus": ap_, "seed": seed, **{k: m.get(k, float("nan")) for k in METRICS}})
    return rows, None


def mean_over_seeds(rows, s, p, key):
    vals = [r[key] for r in rows if r["width"] == s and r["a_plus"] == p and r[key] == r[key]]
    return sum(vals) / len(vals) if vals else float("nan")


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--sigmas", default="0.15,0.2,0.3,0.5")
    ap.add_argument("--a-plus", default="0.05,0.1,0.15,0.2")
    ap.add_argument("--duration", default="60s")
    ap.add_argument("--threshold", type=float, default=5.0, help="strong synapses: |w| at least this")
    ap.add_argument("--seeds", default="1", help="comma-separated; every pair runs with each")
    ap.add_argument("--seed", help="one seed (the old option; same as --seeds)")
    ap.add_argument("--threads", type=int, default=1)
    ap.add_argument("--mode", choices=["batched", "runs"], default="batched")
    ap.add_argument("--engram", default=os.path.join(ROOT, "build", "apps", "engram"))
    ap.add_argument("--out", help="results JSON")
    ap.add_argument("--plot", help="heat maps (PNG)")
    a = ap.parse_args()
    sigmas = [float(s) for s in a.sigmas.split(",")]
    a_plus = [float(s) for s in a.a_plus.split(",")]
    seeds = [int(s) for s in (a.seed or a.seeds).split(",")]
    start = time.monotonic()
    rows, wall = (batched if a.mode == "batched" else separate_runs)(a, sigmas, a_plus, seeds)
    elapsed = time.monotonic() - start
    for r in rows:
        print(f"width {r['width']:<5} A+ {r['a_plus']:<5} seed {r['seed']:<3} " + " ".join(f"{k} {r[k]:.4g}" for k in METRICS))
    mean = [{"width": s, "a_plus": p, **{k: mean_over_seeds(rows, s, p, k) for k in METRICS}} for s in sigmas for p in a_plus]
    best = max(mean, key=lambda r: (r["modularity"] if r["modularity"] == r["modularity"] else -1))
    print(f"highest modularity: width {best['width']}, A+ {best['a_plus']} ({best['modularity']:.3f})")
    sw = max(mean, key=lambda r: r["sigma"] if r["sigma"] == r["sigma"] else -1)
    print(f"most small-world (sigma): width {sw['width']}, A+ {sw['a_plus']} ({sw['sigma']:.3f})")
    print(f"{len(rows)} networks, mode {a.mode}: {elapsed:.1f} s wall" + (f" (engram sweep: {wall})" if wall else ""))
    if a.out:
        with open(a.out, "w") as f:
            json.dump({"duration": a.duration, "threshold": a.threshold, "seeds": seeds, "mode": a.mode,
                       "wall_s": elapsed, "rows": rows}, f, indent=1)
    if a.plot:
        import matplotlib
        matplotlib.use("Agg")
        import matplotlib.pyplot as plt
        import numpy as np
        fig, axes = plt.subplots(1, 4, figsize=(16, 3.6))
        for ax, key in zip(axes, ["modularity", "sigma", "omega", "clustering"]):
            grid = np.array([[mean_over_seeds(rows, s, p, key) for p in a_plus] for s in sigmas])
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
        seeds_text = f"seed {seeds[0]}" if len(seeds) == 1 else f"mean of seeds {','.join(map(str, seeds))}"
        fig.suptitle(f"polychronization on a torus sheet, {a.duration} of STDP, synapses |w| >= {a.threshold}, {seeds_text}")
        fig.tight_layout()
        fig.savefig(a.plot, dpi=110)
        print(f"plot: {a.plot}")


if __name__ == "__main__":
    sys.exit(main())
