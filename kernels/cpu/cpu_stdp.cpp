// The STDP arms on the CPU: the walks of kernels/common/plasticity_walks.hpp, one per loop
// iteration. LTP: one post spike walks its column of the transposed index. LTD: one (presynaptic
// row, delay) arrival walks the row segment of that delay. A synapse belongs to one column and, at
// a given step, to at most one arrival, so each synapse is written by one thread.
#include <algorithm>

#include "kernels/common/plasticity_walks.hpp"
#include "kernels/cpu/cpu_plasticity.hpp"

namespace engram::cpu {

stdp_walk_view plasticity_phase::walk_view(network_state& s, uint32_t entry) {
  plastic_projection& p = s.plasticity.projections[entry];
  synapse_table& t = s.projections[p.projection];
  const transposed_index& x = columns_[entry];
  stdp_walk_view v{};
  v.k = p.stdp;
  v.row_ptr = t.row_ptr.data();
  v.row_used = t.row_used.empty() ? nullptr : t.row_used.data();
  v.packed = t.packed.data();
  v.code = t.code();
  v.weight = t.weight.data();
  v.pre_first = t.pre_first;
  v.pre_count = t.pre_count;
  v.post_first = t.post_first;
  v.post_count = t.post_count;
  v.col_ptr = x.col_ptr.empty() ? nullptr : x.col_ptr.data();
  v.col_synapse = x.synapse.empty() ? nullptr : x.synapse.data();
  v.col_used = x.col_used.empty() ? nullptr : x.col_used.data();
  v.row_length = row_length_[entry];
  v.chunk_row = x.chunk_row.empty() ? nullptr : x.chunk_row.data();
  v.pre_trace = p.pre_trace.data();
  v.post_trace = p.post_trace.data();
  v.aux = p.synapse_aux.empty() ? nullptr : p.synapse_aux.data();
  // Eligibilities are applied eagerly here (every period end sweeps): always up to date, no clocks.
  v.aux_clock = nullptr;
  v.clock = nullptr;
  v.period_decay = p.eligibility_period_decay;
  v.rate_hz = s.plasticity.rate_hz.empty() ? nullptr : s.plasticity.rate_hz.data();
  v.eligibility_lag = p.eligibility_lag.empty() ? nullptr : p.eligibility_lag.data();
  v.apply_period = p.apply_period;
  v.ring_slots = s.ring_slots;
  v.importance = p.importance.empty() ? nullptr : p.importance.data();
  v.gate = p.gate.empty() ? nullptr : p.gate.data();
  v.consolidated_step = p.consolidated_step;
  v.protect_warmup = p.protect_warmup;
  v.surprise = p.surprise;
  return v;
}

void plasticity_phase::potentiate(network_state& s, uint32_t entry, uint64_t step, const std::vector<uint32_t>& spikes) {
  const synapse_table& t = s.projections[s.plasticity.projections[entry].projection];
  const auto lo = std::lower_bound(spikes.begin(), spikes.end(), t.post_first);
  const auto hi = std::lower_bound(lo, spikes.end(), t.post_first + t.post_count);
  const int64_t count = hi - lo;
  if (count == 0) return;
  const uint32_t* posts = spikes.data() + (lo - spikes.begin());
  const stdp_walk_view v = walk_view(s, entry);
  const uint32_t now = static_cast<uint32_t>(step % s.ring_slots);
  const event_time at = event_at(v, step);
  const bool wide = parallel(count * (t.size() / std::max<uint32_t>(t.post_count, 1)));
#pragma omp parallel for num_threads(threads_) schedule(dynamic, 4) if (wide)
  for (int64_t q = 0; q < count; ++q) potentiate_column(v, posts[q], now, at, 0, 1);
}

void plasticity_phase::depress(network_state& s, uint32_t entry, uint64_t step) {
  const plastic_projection& p = s.plasticity.projections[entry];
  const synapse_table& t = s.projections[p.projection];
  const uint32_t slots = s.ring_slots;
  arrivals_.clear();
  for (uint32_t d = p.delay_min; d <= p.delay_max && d <= step; ++d) {
    const auto& fired = s.plasticity.spike_history[(step - d) % slots];
    const auto lo = std::lower_bound(fired.begin(), fired.end(), t.pre_first);
    const auto hi = std::lower_bound(lo, fired.end(), t.pre_first + t.pre_count);
    for (auto it = lo; it != hi; ++it) arrivals_.emplace_back(*it - t.pre_first, d);
  }
  const int64_t count = static_cast<int64_t>(arrivals_.size());
  if (count == 0) return;
  const stdp_walk_view v = walk_view(s, entry);
  const event_time at = event_at(v, step);
  const uint32_t span = p.delay_max - p.delay_min + 1u;
  const bool wide = parallel(count * (t.size() / std::max<uint32_t>(t.pre_count, 1)) / span);
#pragma omp parallel for num_threads(threads_) schedule(dynamic, 4) if (wide)
  for (int64_t a = 0; a < count; ++a) depress_segment(v, arrivals_[a].first, arrivals_[a].second, at, 0, 1);
}

void plasticity_phase::update_traces(network_state& s, uint32_t entry, uint64_t step, const std::vector<uint8_t>& fired) {
  plastic_projection& p = s.plasticity.projections[entry];
  const synapse_table& t = s.projections[p.projection];
  const uint32_t slots = s.ring_slots;
  const stdp_constants k = p.stdp;
  float* now = p.pre_trace.data() + (step % slots) * t.pre_count;
  const float* before = p.pre_trace.data() + ((step + slots - 1) % slots) * t.pre_count;
#pragma omp parallel num_threads(threads_) if (parallel(uint64_t{t.pre_count} + t.post_count))
  {
#pragma omp for schedule(static) nowait
    for (int64_t i = 0; i < static_cast<int64_t>(t.pre_count); ++i)
      now[i] = trace_step(before[i], fired[t.pre_first + i], k.lambda_plus, k.nearest);
#pragma omp for schedule(static)
    for (int64_t j = 0; j < static_cast<int64_t>(p.post_trace.size()); ++j) {
      const bool slow = j >= static_cast<int64_t>(t.post_count);  // the triplet's trace
      const uint32_t post = t.post_first + static_cast<uint32_t>(slow ? j - t.post_count : j);
      p.post_trace[j] = trace_step(p.post_trace[j], fired[post], slow ? k.lambda_triplet : k.lambda_minus, k.nearest);
    }
  }
}

}  // namespace engram::cpu
