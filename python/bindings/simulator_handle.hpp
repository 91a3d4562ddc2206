#pragma once
// What a Python engram.Simulator holds: the simulator, what its snapshots say it is, and the
// spikes drained from the backend that Python has not taken yet.
#include <memory>

#include "engine/simulator.hpp"
#include "host/io/snapshot.hpp"
#include "python/bindings/bindings.hpp"

namespace engram::python {

struct simulator_handle {
  std::unique_ptr<simulator> sim;
  snapshot_info info;
  spike_record pending;  // drained from the backend, not yet returned by spikes()
  bool recording = true;

  void keep(const spike_record& r) {
    pending.step.insert(pending.step.end(), r.step.begin(), r.step.end());
    pending.neuron.insert(pending.neuron.end(), r.neuron.begin(), r.neuron.end());
  }
  void drain() { keep(sim->drain_spikes()); }
};

// A projection given by name or index, as its index.
size_t projection_of(const simulator& s, py::handle projection);

void bind_state(py::class_<simulator_handle>& cls);

}  // namespace engram::python
