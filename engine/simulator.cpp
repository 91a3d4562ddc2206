#include "engine/simulator.hpp"

#include "engine/errors.hpp"
#include "engine/layout.hpp"
#include "engine/state_check.hpp"

namespace engram {

simulator::simulator(const network& net, std::unique_ptr<backend> b) : backend_(std::move(b)) {
  if (!backend_) throw internal_error("simulator needs a backend");
  backend_->build(net, initial_state(net));
  adopt(backend_->export_state());
}

simulator::simulator(const network_state& state, std::unique_ptr<backend> b) : backend_(std::move(b)) {
  if (!backend_) throw internal_error("simulator needs a backend");
  check_state(state, "state");
  backend_->load(state);
  adopt(state);
}

void simulator::adopt(const network_state& s) {
  layout_.populations = s.populations;
  step_ = s.step;
  dt_ms_ = s.dt_ms;
  neuron_count_ = s.neuron_count();
  synapse_count_ = s.synapse_count();
  synapse_bytes_ = s.synapse_bytes();
}

void simulator::step() {
  backend_->apply_inputs(step_);
  backend_->integrate(step_);
  backend_->deliver(step_);
  if (recording_) backend_->record(step_);
  spikes_total_ += backend_->spike_count_last_step();
  ++step_;
}

void simulator::run_steps(uint64_t n) {
  for (uint64_t i = 0; i < n; ++i) step();
}

network_state simulator::export_state() const {
  network_state s = backend_->export_state();
  s.step = step_;
  return s;
}

}  // namespace engram
