# The seed simulator's interface: regions, projections by density, stimulation, targeted reward,
# freezing, save_brain/load_brain resuming exactly.
import numpy as np
import pytest

import engram
from engram import Brain, RegionType


def make_brain():
    brain = Brain(dt=1.0, seed=42)
    brain.add_region("input", RegionType.SENSORY, n_neurons=30)
    brain.add_region("cortex", RegionType.ASSOCIATION, n_neurons=60)
    brain.add_region("output", RegionType.MOTOR, n_neurons=10)
    brain.connect_regions("input", "cortex", density=0.3)
    brain.connect_regions("cortex", "output", density=0.3)
    return brain


def drive(brain, steps):
    for step in range(steps):
        brain.stimulate("input", [0.8, 0.3, 0.5])
        if step == 100:
            brain.reward(2.0, target="proj:input->cortex")
        if step == 150:
            brain.punish(1.0, target="proj:cortex->output")
        brain.step()


def test_brain_runs_learns_and_reports():
    brain = make_brain()
    w0 = brain.weights("input", "cortex").copy()
    drive(brain, 300)
    assert brain.spike_counts("cortex").sum() > 0
    assert not np.array_equal(brain.weights("input", "cortex"), w0)  # rewarded: weights moved
    assert brain.weights("input", "cortex").shape == (30, 60)
    assert "cortex" in brain.summary() and "ASSOCIATION" in brain.summary()
    brain.freeze_plasticity()
    frozen = brain.weights("input", "cortex").copy()
    brain.reward(5.0)
    drive(brain, 100)
    np.testing.assert_array_equal(brain.weights("input", "cortex"), frozen)
    with pytest.raises(engram.InvalidParameter, match="topology"):
        brain.add_region("more", RegionType.MEMORY, 5)
    with pytest.raises(engram.InvalidParameter, match="not SENSORY"):
        brain.stimulate("cortex", [1.0])
    with pytest.raises(engram.InvalidParameter, match="no projection 'input->output'"):
        brain.reward(1.0, target="proj:input->output")


def test_save_brain_load_brain_resumes_exactly(tmp_path):
    half = make_brain()
    drive(half, 200)
    engram.save_brain(half, str(tmp_path / "my_brain.h5"))
    loaded = engram.load_brain(str(tmp_path / "my_brain.h5"))
    assert loaded.regions == half.regions and loaded.sizes == half.sizes and loaded.projections == half.projections
    drive(loaded, 200)
    replay = make_brain()  # the same 400 steps without the file
    drive(replay, 200)
    drive(replay, 200)
    np.testing.assert_array_equal(replay.sim.v, loaded.sim.v)
    np.testing.assert_array_equal(replay.weights("input", "cortex"), loaded.weights("input", "cortex"))
    np.testing.assert_array_equal(replay.weights("cortex", "output"), loaded.weights("cortex", "output"))
