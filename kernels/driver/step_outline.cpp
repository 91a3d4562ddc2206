#include "kernels/driver/step_outline.hpp"

#include "kernels/common/plasticity_reward.hpp"

namespace engram::driver {

plasticity_outline plasticity_outline_of(const plasticity_state& ps) {
  plasticity_outline p;
  p.contingencies = !ps.contingencies.empty();
  for (const plastic_projection& e : ps.projections) {
    entry_outline x;
    x.stdp = e.stdp.enabled;
    x.frozen = e.frozen;
    x.stp = e.stp;
    x.stdp_target = e.stdp.target;
    x.scaling = e.scaling;
    x.normalise = e.normalise;
    x.derivative_period = e.derivative_period;
    x.apply_period = e.apply_period;
    x.scaling_period = e.scaling_period;
    x.normalise_period = e.normalise_period;
    p.entries.push_back(x);
  }
  for (uint32_t h = 0; h < ps.populations.size(); ++h)
    if (ps.populations[h].threshold || ps.populations[h].track_rate) p.homeostasis.push_back(h);
  p.dopamine = !ps.dopamine.empty();
  p.history = ps.needs_history();
  p.tail = !p.homeostasis.empty() || p.dopamine || p.history;
  for (const entry_outline& e : p.entries) p.tail = p.tail || e.stdp || e.stp;
  return p;
}

step_outline outline_of(const network_state& s, const plasticity_outline* plasticity) {
  step_outline o;
  for (const compiled_input& in : s.inputs) o.pulses = o.pulses || (in.type == input::kind::random_pulse && in.pulses_per_step > 0);
  o.neurons = s.neuron_count() > 0;
  o.projections = !s.projections.empty();
  for (const plastic_projection& e : s.plasticity.projections)
    if (e.stp) o.stp_projections.push_back(e.projection);  // entries come in projection order
  o.plasticity = s.plasticity.active() ? plasticity : nullptr;
  return o;
}

std::vector<uint8_t> due_flags(const plasticity_outline& o, uint64_t step) {
  std::vector<uint8_t> flags;
  due_flags(o, step, flags);
  return flags;
}

void due_flags(const plasticity_outline& o, uint64_t step, std::vector<uint8_t>& flags) {
  flags.assign(o.entries.size(), 0);
  for (size_t i = 0; i < o.entries.size(); ++i) {
    const entry_outline& e = o.entries[i];
    uint8_t f = 0;
    if (e.stdp && e.stdp_target == 1 && is_period_end(step, e.derivative_period)) f |= due_derivative;
    if (e.stdp && e.stdp_target == 2 && is_period_end(step, e.apply_period)) f |= due_eligibility;
    if (e.scaling && !e.frozen && is_period_end(step, e.scaling_period)) f |= due_scaling;
    if (e.normalise && !e.frozen && is_period_end(step, e.normalise_period)) f |= due_normalise;
    flags[i] = f;
  }
}

}  // namespace engram::driver
