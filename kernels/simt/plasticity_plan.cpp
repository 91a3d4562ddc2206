#include "kernels/simt/plasticity_plan.hpp"

#include "engine/errors.hpp"
#include "engine/plasticity_layout.hpp"
#include "kernels/common/plasticity_reward.hpp"
#include "kernels/simt/plasticity_bodies.hpp"

namespace engram::cuda {
namespace {

// The power of two in [1, 32] at or above the mean segment length (synapses per row and delay).
uint32_t ltd_lanes_of(const synapse_table& t, const plastic_projection& p) {
  const uint64_t segments = uint64_t{t.pre_count} * (p.delay_max - p.delay_min + 1u);
  const uint64_t mean = segments ? (t.size() + segments - 1) / segments : 1;
  uint32_t lanes = 1;
  while (lanes < 32 && lanes < mean) lanes *= 2;
  return lanes;
}

plastic_entry_view entry_view(const network_state& s, const plastic_projection& p, const entry_pointers& a,
                              const table_pointers& table, float* rate_hz) {
  const synapse_table& t = s.projections.at(p.projection);
  plastic_entry_view v{};
  stdp_walk_view& w = v.walk;
  w.k = p.stdp;
  w.row_ptr = table.row_ptr;
  w.packed = table.packed;
  w.code = t.code();
  w.weight = table.weight;
  w.pre_first = t.pre_first;
  w.pre_count = t.pre_count;
  w.post_first = t.post_first;
  w.post_count = t.post_count;
  w.col_ptr = a.col_ptr;
  w.col_synapse = a.col_synapse;
  w.row_length = uniform_row_length(t);
  w.chunk_row = a.chunk_row;
  w.pre_trace = a.pre_trace;
  w.post_trace = a.post_trace;
  w.aux = a.aux;
  w.aux_clock = a.aux_clock;
  w.clock = a.clock;
  w.period_decay = p.eligibility_period_decay;
  w.rate_hz = rate_hz;
  w.eligibility_lag = a.lag;
  w.apply_period = p.apply_period;
  w.ring_slots = s.ring_slots;
  w.importance = a.importance;
  w.gate = a.gate;
  w.consolidated_step = p.consolidated_step;
  w.protect_warmup = p.protect_warmup;
  w.surprise = p.surprise;
  v.pre_trace = a.pre_trace;
  v.post_trace = a.post_trace;
  v.post_count = t.post_count;
  v.synapses = t.size();
  v.delay_min = p.delay_min;
  v.delay_max = p.delay_max;
  v.ltd_lanes = ltd_lanes_of(t, p);
  v.frozen = p.frozen;
  v.derivative_period = p.derivative_period;
  v.derivative_bias = p.derivative_bias;
  v.derivative_decay = p.derivative_decay;
  v.dopamine_channel = p.dopamine_channel;
  v.dopamine_reference = p.dopamine_reference;
  v.dopamine_gain = p.dopamine_gain;
  v.clock = a.clock;
  v.scaling = p.scaling;
  v.scaling_period = p.scaling_period;
  v.scaling_target_hz = p.scaling_target_hz;
  v.scaling_eta = p.scaling_eta;
  v.scaling_max_step = p.scaling_max_step;
  v.normalise = p.normalise;
  v.normalise_period = p.normalise_period;
  v.normalise_target = p.normalise_target;
  v.stp_u = p.stp ? a.stp_u : nullptr;
  v.stp_x = p.stp ? a.stp_x : nullptr;
  v.stp_U = p.stp_U;
  v.stp_rec_decay = p.stp_rec_decay;
  v.stp_fac_decay = p.stp_fac_decay;
  return v;
}

}  // namespace

plasticity_plan make_plan(const network_state& s, const flat_pointers& arrays, const std::vector<table_pointers>& tables,
                          const spike_pointers& neurons) {
  const plasticity_state& ps = s.plasticity;
  if (arrays.entries.size() != ps.projections.size() || tables.size() != s.projections.size())
    throw internal_error("plasticity arrays do not match the state they were made from");
  plasticity_plan plan;
  plasticity_view& v = plan.view;
  v.counters = neurons.counters;
  v.fired = neurons.fired;
  v.spikes = neurons.spikes;
  v.neuron_count = s.neuron_count();
  v.ring_slots = s.ring_slots;
  v.seed = s.seed;
  v.theta = arrays.theta;
  v.rate_hz = arrays.rate_hz;
  v.dopamine_level = arrays.dopamine_level;
  v.dopamine_baseline = arrays.dopamine_baseline;
  v.dopamine_decay = arrays.dopamine_decay;
  v.dopamine_channels = static_cast<uint32_t>(ps.dopamine.size());
  v.contingencies = arrays.contingencies;
  v.contingency_count = static_cast<uint32_t>(ps.contingencies.size());
  v.pending = arrays.pending;
  v.history = arrays.history;
  v.history_count = arrays.history_count;
  v.overflow = arrays.overflow;
  for (size_t i = 0; i < ps.projections.size(); ++i) {
    const plastic_projection& p = ps.projections[i];
    plan.entries.push_back(entry_view(s, p, arrays.entries[i], tables.at(p.projection), arrays.rate_hz));
  }
  plan.delivery.assign(s.projections.size(), delivery_factors{});
  for (size_t i = 0; i < ps.projections.size(); ++i) {
    const plastic_projection& p = ps.projections[i];
    delivery_factors& f = plan.delivery.at(p.projection);
    f.modulated = p.stp || p.modulation != 1.0f;  // as the CPU backend decides
    f.modulation = p.modulation;
    if (p.stp) {
      f.stp_u = arrays.entries[i].stp_u;
      f.stp_x = arrays.entries[i].stp_x;
      f.release = arrays.entries[i].release;
      f.stp_U = p.stp_U;
    }
  }
  for (const homeostasis_constants& h : ps.populations) {
    const population_range& pop = s.populations.at(h.population);
    plan.homeostasis.push_back({pop.first, pop.size, h.threshold, h.track_rate, h.theta_increment, h.theta_decay,
                                h.rate_decay, h.rate_gain});
  }
  uint64_t items = v.dopamine_channels;
  for (const plastic_entry_view& e : plan.entries) items += trace_items(e) + (e.stp_u ? e.walk.pre_count : 0) + (e.clock ? 1 : 0);
  for (const homeostasis_view& h : plan.homeostasis) items += homeostasis_items(h);
  plan.tail = {nullptr, static_cast<uint32_t>(plan.entries.size()), nullptr, static_cast<uint32_t>(plan.homeostasis.size()), items};
  return plan;
}

void point_tail_at(plasticity_plan& plan, const plastic_entry_view* entries, const homeostasis_view* homeostasis) {
  plan.tail.entries = entries;
  plan.tail.homeostasis = homeostasis;
}

}  // namespace engram::cuda
