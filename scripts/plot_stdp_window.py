#!/usr/bin/python3
"""The STDP window measured with `engram run stdp_pairing`, against A+ exp(-dt/tau+) and
-A- exp(dt/tau-), for several axonal delays (dt counts from the presynaptic ARRIVAL).

    scripts/plot_stdp_window.py --engram build/apps/engram --out docs/stdp_window.png
"""
import argparse
import os
import subprocess
import sys
import tempfile

import h5py
import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402
import numpy as np  # noqa: E402

A_PLUS, A_MINUS, TAU_PLUS, TAU_MINUS, RANGE, W0 = 0.01, 0.012, 20.0, 20.0, 50, 0.5


def measure(engram, folder, delay, sets):
    snap = os.path.join(folder, f"pairing_d{delay}.h5")
    cmd = [engram, "run", "stdp_pairing", "--backend", "cpu", "--quiet", "--duration", "300ms", "--snapshot", snap,
           "--set", f"delay={delay}", "--set", f"range={RANGE}"] + sum((["--set", s] for s in sets), [])
    subprocess.run(cmd, check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    with h5py.File(snap, "r") as f:
        w = f["projections/pairing/weight"][:]
        target = f["projections/pairing/target"][:]
        post_first = f["projections/pairing"].attrs["post_first"]
    dw = np.empty(2 * RANGE + 1)
    dw[target - post_first] = w - W0  # one_to_one: row k targets post k
    return np.arange(-RANGE, RANGE + 1), dw


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--engram", default="build/apps/engram")
    ap.add_argument("--out", default="out/stdp_window.png")
    ap.add_argument("--delays", default="1,10,20", help="axonal delays in ms")
    args = ap.parse_args()
    fine = np.linspace(-RANGE, RANGE, 1001)
    analytic = np.where(fine >= 0, A_PLUS * np.exp(-fine / TAU_PLUS), -A_MINUS * np.exp(fine / TAU_MINUS))
    fig, ax = plt.subplots(figsize=(7, 4.2))
    ax.plot(fine, analytic, "k-", lw=1, label="A+ exp(-dt/tau+), -A- exp(dt/tau-)")
    worst = 0.0
    with tempfile.TemporaryDirectory() as folder:
        for marker, delay in zip("os^dv", [int(d) for d in args.delays.split(",")]):
            dt, dw = measure(args.engram, folder, delay, [])
            expected = np.where(dt >= 0, A_PLUS * np.exp(-dt / TAU_PLUS), -A_MINUS * np.exp(dt / TAU_MINUS))
            worst = max(worst, float(np.max(np.abs(dw - expected))))
            ax.plot(dt, dw, marker, ms=3.5, mfc="none", label=f"engram, delay {delay} ms")
    ax.axhline(0, color="0.8", lw=0.8)
    ax.axvline(0, color="0.8", lw=0.8)
    ax.set_xlabel("dt = t_post - t_arrival (ms)")
    ax.set_ylabel("weight change")
    ax.set_title(f"STDP window, all-to-all additive (max |error| {worst:.1e})")
    ax.legend(fontsize=8)
    fig.tight_layout()
    os.makedirs(os.path.dirname(os.path.abspath(args.out)), exist_ok=True)
    fig.savefig(args.out, dpi=110)
    print(f"wrote {args.out}; largest deviation from the analytic window {worst:.2e}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
