#!/usr/bin/python3
"""Izhikevich 2007 instrumental conditioning with `engram run rstdp_pavlovian`.

Runs the model in chunks (run, then resume from the snapshot), reads the conditioned synapse,
its eligibility, the other excitatory weights and the rewards from each snapshot, and plots the
weight of the conditioned synapse over time next to the final weight distribution.

    scripts/plot_pavlovian.py --engram build/apps/engram --minutes 60 --out out/pavlovian
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


def read(snapshot):
    with h5py.File(snapshot, "r") as f:
        others = np.concatenate([f["projections/exc_exc/weight"][:], f["projections/exc_inh/weight"][:]])
        cond = f["projections/conditioned/weight"][0]
        elig = f["plasticity/projections/conditioned/synapse_aux"][0]
        released = int(f["plasticity/contingencies/contingency_0"].attrs["released"])
        step = int(f.attrs["step"])
    return step, cond, elig, others, released


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--engram", default="build/apps/engram")
    ap.add_argument("--minutes", type=int, default=60, help="simulated minutes")
    ap.add_argument("--chunk", type=int, default=60, help="seconds between snapshots")
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--threads", type=int, default=1)
    ap.add_argument("--out", default="out/pavlovian")
    ap.add_argument("--figure", default=None, help="PNG to write (default: OUT/pavlovian.png)")
    ap.add_argument("--set", action="append", default=[], help="model parameter key=value")
    args = ap.parse_args()
    os.makedirs(args.out, exist_ok=True)
    snap = os.path.join(args.out, "brain.h5")
    common = ["--backend", "cpu", "--threads", str(args.threads), "--quiet", "--duration", f"{args.chunk}s", "--snapshot", snap]
    sets = sum((["--set", s] for s in args.set), [])
    rows = []
    chunks = args.minutes * 60 // args.chunk
    for k in range(chunks):
        if k == 0:
            cmd = [args.engram, "run", "rstdp_pavlovian", "--seed", str(args.seed)] + sets + common
        else:
            cmd = [args.engram, "resume", snap] + common
        subprocess.run(cmd, check=True, stdout=subprocess.DEVNULL)
        step, cond, elig, others, released = read(snap)
        rows.append((step / 1000.0, cond, elig, others.mean(), np.percentile(others, 99), released))
        print(f"{step / 1000:7.0f} s  conditioned {cond:6.3f}  eligibility {elig:+.4f}  others mean {others.mean():.3f} "
              f"p99 {np.percentile(others, 99):.3f}  rewards {released}", flush=True)
    t, cond, elig, mean, p99, rewards = map(np.array, zip(*rows))
    np.savetxt(os.path.join(args.out, "trajectory.csv"), np.column_stack([t, cond, elig, mean, p99, rewards]),
               delimiter=",", header="time_s,conditioned,eligibility,others_mean,others_p99,rewards", comments="")

    fig, (a, b) = plt.subplots(1, 2, figsize=(11, 4))
    a.plot(t / 60, cond, "b-", label="conditioned synapse")
    a.plot(t / 60, mean, "k-", label="other synapses, mean")
    a.plot(t / 60, p99, "k:", label="other synapses, 99th percentile")
    a.set_xlabel("time (min)")
    a.set_ylabel("weight")
    a.set_title(f"rstdp_pavlovian: {int(rewards[-1])} rewards")
    a.legend(loc="center right")
    a.set_ylim(-0.1, 4.2)
    b.hist(others, bins=np.linspace(0, 4, 81), color="0.6")
    b.axvline(cond[-1], color="r", label=f"conditioned synapse ({cond[-1]:.2f})")
    b.set_yscale("log")
    b.set_xlabel("weight")
    b.set_ylabel("synapses")
    b.set_title(f"excitatory weights after {t[-1] / 60:.0f} min")
    b.legend()
    fig.tight_layout()
    figure = args.figure or os.path.join(args.out, "pavlovian.png")
    fig.savefig(figure, dpi=110)
    print("wrote", figure)
    return 0


if __name__ == "__main__":
    sys.exit(main())
