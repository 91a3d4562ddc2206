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
