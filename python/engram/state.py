"""State in shapes the C++ API does not have: a projection's weights as a dense matrix."""
import numpy as np

from . import _engram as _e


def weight_matrix(sim, projection):
    """The weights of a projection as a dense (pre neurons x post neurons) float64 matrix; the
    copies of a multapse add up, absent synapses are 0. From a Simulator (any backend)."""
    s = sim.synapses(projection)
    m = np.zeros((s["pre_size"], s["post_size"]))
    np.add.at(m, (s["pre"], s["post"]), sim.weights(projection))
    return m


_e.Simulator.weight_matrix = weight_matrix
