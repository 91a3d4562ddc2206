#pragma once
// The plasticity phase on the CPU: loops over the kernels/common/plasticity_*.hpp math, one
// method per sub-phase, which the step driver calls in the order of docs/plasticity.md
// (kernels/driver/step_driver.hpp, run_plasticity_phase). Each synapse is touched by one thread
// per sub-phase, and every reduction runs in one fixed order per element, so thread count never
// changes a bit.
#include <cstdint>
#include <vector>

#include "engine/plasticity_layout.hpp"
#include "engine/row_slack.hpp"
#include "engine/state.hpp"
#include "kernels/common/plasticity_walks.hpp"

namespace engram::cpu {

class plasticity_phase {
 public:
  // Builds the transposed indexes of `s` (after a load or a build). Loops with less work than
  // `min_parallel_work` stay on one thread.
  void load(const network_state& s, int threads, uint64_t min_parallel_work);
  // After a growth phase changed rows in place: the index columns those rows touch (a column out
  // of room has its entry's index rebuilt, with fresh room).
  void apply_growth(const network_state& s, const growth_changes& changes);

  // The sub-phases of `step`, after delivery. `entry` is a plastic entry's index, `h` a
  // homeostasis entry's; `fired` holds this step's spike flags, `spikes` the same neurons ascending.
  // kernels/cpu/cpu_plasticity.cpp
  void observe_contingencies(network_state& s, uint64_t step, const std::vector<uint8_t>& fired);
  void update_homeostasis(network_state& s, uint32_t h, const std::vector<uint8_t>& fired);
  void recover_stp(network_state& s, uint32_t entry);
  void decay_dopamine(network_state& s);
  void keep_history(network_state& s, uint64_t step, const std::vector<uint32_t>& spikes);
  // kernels/cpu/cpu_stdp.cpp
  void potentiate(network_state& s, uint32_t entry, uint64_t step, const std::vector<uint32_t>& spikes);
  void depress(network_state& s, uint32_t entry, uint64_t step);
  void update_traces(network_state& s, uint32_t entry, uint64_t step, const std::vector<uint8_t>& fired);
  // kernels/cpu/cpu_plasticity_periodic.cpp: at their period ends (driver::due_flags)
  void apply_derivative(network_state& s, uint32_t entry);
  void apply_eligibility(network_state& s, uint32_t entry);
  void scale(network_state& s, uint32_t entry);
  void normalise(network_state& s, uint32_t entry, uint64_t step);

 private:
  stdp_walk_view walk_view(network_state& s, uint32_t entry);

  // Below min_work_ (synapses or neurons touched) a loop stays on one thread: a fork and join
  // would cost more than the loop. The thread count never changes a result, only the speed.
  bool parallel(uint64_t work) const { return threads_ > 1 && work >= min_work_; }

  int threads_ = 1;
  uint64_t min_work_ = 4096;
  std::vector<transposed_index> columns_;  // per plastic entry (empty when the rules need none)
  std::vector<uint32_t> row_length_;       // per plastic entry: L when every row has L synapses, else 0
  std::vector<std::pair<uint32_t, uint32_t>> arrivals_;  // (row, delay) pairs arriving this step
  std::vector<float> factors_;  // per post neuron, scaling
};

}  // namespace engram::cpu
