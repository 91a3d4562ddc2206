#!/usr/bin/env python3
"""What readouts reach on Iris with exact rates instead of spikes: the ceiling of the spiking protocol.

The R-STDP readout of `engram train iris` sums place-field rates with learnt weights, and the
teacher makes those weights close to each class's mean code (a template). This script compares,
on random stratified splits shaped like the folds of scripts/iris_cv.py (per class 40 of the 50
samples drawn, 32 to train and 8 held out; numpy only, no spikes, not Engram's Philox splits):
  - classifiers on the four raw features: linear and quadratic discriminants, Gaussian naive
    Bayes, logistic regression (softmax, standardised features, 3,000 full-batch steps);
  - linear readouts of the place-field code (20 fields per feature, sigma 0.08, and optionally a
    grid x grid petal grid): the class template (mean code), a non-negative perceptron (the
    discriminative rule R-STDP with punishment approximates), logistic regression on the code.

  - with --code rate, a linear rate code instead of place fields: each scaled feature and its
    complement (8 inputs), plus one constant input (a bias);
  - with --projection pca|lda, 20 more fields along each of the training split's principal axes
    (4, unsupervised) or linear-discriminant directions (2, supervised) added to the code.

  scripts/iris_readout_ceiling.py [--splits 60] [--grid 10] [--sigma 0.08] [--l2 1e-3] [--projection lda]
  scripts/iris_readout_ceiling.py --code rate
  scripts/iris_readout_ceiling.py [--fields 6 --sigma 0.3] [--gains 0.5,0.5,1,1] [--grid 10 --all-pairs]
"""
import argparse
import itertools
import json
import os

import numpy as np

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))


def load():
    rows = json.load(open(os.path.join(ROOT, "data", "fetched", "iris", "iris.json")))
    names = sorted({r[4] for r in rows})
    return np.array([r[:4] for r in rows], float), np.array([names.index(r[4]) for r in rows])


def place_fields(x, lo, hi, grid, fields=20, sigma=0.08, grid_sigma=0.1, pairs=((2, 3),), gains=None):
    s = (x - lo) / np.where(hi > lo, hi - lo, 1.0)
    one_d = np.exp(-0.5 * ((s[:, :, None] - np.linspace(0, 1, fields)) / sigma) ** 2)
    if gains is not None:  # a rate gain per feature: the template weighs the features unequally
        one_d = one_d * np.asarray(gains, float)[None, :len(s[0]), None]
    code = [one_d.reshape(len(s), -1)]
    if grid:
        c = np.linspace(0, 1, grid)
        for i, j in pairs:  # 2-D fields over features i x j (default: petal length x petal width)
            a = np.exp(-0.5 * ((s[:, i, None] - c) / grid_sigma) ** 2)
            b = np.exp(-0.5 * ((s[:, j, None] - c) / grid_sigma) ** 2)
            code.append((a[:, :, None] * b[:, None, :]).reshape(len(s), -1))
    return np.hstack(code)


def rate_code(x, lo, hi):
    s = (x - lo) / np.where(hi > lo, hi - lo, 1.0)
    return np.hstack([s, 1 - s, np.ones((len(s), 1))])


def projection(kind, xtr, ytr):
    # the directions of the extra fields, from the training split scaled to [0, 1]
    lo, hi = xtr.min(0), xtr.max(0)
    s = (xtr - lo) / np.where(hi > lo, hi - lo, 1.0)
    if kind == "pca":
        return np.linalg.eigh(np.cov(s.T))[1]
    within = sum(np.cov(s[ytr == c].T) for c in range(3))
    between = np.cov(np.stack([s[ytr == c].mean(0) for c in range(3)]).T)
    e, v = np.linalg.eig(np.linalg.solve(within, between))
    return np.real(v[:, np.argsort(-np.real(e))[:2]])


def project(x, lo, hi, directions):
    # appends the projections as extra columns; their own place fields come from place_fields
    s = (x - lo) / np.where(hi > lo, hi - lo, 1.0)
    return np.hstack([x, s @ directions]) if directions is not None else x


def gaussian(xtr, ytr, xte, shared):
    means = [xtr[ytr == c].mean(0) for c in range(3)]
    if shared:
        pooled = sum(np.cov(xtr[ytr == c].T) * (np.sum(ytr == c) - 1) for c in range(3)) / (len(ytr) - 3)
        covs = [pooled] * 3
    else:
        covs = [np.cov(xtr[ytr == c].T) for c in range(3)]
    return np.stack([-0.5 * np.einsum("ij,jk,ik->i", xte - m, np.linalg.inv(c), xte - m) - 0.5 * np.linalg.slogdet(c)[1]
                     for m, c in zip(means, covs)], 1).argmax(1)


def naive_bayes(xtr, ytr, xte):
    scores = []
    for c in range(3):
        m, v = xtr[ytr == c].mean(0), xtr[ytr == c].var(0) + 1e-9
        scores.append((-0.5 * (xte - m) ** 2 / v - 0.5 * np.log(v)).sum(1))
    return np.stack(scores, 1).argmax(1)


