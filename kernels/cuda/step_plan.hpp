#pragma once
// A step (or part of one) as a sequence of launches over the step's view. The sequence lives
// once, here: step_sequencer runs it with CUDA launches (and captures it as a graph), the host
// emulation in tests runs the same thread bodies on the host. CUDA-free.
#include <cstdint>
#include <vector>

#include "kernels/cuda/device_views.hpp"
#include "kernels/cuda/plasticity_plan.hpp"

namespace engram::cuda {

// The backend's phases, in the order of a step: a phase queued after a later one starts anew.
enum phase : uint8_t { phase_inputs = 1, phase_integrate = 2, phase_deliver = 4, phase_plasticity = 8, phase_record = 16 };

// Phases queued by the backend's calls, launched together when something needs their effect. A
// complete step (inputs, integrate, deliver, then plasticity and record or not) is one batch
// that advances the device's step index itself; anything else runs phase by phase at a step
// index set explicitly. step_sequencer uses it, and so does the host emulation in tests.
class phase_queue {
 public:
  explicit phase_queue(uint64_t device_step) : device_step_(device_step) {}

  // Queuing `p` of `step` first needs the queued phases launched when they belong to another step
  // or one of them comes at or after `p` in a step.
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
    bool set_step = false;  // the device's step index must be set to `step` first
    bool full = false;      // a complete step: it advances the device's step index
  };
  batch take() {
    batch b;
    if (pending_ == 0) return b;
    b.phases = pending_;
    b.step = step_;
    pending_ = 0;
    b.set_step = device_step_ != step_;
    device_step_ = step_;
    constexpr uint8_t core = phase_inputs | phase_integrate | phase_deliver;
    b.full = (b.phases & core) == core;
    if (b.full) ++device_step_;
    return b;
  }
  uint64_t device_step() const { return device_step_; }  // after the batches taken so far

 private:
  uint8_t pending_ = 0;
  uint64_t step_ = 0;
  uint64_t device_step_;
};

// Queues a complete step's phases in step order, as the simulator's step() does: run_steps'
// chunks on the device and in the host emulation. Queue has queue(phase, step).
template <class Queue>
void queue_full_step(Queue& q, uint64_t step, bool plastic, bool record) {
  const uint8_t phases =
      phase_inputs | phase_integrate | phase_deliver | (plastic ? phase_plasticity : 0) | (record ? phase_record : 0);
  for (unsigned p = phase_inputs; p <= phase_record; p <<= 1)
    if (phases & p) q.queue(static_cast<phase>(p), step);
}

// What a step needs besides its view: the projections with STP (their release precedes
// delivery) and the plasticity plan (null for a static network).
struct step_plan {
  std::vector<uint32_t> stp_projections;
  const plasticity_plan* plasticity = nullptr;
};

// `phases` of the step the device counter holds; `due` are its plasticity period ends;
// `advance` moves the counter to the next step at the end. Runner has one method per kernel of
// step_bodies.hpp (plus compaction) and the plasticity runner's methods.
template <class Runner>
void run_step(const step_view& v, const step_plan& plan, uint8_t phases, const std::vector<uint8_t>& due, bool advance,
              Runner& run) {
  const bool inputs = phases & phase_inputs, integrate = phases & phase_integrate, record = phases & phase_record;
  if (inputs && v.pulses_per_step > 0) run.pulse_hits(v);
  if ((inputs || integrate) && v.neuron_count > 0) run.neuron_step(v, inputs, integrate);
  if (integrate) run.compaction(v);
  if (phases & phase_deliver) {
    for (uint32_t q : plan.stp_projections) run.stp_release(v, q);
    if (v.projection_count > 0) run.deliver(v);
  }
  if ((phases & phase_plasticity) && plan.plasticity) run_plasticity_phase(*plan.plasticity, due, run);
  if (record) run.record(v);
  if (record || advance) run.end_of_step(v, record, advance);
}

}  // namespace engram::cuda
