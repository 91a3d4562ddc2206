// The STDP arms on the CPU. LTP: one post spike per loop iteration walks its column of the
// transposed index. LTD: one (presynaptic row, delay) arrival per iteration walks the row segment
// of that delay (rows are sorted by delay). A synapse belongs to one column and, at a given step,
// to at most one arrival, so each synapse is written by one thread.
#include <algorithm>

#include "kernels/common/plasticity_stdp.hpp"
#include "kernels/common/synapse_lookup.hpp"
#include "kernels/cpu/cpu_plasticity.hpp"

namespace engram::cpu {
namespace {

float lag_of(const plastic_projection& p, uint64_t step) {
  return p.stdp.target == 2 ? p.eligibility_lag[steps_to_application(step, p.apply_period)] : 1.0f;
}

}  // namespace

void plasticity_phase::potentiate(network_state& s, uint32_t entry, uint64_t step, const std::vector<uint32_t>& spikes) {
  plastic_projection& p = s.plasticity.projections[entry];
  synapse_table& t = s.projections[p.projection];
  const transposed_index& x = columns_[entry];
  const uint32_t row_length = row_length_[entry];
  const auto lo = std::lower_bound(spikes.begin(), spikes.end(), t.post_first);
  const auto hi = std::lower_bound(lo, spikes.end(), t.post_first + t.post_count);
  const int64_t count = hi - lo;
  if (count == 0) return;
  const uint32_t* posts = spikes.data() + (lo - spikes.begin());
  const uint32_t slots = s.ring_slots;
  const uint32_t now = static_cast<uint32_t>(step % slots);
  const float lag = lag_of(p, step);
  const float* rate = s.plasticity.rate_hz.empty() ? nullptr : s.plasticity.rate_hz.data();
  float* aux = p.synapse_aux.empty() ? nullptr : p.synapse_aux.data();
  const stdp_constants k = p.stdp;
  const bool wide = parallel(count * (t.size() / std::max<uint32_t>(t.post_count, 1)));
#pragma omp parallel for num_threads(threads_) schedule(dynamic, 4) if (wide)
  for (int64_t q = 0; q < count; ++q) {
    const uint32_t post = posts[q];
    const float bcm = bcm_modulation(k, rate ? rate[post] : 0.0f);
    const uint32_t col = post - t.post_first;
    uint32_t row = 0;  // ids ascend along a column, so rows do too
    for (uint64_t c = x.col_ptr[col]; c < x.col_ptr[col + 1]; ++c) {
      const uint32_t e = x.synapse[c];
      row = row_length ? row_of_synapse_uniform(e, row_length) : row_of_synapse(t.row_ptr.data(), t.pre_count, e, row);
      // the presynaptic trace as the synapse sees it: at the soma, delay steps ago (d < slots)
      const uint32_t d = t.delay_of(e);
      const uint64_t slot = now >= d ? now - d : now + slots - d;
      const float trace = p.pre_trace[slot * t.pre_count + row];
      ltp_event(k, t.weight[e], aux ? aux + e : nullptr, trace, bcm, lag);
    }
  }
}

void plasticity_phase::depress(network_state& s, uint32_t entry, uint64_t step) {
  plastic_projection& p = s.plasticity.projections[entry];
  synapse_table& t = s.projections[p.projection];
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
  const float lag = lag_of(p, step);
  const float* rate = s.plasticity.rate_hz.empty() ? nullptr : s.plasticity.rate_hz.data();
  float* aux = p.synapse_aux.empty() ? nullptr : p.synapse_aux.data();
  const stdp_constants k = p.stdp;
  const uint32_t span = p.delay_max - p.delay_min + 1u;
  const uint8_t* delays = t.delay.empty() ? nullptr : t.delay.data();
  const bool wide = parallel(count * (t.size() / std::max<uint32_t>(t.pre_count, 1)) / span);
#pragma omp parallel for num_threads(threads_) schedule(dynamic, 4) if (wide)
  for (int64_t a = 0; a < count; ++a) {
    const auto [row, d] = arrivals_[a];
    // the row's segment of delay d (the whole row when delays are uniform)
    uint64_t e = t.row_ptr[row], end = t.row_ptr[row + 1];
    if (delays) {
      e = first_with_delay(delays, e, end, d);
      end = first_with_delay(delays, e, end, d + 1);
    }
    for (; e < end; ++e) {
      const uint32_t post = t.target[e];
      const float bcm = bcm_modulation(k, rate ? rate[post] : 0.0f);
      ltd_event(k, t.weight[e], aux ? aux + e : nullptr, p.post_trace[post - t.post_first], bcm, lag);
    }
  }
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
    for (int64_t j = 0; j < static_cast<int64_t>(t.post_count); ++j)
      p.post_trace[j] = trace_step(p.post_trace[j], fired[t.post_first + j], k.lambda_minus, k.nearest);
  }
}

}  // namespace engram::cpu
