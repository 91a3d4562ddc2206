# A network described in Python is the network the C++ registry builds: same spikes, spike for spike.
import numpy as np

import engram


def run_spikes(net, ms):
    sim = engram.Simulator(net, backend="cpu", threads=1)
    sim.run(ms)
    return sim.spikes()


def test_izhikevich2003_from_python_equals_the_registry():
    ref = engram.model("izhikevich2003", n=1000, seed=1)
    # Per-neuron parameters come from the registry's Philox draws (its `r`); everything else is
    # written here from the paper's description.
    exc_ref, inh_ref = ref.populations
    net = engram.Network(dt_ms=1.0, seed=1)
    net.add(engram.izhikevich("exc", 800, a=0.02, b=0.2, c=exc_ref.izhikevich.c, d=exc_ref.izhikevich.d, scheme="published"))
    net.add(engram.izhikevich("inh", 200, a=inh_ref.izhikevich.a, b=inh_ref.izhikevich.b, c=-65, d=2, scheme="published"))
    for pre, w, tx in (("exc", 0.5, "glutamate"), ("inh", 1.0, "gaba")):
        for post in ("exc", "inh"):
            net.add(engram.projection(f"{pre}_{post}", pre, post, engram.all_to_all(autapses=True),
                                      weight=engram.uniform(0.0, w), delay_ms=1.0, transmitter=tx))
    net.add(engram.noise("exc", sd=5.0))
    net.add(engram.noise("inh", sd=2.0))
    t_py, id_py = run_spikes(net, 500)
    t_ref, id_ref = run_spikes(ref, 500)
    assert len(t_ref) > 1000
    np.testing.assert_array_equal(t_py, t_ref)
    np.testing.assert_array_equal(id_py, id_ref)


def test_brunel2000_entirely_from_python_equals_the_registry():
    ref = engram.model("brunel2000", n_exc=400, seed=4)
    c_exc, c_inh = 40, 10               # epsilon 0.1 of 400 and of 100
    j, g, eta = 100.0 / c_exc, 5.0, 2.0  # J C_E = 100 mV; the AI preset
    nu_thr = 20.0 / (j * c_exc * 20.0) * 1000.0
    net = engram.Network(dt_ms=0.1, seed=4)
    for name, n in (("exc", 400), ("inh", 100)):
        net.add(engram.lif(name, n, tau_m=20.0, tau_syn=0.0, v_rest=0.0, v_reset=10.0, v_thresh=20.0, t_ref=2.0,
                           v_init=0.0, v_init_range=20.0))
    for pre in ("exc", "inh"):
        for post in ("exc", "inh"):
            net.add(engram.projection(f"{pre}_{post}", pre, post, engram.fixed_indegree(c_exc if pre == "exc" else c_inh),
                                      weight=j if pre == "exc" else g * j, delay_ms=1.5,
                                      transmitter="glutamate" if pre == "exc" else "gaba"))
    for pop in ("exc", "inh"):
        net.add(engram.poisson(pop, rate_hz=c_exc * eta * nu_thr, weight=j))
    t_py, id_py = run_spikes(net, 200)
    t_ref, id_ref = run_spikes(ref, 200)
    assert len(t_ref) > 500
    np.testing.assert_array_equal(t_py, t_ref)
    np.testing.assert_array_equal(id_py, id_ref)


def test_models_lists_the_registry_with_parameters():
    names = {m["name"]: m for m in engram.models()}
    assert {"izhikevich2003", "polychronization", "brunel2000", "microcircuit"} <= set(names)
    assert names["izhikevich2003"]["parameters"]["n"][0] == 1000
    net = engram.model("polychronization", n=200, m=20, seed=2)
    assert net.neuron_count() == 200 and net.seed == 2
    assert net.model_name == "polychronization" and net.model_parameters["n"] == 200
