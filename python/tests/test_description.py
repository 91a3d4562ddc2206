# Every neuron kind, connector, distribution and input kind can be described from Python, and
# explicit synapse lists from numpy arrays arrive as given.
import numpy as np

import engram


def test_every_kind_builds_and_runs():
    net = engram.Network(dt_ms=0.5, seed=9)
    net.add(engram.poisson_source("poisson", np.linspace(5, 50, 20)))
    net.add(engram.spike_source("spikes", 4, neurons=[0, 1, 2, 3, 0], times_ms=[1.0, 2.0, 3.0, 4.0, 20.0]))
    net.add(engram.izhikevich("izh", 12, pattern="FS", scheme="published"))
    net.add(engram.lif("lif", 10, tau_syn=0.0, v_init_range=5.0))
    net.add(engram.lif_cond("cond", 8, homeostasis=engram.HomeostasisConfig(adaptive_threshold=True, theta_increment=0.1)))
    connectors = {
        "a": engram.all_to_all(), "b": engram.one_to_one(), "c": engram.fixed_probability(0.3),
        "d": engram.fixed_indegree(3), "e": engram.fixed_outdegree(2), "f": engram.fixed_total_number(40),
    }
    distributions = [engram.fixed(2.0), engram.uniform(1.0, 3.0), engram.row_spread(1.0, 3.0),
                     engram.normal(2.0, 0.5, 1.0, 3.0), engram.lognormal(0.5, 0.3, 1.0, 3.0)]
    for k, (name, c) in enumerate(connectors.items()):
        pre, post = ("lif", "lif") if name == "b" else ("poisson", ["izh", "lif", "cond"][k % 3])
        net.add(engram.projection(name, pre, post, c, weight=distributions[k % 5], delay_ms=distributions[(k + 1) % 5]))
    net.add(engram.projection("stp", "spikes", "izh", weight=5.0, transmitter="gaba",
                              plasticity=engram.PlasticityConfig(stp=engram.StpRule(enabled=True, U=0.3))))
    for i in (engram.current("lif", 100.0, start_ms=5, stop_ms=30), engram.noise("izh", sd=3.0),
              engram.poisson("cond", rate_hz=100.0, weight=1.0), engram.random_pulse("izh", 10.0, pulses_per_step=2),
              engram.uniform_noise("lif", 50.0, first=2, count=5)):
        net.add(i)
    sim = engram.Simulator(net, backend="cpu", threads=1)
    sim.run(100)
    assert sim.spikes_total > 0 and sim.projection_names == ["a", "b", "c", "d", "e", "f", "stp"]
    assert len(sim.weights("f")) == 40 and set(sim.traces("stp")) == {"stp_u", "stp_x"}
    assert sim.theta is not None and sim.theta.shape == (sim.neuron_count,)
    times, ids = sim.spikes(population="spikes")
    np.testing.assert_array_equal(ids, [0, 1, 2, 3, 0])
    np.testing.assert_array_equal(times, [1.0, 2.0, 3.0, 4.0, 20.0])


def test_explicit_lists_from_numpy():
    pre = np.array([3, 0, 0, 2, 1], dtype=np.int64)
    post = np.array([1, 4, 2, 0, 3])
    weights = np.array([0.5, 1.5, 2.5, 3.5, 4.5])
    delays = np.array([2, 1, 3, 4, 1], dtype=np.uint16)
    net = engram.Network(dt_ms=1.0, seed=1)
    net.add(engram.poisson_source("in", 10.0, n=4))
    net.add(engram.lif("out", 5))
    net.add(engram.projection("p", "in", "out", engram.explicit(pre, post, weights, delays), transmitter="gaba"))
    sim = engram.Simulator(net, backend="cpu")
    s, w = sim.synapses("p"), sim.weights("p")
    got = sorted(zip(s["pre"].tolist(), s["post"].tolist(), (-w).tolist(), s["delay_steps"].tolist()))
    assert got == sorted(zip(pre.tolist(), post.tolist(), weights.tolist(), delays.tolist()))
    c = net.projections[0].connect
    assert c.pre.dtype == np.uint32 and c.weights.dtype == np.float32 and c.delays.dtype == np.uint16
