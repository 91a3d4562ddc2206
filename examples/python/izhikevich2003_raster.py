"""Izhikevich (2003)'s network of 1000 neurons in Python, and its raster: python3 izhikevich2003_raster.py [OUT_DIR]"""
import sys

import matplotlib
matplotlib.use("Agg")
import matplotlib.pyplot as plt
import numpy as np

import engram

rng = np.random.default_rng(1)
re, ri = rng.random(800), rng.random(200)
net = engram.Network(dt_ms=1.0, seed=1)
net.add(engram.izhikevich("exc", 800, a=0.02, b=0.2, c=-65 + 15 * re**2, d=8 - 6 * re**2, scheme="published"))
net.add(engram.izhikevich("inh", 200, a=0.02 + 0.08 * ri, b=0.25 - 0.05 * ri, c=-65, d=2, scheme="published"))
for pre, w, tx in (("exc", 0.5, "glutamate"), ("inh", 1.0, "gaba")):
    for post in ("exc", "inh"):
        net.add(engram.projection(f"{pre}_{post}", pre, post, engram.all_to_all(autapses=True),
                                  weight=engram.uniform(0, w), delay_ms=1.0, transmitter=tx))
net.add(engram.noise("exc", sd=5.0))
net.add(engram.noise("inh", sd=2.0))
sim = engram.Simulator(net, backend="auto")
summary = sim.run(1000)
times, ids = sim.spikes()
print(f"{len(ids)} spikes, exc {summary['rates_hz']['exc']:.2f} Hz, inh {summary['rates_hz']['inh']:.2f} Hz")
plt.figure(figsize=(8, 4))
plt.scatter(times, ids, s=0.3, c="k")
plt.xlabel("time (ms)"), plt.ylabel("neuron")
out = f"{sys.argv[1] if len(sys.argv) > 1 else 'out'}/izhikevich2003_raster.png"
plt.savefig(out, dpi=120)
print("raster:", out)
