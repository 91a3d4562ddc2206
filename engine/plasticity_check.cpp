// Consistency of the plastic state before a backend loads it (from a snapshot, say): every size,
// index and constant the plasticity phase relies on.
#include "engine/plasticity_check.hpp"

#include <algorithm>
#include <cmath>
#include <limits>
#include <fmt/format.h>

#include "engine/errors.hpp"

namespace engram {
namespace {

template <class V>
void size_is(const V& v, size_t n, const std::string& what, const std::string& where) {
  if (v.size() != n) throw invalid_network(fmt::format("{}: {} has {} entries, expected {}", where, what, v.size(), n));
}

void require(bool ok, const std::string& where, const std::string& what) {
  if (!ok) throw invalid_network(fmt::format("{}: {}", where, what));
}

bool is_decay(float x) { return x >= 0.0f && x <= 1.0f; }
bool is_flag(uint8_t x) { return x <= 1; }

void finite(float x, const std::string& w, const char* what) {
  if (!std::isfinite(x)) throw invalid_network(fmt::format("{}: {} is {}, expected a finite number", w, what, x));
}
void non_negative(float x, const std::string& w, const char* what) {
  if (!(std::isfinite(x) && x >= 0)) throw invalid_network(fmt::format("{}: {} is {}, expected finite and >= 0", w, what, x));
}
template <class V> void all_within(const V& v, float lo, float hi, const std::string& w, const char* what) {
  for (size_t i = 0; i < v.size(); ++i)
    if (!(v[i] >= lo && v[i] <= hi)) throw invalid_network(fmt::format("{}: {}[{}] is {}, expected in [{}, {}]", w, what, i, v[i], lo, hi));
}
template <class V> void all_finite(const V& v, const std::string& w, const char* what) {
  for (size_t i = 0; i < v.size(); ++i)
    if (!std::isfinite(v[i])) throw invalid_network(fmt::format("{}: {}[{}] is {}, expected a finite number", w, what, i, v[i]));
}
constexpr float infinite = std::numeric_limits<float>::infinity();

// Constants and state values of one entry: finite, and in range where the rule needs it.
void check_values(const synapse_table& t, const plastic_projection& p, const std::string& w) {
  const auto& k = p.stdp;
  for (auto [flag, name] : {std::pair{p.frozen, "frozen"}, {k.enabled, "stdp_enabled"}, {k.nearest, "stdp_nearest"},
                            {k.multiplicative, "stdp_multiplicative"}, {k.bcm, "stdp_bcm"}, {p.scaling, "scaling"},
                            {p.normalise, "normalise"}, {p.stp, "stp"}, {p.protect, "protect"},
                            {p.protect_per_neuron, "protect_per_neuron"}})
    require(is_flag(flag), w, fmt::format("{} must be 0 or 1, got {}", name, flag));
  non_negative(k.a_plus, w, "a_plus");
  non_negative(k.a_minus, w, "a_minus");
  non_negative(k.w_min, w, "w_min");
  if (k.enabled || p.scaling || p.normalise) non_negative(k.w_max, w, "w_max");
  non_negative(k.bcm_inv_target, w, "bcm_inv_target");
  non_negative(k.bcm_min, w, "bcm_min");
  non_negative(k.bcm_max, w, "bcm_max");
  finite(p.derivative_bias, w, "derivative_bias");
  // Every decay factor, whether or not its rule is on: a NaN is damage either way.
  for (auto [x, name] : {std::pair{p.derivative_decay, "derivative_decay"}, {p.stp_rec_decay, "stp_rec_decay"},
                         {p.stp_fac_decay, "stp_fac_decay"}, {p.eligibility_period_decay, "eligibility_period_decay"}})
    require(is_decay(x), w, fmt::format("{} is {}, expected in [0, 1]", name, x));
  finite(p.dopamine_reference, w, "dopamine_reference");
  finite(p.dopamine_gain, w, "dopamine_gain");
  all_within(p.eligibility_lag, 0.0f, 1.0f, w, "eligibility_lag");
  non_negative(p.scaling_target_hz, w, "scaling_target_hz");
  finite(p.scaling_eta, w, "scaling_eta");
  require(is_decay(p.scaling_max_step), w, "scaling_max_step must be in [0, 1]");
  non_negative(p.normalise_target, w, "normalise_target");
  require(is_decay(p.stp_U), w, "stp_U must be in [0, 1]");
  // Traces only decay and grow by spikes: finite and >= 0. The derivative or eligibility has a sign.
  all_within(p.pre_trace, 0.0f, infinite, w, "pre_trace");
  all_finite(p.pre_trace, w, "pre_trace");
  all_within(p.post_trace, 0.0f, infinite, w, "post_trace");
  all_finite(p.post_trace, w, "post_trace");
  all_finite(p.synapse_aux, w, "synapse_aux");
  all_within(p.importance, 0.0f, infinite, w, "importance");
  all_finite(p.importance, w, "importance");
  all_within(p.gate, 0.0f, 1.0f, w, "gate");
  all_within(p.stp_u, 0.0f, 1.0f, w, "stp_u");
  all_within(p.stp_x, 0.0f, 1.0f, w, "stp_x");
  // Every weight change is clamped to [w_min, w_max] on magnitudes polarity * w, and initial
  // weights start inside (with the slack engine/plasticity.cpp allows): a weight outside, or of
  // the other sign, did not come from a run.
  const float slack = 1e-6f * std::max(1.0f, k.w_max);
  const bool bounded = k.enabled || p.scaling || p.normalise;
  const float lo = bounded ? std::max(0.0f, k.w_min - slack) : 0.0f, hi = bounded ? k.w_max + slack : infinite;
  const float* weight = t.weight.data();
  uint64_t outside = 0;  // counted without stopping (vectorised); the culprit is searched on failure
  for (uint64_t e = 0; e < t.size(); ++e) {
    const float m = k.polarity * weight[e];
    outside += !(m >= lo && m <= hi);
  }
  if (outside)
    for (uint64_t e = 0; e < t.size(); ++e)
      if (const float m = k.polarity * weight[e]; !(m >= lo && m <= hi))
        throw invalid_network(fmt::format("{}: synapse {} has weight {}, outside the magnitudes [{}, {}] of polarity {}", w, e,
                                          weight[e], bounded ? k.w_min : 0.0f, bounded ? k.w_max : infinite, k.polarity));
}

// Arrivals are found per delay in rows sorted by delay, within the entry's delay range.
void check_rows_sorted_by_delay(const synapse_table& t, const plastic_projection& p, const std::string& w) {
  if (!t.per_synapse_delays()) {
    const bool matches = t.size() == 0 || (t.uniform_delay == p.delay_min && t.uniform_delay == p.delay_max);
    require(matches, w, "delay range does not match the synapses");
    return;
  }
  // Plain comparisons per synapse (a require() would build its message string 10^8 times).
  const synapse_code code = t.code();
  for (uint32_t row = 0; row < t.pre_count; ++row)
    for (uint64_t e = t.row_ptr[row]; e < t.row_ptr[row + 1]; ++e) {
      const uint32_t d = code.delay(t.packed[e]);
      if (e > t.row_ptr[row] && d < code.delay(t.packed[e - 1]))
        throw invalid_network(fmt::format("{}: row {} of an STDP projection is not sorted by delay", w, row));
      if (d < p.delay_min || d > p.delay_max) throw invalid_network(w + ": delay range does not match the synapses");
    }
}

void check_projection(const network_state& s, const plastic_projection& p, const std::string& where) {
  require(p.projection < s.projections.size(), where, fmt::format("plastic entry names projection {}, which does not exist", p.projection));
  const synapse_table& t = s.projections[p.projection];
  const std::string w = fmt::format("{}: plasticity of projection '{}'", where, t.name);
  const auto& k = p.stdp;
  require(k.target <= 2, w, "unknown STDP target");
  require(k.polarity == 1.0f || k.polarity == -1.0f, w, "polarity must be +1 or -1");
  require(is_decay(k.lambda_plus) && is_decay(k.lambda_minus), w, "trace decay factors must be in [0, 1]");
  require(k.w_min <= k.w_max || !k.enabled, w, "w_min above w_max");
  require(p.delay_min >= 1 && p.delay_min <= p.delay_max && p.delay_max < s.ring_slots, w, "delay range outside [1, ring_slots - 1]");
  if (k.enabled) {
    size_is(p.pre_trace, static_cast<size_t>(s.ring_slots) * t.pre_count, "pre_trace", w);
    require(k.triplet <= 1 && (!k.triplet || is_decay(k.lambda_triplet)), w, "triplet decay factor must be in [0, 1]");
    size_is(p.post_trace, uint64_t{t.post_count} * (k.triplet ? 2 : 1), "post_trace", w);
    size_is(p.synapse_aux, k.target == 0 ? 0 : t.size(), "synapse_aux", w);
    check_rows_sorted_by_delay(t, p, w);
    require(s.plasticity.spike_history.size() == s.ring_slots, w, "STDP needs a spike history of ring_slots steps");
  }
  if (k.enabled && k.target == 1) require(p.derivative_period >= 1, w, "derivative_period must be >= 1");
  if (k.enabled && k.target == 2) {
    require(p.apply_period >= 1, w, "apply_period must be >= 1");
    size_is(p.eligibility_lag, p.apply_period, "eligibility_lag", w);
    require(p.dopamine_channel < s.plasticity.dopamine.size(), w, "dopamine channel out of range");
  }
  if (p.protect) {
    require(k.enabled, w, "protection needs STDP");
    size_is(p.importance, t.size(), "importance", w);
    size_is(p.gate, t.size(), "gate", w);
    require(p.protect_sharpness > 0 && std::isfinite(p.protect_sharpness), w, "protect_sharpness must be finite and > 0");
    require(p.protect_quantile > 0 && p.protect_quantile <= 1, w, "protect_quantile must be in (0, 1]");
    require(is_decay(p.protect_min_gate) && is_decay(p.surprise), w, "protect_min_gate and surprise must be in [0, 1]");
    non_negative(p.protect_threshold, w, "protect_threshold");
    require(p.consolidated_step <= s.step, w, "consolidated after the current step");
  } else {
    require(p.importance.empty() && p.gate.empty(), w, "importance or gates without protection");
  }
  if (p.scaling) require(p.scaling_period >= 1, w, "scaling_period must be >= 1");
  if (p.normalise) require(p.normalise_period >= 1, w, "normalise_period must be >= 1");
  if (p.stp) {
    size_is(p.stp_u, t.pre_count, "stp_u", w);
    size_is(p.stp_x, t.pre_count, "stp_x", w);
    require(is_decay(p.stp_rec_decay) && is_decay(p.stp_fac_decay), w, "STP decay factors must be in [0, 1]");
  }
  if (p.scaling || k.bcm) {
    bool tracked = false;
    for (const auto& h : s.plasticity.populations)
      tracked = tracked || (h.track_rate && h.population < s.populations.size() && s.populations[h.population].first == t.post_first);
    require(tracked, w, "scaling and BCM need the post population's rate estimate");
  }
  require(std::isfinite(p.modulation), w, "modulation must be finite");
  check_values(t, p, w);
}

}  // namespace

void check_plasticity_state(const network_state& s, const std::string& where) {
  const auto& ps = s.plasticity;
  const uint32_t n = s.neuron_count();
  for (size_t i = 0; i < ps.projections.size(); ++i) {
    if (i > 0) require(ps.projections[i].projection > ps.projections[i - 1].projection, where, "plastic projections must be listed in projection order");
    check_projection(s, ps.projections[i], where);
  }
  bool theta = false, rate = false, stdp = false;
  for (const auto& p : ps.projections) stdp = stdp || p.stdp.enabled;
  // The spike history exists for STDP only: one without an STDP entry means an entry was lost.
  require(ps.spike_history.empty() || stdp, where, "a spike history is stored but no projection has STDP (a plastic projection is missing)");
  for (size_t i = 0; i < ps.populations.size(); ++i) {
    const auto& h = ps.populations[i];
    require(h.population < s.populations.size(), where, fmt::format("homeostasis names population {}, which does not exist", h.population));
    if (i > 0) require(h.population > ps.populations[i - 1].population, where, "homeostasis entries must be listed in population order");
    require(is_decay(h.theta_decay) && is_decay(h.rate_decay), where, "homeostasis decay factors must be in [0, 1]");
    require(is_flag(h.threshold) && is_flag(h.track_rate), where, "homeostasis flags must be 0 or 1");
    non_negative(h.theta_increment, where, "theta_increment");
    non_negative(h.rate_gain, where, "rate_gain");
    theta = theta || h.threshold;
    rate = rate || h.track_rate;
  }
  size_is(ps.theta, theta ? n : 0, "theta", where);
  size_is(ps.rate_hz, rate ? n : 0, "rate_hz", where);
  all_within(ps.theta, 0.0f, infinite, where, "theta");
  all_finite(ps.theta, where, "theta");
  all_within(ps.rate_hz, 0.0f, infinite, where, "rate_hz");
  all_finite(ps.rate_hz, where, "rate_hz");
  for (const auto& d : ps.dopamine)
    require(is_decay(d.decay) && std::isfinite(d.level) && std::isfinite(d.baseline), where, fmt::format("dopamine channel '{}' is invalid", d.name));
  for (const auto& c : ps.contingencies) {
    require(c.channel < ps.dopamine.size() && c.pre < n && c.post < n, where, fmt::format("reward contingency {} is out of range", c.ordinal));
    require(c.delay_min_steps <= c.delay_max_steps && std::isfinite(c.amount) && c.last_pre_step >= -1, where,
            fmt::format("reward contingency {} is invalid", c.ordinal));
    for (size_t i = 1; i < c.pending.size(); ++i) require(c.pending[i] >= c.pending[i - 1], where, "pending rewards must be sorted");
  }
  require(ps.spike_history.empty() || ps.spike_history.size() == s.ring_slots, where, "spike history must hold ring_slots steps");
  for (const auto& slot : ps.spike_history)
    for (uint32_t neuron : slot) require(neuron < n, where, "spike history names a neuron outside the network");
}

}  // namespace engram
