// Consistency of the plastic state before a backend loads it (from a snapshot, say): every size,
// index and constant the plasticity phase relies on.
#include "engine/plasticity_check.hpp"

#include <cmath>
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

// Arrivals are found per delay in rows sorted by delay, within the entry's delay range.
void check_rows_sorted_by_delay(const synapse_table& t, const plastic_projection& p, const std::string& w) {
  if (t.delay.empty()) {
    const bool matches = t.size() == 0 || (t.uniform_delay == p.delay_min && t.uniform_delay == p.delay_max);
    require(matches, w, "delay range does not match the synapses");
    return;
  }
  for (uint32_t row = 0; row < t.pre_count; ++row)
    for (uint64_t e = t.row_ptr[row]; e < t.row_ptr[row + 1]; ++e) {
      if (e > t.row_ptr[row] && t.delay[e] < t.delay[e - 1])
        throw invalid_network(fmt::format("{}: row {} of an STDP projection is not sorted by delay", w, row));
      require(t.delay[e] >= p.delay_min && t.delay[e] <= p.delay_max, w, "delay range does not match the synapses");
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
      tracked = tracked || (h.track_rate && s.populations[h.population].first == t.post_first);
    require(tracked, w, "scaling and BCM need the post population's rate estimate");
  }
  require(std::isfinite(p.modulation), w, "modulation must be finite");
}

}  // namespace

void check_plasticity_state(const network_state& s, const std::string& where) {
  const auto& ps = s.plasticity;
  const uint32_t n = s.neuron_count();
  for (size_t i = 0; i < ps.projections.size(); ++i) {
    if (i > 0) require(ps.projections[i].projection > ps.projections[i - 1].projection, where, "plastic projections must be listed in projection order");
    check_projection(s, ps.projections[i], where);
  }
  bool theta = false, rate = false;
  for (const auto& h : ps.populations) {
    require(h.population < s.populations.size(), where, fmt::format("homeostasis names population {}, which does not exist", h.population));
    require(is_decay(h.theta_decay) && is_decay(h.rate_decay), where, "homeostasis decay factors must be in [0, 1]");
    theta = theta || h.threshold;
    rate = rate || h.track_rate;
  }
  size_is(ps.theta, theta ? n : 0, "theta", where);
  size_is(ps.rate_hz, rate ? n : 0, "rate_hz", where);
  for (const auto& d : ps.dopamine) require(is_decay(d.decay) && std::isfinite(d.level), where, fmt::format("dopamine channel '{}' is invalid", d.name));
  for (const auto& c : ps.contingencies) {
    require(c.channel < ps.dopamine.size() && c.pre < n && c.post < n, where, fmt::format("reward contingency {} is out of range", c.ordinal));
    for (size_t i = 1; i < c.pending.size(); ++i) require(c.pending[i] >= c.pending[i - 1], where, "pending rewards must be sorted");
  }
  require(ps.spike_history.empty() || ps.spike_history.size() == s.ring_slots, where, "spike history must hold ring_slots steps");
  for (const auto& slot : ps.spike_history)
    for (uint32_t neuron : slot) require(neuron < n, where, "spike history names a neuron outside the network");
}

}  // namespace engram
