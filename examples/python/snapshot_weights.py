"""Loads a snapshot and plots a projection's weight matrix: python3 snapshot_weights.py [SNAPSHOT.h5 [PROJECTION]] [--out DIR]
Without a snapshot it makes one: the polychronization network after 20 s of STDP, saved from Python."""
import argparse

import matplotlib
matplotlib.use("Agg")
import matplotlib.pyplot as plt
import numpy as np

import engram

args = argparse.ArgumentParser()
args.add_argument("snapshot", nargs="?")
args.add_argument("projection", nargs="?")
args.add_argument("--out", default="out")
a = args.parse_args()
path = a.snapshot
if path is None:
    path = f"{a.out}/polychronization_20s.h5"
    sim = engram.Simulator(engram.model("polychronization", seed=1), backend="auto")
    sim.recording = False
    sim.run(20_000, progress=True)
    sim.save(path)
    print("snapshot:", path)

sim = engram.Simulator.load(path, backend="auto")
projection = a.projection or sim.projection_names[0]
m = sim.weight_matrix(projection)
print(f"{path}: model '{sim.model}', t = {sim.time_ms / 1000:g} s, projection {projection}: {m.shape[0]} x {m.shape[1]}, "
      f"{np.count_nonzero(m)} nonzero")
fig, ax = plt.subplots(1, 2, figsize=(10, 4.2))
im = ax[0].imshow(m, aspect="auto", interpolation="nearest", cmap="viridis")
fig.colorbar(im, ax=ax[0], label="weight")
ax[0].set_xlabel("post neuron"), ax[0].set_ylabel("pre neuron"), ax[0].set_title(projection)
ax[1].hist(sim.weights(projection), bins=50, color="k")
ax[1].set_xlabel("weight"), ax[1].set_ylabel("synapses")
fig.tight_layout()
out = f"{a.out}/snapshot_weights.png"
fig.savefig(out, dpi=120)
print("weights:", out)
