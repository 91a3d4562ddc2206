#include "engine/plasticity_layout.hpp"

#include <algorithm>
#include <cmath>
#include <fmt/format.h>
#include <numeric>

#include "engine/errors.hpp"
#include "engine/growth.hpp"
#include "engine/index_slack.hpp"

namespace engram {

uint32_t period_steps(double ms, double dt_ms) {
  return static_cast<uint32_t>(std::max<long>(1, std::lround(ms / dt_ms)));
}

namespace {

float decay(double tau_ms, double dt_ms) { return tau_ms > 0 ? static_cast<float>(std::exp(-dt_ms / tau_ms)) : 0.0f; }

uint32_t channel_index(const network_state& s, const std::string& name) {
  for (uint32_t i = 0; i < s.plasticity.dopamine.size(); ++i)
    if (s.plasticity.dopamine[i].name == name) return i;
  throw internal_error("dopamine channel '" + name + "' was not laid out");
}

bool needs_entry(const projection& pr) {
  const auto& c = pr.plasticity;
  return c.changes_weights() || c.stp.enabled || effect_of(pr.sign).modulation != 1.0;
}

stdp_constants stdp_of(const projection& pr, double dt) {
  const auto& c = pr.plasticity;
  const auto& r = c.stdp;
  stdp_constants k;
  k.enabled = r.enabled;
  k.nearest = r.pairs == stdp_rule::pairing::nearest;
  k.multiplicative = r.bound == stdp_rule::bounds::multiplicative;
  k.target = static_cast<uint8_t>(r.applies_to);
  k.a_plus = static_cast<float>(r.a_plus);
  k.a_minus = static_cast<float>(r.a_minus);
  k.lambda_plus = decay(r.tau_plus_ms, dt);
  k.lambda_minus = decay(r.tau_minus_ms, dt);
  k.triplet = r.tau_triplet_ms > 0;
  k.lambda_triplet = k.triplet ? decay(r.tau_triplet_ms, dt) : 0.0f;
  k.w_min = static_cast<float>(c.w_min);
  k.w_max = static_cast<float>(c.changes_weights() ? c.w_max : 0.0);
  k.polarity = effect_of(pr.sign).sign < 0 ? -1.0f : 1.0f;
  k.bcm = c.bcm.enabled;
  if (c.bcm.enabled) {
    k.bcm_inv_target = static_cast<float>(1.0 / c.bcm.target_hz);
    k.bcm_min = static_cast<float>(1.0 / c.bcm.max_gain);
    k.bcm_max = static_cast<float>(c.bcm.max_gain);
  }
  return k;
}

void lay_out_dopamine(const network& net, network_state& s) {
  bool needed = !net.dopamine.empty() || !net.contingencies.empty();
  for (const auto& pr : net.projections)
    needed = needed || (pr.plasticity.stdp.enabled && pr.plasticity.stdp.applies_to == stdp_rule::target::eligibility);
  if (!needed) return;
  auto add = [&](const dopamine_channel& c) {
    dopamine_state d;
    d.name = c.name;
    d.baseline = static_cast<float>(c.baseline);
    d.decay = decay(c.tau_ms, net.dt_ms);
    d.level = d.baseline;
    s.plasticity.dopamine.push_back(d);
  };
  const bool global_declared = std::any_of(net.dopamine.begin(), net.dopamine.end(), [](const auto& c) { return c.name.empty(); });
  if (!global_declared) add(dopamine_channel{});
  for (const auto& c : net.dopamine) add(c);
}

plastic_projection lay_out_projection(const network& net, const network_state& s, uint32_t ordinal) {
  const projection& pr = net.projections[ordinal];
  const synapse_table& t = s.projections[ordinal];
  const auto& c = pr.plasticity;
  const double dt = net.dt_ms;
  plastic_projection p;
  p.projection = ordinal;
  p.frozen = c.frozen;
  p.modulation = static_cast<float>(effect_of(pr.sign).modulation);
  p.stdp = stdp_of(pr, dt);
  if (c.stdp.enabled) {
    p.pre_trace.assign(static_cast<size_t>(s.ring_slots) * t.pre_count, 0.0f);
    p.post_trace.assign(uint64_t{t.post_count} * (p.stdp.triplet ? 2 : 1), 0.0f);
    if (c.stdp.applies_to == stdp_rule::target::derivative) {
      p.derivative_period = period_steps(c.stdp.derivative_period_ms, dt);
      p.derivative_bias = static_cast<float>(c.stdp.derivative_bias);
      p.derivative_decay = static_cast<float>(c.stdp.derivative_decay);
    }
    if (c.stdp.applies_to == stdp_rule::target::eligibility) {
      const auto& r = c.rstdp;
      p.dopamine_channel = channel_index(s, r.dopamine);
      p.dopamine_reference = std::isnan(r.reference) ? s.plasticity.dopamine[p.dopamine_channel].baseline : static_cast<float>(r.reference);
      p.dopamine_gain = static_cast<float>(r.gain);
      p.apply_period = r.apply_every_ms > 0 ? period_steps(r.apply_every_ms, dt) : 1;
      p.eligibility_period_decay = static_cast<float>(std::exp(-static_cast<double>(p.apply_period) * dt / r.tau_e_ms));
      p.eligibility_lag.resize(p.apply_period);
      for (uint32_t k = 0; k < p.apply_period; ++k)
        p.eligibility_lag[k] = static_cast<float>(std::exp(-static_cast<double>(k) * dt / r.tau_e_ms));
    }
  }
  if (c.protect.enabled) {
    p.protect = 1;
    p.protect_per_neuron = c.protect.per_neuron;
    p.protect_sharpness = static_cast<float>(c.protect.sharpness);
    p.protect_quantile = static_cast<float>(c.protect.quantile);
    p.protect_min_gate = static_cast<float>(c.protect.min_gate);
    p.protect_warmup = c.protect.warmup_ms > 0 ? period_steps(c.protect.warmup_ms, dt) : 0;
  }
  if (c.scaling.enabled) {
    p.scaling = 1;
    p.scaling_period = period_steps(c.scaling.period_ms, dt);
    p.scaling_target_hz = static_cast<float>(c.scaling.target_hz);
    p.scaling_eta = static_cast<float>(c.scaling.eta);
    p.scaling_max_step = static_cast<float>(c.scaling.max_step);
  }
  if (c.normalise.enabled) {
    p.normalise = 1;
    p.normalise_period = period_steps(c.normalise.period_ms, dt);
    p.normalise_target = static_cast<float>(c.normalise.target_sum);
  }
  if (c.stp.enabled) {
    p.stp = 1;
    p.stp_U = static_cast<float>(c.stp.U);
    p.stp_rec_decay = decay(c.stp.tau_rec_ms, dt);
    p.stp_fac_decay = decay(c.stp.tau_fac_ms, dt);
    p.stp_u.assign(t.pre_count, p.stp_U);
    p.stp_x.assign(t.pre_count, 1.0f);
  }
  return p;
}

void lay_out_homeostasis(const network& net, network_state& s) {
  auto& ps = s.plasticity;
  std::vector<bool> rate(net.populations.size(), false);
  for (const auto& pr : net.projections)
    if (pr.plasticity.scaling.enabled || pr.plasticity.bcm.enabled) rate[net.population_index(pr.post)] = true;
  for (uint32_t i = 0; i < net.populations.size(); ++i) rate[i] = rate[i] || growth_reads_rate(net, i);
  for (uint32_t i = 0; i < net.populations.size(); ++i) {
    const auto& h = net.populations[i].homeostasis;
    if (!h.adaptive_threshold && !rate[i]) continue;
    homeostasis_constants k;
    k.population = i;
    k.threshold = h.adaptive_threshold;
    if (h.adaptive_threshold) {
      k.theta_increment = static_cast<float>(h.theta_increment);
      k.theta_decay = decay(h.theta_tau_ms, net.dt_ms);
    }
    k.track_rate = rate[i];
    if (rate[i]) {
      const double d = std::exp(-net.dt_ms / h.rate_tau_ms);
      k.rate_decay = static_cast<float>(d);
      k.rate_gain = static_cast<float>((1.0 - d) * 1000.0 / net.dt_ms);  // a spike per step is 1000/dt Hz
    }
    ps.populations.push_back(k);
  }
  const uint32_t n = s.neuron_count();
  for (const auto& k : ps.populations) {
    if (k.threshold && ps.theta.empty()) ps.theta.assign(n, 0.0f);
    if (k.track_rate) ps.rate_hz.assign(n, 0.0f);
    if (k.threshold) {
      const population_range& r = s.populations[k.population];
      std::fill_n(ps.theta.begin() + r.first, r.size, static_cast<float>(net.populations[k.population].homeostasis.theta_init));
    }
  }
}

void lay_out_contingencies(const network& net, network_state& s) {
  for (uint32_t i = 0; i < net.contingencies.size(); ++i) {
    const auto& r = net.contingencies[i];
    contingency_state c;
    c.ordinal = i;
    c.channel = channel_index(s, r.channel);
    c.pre = s.populations[net.population_index(r.pre_population)].first + r.pre_neuron;
    c.post = s.populations[net.population_index(r.post_population)].first + r.post_neuron;
    c.window_steps = period_steps(r.window_ms, net.dt_ms);
    c.delay_min_steps = static_cast<uint32_t>(std::lround(r.delay_min_ms / net.dt_ms));
    c.delay_max_steps = static_cast<uint32_t>(std::lround(r.delay_max_ms / net.dt_ms));
    c.amount = static_cast<float>(r.amount);
    s.plasticity.contingencies.push_back(c);
  }
}

}  // namespace

void lay_out_plasticity(const network& net, network_state& s) {
  lay_out_dopamine(net, s);
  bool stdp = false;
  for (uint32_t i = 0; i < net.projections.size(); ++i) {
    if (!needs_entry(net.projections[i])) continue;
    s.plasticity.projections.push_back(lay_out_projection(net, s, i));
    stdp = stdp || net.projections[i].plasticity.stdp.enabled;
  }
  lay_out_homeostasis(net, s);
  lay_out_contingencies(net, s);
  if (stdp) s.plasticity.spike_history.assign(s.ring_slots, {});
}

namespace {

// Reorders each row by (delay, target), which is the order of the packed words; ties (multapses)
// keep their generation order.
void sort_rows_by_delay(synapse_table& t) {
  std::vector<uint32_t> order, packed;
  std::vector<float> weights;
  for (uint32_t row = 0; row < t.pre_count; ++row) {
    const uint64_t begin = t.row_ptr[row], len = t.row_ptr[row + 1] - begin;
    order.resize(len);
    std::iota(order.begin(), order.end(), 0u);
    std::stable_sort(order.begin(), order.end(), [&](uint32_t a, uint32_t b) { return t.packed[begin + a] < t.packed[begin + b]; });
    packed.assign(t.packed.begin() + begin, t.packed.begin() + begin + len);
    weights.assign(t.weight.begin() + begin, t.weight.begin() + begin + len);
    for (uint64_t k = 0; k < len; ++k) {
      t.packed[begin + k] = packed[order[k]];
      t.weight[begin + k] = weights[order[k]];
    }
  }
}

}  // namespace

bool network_needs_plasticity(const network& net) {
  if (!net.dopamine.empty() || !net.contingencies.empty()) return true;
  for (const auto& pr : net.projections)
    if (needs_entry(pr)) return true;
  for (const auto& p : net.populations)
    if (p.homeostasis.adaptive_threshold) return true;
  for (const auto& pr : net.projections)
    if (pr.growth.enabled) return true;  // its rules read the rate estimate
  return false;
}

bool needs_transposed_index(const plastic_projection& p) { return p.stdp.enabled || p.normalise; }

void check_plastic_table_size(const plastic_projection& p, const synapse_table& t, uint64_t synapses) {
  if (needs_transposed_index(p) && synapses >= UINT32_MAX)
    throw invalid_network(fmt::format("projection '{}': a plastic projection holds at most 2^32 - 2 synapses, this one has {}",
                                      t.name, synapses));
}

void prepare_plastic_synapses(network_state& s) {
  for (auto& p : s.plasticity.projections) {
    synapse_table& t = s.projections[p.projection];
    check_plastic_table_size(p, t, t.size());
    if (t.size() == 0) {
      p.delay_min = p.delay_max = 1;
    } else if (!t.per_synapse_delays()) {
      p.delay_min = p.delay_max = t.uniform_delay;
    } else {
      if (p.stdp.enabled) sort_rows_by_delay(t);
      const auto [lo, hi] = std::minmax_element(t.packed.begin(), t.packed.end(),
                                                [shift = t.target_bits](uint32_t a, uint32_t b) { return (a >> shift) < (b >> shift); });
      p.delay_min = static_cast<uint8_t>(t.code().delay(*lo));
      p.delay_max = static_cast<uint8_t>(t.code().delay(*hi));
    }
    size_synapse_state(p, t.size());
  }
}

void size_synapse_state(plastic_projection& p, uint64_t synapses) {
  if (p.stdp.enabled && p.stdp.target != 0) p.synapse_aux.assign(synapses, 0.0f);
  if (p.protect) {
    p.importance.assign(synapses, 0.0f);
    p.gate.assign(synapses, 1.0f);
  }
}

uint32_t uniform_row_length(const synapse_table& t) {
  if (t.pre_count == 0) return 0;
  const uint64_t length = t.row_ptr[1] - t.row_ptr[0];
  if (length == 0 || length > UINT32_MAX) return 0;
  for (uint32_t r = 1; r < t.pre_count; ++r)
    if (t.row_ptr[r + 1] - t.row_ptr[r] != length) return 0;
  return static_cast<uint32_t>(length);
}

transposed_index build_transposed_index(const synapse_table& t) {
  if (t.has_slack()) return build_slack_index(t);
  transposed_index x;
  x.col_ptr.assign(static_cast<size_t>(t.post_count) + 1, 0);
  const synapse_code code = t.code();
  for (uint32_t word : t.packed) ++x.col_ptr[code.target(word) + 1];
  std::partial_sum(x.col_ptr.begin(), x.col_ptr.end(), x.col_ptr.begin());
  x.synapse.resize(t.size());
  std::vector<uint64_t> fill(x.col_ptr.begin(), x.col_ptr.end() - 1);
  for (uint64_t e = 0; e < t.size(); ++e)  // synapses in order: columns come out ascending
    x.synapse[fill[code.target(t.packed[e])]++] = static_cast<uint32_t>(e);
  if (t.size() > 0 && uniform_row_length(t) == 0) {
    x.chunk_row.resize(((t.size() - 1) >> row_chunk_shift) + 1);
    uint32_t row = 0;
    for (uint64_t c = 0; c < x.chunk_row.size(); ++c) {
      const uint64_t e = c << row_chunk_shift;
      while (t.row_ptr[row + 1] <= e) ++row;
      x.chunk_row[c] = row;
    }
  }
  return x;
}

uint64_t transposed_index_bytes(const synapse_table& t) {
  const uint64_t chunks = t.size() > 0 && uniform_row_length(t) == 0 ? ((t.size() - 1) >> row_chunk_shift) + 1 : 0;
  return t.size() * 4 + (uint64_t{t.post_count} + 1) * 8 + chunks * 4;
}

}  // namespace engram
