#!/usr/bin/python3
"""Growth over a growth_demo run (docs/growth.md): alive cortex neurons (from the run file's
/growth/log), synapses, mean in-degree, clustering and modularity (from its /metrics stream).

usage: scripts/plot_growth.py out/growth.h5 --seed-neurons 100 -o docs/growth.png
The run must have been made with --metrics-every; --seed-neurons is the model's `seed`.
"""
import argparse

import h5py
import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt
import numpy as np


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("file")
    ap.add_argument("--seed-neurons", type=int, default=100)
    ap.add_argument("--inputs", type=int, default=200, help="input neurons (the model's `inputs`)")
    ap.add_argument("-o", "--out", default="growth.png")
    a = ap.parse_args()
    with h5py.File(a.file, "r") as f:
        log = f["growth"]["log"]
        step, pop = log["step"][:], log["population"][:]
        made, pruned = log["made"][:].astype(np.int64), log["pruned"][:].astype(np.int64)
        m = f["metrics"]
        t_m = m["times"][:].ravel()
        edges, clustering, modularity = (m[k][:].ravel() for k in ("edges", "clustering", "modularity"))
    births = np.where(pop == 1, made, 0)
    deaths = np.where(pop == 1, pruned, 0)
    made_syn = np.where(pop == 0, made, 0)
    pruned_syn = np.where(pop == 0, pruned, 0)
    phases = np.unique(step)
    t_phase = (phases + 1) / 1000.0  # s (dt = 1 ms)
    per_phase = lambda x: np.array([x[step == s].sum() for s in phases])
    alive = a.seed_neurons + np.cumsum(per_phase(births) - per_phase(deaths))
    alive_at_metrics = np.interp(t_m / 1000.0, np.concatenate([[0], t_phase]), np.concatenate([[a.seed_neurons], alive]))
    fig, ax = plt.subplots(5, 1, figsize=(7, 11), sharex=True)
    ax[0].step(np.concatenate([[0], t_phase]), np.concatenate([[a.seed_neurons], alive]), where="post", c="k")
    ax[0].set_ylabel("cortex neurons")
    ax[1].plot(t_m / 1000.0, edges, "k.-")
    ax[1].set_ylabel("synapses")
    ax1b = ax[1].twinx()
    ax1b.bar(t_phase, per_phase(made_syn), width=0.4, color="tab:green", alpha=0.5, label="made")
    ax1b.bar(t_phase, -per_phase(pruned_syn), width=0.4, color="tab:red", alpha=0.5, label="pruned")
    ax1b.set_ylabel("per phase")
    ax1b.legend(loc="upper right", fontsize=8)
    ax[2].plot(t_m / 1000.0, edges / np.maximum(alive_at_metrics + a.inputs, 1), "k.-")
    ax[2].set_ylabel("mean degree\n(synapses / neurons)")
    ax[3].plot(t_m / 1000.0, clustering, "k.-")
    ax[3].set_ylabel("clustering")
    ax[4].plot(t_m / 1000.0, modularity, "k.-")
    ax[4].set_ylabel("modularity")
    ax[4].set_xlabel("time (s)")
    fig.suptitle("growth_demo: " + a.file)
    fig.tight_layout()
    fig.savefig(a.out, dpi=110)
    print(f"wrote {a.out}: {len(phases)} phases, neurons {a.seed_neurons} -> {alive[-1]}, synapses {edges[0]} -> {edges[-1]}")


if __name__ == "__main__":
    main()
