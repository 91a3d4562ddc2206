#pragma once
// The step driver's runner for the grid backend (the CUDA device, and its host emulation in
// tests): each call of kernels/driver/step_driver.hpp becomes one launch of a thread body of
// step_bodies.hpp or plasticity_bodies.hpp over the step's views. `Launch` launches a body: on
// the device, CUDA launches on the backend's stream (step_sequencer.cpp); in the emulation, every
// thread in turn. CUDA-free.
#include <cstdint>

#include "kernels/simt/step_views.hpp"
#include "kernels/driver/step_outline.hpp"
#include "kernels/simt/plasticity_plan.hpp"

namespace engram::cuda {

template <class Launch>
struct grid_runner {
  const step_view& v;
  const plasticity_plan* plan;  // null without plasticity
  Launch& launch;

  void pulse_hits() { launch.pulse_hits(v); }
  void neuron_step(bool inputs, bool integrate) { launch.neuron_step(v, inputs, integrate); }
  void stp_release(uint32_t projection) { launch.stp_release(v, projection); }
  void deliver() { launch.deliver(v); }
  void record() { launch.record(v); }
  void end_of_step(bool commit, bool advance) { launch.end_of_step(v, commit, advance); }

  void contingencies() { launch.contingencies(plan->view); }
  void potentiate(uint32_t e) { launch.potentiate(plan->view, plan->entries[e]); }
  void depress(uint32_t e) { launch.depress(plan->view, plan->entries[e]); }
  void derivative(uint32_t e) { launch.derivative(plan->entries[e]); }
  void eligibility(uint32_t e) { launch.eligibility(plan->view, plan->entries[e]); }
  void scaling(uint32_t e) { launch.scaling(plan->view, plan->entries[e]); }
  void normalise(uint32_t e) { launch.normalise(plan->view, plan->entries[e]); }
  void plasticity_tail(const driver::plasticity_outline&) { launch.plasticity_tail(plan->view, plan->tail); }
};

}  // namespace engram::cuda
