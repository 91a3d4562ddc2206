// Consistency and value checks of a network_state before a backend loads it: every size, index,
// enum and float the step reads, so that a damaged or forged snapshot is refused with its reason
// instead of crashing, hanging or simulating nonsense. Data-driven where arrays are alike: a new
// per-neuron array is one line of neuron_rules.
#include "engine/state_check.hpp"

#include <cmath>
#include <fmt/format.h>

#include "engine/errors.hpp"
#include "engine/growth.hpp"
#include "engine/limits.hpp"
#include "engine/plasticity_check.hpp"

namespace engram {

namespace {

template <class V>
void require_size(const V& v, size_t n, const std::string& what, const std::string& where) {
  if (v.size() != n) throw invalid_network(fmt::format("{}: {} has {} entries, expected {}", where, what, v.size(), n));
}

// What values an array (or a constant) may hold.
enum class range { finite, non_negative, unit };  // unit: [0, 1]

bool in_range(double x, range r) {
  switch (r) {
    case range::finite: return std::isfinite(x);
    case range::non_negative: return std::isfinite(x) && x >= 0;
    case range::unit: return x >= 0 && x <= 1;  // false for NaN
  }
  return false;
}

const char* range_words(range r) {
  switch (r) {
    case range::finite: return "a finite number";
    case range::non_negative: return "finite and >= 0";
    case range::unit: return "in [0, 1]";
  }
  return "";
}

template <class T>
void require_values(const std::vector<T>& v, range r, const std::string& what, const std::string& where) {
  for (size_t i = 0; i < v.size(); ++i)
    if (!in_range(static_cast<double>(v[i]), r))
      throw invalid_network(fmt::format("{}: {}[{}] is {}, expected {}", where, what, i, v[i], range_words(r)));
}

void require_value(double x, range r, const std::string& what, const std::string& where) {
  if (!in_range(x, r)) throw invalid_network(fmt::format("{}: {} is {}, expected {}", where, what, x, range_words(r)));
}

// Per-neuron arrays: one entry per neuron each, and the values they may hold.
template <class T> struct neuron_rule {
  const char* name;
  std::vector<T> neuron_arrays::*field;
  range values;
};
constexpr neuron_rule<float> neuron_rules[] = {
    {"v", &neuron_arrays::v, range::finite},         {"u", &neuron_arrays::u, range::finite},
    {"i_syn", &neuron_arrays::i_syn, range::finite}, {"g_inh", &neuron_arrays::g_inh, range::non_negative},
    {"a", &neuron_arrays::a, range::finite},
    {"b", &neuron_arrays::b, range::finite},         {"c", &neuron_arrays::c, range::finite},
    {"d", &neuron_arrays::d, range::finite},
};
constexpr neuron_rule<double> neuron_rules_f64[] = {{"spike_probability", &neuron_arrays::spike_probability, range::unit}};

void check_neurons(const network_state& s, const std::string& where) {
  const uint32_t n = s.neuron_count();
  const auto& a = s.neurons;
  for (const auto& r : neuron_rules) {
    require_size(a.*r.field, n, r.name, where);
    require_values(a.*r.field, r.values, r.name, where);
  }
  for (const auto& r : neuron_rules_f64) {
    require_size(a.*r.field, n, r.name, where);
    require_values(a.*r.field, r.values, r.name, where);
  }
  require_size(a.refractory, n, "refractory", where);
}

void check_population(const network_state& s, const population_range& p, const std::string& where) {
  const std::string w = fmt::format("{}: population '{}'", where, p.name);
  if (p.size == 0) throw invalid_network(w + " has no neurons");
  if (p.substeps < 1 || p.substeps > limits::max_substeps)
    throw invalid_network(fmt::format("{}: substeps {} outside [1, {}]", w, p.substeps, limits::max_substeps));
  if (p.delta_synapses > 1)
    throw invalid_network(fmt::format("{}: delta_synapses {} is neither 0 nor 1", w, static_cast<int>(p.delta_synapses)));
  if (p.scheme != izhikevich_scheme::substep && p.scheme != izhikevich_scheme::published)
    throw invalid_network(fmt::format("{}: izhikevich_scheme {} is neither 0 (substep) nor 1 (published)", w, static_cast<int>(p.scheme)));
  require_value(p.v_peak, range::finite, "v_peak", w);
  for (auto [name, x] : {std::pair{"p_vi", p.p_vi}, {"p_vbias", p.p_vbias}, {"v_rest", p.v_rest}, {"v_reset", p.v_reset},
                         {"v_thresh", p.v_thresh}, {"i_bias", p.i_bias}})
    require_value(x, range::finite, name, w);
  require_value(p.p_vv, range::unit, "p_vv", w);
  require_value(p.p_ii, range::unit, "p_ii", w);
  if (p.refractory_steps < 0 || p.refractory_steps > limits::max_refractory_steps)
    throw invalid_network(fmt::format("{}: refractory_steps {} outside [0, {}]", w, p.refractory_steps, limits::max_refractory_steps));
  // An adaptive threshold (theta >= 0 on top of v_thresh) may start from a baseline below the
  // reset, as Diehl & Cook's does; theta is checked with the plasticity state.
  bool adaptive = false;
  for (const auto& h : s.plasticity.populations)
    adaptive = adaptive || (h.threshold && h.population < s.populations.size() && &s.populations[h.population] == &p);
  if ((p.kind == neuron_kind::lif || p.kind == neuron_kind::lif_cond) && !adaptive && !(p.v_reset < p.v_thresh))
    throw invalid_network(w + ": v_reset must be below v_thresh");
  require_value(p.v_init, range::finite, "v_init", w);
  for (auto [name, x] : {std::pair{"e_exc", p.e_exc}, {"e_inh", p.e_inh}, {"g_leak", p.g_leak}, {"dt_over_c", p.dt_over_c}})
    require_value(x, range::finite, name, w);
  require_value(p.g_exc_decay, range::unit, "g_exc_decay", w);
  require_value(p.g_inh_decay, range::unit, "g_inh_decay", w);
  int32_t longest = std::max(p.refractory_steps, 0);
  if (p.kind == neuron_kind::lif_cond) {
    if (p.lockout_steps < p.refractory_steps || p.lockout_steps > limits::max_refractory_steps)
      throw invalid_network(fmt::format("{}: lockout_steps {} outside [refractory_steps {}, {}]", w, p.lockout_steps,
                                        p.refractory_steps, limits::max_refractory_steps));
    longest = p.lockout_steps;
    if (!(p.g_leak > 0) || !(p.dt_over_c > 0)) throw invalid_network(w + ": g_leak and dt_over_c must be > 0");
    for (uint32_t i = p.first; i < p.first + p.size; ++i)
      if (!(s.neurons.i_syn[i] >= 0)) throw invalid_network(fmt::format("{}: neuron {} has a negative excitatory conductance", w, i - p.first));
  }
  for (uint32_t i = p.first; i < p.first + p.size; ++i)
    if (s.neurons.refractory[i] < 0 || s.neurons.refractory[i] > longest)
      throw invalid_network(fmt::format("{}: neuron {} has {} refractory steps left, outside [0, {}]", w, i - p.first,
                                        s.neurons.refractory[i], longest));
}

// The population that is exactly [first, first + count), or null.
const population_range* population_at(const network_state& s, uint32_t first, uint32_t count) {
  for (const auto& p : s.populations)
    if (p.first == first && p.size == count) return &p;
  return nullptr;
}

const population_range* population_of(const network_state& s, uint32_t neuron) {
  for (const auto& p : s.populations)
    if (neuron >= p.first && neuron - p.first < p.size) return &p;
  return nullptr;
}

void check_projection(const network_state& s, const synapse_table& t, const std::string& where) {
  const uint32_t slots = s.ring_slots;
  const std::string w = fmt::format("{}: projection '{}'", where, t.name);
  if (!population_at(s, t.pre_first, t.pre_count)) throw invalid_network(w + ": its pre range is not a population");
  const population_range* post = population_at(s, t.post_first, t.post_count);
  if (!post) throw invalid_network(w + ": its post range is not a population");
  if (post->kind == neuron_kind::poisson_source || post->kind == neuron_kind::spike_source)
    throw invalid_network(w + ": a source population cannot receive synapses");
  require_size(t.row_ptr, static_cast<size_t>(t.pre_count) + 1, "row_ptr", w);
  if (t.row_ptr.front() != 0) throw invalid_network(w + ": row_ptr must start at 0");
  for (uint32_t i = 0; i < t.pre_count; ++i)
    if (t.row_ptr[i + 1] < t.row_ptr[i]) throw invalid_network(fmt::format("{}: row_ptr decreases at row {}", w, i));
  const uint64_t size = t.row_ptr.back();
  require_size(t.packed, size, "packed synapses", w);
  require_size(t.weight, size, "weight", w);
  if (t.dendrite_choices > max_compartment_choices)
    throw invalid_network(fmt::format("{}: {} dendritic compartments, at most {}", w, t.dendrite_choices, max_compartment_choices));
  for (uint32_t k = 0; k < t.dendrite_choices; ++k) require_value(t.dendrite_gain[k], range::unit, "dendrite_gain", w);
  if (t.target_bits != 32 && t.target_bits != target_bits_for(slots))
    throw invalid_network(fmt::format("{}: {} target bits, expected 32 (uniform delay) or {} (per-synapse delays)", w,
                                      t.target_bits, target_bits_for(slots)));
  if (t.per_synapse_delays() && t.uniform_delay != 0)
    throw invalid_network(w + ": a uniform delay is set although the synapses have their own");
  if (t.per_synapse_delays() && uint64_t{t.post_count} > (uint64_t{1} << t.target_bits))
    throw invalid_network(fmt::format("{}: {} post neurons do not fit {} target bits", w, t.post_count, t.target_bits));
  // Each scan counts what is wrong without stopping (it vectorises: snapshots hold 10^8 synapses
  // and resume checks them twice); the slow search for the first culprit runs only on failure.
  const synapse_code code = t.code();
  const uint32_t* packed = t.packed.data();
  uint64_t outside = 0;
  for (uint64_t e = 0; e < size; ++e) outside += code.target(packed[e]) >= t.post_count;
  if (outside)
    for (uint64_t e = 0; e < size; ++e)
      if (code.target(packed[e]) >= t.post_count)
        throw invalid_network(fmt::format("{}: synapse {} targets neuron {}, outside the post population", w, e,
                                          uint64_t{t.post_first} + code.target(packed[e])));
  // Weights finite and of magnitude below the fixed-point limit; one transmitter per projection,
  // so one sign (zero goes with either).
  const float* weight = t.weight.data();
  uint64_t bad = 0, positive = 0, negative = 0;
  for (uint64_t e = 0; e < size; ++e) {
    bad += !(std::fabs(weight[e]) < static_cast<float>(limits::max_input_per_step));
    positive += weight[e] > 0;
    negative += weight[e] < 0;
  }
  if (bad)
    for (uint64_t e = 0; e < size; ++e)
      if (!(std::fabs(weight[e]) < static_cast<float>(limits::max_input_per_step)))
        throw invalid_network(fmt::format("{}: synapse {} has weight {}, expected a finite magnitude below {:g}", w, e, weight[e],
                                          limits::max_input_per_step));
  if (positive && negative) throw invalid_network(w + ": weights of both signs (a projection has one transmitter, one sign)");
  auto check_delay = [&](uint32_t d) {
    if (d < 1 || d >= slots) throw invalid_network(fmt::format("{}: delay {} outside [1, {}]", w, d, slots - 1));
  };
  if (!t.per_synapse_delays()) {
    if (size > 0) check_delay(t.uniform_delay);
  } else {
    uint64_t wrong = 0;
    for (uint64_t e = 0; e < size; ++e) wrong += code.delay(packed[e]) - 1 >= slots - 1;  // unsigned: 0 wraps
    if (wrong)
      for (uint64_t e = 0; e < size; ++e) check_delay(code.delay(packed[e]));
  }
}

void check_inputs(const network_state& s, const std::string& where) {
  const uint32_t n = s.neuron_count();
  for (size_t k = 0; k < s.inputs.size(); ++k) {
    const auto& in = s.inputs[k];
    const std::string w = fmt::format("{}: input {}", where, k);
    if (static_cast<uint8_t>(in.type) > static_cast<uint8_t>(input::kind::oscillation))
      throw invalid_network(fmt::format("{} has unknown type {}", w, static_cast<int>(in.type)));
    if (in.count == 0 || static_cast<uint64_t>(in.first) + in.count > n) throw invalid_network(w + ": its neuron range is empty or outside the network");
    for (auto [name, x] : {std::pair{"amplitude", in.amplitude}, {"mean", in.mean}, {"weight", in.weight}})
      require_value(x, range::finite, name, w);
    require_value(in.sd, range::non_negative, "sd", w);
    require_value(in.exp_minus_lambda, range::unit, "exp_minus_lambda", w);
    require_value(in.envelope_depth, range::unit, "envelope_depth", w);
    if (in.type == input::kind::random_pulse && in.pulses_per_step > in.count)
      throw invalid_network(fmt::format("{}: {} pulses per step on {} neurons (at most one per neuron)", w, in.pulses_per_step, in.count));
  }
}

void check_schedule(const network_state& s, const std::string& where) {
  const auto& sch = s.scheduled_spikes;
  require_size(sch.neuron, sch.step.size(), "scheduled spike neurons", where);
  for (size_t i = 0; i < sch.step.size(); ++i) {
    const population_range* p = population_of(s, sch.neuron[i]);
    if (!p || p->kind != neuron_kind::spike_source)
      throw invalid_network(fmt::format("{}: scheduled spike for neuron {}, which is not in a spike-source population", where, sch.neuron[i]));
    if (i > 0 && sch.step[i] < sch.step[i - 1]) throw invalid_network(where + ": scheduled spikes are not sorted by step");
  }
}

}  // namespace

// The fixed-point ring holds |sum| < 2^62 per neuron and step. Bound what can arrive: every
// incoming synapse once per slot (at its largest possible weight times its gain), plus Poisson
// inputs of up to 1024 events. Entries already in flight must lie within that bound too: one at
// INT64_MAX is damage, not input.
void check_fixed_point_range(const network_state& s, const std::string& where) {
  const uint32_t n = s.neuron_count();
  std::vector<double> synaptic(n, 0.0);
  std::vector<const plastic_projection*> entry(s.projections.size(), nullptr);
  for (const auto& p : s.plasticity.projections) entry[p.projection] = &p;
  for (size_t k = 0; k < s.projections.size(); ++k) {
    const synapse_table& t = s.projections[k];
    const plastic_projection* p = entry[k];
    const bool changing = p && (p->stdp.enabled || p->scaling || p->normalise);
    const double gain = p ? std::fabs(p->modulation) : 1.0;
    for (uint64_t e = 0; e < t.size(); ++e)
      synaptic[t.target_of(e)] += (changing ? std::max<double>(p->stdp.w_max, std::fabs(t.weight[e])) : std::fabs(t.weight[e])) * gain;
  }
  std::vector<double> events(n, 0.0);
  for (const auto& in : s.inputs)
    if (in.type == input::kind::poisson)
      for (uint32_t i = in.first; i < in.first + in.count; ++i) events[i] += 1024.0 * std::fabs(in.weight);
  for (uint32_t i = 0; i < n; ++i)
    if (!(synaptic[i] + events[i] < limits::max_input_per_step))
      throw invalid_network(fmt::format("{}: neuron {} could receive {:g} units of input in one step, beyond the fixed-point range ({:g})",
                                        where, i, synaptic[i] + events[i], limits::max_input_per_step));
  for (uint32_t i = 0; i < n; ++i) synaptic[i] = synaptic[i] * 4294967296.0 * (1 + 1e-9) + 1;  // in ring units
  for (uint32_t slot = 0; slot < s.ring_channels * s.ring_slots; ++slot) {  // every channel's slots
    const int64_t* row = s.ring.data() + static_cast<size_t>(slot) * n;
    for (uint32_t i = 0; i < n; ++i)
      if (std::fabs(static_cast<double>(row[i])) > synaptic[i])
        throw invalid_network(fmt::format("{}: ring-buffer slot {} holds {} for neuron {}, more than its synapses can deliver ({:g})",
                                          where, slot, row[i], i, synaptic[i]));
  }
}

void check_state(const network_state& s, const std::string& where) {
  if (!(s.dt_ms >= limits::min_dt_ms && s.dt_ms <= limits::max_dt_ms))
    throw invalid_network(fmt::format("{}: dt_ms {} outside [{:g}, {:g}]", where, s.dt_ms, limits::min_dt_ms, limits::max_dt_ms));
  if (s.step > limits::max_step) throw invalid_network(fmt::format("{}: step {} beyond {}", where, s.step, limits::max_step));
  check_neurons(s, where);
  uint32_t next = 0;
  for (const auto& p : s.populations) {
    if (p.first != next) throw invalid_network(fmt::format("{}: population '{}' starts at {}, expected {}", where, p.name, p.first, next));
    if (p.size > s.neuron_count() - next) throw invalid_network(fmt::format("{}: population '{}' runs past the neuron arrays", where, p.name));
    check_population(s, p, where);
    next += p.size;
  }
  const uint32_t n = s.neuron_count();
  if (s.populations.empty()) throw invalid_network(where + ": no populations");
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
    check_projection(s, t, where);
    if (t.channel >= s.ring_channels)
      throw invalid_network(fmt::format("{}: projection '{}' delivers into ring channel {} of {}", where, t.name, t.channel, s.ring_channels));
  }
  check_inputs(s, where);
  check_schedule(s, where);
  check_plasticity_state(s, where);
  check_growth(s, where);
  check_fixed_point_range(s, where);
}

}  // namespace engram
