# State comes back as numpy with the right shapes and dtypes; on the CPU backend as views of the
# state itself (no copy), read-only, valid as long as the simulator.
import numpy as np
import pytest

import engram


def test_shapes_and_dtypes(small_net):
    sim = engram.Simulator(small_net, backend="cpu", threads=1)
    sim.run(200)
    times, ids = sim.spikes(clear=False)
    assert times.dtype == np.float64 and ids.dtype == np.uint32 and times.shape == ids.shape and len(ids) > 0
    assert np.all(np.diff(times) >= 0) and ids.max() < sim.neuron_count
    t_exc, local = sim.spikes(population="exc")
    exc = sim.population("exc")
    assert exc == {"name": "exc", "first": 40, "size": 30, "kind": engram.NeuronKind.izhikevich}
    np.testing.assert_array_equal(local, ids[(ids >= 40) & (ids < 70)] - 40)
    assert sim.spikes()[0].size == 0  # taken
    assert sim.v.shape == (75,) and sim.v.dtype == np.float32 and sim.u.dtype == np.float32
    s = sim.synapses("in_exc")
    w = sim.weights("in_exc")
    assert w.dtype == np.float32 and w.shape == s["pre"].shape == s["post"].shape == s["delay_steps"].shape
    assert s["pre"].dtype == np.uint32 and s["pre"].max() < 40 and s["post"].max() < 30
    assert set(np.unique(s["delay_steps"])) <= {1, 2, 3, 4, 5}
    assert np.all((w >= 0) & (w <= 10))
    assert sim.weight_matrix("exc_out").shape == (30, 5)
    tr = sim.traces("in_exc")
    assert tr["pre"].shape == (6, 40) and tr["post"].shape == (1, 30) and tr["pre"].dtype == np.float32
    counts = sim.take_spike_counts("exc")
    assert counts.dtype == np.uint32 and counts.shape == (30,)
    assert sim.theta is None and sim.rate_hz is None
    with pytest.raises(engram.InvalidParameter, match="no plasticity"):
        sim.traces("exc_out")


def test_cpu_arrays_are_live_read_only_views(small_net):
    sim = engram.Simulator(small_net, backend="cpu", threads=1)
    assert sim.state_is_view
    v, w = sim.v, sim.weights("in_exc")
    before_v, before_w = v.copy(), w.copy()
    assert not v.flags.writeable and not w.flags.writeable
    with pytest.raises(ValueError):
        v[0] = 1.0
    sim.run(300)
    assert not np.array_equal(v, before_v)  # the same memory, moved by the run
    assert not np.array_equal(w, before_w)  # STDP changed the weights under the view
    np.testing.assert_array_equal(v, sim.v)
    assert np.shares_memory(w, sim.weights("in_exc"))
    del sim  # the views keep the simulator alive
    assert np.isfinite(v).all() and w.sum() > 0


def test_set_weights_round_trip_keeps_views(small_net):
    sim = engram.Simulator(small_net, backend="cpu", threads=1)
    w = sim.weights("exc_out")
    new = np.linspace(0, 300, w.size)
    sim.set_weights("exc_out", new)
    np.testing.assert_array_equal(w, new.astype(np.float32))  # in place: the old view sees it
    sim.set_weights(1, np.zeros(w.size))
    sim.run(100)
    assert sim.take_spike_counts("out").sum() == 0  # no synaptic drive, no current: silent
