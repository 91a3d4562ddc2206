#!/usr/bin/env python3
"""Compares two HDF5 files object by object, bit for bit: the same groups and datasets, every
dataset with the same dtype, shape and bytes, every attribute equal. Exit 0 when they are equal,
1 with the differences listed otherwise. Used by the distributed-run tests (tests/mpi/) to prove
that runs on different rank counts write the same snapshots and spike files.

    scripts/compare_h5.py A.h5 B.h5 [--ignore-attribute NAME ...] [--only PATH ...]
"""
import argparse
import sys

import h5py
import numpy as np


def objects(f, only):
    found = {}
    f.visititems(lambda name, obj: found.__setitem__(name, obj))
    found[""] = f
    if only:
        found = {k: v for k, v in found.items() if any(k == p or k.startswith(p + "/") for p in only)}
    return found


def same_value(a, b):
    a, b = np.asarray(a), np.asarray(b)
    return a.dtype == b.dtype and a.shape == b.shape and a.tobytes() == b.tobytes()


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("a")
    ap.add_argument("b")
    ap.add_argument("--ignore-attribute", action="append", default=[], help="attribute name to leave out (repeatable)")
    ap.add_argument("--only", action="append", default=[], help="compare only this group or dataset (repeatable)")
    args = ap.parse_args()
    problems = []
    with h5py.File(args.a, "r") as fa, h5py.File(args.b, "r") as fb:
        oa, ob = objects(fa, args.only), objects(fb, args.only)
        for name in sorted(set(oa) ^ set(ob)):
            problems.append(f"/{name}: only in {args.a if name in oa else args.b}")
        for name in sorted(set(oa) & set(ob)):
            x, y = oa[name], ob[name]
            if type(x) is not type(y):
                problems.append(f"/{name}: a group in one file, a dataset in the other")
                continue
            if isinstance(x, h5py.Dataset) and not same_value(x[()], y[()]):
                problems.append(f"/{name}: datasets differ ({x.dtype}{x.shape} vs {y.dtype}{y.shape})")
            keys = (set(x.attrs) | set(y.attrs)) - set(args.ignore_attribute)
            for k in sorted(keys):
                if k not in x.attrs or k not in y.attrs:
                    problems.append(f"/{name}@{k}: attribute only in one file")
                elif not same_value(x.attrs[k], y.attrs[k]):
                    problems.append(f"/{name}@{k}: {x.attrs[k]!r} vs {y.attrs[k]!r}")
    for p in problems[:50]:
        print(p)
    if problems:
        print(f"{args.a} and {args.b} differ: {len(problems)} differences")
        return 1
    print(f"{args.a} and {args.b} are identical ({len(set(oa))} objects)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
