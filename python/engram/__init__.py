"""Engram from Python: describe spiking networks, run them on the CPU or CUDA backend, drive them
trial by trial, reward them, read their state as numpy arrays and save them as snapshots.

    import engram
    net = engram.model("izhikevich2003", n=1000, seed=1)   # or build one: engram.Network(...)
    sim = engram.Simulator(net, backend="cpu", threads=1)
    sim.run(1000)                                           # ms
    times, ids = sim.spikes()

The native module (_engram) mirrors the C++ API: Network, Population, Projection, Input and the
plasticity configs field for field, Simulator for engram::simulator. The helpers here (engram.build)
make descriptions in one call, and Brain is the seed simulator's region-level interface on top.
docs/python.md documents all of it and its mapping to the C++ API.
"""
from ._engram import *  # noqa: F401,F403  (the engine's types, Simulator, model, models, errors)
from ._engram import __version__, Simulator  # noqa: F401
from .build import *  # noqa: F401,F403
from .state import weight_matrix  # noqa: F401
from .brain import Brain, RegionType, save_brain, load_brain  # noqa: F401
