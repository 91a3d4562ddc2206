# The suite runs against the module in <build>/python (PYTHONPATH, set by ctest and scripts/test.sh).
import numpy as np
import pytest

import engram


@pytest.fixture
def small_net():
    """Poisson sources -> Izhikevich neurons (plastic, STDP) -> LIF (static), with a current input."""
    net = engram.Network(dt_ms=1.0, seed=3)
    net.add(engram.poisson_source("in", 20.0, n=40))
    net.add(engram.izhikevich("exc", 30, d=np.linspace(6, 8, 30)))
    net.add(engram.lif("out", 5, tau_syn=2.0))
    net.add(engram.projection("in_exc", "in", "exc", engram.fixed_probability(0.5), weight=engram.uniform(2, 8),
                              delay_ms=engram.uniform(1, 5), plasticity=engram.stdp(10.0, a_plus=0.1, a_minus=0.12)))
    net.add(engram.projection("exc_out", "exc", "out", weight=150.0))
    net.add(engram.current("out", 0.0))
    return net
