# Snapshots from Python resume exactly: N steps equal N/2 steps, save, load, N/2 steps, bit for bit.
import os
import subprocess

import numpy as np
import pytest

import engram


def state_of(sim):
    """Everything comparable: membranes, every projection's weights and plastic state."""
    out = {"v": sim.v.copy(), "u": sim.u.copy()}
    for p in sim.projection_names:
        out["w:" + p] = sim.weights(p).copy()
        try:
            out.update({f"{k}:{p}": a.copy() for k, a in sim.traces(p).items()})
        except engram.InvalidParameter:
            pass  # static
    return out


def test_save_load_resumes_bit_for_bit(tmp_path):
    net = engram.model("polychronization", n=200, m=20, seed=5)  # STDP with spnet's derivative
    whole = engram.Simulator(net, backend="cpu", threads=1)
    whole.run(300)
    whole.spikes()
    whole.run(300)
    t_whole, id_whole = whole.spikes()

    first = engram.Simulator(net, backend="cpu", threads=1)
    first.run(300)
    path = str(tmp_path / "brain.h5")
    first.save(path)
    resumed = engram.Simulator.load(path, backend="cpu", threads=2)  # thread count never changes a result
    assert resumed.current_step == 300 and resumed.model == "polychronization" and resumed.parameters["n"] == 200
    resumed.run(300)
    t_res, id_res = resumed.spikes()

    assert len(t_whole) > 100
    np.testing.assert_array_equal(t_res, t_whole)
    np.testing.assert_array_equal(id_res, id_whole)
    a, b = state_of(whole), state_of(resumed)
    assert a.keys() == b.keys() and "derivative:exc_exc" in a
    for k in a:
        np.testing.assert_array_equal(a[k], b[k], err_msg=k)


def test_load_refuses_a_bad_file(tmp_path):
    bad = tmp_path / "bad.h5"
    bad.write_bytes(b"not an hdf5 file")
    try:
        engram.Simulator.load(str(bad), backend="cpu")
    except engram.Error as e:
        assert str(bad) in str(e)
    else:
        raise AssertionError("a damaged snapshot loaded")


@pytest.mark.skipif(not os.environ.get("ENGRAM_BINARY"), reason="ENGRAM_BINARY (the CLI; ctest sets it) not given")
def test_snapshots_pass_between_the_cli_and_python(tmp_path):
    cli = os.environ["ENGRAM_BINARY"]
    path = str(tmp_path / "cli.h5")
    subprocess.run([cli, "run", "polychronization", "--set", "n=200", "--set", "m=20", "--seed", "5", "--threads", "1",
                    "--duration", "300ms", "--snapshot", path, "--quiet"], check=True, capture_output=True)
    resumed = engram.Simulator.load(path, backend="cpu", threads=1)  # what `engram resume` would continue
    resumed.run(300)
    whole = engram.Simulator(engram.model("polychronization", n=200, m=20, seed=5), backend="cpu", threads=1)
    whole.run(300)
    whole.spikes()
    whole.run(300)
    for a, b in zip(whole.spikes(), resumed.spikes()):
        np.testing.assert_array_equal(a, b)
    np.testing.assert_array_equal(whole.weights("exc_exc"), resumed.weights("exc_exc"))
    # And back: the CLI reads what Python writes.
    resumed.save(str(tmp_path / "py.h5"))
    out = subprocess.run([cli, "inspect", str(tmp_path / "py.h5")], check=True, capture_output=True, text=True).stdout
    assert "polychronization" in out
