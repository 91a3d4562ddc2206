#!/usr/bin/env python3
"""Strong and weak scaling of distributed runs on this machine (docs/distributed.md): each
configuration is one `engram run` (under mpirun when it has more than one rank); the table gives
the run loop's wall time, its speed-up over one rank with one thread, and the time inside MPI
(waiting included) with the bytes sent, from the run's own summary.

    scripts/mpi_scaling.py [--engram build/apps/engram] [--json docs/mpi_scaling.json]
"""
import argparse
import json
import os
import re
import subprocess
import sys
import time

CONFIGS = [  # (study, model, sets, ranks, threads, simulated time)
    ("strong", "brunel2000", [], 1, 1, "1s"),
    ("strong", "brunel2000", [], 1, 2, "1s"),
    ("strong", "brunel2000", [], 2, 1, "1s"),
    ("strong", "izhikevich2003", [], 1, 1, "20s"),
    ("strong", "izhikevich2003", [], 1, 2, "20s"),
    ("strong", "izhikevich2003", [], 2, 1, "20s"),
    ("strong", "polychronization", ["n=10000"], 1, 1, "5s"),
    ("strong", "polychronization", ["n=10000"], 1, 2, "5s"),
    ("strong", "polychronization", ["n=10000"], 2, 1, "5s"),
    # weak: twice the neurons and synapses on twice the ranks, in-degree fixed at 500 + 125
    ("weak", "brunel2000", ["n_exc=5000"], 1, 1, "1s"),
    ("weak", "brunel2000", ["n_exc=10000", "epsilon=0.05"], 2, 1, "1s"),
]


def run(engram, model, sets, ranks, threads, duration):
    cmd = [engram, "run", model, "--duration", duration, "--threads", str(threads), "--quiet"]
    for s in sets:
        cmd += ["--set", s]
    if ranks > 1:
        cmd = ["mpirun", "--oversubscribe", "-np", str(ranks)] + cmd
    env = dict(os.environ, OMPI_ALLOW_RUN_AS_ROOT="1", OMPI_ALLOW_RUN_AS_ROOT_CONFIRM="1")
    t0 = time.perf_counter()
    out = subprocess.run(cmd, check=True, capture_output=True, text=True, env=env).stdout
    total = time.perf_counter() - t0
    r = {"model": model, "sets": sets, "ranks": ranks, "threads": threads, "duration": duration, "process_s": round(total, 3)}
    r["wall_s"] = float(re.search(r"wall time\s+([\d.]+) s", out).group(1))
    r["spikes"] = int(re.search(r"spikes\s+(\d+)", out).group(1))
    m = re.search(r"network\s+(\d+) neurons, (\d+) synapses", out)
    r["neurons"], r["synapses"] = int(m.group(1)), int(m.group(2))
    m = re.search(r"exchanged every (\d+) steps \((\d+) exchanges\)", out)
    if m:
        r["interval_steps"], r["exchanges"] = int(m.group(1)), int(m.group(2))
        m = re.search(r"exchange\s+([\d.]+) s per rank on average \(([\d.]+)% of the run\), ([\d.]+) s at most; ([\d.]+) MB", out)
        r["mpi_s_mean"], r["mpi_share_pct"], r["mpi_s_max"], r["mb_sent"] = (float(x) for x in m.groups())
    return r


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--engram", default="build/apps/engram")
    ap.add_argument("--json", default="")
    args = ap.parse_args()
    rows = []
    for study, model, sets, ranks, threads, duration in CONFIGS:
        r = run(args.engram, model, sets, ranks, threads, duration)
        r["study"] = study
        rows.append(r)
        print(f"{study} {model} {' '.join(sets)} {ranks} rank(s) x {threads} thread(s): {r['wall_s']} s", file=sys.stderr)
    print("| study | model | neurons | synapses | simulated | ranks x threads | run loop | speed-up | in MPI (mean, max) | exchange every | sent |")
    print("|---|---|---|---|---|---|---|---|---|---|---|")
    base = {}
    for r in rows:
        key = (r["study"], r["model"])
        base.setdefault(key, r["wall_s"])
        ratio = base[key] / r["wall_s"]
        mpi = f"{r['mpi_s_mean']:.2f} s ({r['mpi_share_pct']:.0f}%), {r['mpi_s_max']:.2f} s" if "mpi_s_mean" in r else "-"
        every = f"{r['interval_steps']} steps" if "interval_steps" in r else "-"
        sent = f"{r['mb_sent']:.2f} MB" if "mb_sent" in r else "-"
        label = "efficiency" if r["study"] == "weak" else "speed-up"
        print(f"| {r['study']} | {r['model']} {' '.join(r['sets'])} | {r['neurons']:,} | {r['synapses']:,} | {r['duration']} | {r['ranks']} x {r['threads']} | "
              f"{r['wall_s']:.2f} s | {ratio:.2f} ({label}) | {mpi} | {every} | {sent} |")
    if args.json:
        with open(args.json, "w") as f:
            json.dump(rows, f, indent=1)


if __name__ == "__main__":
    main()
