// The experiment API's defaults: export, change the plain state, load (engine/backend.hpp).
#include "engine/backend.hpp"

#include <algorithm>

#include "engine/state_reset.hpp"

namespace engram {

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

}  // namespace engram
