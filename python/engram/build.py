"""One-call constructors of network descriptions, with numpy per-neuron arrays and numbers where
the C++ API takes distributions. Each returns the engine's own type (engram.Population, ...), so
everything they set can also be set field by field."""
import math

import numpy as np

from . import _engram as _e

__all__ = [
    "izhikevich", "lif", "lif_cond", "poisson_source", "spike_source",
    "all_to_all", "one_to_one", "fixed_probability", "fixed_indegree", "fixed_outdegree", "fixed_total_number",
    "explicit", "fixed", "uniform", "row_spread", "normal", "lognormal", "projection",
    "current", "noise", "poisson", "random_pulse", "uniform_noise", "stdp", "rstdp",
]


def _per_neuron(value, n):
    """A number for every neuron, or the array as given (a wrong length is the engine's error)."""
    a = np.asarray(value, dtype=np.float32)
    return np.full(n, a, dtype=np.float32) if a.ndim == 0 else a


def izhikevich(name, n, a=None, b=None, c=None, d=None, pattern="RS", scheme="substep", substeps=2,
               v_init=-65.0, v_peak=30.0, homeostasis=None):
    """Izhikevich neurons. a, b, c, d: numbers or arrays of n (default: the pattern's).
    scheme: 'substep' (Engram's) or 'published' (Izhikevich 2003's code)."""
    p = _e.izhikevich_population(name, n, pattern)
    z = p.izhikevich
    for key, value in (("a", a), ("b", b), ("c", c), ("d", d)):
        if value is not None:
            setattr(z, key, _per_neuron(value, n))
    z.scheme, z.substeps, z.v_init, z.v_peak = scheme, substeps, v_init, v_peak
    if homeostasis is not None:
        p.homeostasis = homeostasis
    return p


def lif(name, n, homeostasis=None, **params):
    """Current-based LIF neurons; params are engram.LifParams fields (tau_m, v_thresh, tau_syn=0 for delta synapses, ...)."""
    p = _e.lif_population(name, n, _e.LifParams(**params))
    if homeostasis is not None:
        p.homeostasis = homeostasis
    return p


def lif_cond(name, n, homeostasis=None, **params):
    """Conductance-based LIF neurons; params are engram.LifCondParams fields."""
    p = _e.lif_cond_population(name, n, _e.LifCondParams(**params))
    if homeostasis is not None:
        p.homeostasis = homeostasis
    return p


def poisson_source(name, rates_hz, n=None):
    """Poisson sources: rates_hz an array (one per neuron), or a number with n."""
    rates = _per_neuron(rates_hz, n) if n is not None else np.asarray(rates_hz, dtype=np.float32)
    return _e.poisson_source_population(name, rates)


def spike_source(name, n, neurons, times_ms):
    """Sources that fire neurons[k] (local index) at times_ms[k]."""
    return _e.spike_source_population(name, n, neurons, times_ms)


def all_to_all(autapses=False):
    return _e.Connector(type="all_to_all", autapses=autapses)


def one_to_one():
    return _e.Connector(type="one_to_one")


def fixed_probability(p, autapses=False):
    return _e.Connector(type="fixed_probability", probability=p, autapses=autapses)


def fixed_indegree(k, autapses=False):
    return _e.Connector(type="fixed_indegree", degree=k, autapses=autapses)


def fixed_outdegree(k, autapses=False):
    return _e.Connector(type="fixed_outdegree", degree=k, autapses=autapses)


def fixed_total_number(total, autapses=False):
    return _e.Connector(type="fixed_total_number", total=total, autapses=autapses)


def explicit(pre, post, weights=None, delay_steps=None):
    """Exactly these synapses: pre[k] -> post[k] (local indices); weights (magnitudes) and delays
    (whole steps, 1-255) per synapse, or None to draw them from the projection's distributions."""
    c = _e.Connector(type="explicit_list", pre=pre, post=post)
    if weights is not None:
        c.weights = weights
    if delay_steps is not None:
        c.delays = delay_steps
    return c


fixed = _e.Distribution.fixed
uniform = _e.Distribution.between
row_spread = _e.Distribution.spread
normal = _e.Distribution.normal
lognormal = _e.Distribution.lognormal


