// Dense plasticity work on its own period, called by the step driver at its period ends:
// derivative (Izhikevich 2006) and eligibility x dopamine (Izhikevich 2007) applications,
// synaptic scaling and normalisation. Each synapse is updated by
// one thread from values fixed before the loop; the normalisation sum runs per post neuron in
// column order (ascending synapse id), so results do not depend on the thread count. With row
// slack (growth) the sweeps pass over holes too, whose values nobody reads.
#include "kernels/common/plasticity_homeostasis.hpp"
#include "kernels/common/plasticity_reward.hpp"
#include "kernels/cpu/cpu_plasticity.hpp"

namespace engram::cpu {

void plasticity_phase::apply_derivative(network_state& s, uint32_t entry) {
  plastic_projection& p = s.plasticity.projections[entry];
  synapse_table& t = s.projections[p.projection];
  const stdp_constants k = p.stdp;
  const int64_t size = static_cast<int64_t>(t.size());
  const bool frozen = p.frozen;
#pragma omp parallel for num_threads(threads_) schedule(static) if (parallel(size))
  for (int64_t e = 0; e < size; ++e)
    derivative_apply(k, t.weight[e], p.synapse_aux[e], p.derivative_bias, p.derivative_decay, frozen);
}

void plasticity_phase::apply_eligibility(network_state& s, uint32_t entry) {
  plastic_projection& p = s.plasticity.projections[entry];
  synapse_table& t = s.projections[p.projection];
  const stdp_constants k = p.stdp;
  const int64_t size = static_cast<int64_t>(t.size());
  const bool frozen = p.frozen;
  const auto& da = s.plasticity.dopamine[p.dopamine_channel];
  const float modulation = dopamine_modulation(p.dopamine_gain, da.level, p.dopamine_reference);
#pragma omp parallel for num_threads(threads_) schedule(static) if (parallel(size))
  for (int64_t e = 0; e < size; ++e)
    eligibility_apply(k, t.weight[e], p.synapse_aux[e], modulation, frozen, p.eligibility_period_decay);
}

void plasticity_phase::scale(network_state& s, uint32_t entry) {
  plastic_projection& p = s.plasticity.projections[entry];
  synapse_table& t = s.projections[p.projection];
  const float* rate = s.plasticity.rate_hz.data() + t.post_first;
  factors_.resize(t.post_count);
  for (uint32_t j = 0; j < t.post_count; ++j)
    factors_[j] = scaling_factor(rate[j], p.scaling_target_hz, p.scaling_eta, p.scaling_max_step);
  const int64_t size = static_cast<int64_t>(t.size());
  const float polarity = p.stdp.polarity, lo = p.stdp.w_min, hi = p.stdp.w_max;
  const synapse_code code = t.code();
#pragma omp parallel for num_threads(threads_) schedule(static) if (parallel(size))
  for (int64_t e = 0; e < size; ++e)
    t.weight[e] = scaled_weight(t.weight[e], polarity, factors_[code.target(t.packed[e])], lo, hi);
}

void plasticity_phase::normalise(network_state& s, uint32_t entry, uint64_t step) {
  plastic_projection& p = s.plasticity.projections[entry];
  synapse_table& t = s.projections[p.projection];
  const transposed_index& x = columns_[entry];
  const float polarity = p.stdp.polarity, lo = p.stdp.w_min, hi = p.stdp.w_max;
  const double target = p.normalise_target;
  const float* gate = p.gate.empty() ? nullptr : p.gate.data();
  const float open = gate ? protection_open(step, p.consolidated_step, p.protect_warmup, p.surprise) : 1.0f;
#pragma omp parallel for num_threads(threads_) schedule(dynamic, 16) if (parallel(t.size()))
  for (int64_t j = 0; j < static_cast<int64_t>(t.post_count); ++j)
    normalise_column(t.weight.data(), x.synapse.data(), x.col_ptr[j], x.col_end(j), polarity, target, lo, hi, gate, open);
}

}  // namespace engram::cpu
