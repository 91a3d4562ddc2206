"""The seed simulator's region-level interface on Engram (docs/python.md, "Brain"): regions,
density-based projections learning by reward, stimulation by rates, per-projection dopamine,
save_brain/load_brain. A Brain describes first and builds its network on the first step; after
that its topology is fixed (Engram does not grow neurons or synapses)."""
import enum

import numpy as np

from . import _engram as _e
from . import build as _b


class RegionType(enum.IntEnum):
    """What a region is. SENSORY regions are Poisson sources that stimulate() drives; the others are
    Izhikevich regular-spiking neurons (Engram has no separate memory, motor or reward neurons)."""
    SENSORY = 0
    ASSOCIATION = 1
    MEMORY = 2
    MOTOR = 3
    REWARD = 4


class Brain:
    """Regions connected by reward-modulated projections.

    Brain(dt=1.0, seed=42, backend="cpu", threads=1): max_rate_hz is a stimulus value's rate at
    1.0; weight and w_max the initial mean and bound of projection weights (Izhikevich units);
    noise_sd a Gaussian background current into every non-sensory region."""

    def __init__(self, dt=1.0, seed=42, backend="cpu", threads=1, max_rate_hz=100.0, weight=6.0, w_max=12.0,
                 noise_sd=2.0):
        self.dt, self.seed, self.backend, self.threads = dt, seed, backend, threads
        self.max_rate_hz, self.weight, self.w_max, self.noise_sd = max_rate_hz, weight, w_max, noise_sd
        self.regions = {}      # name -> RegionType
        self.sizes = {}        # name -> neurons
        self.projections = []  # "a->b" names; each also names its dopamine channel
        self._density = {}
        self.sim = None        # the engram.Simulator, from the first step on

    # Description -------------------------------------------------------------------------------
    def add_region(self, name, type=RegionType.ASSOCIATION, n_neurons=100):
        self._unbuilt("add_region")
        if name in self.regions:
            raise _e.InvalidParameter(f"region '{name}' exists")
        self.regions[name], self.sizes[name] = RegionType(type), int(n_neurons)
        return name

    def connect_regions(self, source, target, density=0.1):
        """Each (source, target) pair connected with probability `density`, excitatory, learning by
        R-STDP from its own dopamine channel (named like the projection: 'source->target')."""
        self._unbuilt("connect_regions")
        for r in (source, target):
            if r not in self.regions:
                raise _e.InvalidParameter(f"no region '{r}' (regions: {', '.join(self.regions) or 'none'})")
        name = f"{source}->{target}"
        self.projections.append(name)
        self._density[name] = float(density)
        return name

    def get_projection(self, source, target):
        name = f"{source}->{target}"
        if name not in self.projections:
            raise _e.InvalidParameter(f"no projection '{name}' (projections: {', '.join(self.projections) or 'none'})")
        return name

    def network(self):
        """The engram.Network this brain describes."""
        net = _e.Network(dt_ms=self.dt, seed=self.seed)
        rng = np.random.default_rng(self.seed)
        for name, kind in self.regions.items():
            n = self.sizes[name]
            if kind == RegionType.SENSORY:
                net.add(_b.poisson_source(name, 0.0, n=n))
            else:
                r = rng.random(n)  # Izhikevich 2003's heterogeneity of excitatory neurons
                net.add(_b.izhikevich(name, n, c=-65 + 15 * r ** 2, d=8 - 6 * r ** 2))
                if self.noise_sd > 0:
                    net.add(_b.noise(name, sd=self.noise_sd))
        for name in self.projections:
            source, target = name.split("->")
            net.add(_e.DopamineChannel(name=name))
            net.add(_b.projection(name, source, target, _b.fixed_probability(self._density[name]),
                                  weight=_b.uniform(0.0, 2 * self.weight), delay_ms=self.dt,
                                  plasticity=_b.rstdp(self.w_max, channel=name, a_plus=0.1, a_minus=0.12, tau_e_ms=200.0)))
        # Recorded in snapshots, so that load_brain knows the regions' types and the stimulus scale.
        net.model_name = "brain"
        net.model_parameters = {"max_rate_hz": self.max_rate_hz, **{f"region:{k}": float(v) for k, v in self.regions.items()}}
        return net

    # Running -----------------------------------------------------------------------------------
    def build(self):
        if self.sim is None:
            self.sim = _e.Simulator(self.network(), backend=self.backend, threads=self.threads)
        return self.sim

    def step(self):
        self.build().step()

    def run(self, ms):
        return self.build().run(ms)

    def stimulate(self, region, values):
        """Rates of a SENSORY region from values in [0, 1] (x max_rate_hz): each value drives an
        equal block of its neurons. They stay until the next stimulate (the seed's last one step)."""
        sim = self.build()
        if self.regions.get(region) != RegionType.SENSORY:
            raise _e.InvalidParameter(f"region '{region}' is not SENSORY; only sensory regions (Poisson sources) are stimulated")
        v = np.atleast_1d(np.asarray(values, dtype=np.float64))
        n = self.sizes[region]
        sim.set_rates(region, v[np.arange(n) * len(v) // n] * self.max_rate_hz)

    def reward(self, amount, target=None):
        """Dopamine into the channel of one projection (target 'proj:a->b' or 'a->b'), of every
        projection into a region (target 'region:name'), or of every projection (None)."""
        sim = self.build()
        for channel in self._channels(target):
            sim.reward(amount, channel)

    def punish(self, amount, target=None):
        self.reward(-amount, target)

    def freeze_plasticity(self):
        for p in self.projections:
            self.build().freeze(p)

    def unfreeze_plasticity(self):
        for p in self.projections:
            self.build().unfreeze(p)

    def enable_projection_plasticity(self, source, target):
        self.build().unfreeze(self.get_projection(source, target))

    def reset_traces(self):
        """Eligibility traces and dopamine of every projection back to rest (between trials)."""
        sim = self.build()
        if self.projections:
            sim.clear_eligibility(self.projections)
            sim.reset_dopamine(self.projections)

    def spike_counts(self, region):
        """Spikes per neuron of a region since they were last taken."""
        return self.build().take_spike_counts(region)

    def weights(self, source, target):
        return self.build().weight_matrix(self.get_projection(source, target))

    def summary(self):
        lines = [f"Brain: {sum(self.sizes.values())} neurons in {len(self.regions)} regions, "
                 f"{len(self.projections)} projections"]
        for name, kind in self.regions.items():
            lines.append(f"  region {name:<14} {kind.name:<12} {self.sizes[name]} neurons")
        if self.sim is not None:
            lines.append(f"  t = {self.sim.time_ms:g} ms, {self.sim.synapse_count} synapses, {self.sim.spikes_total} spikes")
        return "\n".join(lines)

    def _channels(self, target):
        if target is None:
            return list(self.projections)
        if target.startswith("region:"):
            region = target[len("region:"):]
            return [p for p in self.projections if p.split("->")[1] == region]
        return [self.get_projection(*target.removeprefix("proj:").split("->"))]

    def _unbuilt(self, what):
        if self.sim is not None:
            raise _e.InvalidParameter(f"{what}: the brain has run, and Engram does not change a network's topology while it runs")


def save_brain(brain, path):
    """Writes the brain's snapshot (an HDF5 file, docs/hdf5-schema.md) to path."""
    brain.build().save(path)


def load_brain(path, backend="cpu", threads=1):
    """A Brain continuing from save_brain's file exactly where it stopped."""
    sim = _e.Simulator.load(path, backend=backend, threads=threads)
    if sim.model != "brain":
        raise _e.InvalidParameter(f"{path} holds a '{sim.model or 'network'}' snapshot, not a brain (use engram.Simulator.load)")
    p = sim.parameters
    brain = Brain(dt=sim.dt_ms, backend=backend, threads=threads, max_rate_hz=p["max_rate_hz"])
    for name in sim.population_names:
        brain.regions[name] = RegionType(int(p[f"region:{name}"]))
        brain.sizes[name] = sim.population(name)["size"]
    brain.projections = list(sim.projection_names)
    brain.sim = sim
    return brain
