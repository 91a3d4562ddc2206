#!/usr/bin/python3
"""Renders `engram bench --json` lines as a Markdown table (CPU and GPU rows side by side).

usage: scripts/bench_table.py out/bench.jsonl [more.jsonl ...]
"""
import json
import sys


def rows(paths):
    for path in paths:
        with open(path) as f:
            for line in f:
                if line.strip():
                    yield json.loads(line)


def size_label(r):
    p = r.get("params", {})
    return ", ".join(f"{k}={int(v) if float(v).is_integer() else v}" for k, v in p.items() if k in ("n", "k", "m", "stdp", "n_exc", "scale"))


def main():
    if len(sys.argv) < 2:
        raise SystemExit(__doc__)
    print("| model | size | backend | device | neurons | synapses | steps | build s | sim s | RTF | events/s | bytes/syn |")
    print("|---|---|---|---|---|---|---|---|---|---|---|---|")
    for r in rows(sys.argv[1:]):
        print(f"| {r['model']} | {size_label(r)} | {r['backend']} | {r['device']} | {r['neurons']:,} | {r['synapses']:,} | "
              f"{r['steps']} | {r['build_s']:.2f} | {r['sim_s']:.3f} | {r['rtf']:.4g} | {r['events_per_s']:.3g} | "
              f"{r['bytes_per_synapse']:.2f} |")


if __name__ == "__main__":
    main()
