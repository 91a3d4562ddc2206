#include "kernels/simt/plasticity_arrays.hpp"

#include <algorithm>

#include "engine/errors.hpp"
#include "engine/plasticity_layout.hpp"
#include "kernels/common/plasticity_eligibility.hpp"

namespace engram::cuda {
namespace {

bool has_eligibility(const plastic_projection& p) { return p.stdp.enabled && p.stdp.target == 2; }

uint32_t pending_capacity(const contingency_state& c) {
  return static_cast<uint32_t>(std::max<uint64_t>(uint64_t{c.delay_max_steps} + 1, c.pending.size()));
}

}  // namespace

plasticity_state constants_of(const plasticity_state& ps) {
  plasticity_state m;
  m.populations = ps.populations;
  m.dopamine = ps.dopamine;
  for (const auto& p : ps.projections) {
    plastic_projection c = p;
    c.pre_trace = {};
    c.post_trace = {};
    c.synapse_aux = {};
    c.stp_u = {};
    c.stp_x = {};
    c.importance = {};
    c.gate = {};
    m.projections.push_back(std::move(c));
  }
  for (const auto& c : ps.contingencies) {
    contingency_state k = c;
    k.pending = {};
    m.contingencies.push_back(std::move(k));
  }
  return m;
}

uint64_t plasticity_state_bytes(const network_state& s) {
  const auto& ps = s.plasticity;
  uint64_t bytes = (ps.theta.size() + ps.rate_hz.size() + 3 * ps.dopamine.size()) * sizeof(float) + sizeof(uint32_t);
  for (const auto& p : ps.projections) {
    bytes += (p.pre_trace.size() + p.post_trace.size() + 3 * p.stp_u.size() + p.eligibility_lag.size()) *
             sizeof(float);  // stp_u, stp_x and the release factor
    if (has_eligibility(p)) bytes += p.synapse_aux.size() + 1;  // the clocks
  }
  for (const auto& c : ps.contingencies) bytes += sizeof(contingency_view) + pending_capacity(c) * sizeof(uint64_t);
  if (ps.needs_history()) bytes += uint64_t{s.ring_slots} * (uint64_t{s.neuron_count()} + 1) * sizeof(uint32_t);
  return bytes;
}

plasticity_arrays<host_array> flatten_plasticity(const network_state& s, std::vector<transposed_index>* indexes) {
  const plasticity_state& ps = s.plasticity;
  const uint32_t n = s.neuron_count();
  plasticity_arrays<host_array> a;
  for (size_t i = 0; i < ps.projections.size(); ++i) {
    const plastic_projection& p = ps.projections[i];
    entry_arrays<host_array> e;
    if (needs_transposed_index(p)) {
      transposed_index x = indexes ? std::move(indexes->at(i)) : build_transposed_index(s.projections.at(p.projection));
      e.col_ptr = std::move(x.col_ptr);
      e.col_synapse = std::move(x.synapse);
      e.chunk_row = std::move(x.chunk_row);
    }
    e.pre_trace = p.pre_trace;
    e.post_trace = p.post_trace;
    e.aux = p.synapse_aux;
    if (has_eligibility(p)) {  // every value current at clock 0
      e.aux_clock.assign(p.synapse_aux.size(), 0);
      e.clock.assign(1, 0);
    }
    e.stp_u = p.stp_u;
    e.stp_x = p.stp_x;
    e.importance = p.importance;
    e.gate = p.gate;
    e.lag = p.eligibility_lag;
    if (p.stp) e.release.assign(p.stp_u.size(), 0.0f);
    a.entries.push_back(std::move(e));
  }
  a.theta = ps.theta;
  a.rate_hz = ps.rate_hz;
  for (const auto& d : ps.dopamine) {
    a.dopamine_level.push_back(d.level);
    a.dopamine_baseline.push_back(d.baseline);
    a.dopamine_decay.push_back(d.decay);
  }
  for (const contingency_state& c : ps.contingencies) {
    const uint64_t first = a.pending.size();
    std::vector<uint64_t> pending = c.pending;
    std::sort(pending.begin(), pending.end());  // the device keeps them ascending (the CPU sorts before releasing)
    a.pending.insert(a.pending.end(), pending.begin(), pending.end());
    a.pending.resize(first + pending_capacity(c), 0);
    a.contingencies.push_back({c.ordinal, c.channel, c.pre, c.post, c.window_steps, c.delay_min_steps, c.delay_max_steps,
                               c.amount, c.last_pre_step, c.released, first, static_cast<uint32_t>(c.pending.size()),
                               pending_capacity(c)});
  }
  if (ps.needs_history()) {
    if (ps.spike_history.size() != s.ring_slots) throw internal_error("spike history size does not match ring_slots");
    a.history.assign(uint64_t{s.ring_slots} * n, 0);
    a.history_count.assign(s.ring_slots, 0);
    for (uint32_t slot = 0; slot < s.ring_slots; ++slot) {
      const auto& spikes = ps.spike_history[slot];
      if (spikes.size() > n) throw internal_error("a spike history slot holds more spikes than neurons");
      std::copy(spikes.begin(), spikes.end(), a.history.begin() + static_cast<int64_t>(uint64_t{slot} * n));
      a.history_count[slot] = static_cast<uint32_t>(spikes.size());
    }
  }
  a.overflow.assign(1, 0);
  return a;
}

plasticity_state unflatten_plasticity(const plasticity_state& constants, const plasticity_arrays<host_array>& a,
                                      uint32_t neuron_count, uint32_t ring_slots) {
  if (!a.overflow.empty() && a.overflow[0] != 0)
    throw internal_error("a closed-loop reward's pending list overflowed on the device");
  plasticity_state ps = constants;
  for (size_t i = 0; i < ps.projections.size(); ++i) {
    plastic_projection& p = ps.projections[i];
    const entry_arrays<host_array>& e = a.entries.at(i);
    p.pre_trace = e.pre_trace;
    p.post_trace = e.post_trace;
    p.synapse_aux = e.aux;
    if (!e.clock.empty())  // the state holds every eligibility up to date
      for (size_t k = 0; k < p.synapse_aux.size(); ++k)
        p.synapse_aux[k] = eligibility_at(p.synapse_aux[k], e.aux_clock.at(k), e.clock[0], p.eligibility_period_decay);
    p.stp_u = e.stp_u;
    p.stp_x = e.stp_x;
    p.importance = e.importance;
    p.gate = e.gate;
  }
  ps.theta = a.theta;
  ps.rate_hz = a.rate_hz;
  for (size_t k = 0; k < ps.dopamine.size(); ++k) ps.dopamine[k].level = a.dopamine_level.at(k);
  for (size_t q = 0; q < ps.contingencies.size(); ++q) {
    contingency_state& c = ps.contingencies[q];
    const contingency_view& v = a.contingencies.at(q);
    c.last_pre_step = v.last_pre_step;
    c.released = v.released;
    const auto first = a.pending.begin() + static_cast<int64_t>(v.pending_first);
    c.pending.assign(first, first + v.pending_count);
  }
  if (!a.history_count.empty()) {
    ps.spike_history.assign(ring_slots, {});
    for (uint32_t slot = 0; slot < ring_slots; ++slot) {
      const auto first = a.history.begin() + static_cast<int64_t>(uint64_t{slot} * neuron_count);
      ps.spike_history[slot].assign(first, first + a.history_count[slot]);
      // The device keeps each step's spikes in the order integration listed them (LTD's arrivals
      // are order-free); the state holds them ascending, as the CPU does.
      std::sort(ps.spike_history[slot].begin(), ps.spike_history[slot].end());
    }
  }
  return ps;
}

}  // namespace engram::cuda
