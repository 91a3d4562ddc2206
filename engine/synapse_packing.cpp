#include "engine/synapse_packing.hpp"

#include <fmt/format.h>

#include "engine/errors.hpp"
#include "engine/layout.hpp"

namespace engram {

void pack_synapses(synapse_table& t, std::vector<uint32_t>&& targets, const std::vector<uint8_t>& delays,
                   uint32_t ring_slots, const std::string& where) {
  const std::string w = fmt::format("{}: projection '{}'", where, t.name);
  const uint64_t size = targets.size();
  if (!delays.empty() && delays.size() != size)
    throw invalid_network(fmt::format("{}: {} delays for {} synapses", w, delays.size(), size));
  set_synapse_format(t, !delays.empty(), t.uniform_delay, ring_slots);
  // Counted first, in loops without exits (they vectorise); the culprit is searched on failure.
  uint64_t outside = 0;
  for (uint64_t e = 0; e < size; ++e) outside += targets[e] - t.post_first >= t.post_count;  // unsigned: below wraps
  if (outside)
    for (uint64_t e = 0; e < size; ++e)
      if (targets[e] - t.post_first >= t.post_count)
        throw invalid_network(fmt::format("{}: synapse {} targets neuron {}, outside the post population [{}, {})", w, e,
                                          targets[e], t.post_first, uint64_t{t.post_first} + t.post_count));
  uint64_t wrong = 0;
  for (uint8_t d : delays) wrong += d < 1 || d >= ring_slots;
  if (wrong)
    for (uint64_t e = 0; e < size; ++e)
      if (delays[e] < 1 || delays[e] >= ring_slots)
        throw invalid_network(fmt::format("{}: synapse {} has delay {}, outside [1, {}]", w, e, delays[e], ring_slots - 1));
  const synapse_code code = t.code();
  for (uint64_t e = 0; e < size; ++e) targets[e] = code.word(targets[e] - t.post_first, delays.empty() ? 0 : delays[e]);
  t.packed = std::move(targets);
}

std::vector<uint32_t> global_targets(const synapse_table& t) {
  std::vector<uint32_t> out(t.size());
  const synapse_code code = t.code();
  for (uint64_t e = 0; e < out.size(); ++e) out[e] = t.post_first + code.target(t.packed[e]);
  return out;
}

std::vector<uint8_t> synapse_delays(const synapse_table& t) {
  if (!t.per_synapse_delays()) return {};
  std::vector<uint8_t> out(t.size());
  const synapse_code code = t.code();
  for (uint64_t e = 0; e < out.size(); ++e) out[e] = static_cast<uint8_t>(code.delay(t.packed[e]));
  return out;
}

}  // namespace engram
