// The plasticity phase of one step on the CPU, in the order of docs/plasticity.md:
//   1. reward contingencies: observe this step's spikes, release due dopamine
//   2. STDP arms of every unfrozen projection: LTP (this step's post spikes), then LTD (arrivals)
//   3. traces: presynaptic history slot of this step, postsynaptic traces
//   4. periodic work at period ends: derivative / eligibility x dopamine, scaling, normalisation
//   5. homeostasis: adaptive thresholds and rate estimates
//   6. STP recovery   7. dopamine decay   8. this step's spikes into the history
#include <algorithm>

#include "kernels/common/plasticity_homeostasis.hpp"
#include "kernels/common/plasticity_reward.hpp"
#include "kernels/common/plasticity_stp.hpp"
#include "kernels/cpu/cpu_plasticity.hpp"

namespace engram::cpu {

void plasticity_phase::load(const network_state& s, int threads, uint64_t min_parallel_work) {
  threads_ = threads;
  min_work_ = min_parallel_work > 0 ? min_parallel_work : 4096;
  columns_.assign(s.plasticity.projections.size(), {});
  row_length_.assign(s.plasticity.projections.size(), 0);
  for (size_t i = 0; i < columns_.size(); ++i) {
    const plastic_projection& p = s.plasticity.projections[i];
    const synapse_table& t = s.projections[p.projection];
    if (needs_transposed_index(p)) columns_[i] = build_transposed_index(t);
    row_length_[i] = uniform_row_length(t);
  }
}

void plasticity_phase::run(network_state& s, uint64_t step, const std::vector<uint8_t>& fired,
                           const std::vector<uint32_t>& spikes) {
  auto& ps = s.plasticity;
  observe_contingencies(s, step, fired);
  for (uint32_t i = 0; i < ps.projections.size(); ++i) {
    if (!ps.projections[i].stdp.enabled) continue;
    if (!ps.projections[i].frozen) {
      potentiate(s, i, step, spikes);
      depress(s, i, step);
    }
    update_traces(s, i, step, fired);
  }
  for (uint32_t i = 0; i < ps.projections.size(); ++i) apply_periodic(s, i, step);
  update_homeostasis(s, fired);
  recover_stp(s);
  for (auto& d : ps.dopamine) d.level = dopamine_step(d.level, d.baseline, d.decay);
  if (ps.needs_history()) ps.spike_history[step % s.ring_slots] = spikes;
}

void plasticity_phase::observe_contingencies(network_state& s, uint64_t step, const std::vector<uint8_t>& fired) {
  for (auto& c : s.plasticity.contingencies) {
    // the post spike must follow a pre spike of an earlier step within the window
    if (fired[c.post] && c.last_pre_step >= 0 && step - static_cast<uint64_t>(c.last_pre_step) < c.window_steps)
      c.pending.push_back(step + reward_delay_steps(s.seed, c.ordinal, step, c.delay_min_steps, c.delay_max_steps));
    if (fired[c.pre]) c.last_pre_step = static_cast<int64_t>(step);
    std::sort(c.pending.begin(), c.pending.end());
    size_t due = 0;
    while (due < c.pending.size() && c.pending[due] <= step) ++due;
    auto& level = s.plasticity.dopamine[c.channel].level;
    for (size_t r = 0; r < due; ++r) level = level + c.amount;
    c.released += due;
    c.pending.erase(c.pending.begin(), c.pending.begin() + static_cast<int64_t>(due));
  }
}

void plasticity_phase::update_homeostasis(network_state& s, const std::vector<uint8_t>& fired) {
  auto& ps = s.plasticity;
  for (const auto& h : ps.populations) {
    const population_range& pop = s.populations[h.population];
    const int64_t first = pop.first, size = pop.size;
    if (h.threshold) {
      float* theta = ps.theta.data();
#pragma omp parallel for num_threads(threads_) schedule(static) if (parallel(size))
      for (int64_t i = first; i < first + size; ++i) theta[i] = theta_step(theta[i], fired[i], h.theta_decay, h.theta_increment);
    }
    if (h.track_rate) {
      float* rate = ps.rate_hz.data();
#pragma omp parallel for num_threads(threads_) schedule(static) if (parallel(size))
      for (int64_t i = first; i < first + size; ++i) rate[i] = rate_step(rate[i], fired[i], h.rate_decay, h.rate_gain);
    }
  }
}

void plasticity_phase::recover_stp(network_state& s) {
  for (auto& p : s.plasticity.projections) {
    if (!p.stp) continue;
    const int64_t rows = static_cast<int64_t>(p.stp_u.size());
#pragma omp parallel for num_threads(threads_) schedule(static) if (parallel(rows))
    for (int64_t r = 0; r < rows; ++r) stp_recover(p.stp_u[r], p.stp_x[r], p.stp_U, p.stp_rec_decay, p.stp_fac_decay);
  }
}

}  // namespace engram::cpu