def logistic(xtr, ytr, xte, steps=3000, rate=0.5, l2=0.0):
    m, s = xtr.mean(0), xtr.std(0) + 1e-9
    a, b = (xtr - m) / s, (xte - m) / s
    w, bias, y = np.zeros((a.shape[1], 3)), np.zeros(3), np.eye(3)[ytr]
    for _ in range(steps):
        z = a @ w + bias
        p = np.exp(z - z.max(1, keepdims=True))
        p /= p.sum(1, keepdims=True)
        w -= rate * (a.T @ (p - y) / len(a) + l2 * w)
        bias -= rate * (p - y).mean(0)
    return (b @ w + bias).argmax(1)


def template(ftr, ytr, fte):
    return (fte @ np.stack([ftr[ytr == c].mean(0) for c in range(3)]).T).argmax(1)


def perceptron(ftr, ytr, fte, epochs=50, rate=0.05):
    # starts from the templates, moves the right class towards and the strongest rival away from
    # each misclassified code, weights kept >= 0 (excitatory synapses); the average is returned
    rng = np.random.default_rng(0)
    w = np.stack([ftr[ytr == c].mean(0) for c in range(3)])
    total = np.zeros_like(w)
    for _ in range(epochs):
        for i in rng.permutation(len(ftr)):
            s = w @ ftr[i]
            right = ytr[i]
            s[right] = -np.inf
            rival = s.argmax()
            if (w[right] - w[rival]) @ ftr[i] <= 0:
                w[right] += rate * ftr[i]
                w[rival] = np.maximum(w[rival] - rate * ftr[i], 0)
            total += w
    return (fte @ total.T).argmax(1)


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--splits", type=int, default=60)
    ap.add_argument("--grid", type=int, default=0, help="add a grid x grid petal grid to the code")
    ap.add_argument("--sigma", type=float, default=0.08, help="width of the one-dimensional fields")
    ap.add_argument("--fields", type=int, default=20, help="one-dimensional fields per feature")
    ap.add_argument("--all-pairs", action="store_true", help="with --grid: a grid over each of the six feature pairs")
    ap.add_argument("--gains", help="rate gain per feature of the 1-D fields, e.g. 0.5,0.5,1,1 (sepals halved)")
    ap.add_argument("--code", choices=["fields", "rate"], default="fields", help="place fields or a linear rate code")
    ap.add_argument("--projection", choices=["pca", "lda"], help="extra fields along learnt directions")
    ap.add_argument("--l2", type=float, default=1e-3, help="L2 penalty of logistic regression on the code")
    a = ap.parse_args()
    x, y = load()
    raw = {"linear discriminant": lambda p, q, r: gaussian(p, q, r, True),
           "quadratic discriminant": lambda p, q, r: gaussian(p, q, r, False),
           "Gaussian naive Bayes": naive_bayes, "logistic regression": logistic}
    code = {"template (mean code per class)": template, "non-negative perceptron": perceptron,
            f"logistic regression, L2 {a.l2:g}": lambda p, q, r: logistic(p, q, r, 2000, 0.5, a.l2)}
    hits = {k: [] for k in list(raw) + list(code)}
    rng = np.random.default_rng(1)
    for _ in range(a.splits):
        tr, te = [], []
        for c in range(3):
            idx = rng.permutation(np.where(y == c)[0])[:40]
            te += list(idx[:8])
            tr += list(idx[8:])
        tr, te = np.array(tr), np.array(te)
        lo, hi = x[tr].min(0), x[tr].max(0)
        d = projection(a.projection, x[tr], y[tr]) if a.projection else None
        ptr, pte = project(x[tr], lo, hi, d), project(x[te], lo, hi, d)
        plo, phi = ptr.min(0), ptr.max(0)
        if a.code == "rate":
            ftr, fte = rate_code(x[tr], lo, hi), rate_code(x[te], lo, hi)
        else:
            pairs = list(itertools.combinations(range(4), 2)) if a.all_pairs else [(2, 3)]
            gains = [float(g) for g in a.gains.split(",")] if a.gains else None
            ftr, fte = (place_fields(v, plo, phi, a.grid, fields=a.fields, sigma=a.sigma, pairs=pairs, gains=gains)
                        for v in (ptr, pte))
        for k, f in raw.items():
            hits[k].append(np.mean(f(x[tr], y[tr], x[te]) == y[te]))
        for k, f in code.items():
            hits[k].append(np.mean(f(ftr, y[tr], fte) == y[te]))
    n = 24 * a.splits
    if a.code == "rate":
        print(f"{a.splits} splits, {n} held-out decisions per figure; code: each scaled feature and its complement, a bias")
    else:
        print(f"{a.splits} splits, {n} held-out decisions per figure; place-field code: {4 * a.fields} fields, sigma {a.sigma:g}"
              + (f", gains {a.gains}" if a.gains else "")
              + (f" + {a.grid}x{a.grid} grid{'s over all six feature pairs' if a.all_pairs else ' over the petals'}" if a.grid else "")
              + (f" + fields along {a.projection} directions" if a.projection else ""))
    for k, v in hits.items():
        p = np.mean(v)
        print(f"  {'raw features' if k in raw else 'the code    '}  {k:<32} {100 * p:6.2f}%")


if __name__ == "__main__":
    main()
