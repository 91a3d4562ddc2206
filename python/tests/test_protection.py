# Selective plasticity from Python: a protected projection consolidates, and after it the
# synapses its first pattern used barely move when a second pattern trains, where the plain
# rule moves them (docs/continual.md). Errors carry the engine's message.
import numpy as np
import pytest

import engram


def network(protect):
    net = engram.Network(dt_ms=1.0, seed=3)
    net.add(engram.poisson_source("in", 0.0, n=20))
    net.add(engram.izhikevich("out", 5))
    rule = engram.stdp(4.0, a_plus=0.05, a_minus=0.06)
    rule.protect = engram.ProtectionRule(enabled=protect, quantile=0.1, sharpness=20.0)
    net.add(engram.projection("in_out", "in", "out", weight=engram.uniform(1.0, 3.0), plasticity=rule))
    return net


def train(protect):
    sim = engram.Simulator(network(protect), backend="cpu", threads=1)
    a = np.where(np.arange(20) < 10, 60.0, 0.0)
    sim.set_rates("in", a)
    sim.run(2000)                              # task A: inputs 0-9
    if protect:
        sim.consolidate("in_out")
    before = sim.weights("in_out").copy()
    sim.set_rates("in", np.where((np.arange(20) >= 5) & (np.arange(20) < 15), 60.0, 0.0))
    sim.run(2000)                              # task B: inputs 5-14, half of them A's
    return before, sim.weights("in_out").copy()


def test_protection_holds_what_the_first_pattern_used():
    b_plain, a_plain = train(False)
    b_held, a_held = train(True)
    assert np.array_equal(b_plain, b_held)     # nothing differs before the consolidation
    first = slice(0, 50)                       # rows are presynaptic: inputs 0-9 x 5 outputs
    moved_plain = np.abs(a_plain - b_plain)[first].sum()
    moved_held = np.abs(a_held - b_held)[first].sum()
    assert moved_plain > 0
    assert moved_held < 0.1 * moved_plain        # the pattern-A synapses are held


def test_protection_errors():
    sim = engram.Simulator(network(False), backend="cpu", threads=1)
    with pytest.raises(engram.InvalidParameter, match="no selective plasticity"):
        sim.consolidate("in_out")
    held = engram.Simulator(network(True), backend="cpu", threads=1)
    with pytest.raises(engram.InvalidParameter, match="must be in"):
        held.set_surprise("in_out", 2.0)
