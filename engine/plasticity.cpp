#include "engine/plasticity.hpp"

#include <cmath>
#include <fmt/format.h>
#include <set>

#include "engine/errors.hpp"
#include "engine/network.hpp"

namespace engram {

namespace {

void finite(double x, const std::string& what) {
  if (!std::isfinite(x)) throw invalid_network(fmt::format("{} is {}, expected a finite number", what, x));
}
void positive(double x, const std::string& what) {
  finite(x, what);
  if (x <= 0) throw invalid_network(fmt::format("{} must be > 0, got {}", what, x));
}
void non_negative(double x, const std::string& what) {
  finite(x, what);
  if (x < 0) throw invalid_network(fmt::format("{} must be >= 0, got {}", what, x));
}
void at_least_one_step(double ms, double dt, const std::string& what) {
  positive(ms, what);
  if (std::lround(ms / dt) < 1) throw invalid_network(fmt::format("{} ({} ms) is shorter than one step ({} ms)", what, ms, dt));
}

bool has_channel(const network& net, const std::string& name) {
  if (name.empty()) return true;  // the global channel always exists
  for (const auto& c : net.dopamine)
    if (c.name == name) return true;
  return false;
}

void validate_initial_weights(const projection& pr, const plasticity_config& c, const std::string& where) {
  const double sign = std::fabs(effect_of(pr.sign).sign);
  double lo = pr.weight.low, hi = pr.weight.high;
  if (pr.connect.type == connector::kind::explicit_list && !pr.connect.weights.empty()) {
    lo = hi = pr.connect.weights.front();
    for (float w : pr.connect.weights) lo = std::min<double>(lo, w), hi = std::max<double>(hi, w);
  }
  lo *= sign;
  hi *= sign;
  // float rounding of the stored weight may cross a bound by an ulp; that is clamped, not an error
  const double slack = 1e-6 * std::max(1.0, c.w_max);
  if (lo < c.w_min - slack || hi > c.w_max + slack)
    throw invalid_network(fmt::format("{}: initial weight magnitudes [{}, {}] lie outside the plasticity bounds [w_min {}, w_max {}]",
                                      where, lo, hi, c.w_min, c.w_max));
}

void validate_projection(const network& net, const projection& pr) {
  const plasticity_config& c = pr.plasticity;
  const std::string where = fmt::format("projection '{}' plasticity", pr.name);
  const double dt = net.dt_ms;
  const auto& s = c.stdp;
  if (s.enabled) {
    non_negative(s.a_plus, where + " stdp a_plus");
    non_negative(s.a_minus, where + " stdp a_minus");
    positive(s.tau_plus_ms, where + " stdp tau_plus_ms");
    positive(s.tau_minus_ms, where + " stdp tau_minus_ms");
    non_negative(s.tau_triplet_ms, where + " stdp tau_triplet_ms");
    if (s.applies_to == stdp_rule::target::derivative) {
      at_least_one_step(s.derivative_period_ms, dt, where + " stdp derivative_period_ms");
      finite(s.derivative_bias, where + " stdp derivative_bias");
      finite(s.derivative_decay, where + " stdp derivative_decay");
      if (s.derivative_decay < 0 || s.derivative_decay > 1)
        throw invalid_network(fmt::format("{} stdp derivative_decay must be in [0, 1], got {}", where, s.derivative_decay));
    }
    if (s.applies_to == stdp_rule::target::eligibility) {
      const auto& r = c.rstdp;
      positive(r.tau_e_ms, where + " rstdp tau_e_ms");
      non_negative(r.apply_every_ms, where + " rstdp apply_every_ms");
      if (r.apply_every_ms > 0) at_least_one_step(r.apply_every_ms, dt, where + " rstdp apply_every_ms");
      if (std::lround(r.apply_every_ms / dt) > 1000000)
        throw invalid_network(where + " rstdp apply_every_ms is above 10^6 steps");
      finite(r.gain, where + " rstdp gain");
      if (!std::isnan(r.reference)) finite(r.reference, where + " rstdp reference");
      if (!has_channel(net, r.dopamine))
        throw invalid_network(fmt::format("{}: unknown dopamine channel '{}' (declare it in network::dopamine)", where, r.dopamine));
    }
  }
  if (c.bcm.enabled) {
    if (!s.enabled) throw invalid_network(where + ": bcm modulates STDP; enable stdp too");
    positive(c.bcm.target_hz, where + " bcm target_hz");
    finite(c.bcm.max_gain, where + " bcm max_gain");
    if (c.bcm.max_gain < 1) throw invalid_network(fmt::format("{} bcm max_gain must be >= 1, got {}", where, c.bcm.max_gain));
  }
  if (c.protect.enabled) {
    if (!s.enabled) throw invalid_network(where + ": protection gates STDP; enable stdp too");
    positive(c.protect.sharpness, where + " protect sharpness");
    if (!(c.protect.quantile > 0 && c.protect.quantile <= 1))
      throw invalid_network(fmt::format("{} protect quantile must be in (0, 1], got {}", where, c.protect.quantile));
    if (!(c.protect.min_gate >= 0 && c.protect.min_gate <= 1))
      throw invalid_network(fmt::format("{} protect min_gate must be in [0, 1], got {}", where, c.protect.min_gate));
    non_negative(c.protect.warmup_ms, where + " protect warmup_ms");
  }
  if (c.scaling.enabled) {
    positive(c.scaling.target_hz, where + " scaling target_hz");
    non_negative(c.scaling.eta, where + " scaling eta");
    at_least_one_step(c.scaling.period_ms, dt, where + " scaling period_ms");
    non_negative(c.scaling.max_step, where + " scaling max_step");
    if (c.scaling.max_step >= 1) throw invalid_network(fmt::format("{} scaling max_step must be < 1, got {}", where, c.scaling.max_step));
  }
  if (c.normalise.enabled) {
    positive(c.normalise.target_sum, where + " normalise target_sum");
    at_least_one_step(c.normalise.period_ms, dt, where + " normalise period_ms");
  }
  if (c.stp.enabled) {
    finite(c.stp.U, where + " stp U");
    if (!(c.stp.U > 0 && c.stp.U <= 1)) throw invalid_network(fmt::format("{} stp U must be in (0, 1], got {}", where, c.stp.U));
    positive(c.stp.tau_rec_ms, where + " stp tau_rec_ms");
    non_negative(c.stp.tau_fac_ms, where + " stp tau_fac_ms");
  }
  if (c.changes_weights()) {
    if (std::isnan(c.w_max)) throw invalid_network(where + ": a weight-changing rule needs the bound w_max");
    finite(c.w_max, where + " w_max");
    non_negative(c.w_min, where + " w_min (a magnitude)");
    if (c.w_max < c.w_min) throw invalid_network(fmt::format("{}: w_max {} is below w_min {}", where, c.w_max, c.w_min));
    validate_initial_weights(pr, c, where);
  }
}

void validate_population(const population& p, double dt) {
  const auto& h = p.homeostasis;
  const std::string where = fmt::format("population '{}' homeostasis", p.name);
  positive(h.rate_tau_ms, where + " rate_tau_ms");
  if (!h.adaptive_threshold) return;
  if (p.kind != neuron_kind::izhikevich && p.kind != neuron_kind::lif && p.kind != neuron_kind::lif_cond)
    throw invalid_network(where + ": an adaptive threshold needs Izhikevich or LIF neurons (current- or conductance-based)");
  non_negative(h.theta_increment, where + " theta_increment");
  positive(h.theta_tau_ms, where + " theta_tau_ms");
  non_negative(h.theta_init, where + " theta_init");
  (void)dt;
}

void validate_contingency(const network& net, const reward_contingency& r, size_t i) {
  const std::string where = fmt::format("reward contingency {}", i);
  for (auto [pop, neuron] : {std::pair{&r.pre_population, r.pre_neuron}, {&r.post_population, r.post_neuron}}) {
    const int p = net.population_index(*pop);
    if (p < 0) throw invalid_network(fmt::format("{}: unknown population '{}'", where, *pop));
    if (neuron >= net.populations[p].size)
      throw invalid_network(fmt::format("{}: neuron {} outside population '{}' of {}", where, neuron, *pop, net.populations[p].size));
  }
  if (!has_channel(net, r.channel)) throw invalid_network(fmt::format("{}: unknown dopamine channel '{}'", where, r.channel));
  at_least_one_step(r.window_ms, net.dt_ms, where + " window_ms");
  non_negative(r.delay_min_ms, where + " delay_min_ms");
  non_negative(r.delay_max_ms, where + " delay_max_ms");
  if (r.delay_max_ms < r.delay_min_ms) throw invalid_network(where + ": delay_max_ms is below delay_min_ms");
  finite(r.amount, where + " amount");
}

}  // namespace

void validate_plasticity(const network& net) {
  std::set<std::string> names;
  for (const auto& c : net.dopamine) {
    if (!names.insert(c.name).second) throw invalid_network(fmt::format("dopamine channel '{}' is declared twice", c.name));
    finite(c.baseline, fmt::format("dopamine channel '{}' baseline", c.name));
    positive(c.tau_ms, fmt::format("dopamine channel '{}' tau_ms", c.name));
  }
  for (const auto& p : net.populations) validate_population(p, net.dt_ms);
  for (const auto& pr : net.projections) validate_projection(net, pr);
  for (size_t i = 0; i < net.contingencies.size(); ++i) validate_contingency(net, net.contingencies[i], i);
  if (net.contingencies.size() > 4096) throw invalid_network("at most 4096 reward contingencies");
}

}  // namespace engram
