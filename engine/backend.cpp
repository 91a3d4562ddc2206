// The defaults of engine/backend.hpp: the step loop phase by phase, and the experiment API by
// export, change of the plain state, load.
#include "engine/backend.hpp"

#include <algorithm>

#include "engine/growth.hpp"
#include "engine/protection.hpp"
#include "engine/state_reset.hpp"
#include "engine/state_weights.hpp"

namespace engram {

uint64_t backend::run_steps(uint64_t first, uint64_t count, bool plastic, bool record) {
  uint64_t spikes = 0;
  for (uint64_t step = first; step < first + count; ++step) {
    apply_inputs(step);
    integrate(step);
    deliver(step);
    if (plastic) plasticity(step);
    if (record) this->record(step);
    spikes += spike_count_last_step();
  }
  return spikes;
}

void backend::set_spike_probabilities(uint32_t first, const std::vector<double>& probabilities) {
  network_state s = export_state();
  std::copy(probabilities.begin(), probabilities.end(), s.neurons.spike_probability.begin() + first);
  load(std::move(s));
}

void backend::set_input_amplitude(uint32_t input, float amplitude) {
  network_state s = export_state();
  s.inputs.at(input).amplitude = amplitude;
  load(std::move(s));
}

void backend::reset_populations(const std::vector<uint32_t>& populations) {
  network_state s = export_state();
  engram::reset_populations(s, populations);
  load(std::move(s));
}

void backend::clear_learning_signals(const std::vector<uint32_t>& entries, const std::vector<uint32_t>& channels) {
  network_state s = export_state();
  engram::clear_learning_signals(s, entries, channels);
  load(std::move(s));
}

void backend::consolidate(const std::vector<uint32_t>& entries, uint64_t step) {
  network_state s = export_state();
  engram::consolidate(s, entries, step);
  load(std::move(s));
}

void backend::set_surprise(uint32_t entry, float surprise) {
  network_state s = export_state();
  engram::set_surprise(s, entry, surprise);
  load(std::move(s));
}

void backend::disconnect_neurons(const std::vector<uint32_t>& ids) {
  network_state s = export_state();
  engram::disconnect_neurons(s, ids);
  load(std::move(s));
}

void backend::set_weights(uint32_t p, const std::vector<float>& weights) {
  network_state s = export_state();
  set_projection_weights(s, p, weights);
  load(std::move(s));
}

std::vector<growth_record> backend::grow(uint64_t step) {
  network_state s = export_state();
  std::vector<growth_record> records = engram::grow(s, step);
  close_row_slack(s);  // backends load compact rows
  load(std::move(s));
  return records;
}

}  // namespace engram
