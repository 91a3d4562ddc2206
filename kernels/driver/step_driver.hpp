#pragma once
// The step driver: one step (or some of its phases) as a sequence of calls on a runner, written
// once for every backend. The CPU's runner runs OpenMP loops (kernels/cpu/cpu_runner.hpp), the
// CUDA backend's launches kernels (kernels/cuda/step_sequencer.cpp), and the host emulation in
// tests runs the same kernels' thread bodies thread by thread. What a step must do comes from a
// step_outline (step_outline.hpp), which holds no arrays: each runner reaches its own. CUDA-free.
#include <cstdint>
#include <vector>

#include "kernels/driver/step_outline.hpp"

namespace engram::driver {

// The phases of a step, in order: a phase queued after a later one starts anew.
enum phase : uint8_t { phase_inputs = 1, phase_integrate = 2, phase_deliver = 4, phase_plasticity = 8, phase_record = 16 };
constexpr uint8_t phases_of_full_step = phase_inputs | phase_integrate | phase_deliver;

// Phases queued by a backend's calls, run together when something needs their effect (a backend
// that runs work asynchronously batches them; one that runs at once takes each batch directly). A
// complete step (inputs, integrate, deliver, then plasticity and record or not) is one batch that
// advances the step index itself; anything else runs phase by phase at a step index set explicitly.
class phase_queue {
 public:
  explicit phase_queue(uint64_t device_step) : device_step_(device_step) {}

  // Queuing `p` of `step` first needs the queued phases run when they belong to another step or
  // one of them comes at or after `p` in a step.
  bool must_flush_before(phase p, uint64_t step) const {
    return pending_ != 0 && (step != step_ || (pending_ & ~(p - 1)) != 0);
  }
  void add(phase p, uint64_t step) {
    step_ = step;
    pending_ |= p;
  }

  struct batch {
    uint8_t phases = 0;     // 0: nothing was queued
    uint64_t step = 0;
    bool set_step = false;  // the runner's step index must be set to `step` first
    bool full = false;      // a complete step: it advances the step index
  };
  batch take() {
    batch b;
    if (pending_ == 0) return b;
    b.phases = pending_;
    b.step = step_;
    pending_ = 0;
    b.set_step = device_step_ != step_;
    device_step_ = step_;
    b.full = (b.phases & phases_of_full_step) == phases_of_full_step;
    if (b.full) ++device_step_;
    return b;
  }
  uint64_t device_step() const { return device_step_; }  // after the batches taken so far

 private:
  uint8_t pending_ = 0;
  uint64_t step_ = 0;
  uint64_t device_step_;
};

// The phases of a complete step, as the simulator's step() calls them.
inline uint8_t full_step_phases(bool plastic, bool record) {
  return phases_of_full_step | (plastic ? phase_plasticity : 0) | (record ? phase_record : 0);
}

// Queues a complete step's phases in step order (run_steps' chunks). Queue has queue(phase, step).
template <class Queue>
void queue_full_step(Queue& q, uint64_t step, bool plastic, bool record) {
  const uint8_t phases = full_step_phases(plastic, record);
  for (unsigned p = phase_inputs; p <= phase_record; p <<= 1)
    if (phases & p) q.queue(static_cast<phase>(p), step);
}

// The plasticity phase, in the order of docs/plasticity.md. `due` holds the period ends of this
// step (due_flags). Runner has one method per sub-phase, taking a plastic entry's index where it
// works on one, and plasticity_tail(outline) for the per-element rest.
template <class Runner>
void run_plasticity_phase(const plasticity_outline& o, const std::vector<uint8_t>& due, Runner& run) {
  if (o.contingencies) run.contingencies();
  for (uint32_t i = 0; i < o.entries.size(); ++i) {
    if (!o.entries[i].stdp || o.entries[i].frozen) continue;
    run.potentiate(i);
    run.depress(i);
  }
  for (uint32_t i = 0; i < o.entries.size(); ++i) {
    if (due[i] & due_derivative) run.derivative(i);
    if (due[i] & due_eligibility) run.eligibility(i);
    if (due[i] & due_scaling) run.scaling(i);
    if (due[i] & due_normalise) run.normalise(i);
  }
  // What remains works per neuron, row or channel, each element on its own, so a runner may run
  // it as one pass (the grid backend's one launch): every STDP entry's traces (read only by the
  // arms above), homeostasis, STP recovery, dopamine decay, this step's spikes into the history.
  if (o.tail) run.plasticity_tail(o);
}

// `phases` of the step the runner is at; `due` are its plasticity period ends; `advance` moves the
// runner's step index on at the end. Runner has: pulse_hits(), neuron_step(inputs, integrate)
// (integrating also lists the step's spikes and their count), stp_release(projection), deliver(),
// record(), end_of_step(commit, advance), and the plasticity phase's methods.
template <class Runner>
void run_step(const step_outline& o, uint8_t phases, const std::vector<uint8_t>& due, bool advance, Runner& run) {
  const bool inputs = phases & phase_inputs, integrate = phases & phase_integrate, record = phases & phase_record;
  if (inputs && o.pulses) run.pulse_hits();
  if ((inputs || integrate) && o.neurons) run.neuron_step(inputs, integrate);
  if (phases & phase_deliver) {
    for (uint32_t q : o.stp_projections) run.stp_release(q);
    if (o.projections) run.deliver();
  }
  if ((phases & phase_plasticity) && o.plasticity) run_plasticity_phase(*o.plasticity, due, run);
  if (record) run.record();
  if (record || advance) run.end_of_step(record, advance);
}

}  // namespace engram::driver
