#include "engine/state_check.hpp"

#include <fmt/format.h>

#include "engine/errors.hpp"
#include "engine/plasticity_check.hpp"

namespace engram {

namespace {

template <class V>
void require_size(const V& v, size_t n, const std::string& what, const std::string& where) {
  if (v.size() != n) throw invalid_network(fmt::format("{}: {} has {} entries, expected {}", where, what, v.size(), n));
}

void check_projection(const synapse_table& t, uint32_t n, uint32_t slots, const std::string& where) {
  const std::string w = fmt::format("{}: projection '{}'", where, t.name);
  if (static_cast<uint64_t>(t.pre_first) + t.pre_count > n || static_cast<uint64_t>(t.post_first) + t.post_count > n)
    throw invalid_network(w + ": pre or post range outside the network");
  require_size(t.row_ptr, static_cast<size_t>(t.pre_count) + 1, "row_ptr", w);
  if (t.row_ptr.front() != 0) throw invalid_network(w + ": row_ptr must start at 0");
  for (uint32_t i = 0; i < t.pre_count; ++i)
    if (t.row_ptr[i + 1] < t.row_ptr[i]) throw invalid_network(fmt::format("{}: row_ptr decreases at row {}", w, i));
  const uint64_t size = t.row_ptr.back();
  require_size(t.target, size, "target", w);
  require_size(t.weight, size, "weight", w);
  if (!t.delay.empty()) require_size(t.delay, size, "delay", w);
  for (uint64_t s = 0; s < size; ++s)
    if (t.target[s] < t.post_first || t.target[s] >= t.post_first + t.post_count)
      throw invalid_network(fmt::format("{}: synapse {} targets neuron {}, outside the post population", w, s, t.target[s]));
  auto check_delay = [&](uint32_t d) {
    if (d < 1 || d >= slots) throw invalid_network(fmt::format("{}: delay {} outside [1, {}]", w, d, slots - 1));
  };
  if (t.delay.empty()) {
    if (size > 0) check_delay(t.uniform_delay);
  } else {
    for (uint8_t d : t.delay) check_delay(d);
  }
}

}  // namespace

void check_state(const network_state& s, const std::string& where) {
  const uint32_t n = s.neuron_count();
  const auto& a = s.neurons;
  for (auto [v, name] : {std::pair{&a.u, "u"}, {&a.i_syn, "i_syn"}, {&a.g_inh, "g_inh"}, {&a.a, "a"}, {&a.b, "b"}, {&a.c, "c"}, {&a.d, "d"}})
    require_size(*v, n, name, where);
  require_size(a.refractory, n, "refractory", where);
  require_size(a.spike_probability, n, "spike_probability", where);
  uint32_t next = 0;
  for (const auto& p : s.populations) {
    if (p.first != next) throw invalid_network(fmt::format("{}: population '{}' starts at {}, expected {}", where, p.name, p.first, next));
    next += p.size;
  }
  if (next != n) throw invalid_network(fmt::format("{}: populations cover {} neurons, arrays hold {}", where, next, n));
  if (s.ring_slots < 2 || s.ring_slots > 256) throw invalid_network(fmt::format("{}: ring_slots {} outside [2, 256]", where, s.ring_slots));
  if (s.ring_channels < 1 || s.ring_channels > 2)
    throw invalid_network(fmt::format("{}: ring_channels {} outside [1, 2]", where, s.ring_channels));
  require_size(s.ring, static_cast<size_t>(s.ring_channels) * s.ring_slots * n, "ring buffer", where);
  bool conductance = false;
  for (const auto& p : s.populations) conductance = conductance || p.kind == neuron_kind::lif_cond;
  if (conductance != (s.ring_channels == 2))
    throw invalid_network(fmt::format("{}: ring_channels {} does not fit the populations (2 exactly when one is lif_cond)", where, s.ring_channels));
  for (const auto& t : s.projections) {
    check_projection(t, n, s.ring_slots, where);
    if (t.channel >= s.ring_channels)
      throw invalid_network(fmt::format("{}: projection '{}' delivers into ring channel {} of {}", where, t.name, t.channel, s.ring_channels));
  }
  for (const auto& in : s.inputs)
    if (static_cast<uint64_t>(in.first) + in.count > n) throw invalid_network(fmt::format("{}: input {} range outside the network", where, in.ordinal));
  const auto& sch = s.scheduled_spikes;
  require_size(sch.neuron, sch.step.size(), "scheduled spike neurons", where);
  for (size_t i = 0; i < sch.step.size(); ++i) {
    if (sch.neuron[i] >= n) throw invalid_network(fmt::format("{}: scheduled spike for neuron {} outside the network", where, sch.neuron[i]));
    if (i > 0 && sch.step[i] < sch.step[i - 1]) throw invalid_network(where + ": scheduled spikes are not sorted by step");
  }
  if (!(s.dt_ms > 0)) throw invalid_network(fmt::format("{}: dt_ms {} must be > 0", where, s.dt_ms));
  check_plasticity_state(s, where);
}

}  // namespace engram
