// The plasticity phase on the CPU: loading, and the sub-phases outside STDP and the periodic work.
// Their order is the step driver's (kernels/driver/step_driver.hpp, run_plasticity_phase).
#include <algorithm>

#include "engine/index_slack.hpp"
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

void plasticity_phase::apply_growth(const network_state& s, const growth_changes& changes) {
  for (size_t i = 0; i < columns_.size(); ++i) {
    const plastic_projection& p = s.plasticity.projections[i];
    if (columns_[i].col_ptr.empty() || changes.at(p.projection).empty()) continue;
    update_transposed_index(columns_[i], s.projections[p.projection], changes[p.projection]);
  }
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

void plasticity_phase::update_homeostasis(network_state& s, uint32_t entry, const std::vector<uint8_t>& fired) {
  auto& ps = s.plasticity;
  const homeostasis_constants& h = ps.populations[entry];
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

void plasticity_phase::recover_stp(network_state& s, uint32_t entry) {
  plastic_projection& p = s.plasticity.projections[entry];
  const int64_t rows = static_cast<int64_t>(p.stp_u.size());
#pragma omp parallel for num_threads(threads_) schedule(static) if (parallel(rows))
  for (int64_t r = 0; r < rows; ++r) stp_recover(p.stp_u[r], p.stp_x[r], p.stp_U, p.stp_rec_decay, p.stp_fac_decay);
}

void plasticity_phase::decay_dopamine(network_state& s) {
  for (auto& d : s.plasticity.dopamine) d.level = dopamine_step(d.level, d.baseline, d.decay);
}

void plasticity_phase::keep_history(network_state& s, uint64_t step, const std::vector<uint32_t>& spikes) {
  s.plasticity.spike_history[step % s.ring_slots] = spikes;
}

}  // namespace engram::cpu
