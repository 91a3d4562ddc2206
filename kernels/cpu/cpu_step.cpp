// The CPU's step: the step driver (kernels/driver/step_driver.hpp) with a runner whose every call
// is this backend's OpenMP loop for that part of the step. The driver decides the sequence, the
// same for every backend; the loops are in cpu_backend.cpp, cpu_delivery.cpp and cpu_plasticity*.
#include "kernels/cpu/cpu_backend.hpp"

namespace engram::cpu {

struct cpu_backend::runner {
  cpu_backend& b;
  uint64_t step;

  // Random pulses are added where their input comes among the others (add_inputs), so that the
  // sum runs in input order, as the grid's neuron step adds its counted hits.
  void pulse_hits() {}
  void neuron_step(bool inputs, bool integrate) {
    if (inputs) b.add_inputs(step);
    if (!integrate) return;
    b.integrate_populations(step);
    b.compact_spikes();  // the flags into the step's spike list (ascending on the CPU)
    if (b.exchange_) b.share_spikes(step);  // a distributed run: the other ranks' spikes (cpu_exchange.cpp)
  }
  void stp_release(uint32_t projection) { b.release_stp(projection); }
  void deliver() { b.deliver_spikes(step); }
  void record() { b.record_spikes(step); }
  void end_of_step(bool, bool) {}  // a record is complete when copied; the simulator counts steps

  void contingencies() { b.plasticity_.observe_contingencies(b.state_, step, b.fired_); }
  void potentiate(uint32_t e) { b.plasticity_.potentiate(b.state_, e, step, b.spikes_); }
  void depress(uint32_t e) { b.plasticity_.depress(b.state_, e, step); }
  void derivative(uint32_t e) { b.plasticity_.apply_derivative(b.state_, e); }
  void eligibility(uint32_t e) { b.plasticity_.apply_eligibility(b.state_, e); }
  void scaling(uint32_t e) { b.plasticity_.scale(b.state_, e); }
  void normalise(uint32_t e) { b.plasticity_.normalise(b.state_, e, step); }
  // The tail part by part (each loop runs on the backend's threads).
  void plasticity_tail(const driver::plasticity_outline& o) {
    for (uint32_t e = 0; e < o.entries.size(); ++e)
      if (o.entries[e].stdp) b.plasticity_.update_traces(b.state_, e, step, b.fired_);
    for (uint32_t h : o.homeostasis) b.plasticity_.update_homeostasis(b.state_, h, b.fired_);
    for (uint32_t e = 0; e < o.entries.size(); ++e)
      if (o.entries[e].stp) b.plasticity_.recover_stp(b.state_, e);
    if (o.dopamine) b.plasticity_.decay_dopamine(b.state_);
    if (o.history) b.plasticity_.keep_history(b.state_, step, b.spikes_);
  }
};

void cpu_backend::drive(uint64_t step, uint8_t phases, bool advance) {
  runner run{*this, step};
  if ((phases & driver::phase_plasticity) && outline_.plasticity) driver::due_flags(*outline_.plasticity, step, due_);
  driver::run_step(outline_, phases, due_, advance, run);
}

uint64_t cpu_backend::run_steps(uint64_t first, uint64_t count, bool plastic, bool record) {
  uint64_t spikes = 0;
  const uint8_t phases = driver::full_step_phases(plastic, record);
  // A distributed run exchanges every `interval` steps of the global step count, and at the end of
  // the chunk (which every rank's run loop ends at the same step).
  const uint64_t interval = exchange_interval();
  batching_ = interval > 1;
  recording_chunk_ = record;
  for (uint64_t step = first; step < first + count; ++step) {
    drive(step, phases, true);
    spikes += spikes_.size();
    if (batching_ && ((step + 1) % interval == 0 || step + 1 == first + count)) spikes += flush_exchange(step);
  }
  batching_ = false;
  return spikes;
}

}  // namespace engram::cpu
