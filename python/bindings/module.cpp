// The native half of `import engram` (docs/python.md): the engine's description types, the
// simulator with numpy views of its state, snapshots and the model registry. The package's pure
// Python half (python/engram/) builds on it.
#include "python/bindings/bindings.hpp"

PYBIND11_MODULE(_engram, m) {
  m.doc() = "Engram's C++ engine: networks, the simulator, snapshots and models (see help(engram)).";
  m.attr("__version__") = ENGRAM_VERSION;
  engram::python::bind_errors(m);
  engram::python::bind_plasticity(m);
  engram::python::bind_network(m);
  engram::python::bind_simulator(m);
  engram::python::bind_models(m);
}
