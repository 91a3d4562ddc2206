// state_difference (tests/fuzz_corpus.hpp): the first field in which two states differ, bit for
// bit, so that a damaged file that loads can be checked to hold exactly what was written.
#include <cstring>
#include <fmt/format.h>

#include "tests/fuzz_corpus.hpp"

namespace engram::fuzz {
namespace {

template <class T> bool same(const std::vector<T>& a, const std::vector<T>& b) {
  return a.size() == b.size() && (a.empty() || std::memcmp(a.data(), b.data(), a.size() * sizeof(T)) == 0);
}
template <class T> bool same_bits(const T& a, const T& b) { return std::memcmp(&a, &b, sizeof(T)) == 0; }

}  // namespace

#define ENGRAM_SAME(x, y, field) \
  if (!same_bits(x.field, y.field)) return fmt::format("{} {}", what, #field)
#define ENGRAM_SAME_ARRAY(x, y, field) \
  if (!same(x.field, y.field)) return fmt::format("{} {}", what, #field)

std::string state_difference(const network_state& a, const network_state& b) {
  std::string what = "state";
  ENGRAM_SAME(a, b, dt_ms);
  ENGRAM_SAME(a, b, seed);
  ENGRAM_SAME(a, b, step);
  ENGRAM_SAME(a, b, ring_slots);
  ENGRAM_SAME_ARRAY(a, b, ring);
  if (a.populations.size() != b.populations.size()) return "number of populations";
  for (size_t i = 0; i < a.populations.size(); ++i) {
    const auto &x = a.populations[i], &y = b.populations[i];
    what = "population " + x.name;
    if (x.name != y.name) return what + " name";
    ENGRAM_SAME(x, y, first);
    ENGRAM_SAME(x, y, size);
    ENGRAM_SAME(x, y, kind);
    ENGRAM_SAME(x, y, substeps);
    ENGRAM_SAME(x, y, v_peak);
    ENGRAM_SAME(x, y, p_vv);
    ENGRAM_SAME(x, y, p_vi);
    ENGRAM_SAME(x, y, p_vbias);
    ENGRAM_SAME(x, y, p_ii);
    ENGRAM_SAME(x, y, v_rest);
    ENGRAM_SAME(x, y, v_reset);
    ENGRAM_SAME(x, y, v_thresh);
    ENGRAM_SAME(x, y, i_bias);
    ENGRAM_SAME(x, y, refractory_steps);
  }
  what = "neurons";
  for (auto field : {&neuron_arrays::v, &neuron_arrays::u, &neuron_arrays::i_syn, &neuron_arrays::a, &neuron_arrays::b,
                     &neuron_arrays::c, &neuron_arrays::d})
    if (!same(a.neurons.*field, b.neurons.*field)) return "a neuron array";
  ENGRAM_SAME_ARRAY(a.neurons, b.neurons, refractory);
  ENGRAM_SAME_ARRAY(a.neurons, b.neurons, spike_probability);
  if (a.projections.size() != b.projections.size()) return "number of projections";
  for (size_t i = 0; i < a.projections.size(); ++i) {
    const auto &x = a.projections[i], &y = b.projections[i];
    what = "projection " + x.name;
    if (x.name != y.name) return what + " name";
    ENGRAM_SAME(x, y, pre_first);
    ENGRAM_SAME(x, y, pre_count);
    ENGRAM_SAME(x, y, post_first);
    ENGRAM_SAME(x, y, post_count);
    ENGRAM_SAME(x, y, uniform_delay);
    ENGRAM_SAME(x, y, target_bits);
    ENGRAM_SAME_ARRAY(x, y, row_ptr);
    ENGRAM_SAME_ARRAY(x, y, packed);
    ENGRAM_SAME_ARRAY(x, y, weight);
  }
  if (a.inputs.size() != b.inputs.size()) return "number of inputs";
  for (size_t i = 0; i < a.inputs.size(); ++i) {
    const auto &x = a.inputs[i], &y = b.inputs[i];
    what = fmt::format("input {}", i);
    ENGRAM_SAME(x, y, type);
    ENGRAM_SAME(x, y, ordinal);
    ENGRAM_SAME(x, y, first);
    ENGRAM_SAME(x, y, count);
    ENGRAM_SAME(x, y, amplitude);
    ENGRAM_SAME(x, y, mean);
    ENGRAM_SAME(x, y, sd);
    ENGRAM_SAME(x, y, weight);
    ENGRAM_SAME(x, y, start_step);
    ENGRAM_SAME(x, y, stop_step);
    ENGRAM_SAME(x, y, exp_minus_lambda);
    ENGRAM_SAME(x, y, pulses_per_step);
  }
  what = "spike schedule";
  ENGRAM_SAME_ARRAY(a.scheduled_spikes, b.scheduled_spikes, step);
  ENGRAM_SAME_ARRAY(a.scheduled_spikes, b.scheduled_spikes, neuron);
  const auto &p = a.plasticity, &q = b.plasticity;
  if (p.projections.size() != q.projections.size()) return "number of plastic projections";
  for (size_t i = 0; i < p.projections.size(); ++i) {
    const auto &x = p.projections[i], &y = q.projections[i];
    what = fmt::format("plastic projection {}", i);
    ENGRAM_SAME(x, y, projection);
    ENGRAM_SAME(x, y, frozen);
    ENGRAM_SAME(x, y, modulation);
    ENGRAM_SAME(x, y, delay_min);
    ENGRAM_SAME(x, y, delay_max);
    ENGRAM_SAME(x, y, stdp.enabled);
    ENGRAM_SAME(x, y, stdp.nearest);
    ENGRAM_SAME(x, y, stdp.multiplicative);
    ENGRAM_SAME(x, y, stdp.target);
    ENGRAM_SAME(x, y, stdp.bcm);
    ENGRAM_SAME(x, y, stdp.a_plus);
    ENGRAM_SAME(x, y, stdp.a_minus);
    ENGRAM_SAME(x, y, stdp.lambda_plus);
    ENGRAM_SAME(x, y, stdp.lambda_minus);
    ENGRAM_SAME(x, y, stdp.w_min);
    ENGRAM_SAME(x, y, stdp.w_max);
    ENGRAM_SAME(x, y, stdp.polarity);
    ENGRAM_SAME(x, y, stdp.bcm_inv_target);
    ENGRAM_SAME(x, y, stdp.bcm_min);
    ENGRAM_SAME(x, y, stdp.bcm_max);
    ENGRAM_SAME(x, y, derivative_period);
    ENGRAM_SAME(x, y, derivative_bias);
    ENGRAM_SAME(x, y, derivative_decay);
    ENGRAM_SAME(x, y, dopamine_channel);
    ENGRAM_SAME(x, y, dopamine_reference);
    ENGRAM_SAME(x, y, dopamine_gain);
    ENGRAM_SAME(x, y, apply_period);
    ENGRAM_SAME(x, y, eligibility_period_decay);
    ENGRAM_SAME(x, y, scaling);
    ENGRAM_SAME(x, y, scaling_period);
    ENGRAM_SAME(x, y, scaling_target_hz);
    ENGRAM_SAME(x, y, scaling_eta);
    ENGRAM_SAME(x, y, scaling_max_step);
    ENGRAM_SAME(x, y, normalise);
    ENGRAM_SAME(x, y, normalise_period);
    ENGRAM_SAME(x, y, normalise_target);
    ENGRAM_SAME(x, y, stp);
    ENGRAM_SAME(x, y, stp_U);
    ENGRAM_SAME(x, y, stp_rec_decay);
    ENGRAM_SAME(x, y, stp_fac_decay);
    ENGRAM_SAME_ARRAY(x, y, eligibility_lag);
    ENGRAM_SAME_ARRAY(x, y, pre_trace);
    ENGRAM_SAME_ARRAY(x, y, post_trace);
    ENGRAM_SAME_ARRAY(x, y, synapse_aux);
    ENGRAM_SAME_ARRAY(x, y, stp_u);
    ENGRAM_SAME_ARRAY(x, y, stp_x);
  }
  if (p.populations.size() != q.populations.size()) return "number of homeostasis entries";
  for (size_t i = 0; i < p.populations.size(); ++i) {
    const auto &x = p.populations[i], &y = q.populations[i];
    what = fmt::format("homeostasis {}", i);
    ENGRAM_SAME(x, y, population);
    ENGRAM_SAME(x, y, threshold);
    ENGRAM_SAME(x, y, theta_increment);
    ENGRAM_SAME(x, y, theta_decay);
    ENGRAM_SAME(x, y, track_rate);
    ENGRAM_SAME(x, y, rate_decay);
    ENGRAM_SAME(x, y, rate_gain);
  }
  what = "plasticity";
  ENGRAM_SAME_ARRAY(p, q, theta);
  ENGRAM_SAME_ARRAY(p, q, rate_hz);
  if (p.dopamine.size() != q.dopamine.size()) return "number of dopamine channels";
  for (size_t i = 0; i < p.dopamine.size(); ++i) {
    const auto &x = p.dopamine[i], &y = q.dopamine[i];
    what = fmt::format("dopamine {}", i);
    if (x.name != y.name) return what + " name";
    ENGRAM_SAME(x, y, baseline);
    ENGRAM_SAME(x, y, decay);
    ENGRAM_SAME(x, y, level);
  }
  if (p.contingencies.size() != q.contingencies.size()) return "number of contingencies";
  for (size_t i = 0; i < p.contingencies.size(); ++i) {
    const auto &x = p.contingencies[i], &y = q.contingencies[i];
    what = fmt::format("contingency {}", i);
    ENGRAM_SAME(x, y, ordinal);
    ENGRAM_SAME(x, y, channel);
    ENGRAM_SAME(x, y, pre);
    ENGRAM_SAME(x, y, post);
    ENGRAM_SAME(x, y, window_steps);
    ENGRAM_SAME(x, y, delay_min_steps);
    ENGRAM_SAME(x, y, delay_max_steps);
    ENGRAM_SAME(x, y, amount);
    ENGRAM_SAME(x, y, last_pre_step);
    ENGRAM_SAME(x, y, released);
    ENGRAM_SAME_ARRAY(x, y, pending);
  }
  if (p.spike_history != q.spike_history) return "spike history";
  return "";
}

#undef ENGRAM_SAME
#undef ENGRAM_SAME_ARRAY

}  // namespace engram::fuzz
