#include "engine/state_reset.hpp"

#include <algorithm>
#include <fmt/format.h>

#include "engine/errors.hpp"

namespace engram {
namespace {

// Is global neuron i in one of the chosen populations? One flag per neuron: the reset is O(N).
std::vector<uint8_t> membership(const network_state& s, const std::vector<uint32_t>& populations) {
  std::vector<uint8_t> in(s.neuron_count(), 0);
  for (uint32_t p : populations) {
    if (p >= s.populations.size())
      throw invalid_parameter(fmt::format("population {} out of range ({} populations)", p, s.populations.size()));
    const auto& r = s.populations[p];
    std::fill_n(in.begin() + r.first, r.size, uint8_t{1});
  }
  return in;
}

void reset_neurons(network_state& s, const population_range& r) {
  auto& a = s.neurons;
  for (uint32_t i = r.first; i < r.first + r.size; ++i) {
    a.v[i] = r.v_init;
    a.u[i] = r.kind == neuron_kind::izhikevich ? a.b[i] * r.v_init : 0.0f;
    a.i_syn[i] = 0.0f;
    a.g_inh[i] = 0.0f;
    a.refractory[i] = 0;
  }
  const uint64_t n = s.neuron_count();
  for (uint64_t row = 0; row < uint64_t{s.ring_channels} * s.ring_slots; ++row)
    std::fill_n(s.ring.begin() + static_cast<int64_t>(row * n + r.first), r.size, int64_t{0});
}

void reset_plastic_entry(network_state& s, plastic_projection& p, const std::vector<uint8_t>& in) {
  const synapse_table& t = s.projections[p.projection];
  if (!p.pre_trace.empty())
    for (uint32_t slot = 0; slot < s.ring_slots; ++slot)
      for (uint32_t row = 0; row < t.pre_count; ++row)
        if (in[t.pre_first + row]) p.pre_trace[uint64_t{slot} * t.pre_count + row] = 0.0f;
  for (uint64_t j = 0; j < p.post_trace.size(); ++j)
    if (in[t.post_first + j % t.post_count]) p.post_trace[j] = 0.0f;
  for (uint32_t row = 0; row < p.stp_u.size(); ++row)
    if (in[t.pre_first + row]) {
      p.stp_u[row] = p.stp_U;
      p.stp_x[row] = 1.0f;
    }
}

}  // namespace

void reset_populations(network_state& s, const std::vector<uint32_t>& populations) {
  const std::vector<uint8_t> in = membership(s, populations);
  for (uint32_t p : populations) reset_neurons(s, s.populations[p]);
  for (auto& entry : s.plasticity.projections) reset_plastic_entry(s, entry, in);
  for (auto& slot : s.plasticity.spike_history)
    slot.erase(std::remove_if(slot.begin(), slot.end(), [&](uint32_t i) { return in[i] != 0; }), slot.end());
}

void clear_learning_signals(network_state& s, const std::vector<uint32_t>& entries,
                            const std::vector<uint32_t>& channels) {
  auto& ps = s.plasticity;
  for (uint32_t e : entries) {
    if (e >= ps.projections.size())
      throw invalid_parameter(fmt::format("plastic projection {} out of range ({} entries)", e, ps.projections.size()));
    auto& p = ps.projections[e];
    if (p.stdp.target == 2) std::fill(p.synapse_aux.begin(), p.synapse_aux.end(), 0.0f);
  }
  for (uint32_t c : channels) {
    if (c >= ps.dopamine.size())
      throw invalid_parameter(fmt::format("dopamine channel {} out of range ({} channels)", c, ps.dopamine.size()));
    ps.dopamine[c].level = ps.dopamine[c].baseline;
  }
}

void disconnect_neurons(network_state& s, const std::vector<uint32_t>& ids) {
  std::vector<uint8_t> cut(s.neuron_count(), 0);
  for (uint32_t i : ids) {
    if (i >= cut.size()) throw invalid_parameter(fmt::format("neuron {} out of range ({} neurons)", i, cut.size()));
    cut[i] = 1;
  }
  for (auto& t : s.projections)
    for (uint32_t row = 0; row < t.pre_count; ++row) {
      const bool pre_cut = cut[t.pre_first + row] != 0;
      for (uint64_t e = t.row_ptr[row]; e < t.row_ptr[row + 1]; ++e)
        if (pre_cut || cut[t.target_of(e)]) t.weight[e] = 0.0f;
    }
}

double spike_probability_of(double rate_hz, double dt_ms) { return std::min(1.0, rate_hz * dt_ms / 1000.0); }

}  // namespace engram