def projection(name, pre, post, connector=None, weight=1.0, delay_ms=1.0, transmitter="glutamate", plasticity=None):
    """Synapses pre -> post. weight (a magnitude: the transmitter gives the sign) and delay_ms are
    numbers or engram distributions; connector defaults to all_to_all()."""
    p = _e.Projection(name=name, pre=pre, post=post, weight=weight, delay_ms=delay_ms, sign=transmitter)
    p.connect = connector if connector is not None else all_to_all()
    if plasticity is not None:
        p.plasticity = plasticity
    return p


def _input(kind, population, first, count, **fields):
    i = _e.Input(type=kind, population=population, first=first, **fields)
    if count is not None:
        i.count = count
    return i


def current(population, amplitude, start_ms=0.0, stop_ms=math.inf, first=0, count=None):
    """A constant current (pA; Izhikevich units for Izhikevich neurons) during [start_ms, stop_ms)."""
    stop = 1e300 if math.isinf(stop_ms) else stop_ms
    return _input("current", population, first, count, amplitude=amplitude, start_ms=start_ms, stop_ms=stop)


def noise(population, sd, mean=0.0, first=0, count=None):
    """A Gaussian current, mean + sd N(0, 1), fresh every step."""
    return _input("noise", population, first, count, sd=sd, mean=mean)


def poisson(population, rate_hz, weight, first=0, count=None):
    """Poisson events per neuron at rate_hz, each adding `weight` as synaptic input."""
    return _input("poisson", population, first, count, rate_hz=rate_hz, weight=weight)


def random_pulse(population, amplitude, pulses_per_step=1, first=0, count=None):
    """Each step, pulses_per_step neurons picked uniformly get `amplitude` (the spnet thalamus)."""
    return _input("random_pulse", population, first, count, amplitude=amplitude, pulses_per_step=pulses_per_step)


def uniform_noise(population, amplitude, mean=0.0, first=0, count=None):
    """A uniform current, mean + amplitude (U - 1/2), fresh every step."""
    return _input("uniform_noise", population, first, count, amplitude=amplitude, mean=mean)


def stdp(w_max, a_plus=0.01, a_minus=0.012, tau_plus_ms=20.0, tau_minus_ms=20.0, w_min=0.0, pairs="all_to_all",
         bound="additive", **rule):
    """A PlasticityConfig with STDP straight into the weights; rule: more engram.StdpRule fields."""
    s = _e.StdpRule(enabled=True, a_plus=a_plus, a_minus=a_minus, tau_plus_ms=tau_plus_ms, tau_minus_ms=tau_minus_ms,
                    pairs=pairs, bound=bound, **rule)
    return _e.PlasticityConfig(stdp=s, w_min=w_min, w_max=w_max)


def rstdp(w_max, channel="", a_plus=0.01, a_minus=0.012, tau_e_ms=1000.0, gain=1.0, tau_plus_ms=20.0, tau_minus_ms=20.0,
          w_min=0.0, apply_every_ms=0.0, pairs="all_to_all"):
    """A PlasticityConfig with reward-modulated STDP: STDP feeds an eligibility trace that dopamine
    channel `channel` turns into weight changes: '' is the global one, any other name must be
    declared (net.add(engram.DopamineChannel(name=...)))."""
    s = _e.StdpRule(enabled=True, a_plus=a_plus, a_minus=a_minus, tau_plus_ms=tau_plus_ms, tau_minus_ms=tau_minus_ms,
                    pairs=pairs, applies_to="eligibility")
    r = _e.RstdpRule(tau_e_ms=tau_e_ms, dopamine=channel, gain=gain, apply_every_ms=apply_every_ms)
    return _e.PlasticityConfig(stdp=s, rstdp=r, w_min=w_min, w_max=w_max)


def _add(self, item):
    """Appends a Population, Projection, Input, DopamineChannel or RewardContingency; returns it
    (an Input: its index, what Simulator.set_input_amplitude takes)."""
    if isinstance(item, _e.Population):
        self.add_population(item)
    elif isinstance(item, _e.Projection):
        self.add_projection(item)
    elif isinstance(item, _e.Input):
        return self.add_input(item)
    elif isinstance(item, _e.DopamineChannel):
        self.add_dopamine_channel(item)
    elif isinstance(item, _e.RewardContingency):
        self.add_contingency(item)
    else:
        raise TypeError(f"Network.add takes a Population, Projection, Input, DopamineChannel or RewardContingency, "
                        f"not {type(item).__name__}")
    return item


_e.Network.add = _add
