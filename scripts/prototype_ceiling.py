#!/usr/bin/env python3
"""What class-wise prototypes could give one permuted-MNIST task: the case for the continual teacher.

The MNIST network learns prototypes by competition (Diehl & Cook's winner-take-all with STDP): close
to k-means on the images. This script asks, with exact k-means instead of spikes, what 100
prototypes learnt from one task's 1,000 images (100 per class) give, read out as the continual
protocol reads the network out (softmax regression, L2 1e-2 on standardised features, from 50
labelling images per class), measured on 30 other training images per class:
  - unsupervised: 100 prototypes from all 1,000 images (what the network does without a teacher);
  - class-wise: 10 prototypes per class from that class's images alone (what a teacher that lets
    only the image's class's neurons compete does), read out linearly or by nearest prototype;
  - the pixels of the labelling images, read out linearly (the protocol's pixel baseline).
Features are a soft winner-take-all over the prototypes (softmax of beta x similarity).
numpy only, its own draws (not Engram's Philox ones): only comparisons within it count.

  scripts/prototype_ceiling.py [--seed 1] [--beta 5]
"""
import argparse
import os

import numpy as np

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))


def idx(path):
    raw = open(path, "rb").read()
    if raw[3] == 3:
        n = int.from_bytes(raw[4:8], "big")
        return np.frombuffer(raw, np.uint8, offset=16).reshape(n, 784).astype(np.float32) / 255
    return np.frombuffer(raw, np.uint8, offset=8).astype(int)


def kmeans(rng, a, k, steps=30):
    c = a[rng.choice(len(a), k, replace=False)].copy()
    for _ in range(steps):
        nearest = np.argmax(a @ c.T - 0.5 * (c * c).sum(1), 1)
        for j in range(k):
            if (nearest == j).any():
                c[j] = a[nearest == j].mean(0)
    return c


def soft_wta(a, c, beta):
    s = a @ c.T - 0.5 * (c * c).sum(1)
    e = np.exp(beta * (s - s.max(1, keepdims=True)))
    return e / e.sum(1, keepdims=True)


def softmax_readout(x, y, l2=1e-2, steps=1000, rate=0.5):
    mu, sd = x.mean(0), x.std(0) + 1e-6
    z = (x - mu) / sd
    w, b, onehot = np.zeros((z.shape[1], 10)), np.zeros(10), np.eye(10)[y]
    for _ in range(steps):
        p = z @ w + b
        p = np.exp(p - p.max(1, keepdims=True))
        p /= p.sum(1, keepdims=True)
        g = (p - onehot) / len(z)
        w -= rate * (z.T @ g + l2 * w)
        b -= rate * g.sum(0)
    return lambda x2: np.argmax(((x2 - mu) / sd) @ w + b, 1)


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--beta", type=float, default=5.0)
    args = ap.parse_args()
    folder = os.path.join(ROOT, "data", "fetched", "mnist")
    x, y = idx(os.path.join(folder, "train-images-idx3-ubyte")), idx(os.path.join(folder, "train-labels-idx1-ubyte"))
    rng = np.random.default_rng(args.seed)
    order = {c: rng.permutation(np.where(y == c)[0]) for c in range(10)}
    train = np.concatenate([order[c][:100] for c in range(10)])
    label = np.concatenate([order[c][:50] for c in range(10)])
    held = np.concatenate([order[c][100:130] for c in range(10)])

    def score(predict):
        return 100 * np.mean(predict == y[held])

    print(f"seed {args.seed}, beta {args.beta}: accuracy on 300 held-out images")
    print(f"  pixels, linear readout            {score(softmax_readout(x[label], y[label])(x[held])):.1f}%")
    free = kmeans(rng, x[train], 100)
    readout = softmax_readout(soft_wta(x[label], free, args.beta), y[label])
    print(f"  100 unsupervised prototypes       {score(readout(soft_wta(x[held], free, args.beta))):.1f}%")
    own = np.concatenate([kmeans(rng, x[train[y[train] == c]], 10) for c in range(10)])
    readout = softmax_readout(soft_wta(x[label], own, args.beta), y[label])
    print(f"  10 class-wise prototypes a class  {score(readout(soft_wta(x[held], own, args.beta))):.1f}%")
    nearest = np.repeat(np.arange(10), 10)[np.argmax(x[held] @ own.T - 0.5 * (own * own).sum(1), 1)]
    print(f"    the same, nearest prototype     {score(nearest):.1f}%")


if __name__ == "__main__":
    main()
