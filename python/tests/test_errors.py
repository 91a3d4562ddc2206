# Bad input raises Python exceptions that carry the engine's own message.
import numpy as np
import pytest

import engram


def test_unknown_population(small_net):
    sim = engram.Simulator(small_net, backend="cpu", threads=1)
    for call in (lambda: sim.set_rates("nosuch", [1.0]), lambda: sim.reset("nosuch"), lambda: sim.take_spike_counts("nosuch"),
                 lambda: sim.spikes(population="nosuch"), lambda: sim.lesion("nosuch", [0])):
        with pytest.raises(engram.InvalidParameter, match=r"no population 'nosuch' in this network \(populations: in, exc, out\)"):
            call()
    with pytest.raises(engram.InvalidParameter, match="no projection 'nosuch'"):
        sim.weights("nosuch")
    with pytest.raises(engram.InvalidParameter, match="no dopamine channel"):
        sim.reward(1.0, "nosuch")
    net = engram.Network()
    net.add(engram.lif("a", 3))
    net.add(engram.projection("p", "a", "b"))
    with pytest.raises(engram.InvalidNetwork, match="unknown post population 'b'"):
        engram.Simulator(net, backend="cpu")


def test_wrong_array_length(small_net):
    sim = engram.Simulator(small_net, backend="cpu", threads=1)
    with pytest.raises(engram.InvalidParameter, match="population 'in' has 40 neurons, got 3 rates"):
        sim.set_rates("in", [1.0, 2.0, 3.0])
    n = sim.weights("in_exc").size
    with pytest.raises(engram.InvalidParameter, match=f"projection 'in_exc' has {n} synapses, got {n - 1} weights"):
        sim.set_weights("in_exc", np.ones(n - 1))
    net = engram.Network()
    net.add(engram.izhikevich("exc", 10, a=np.full(9, 0.02)))
    with pytest.raises(engram.InvalidNetwork, match="izhikevich parameter arrays must have 10 entries"):
        engram.Simulator(net, backend="cpu")
    with pytest.raises(ValueError, match="expected a 1-D array"):
        sim.set_rates("in", np.ones((40, 1)))


def test_nan(small_net):
    sim = engram.Simulator(small_net, backend="cpu", threads=1)
    rates = np.full(40, 10.0)
    rates[7] = np.nan
    with pytest.raises(engram.InvalidParameter, match="rate nan of neuron 7 of 'in' must be finite"):
        sim.set_rates("in", rates)
    w = sim.weights("in_exc").copy()
    w[3] = np.nan
    with pytest.raises(engram.InvalidParameter, match="weight nan of synapse 3 must be finite"):
        sim.set_weights("in_exc", w)
    with pytest.raises(engram.InvalidParameter, match="must be finite"):
        sim.set_input_amplitude(0, float("nan"))
    with pytest.raises(engram.InvalidParameter, match="duration must be a finite number"):
        sim.run(float("nan"))
    net = engram.Network()
    net.add(engram.izhikevich("exc", 4, c=[-65, np.nan, -65, -65]))
    with pytest.raises(engram.InvalidNetwork, match="population 'exc' neuron 1 parameter c is nan"):
        engram.Simulator(net, backend="cpu")


def test_other_bad_input(small_net):
    with pytest.raises(engram.InvalidParameter, match="unknown model 'nosuch'"):
        engram.model("nosuch")
    with pytest.raises(engram.InvalidParameter, match="izhikevich2003"):
        engram.model("izhikevich2003", nosuch=1)
    with pytest.raises(engram.InvalidParameter):
        engram.Simulator(small_net, backend="gpu")
    with pytest.raises(ValueError, match=r"unknown Transmitter 'glutamine' \(known: glutamate"):
        engram.projection("p", "in", "exc", transmitter="glutamine")
    with pytest.raises(TypeError, match="Population has no field 'sise'"):
        engram.Population(name="x", sise=3)
    with pytest.raises(TypeError, match="expected integers"):
        engram.Simulator(small_net, backend="cpu").lesion("exc", [0.5])
    with pytest.raises(engram.InvalidParameter, match="threads must be >= 0"):
        engram.Simulator(small_net, backend="cpu", threads=-1)
    assert issubclass(engram.InvalidNetwork, engram.Error) and issubclass(engram.InvalidNetwork, ValueError)


def test_backends(small_net):
    assert engram.Simulator(small_net, backend="auto").backend in ("cpu", "cuda")
    try:
        sim = engram.Simulator(small_net, backend="cuda")
    except engram.BackendUnavailable as e:  # no device here: the engine's message
        assert "no CUDA device is available" in str(e)
        return
    # A GPU: arrays are copies, and the run is the CPU's bit for bit.
    cpu = engram.Simulator(small_net, backend="cpu", threads=1)
    assert not sim.state_is_view
    for s in (sim, cpu):
        s.run(200)
    np.testing.assert_array_equal(sim.weights("in_exc"), cpu.weights("in_exc"))
    np.testing.assert_array_equal(sim.v, cpu.v)
    np.testing.assert_array_equal(sim.traces("in_exc")["post"], cpu.traces("in_exc")["post"])
