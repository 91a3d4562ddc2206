// Spike delivery on the CPU: each spiking row's synapses added into the ring (cpu_backend.hpp).
#include <algorithm>
#include <omp.h>

#include "kernels/common/dendrites.hpp"
#include "kernels/common/fixed_point.hpp"
#include "kernels/common/plasticity_stp.hpp"
#include "kernels/cpu/cpu_backend.hpp"

namespace engram::cpu {
namespace {

// Adds the synapses [begin, end) of row `row` into the ring, each at its delay's slot. `now` is
// the slot of this step; delays are in [1, slots - 1], so one conditional subtraction wraps them.
// A slot is `n` columns wide and `ring` points at the column of the projection's local target 0:
// with `below`, that column lies `below` columns before the ring's first (a distributed run's ring
// holds only its block, which every synapse held here targets), so the target is offset first.
// Dendritic projections scale each synapse by its compartment's attenuation (kernels/common/dendrites.hpp).
template <bool modulated, bool dendritic, bool offset>
void scatter_rows(const synapse_table& t, uint32_t row, uint64_t begin, uint64_t end, float factor, int64_t* ring, uint32_t n,
                  uint32_t below, uint32_t slots, uint32_t now) {
  const uint32_t* packed = t.packed.data();
  const float* weight = t.weight.data();
  const synapse_code code = t.code();
  auto fixed = [&](uint64_t e) {
    const float w = modulated ? delivered_weight(weight[e], factor) : weight[e];
    if constexpr (!dendritic) return to_fixed(w);
    return to_fixed(attenuated_weight(w, dendrite_gain(t.dendrite_gain, t.dendrite_choices, t.dendrite_key, row, code.target(packed[e]))));
  };
  auto column = [&](uint32_t target) { return offset ? target - below : target; };
  if (!code.per_synapse_delays()) {
    uint32_t slot = now + t.uniform_delay;
    if (slot >= slots) slot -= slots;
    int64_t* row_slot = ring + uint64_t{slot} * n;
    for (uint64_t e = begin; e < end; ++e) row_slot[column(packed[e])] += fixed(e);
    return;
  }
  for (uint64_t e = begin; e < end; ++e) {
    uint32_t slot = now + code.delay(packed[e]);
    if (slot >= slots) slot -= slots;
    ring[uint64_t{slot} * n + column(code.target(packed[e]))] += fixed(e);
  }
}

// `column`: the ring column of the projection's local target 0 (negative: before the ring's first).
template <bool modulated>
void scatter(const synapse_table& t, uint32_t row, uint64_t begin, uint64_t end, float factor, int64_t* ring, uint32_t n,
             int64_t column, uint32_t slots, uint32_t now) {
  const bool dendritic = t.dendrite_choices > 0;
  if (column >= 0) {
    if (dendritic) scatter_rows<modulated, true, false>(t, row, begin, end, factor, ring + column, n, 0, slots, now);
    else scatter_rows<modulated, false, false>(t, row, begin, end, factor, ring + column, n, 0, slots, now);
    return;
  }
  const uint32_t below = static_cast<uint32_t>(-column);
  if (dendritic) scatter_rows<modulated, true, true>(t, row, begin, end, factor, ring, n, below, slots, now);
  else scatter_rows<modulated, false, true>(t, row, begin, end, factor, ring, n, below, slots, now);
}

// First position in [begin, end) of a target-sorted row whose target is >= `local`.
uint64_t first_target_at_least(const uint32_t* packed, synapse_code code, uint64_t begin, uint64_t end, uint32_t local) {
  while (begin < end) {
    const uint64_t mid = begin + (end - begin) / 2;
    if (code.target(packed[mid]) < local) begin = mid + 1;
    else end = mid;
  }
  return begin;
}

}  // namespace

namespace {

bool ascending(const synapse_table& t, synapse_code code, uint32_t row) {
  for (uint64_t e = t.row_begin(row) + 1, end = t.row_end(row); e < end; ++e)
    if (code.target(t.packed[e]) < code.target(t.packed[e - 1])) return false;
  return true;
}

// Are the targets of every row ascending (as every builder makes them)? Then a thread finds the
// part of a row it owns by binary search.
bool rows_sorted(const synapse_table& t) {
  const synapse_code code = t.code();
  for (uint32_t row = 0; row < t.pre_count; ++row)
    if (!ascending(t, code, row)) return false;
  return true;
}

}  // namespace

bool row_sorted(const synapse_table& t, uint32_t row) { return ascending(t, t.code(), row); }

std::vector<uint8_t> sorted_rows_of(const network_state& s) {
  std::vector<uint8_t> sorted;
  for (const auto& t : s.projections) sorted.push_back(rows_sorted(t) ? 1 : 0);
  return sorted;
}

// STP of projection `projection`: what each of this step's spikes of its presynaptic neurons
// transmits (u x times the transmitter's modulation), and their u and x after the spike. Before
// any delivery, as on every backend.
void cpu_backend::release_stp(uint32_t projection) {
  const synapse_table& t = state_.projections[projection];
  plastic_projection& p = state_.plasticity.projections[entry_of_projection_[projection]];
  const auto lo = std::lower_bound(spikes_.begin(), spikes_.end(), t.pre_first);
  const auto hi = std::lower_bound(lo, spikes_.end(), t.pre_first + t.pre_count);
  std::vector<float>& release = release_[projection];
  for (auto it = lo; it != hi; ++it) {
    const uint32_t row = *it - t.pre_first;
    release[row] = transmission_factor(p.modulation, stp_spike(p.stp_u[row], p.stp_x[row], p.stp_U));
  }
}

void cpu_backend::deliver_spikes(uint64_t step) {
  uint64_t events = 0;
  for (size_t i = 0; i < state_.projections.size(); ++i) {
    const int32_t entry = entry_of_projection_[i];
    plastic_projection* p = entry >= 0 ? &state_.plasticity.projections[entry] : nullptr;
    if (p && (p->stp || p->modulation != 1.0f)) events += deliver_rows<true>(static_cast<uint32_t>(i), p, step);
    else events += deliver_rows<false>(static_cast<uint32_t>(i), nullptr, step);
  }
  events_ += events;
}

// Is delivering `spikes` rows of `t` worth a fork and join? (About 4096 synapses, as plasticity.)
bool cpu_backend::parallel_delivery(const synapse_table& t, int64_t spikes) const {
  const uint64_t per_row = t.pre_count ? t.size() / t.pre_count : 0;
  return wide(static_cast<uint64_t>(spikes) * per_row);
}


// Scatters this step's spikes of `t` into the ring. Modulated rows transmit w x factor, the
// factor being the STP release (per presynaptic neuron, left by release_stp) times the
// transmitter's modulation; static rows transmit w as they always did.
// With several threads, each owns a contiguous range of target neurons and adds only into it, so
// no entry of the ring has two writers: no atomics. Integer sums make the order irrelevant.
template <bool modulated>
uint64_t cpu_backend::deliver_rows(uint32_t projection, plastic_projection* p, uint64_t step) {
  const synapse_table& t = state_.projections[projection];
  const uint32_t n = ring_width_;
  const uint32_t slots = state_.ring_slots;
  const uint32_t now = static_cast<uint32_t>(step % slots);
  int64_t* ring = ring_->data() + uint64_t{t.channel} * slots * n;
  const int64_t column = int64_t{t.post_first} - ring_first_;  // of local target 0
  const auto lo = std::lower_bound(spikes_.begin(), spikes_.end(), t.pre_first);
  const auto hi = std::lower_bound(lo, spikes_.end(), t.pre_first + t.pre_count);
  const int64_t count = hi - lo;
  if (count == 0) return 0;
  const uint32_t* spiking = spikes_.data() + (lo - spikes_.begin());
  uint64_t events = 0;
  if constexpr (modulated) factors_.resize(static_cast<size_t>(count));
  for (int64_t s = 0; s < count; ++s) {
    const uint32_t row = spiking[s] - t.pre_first;
    events += t.row_end(row) - t.row_begin(row);
    if constexpr (modulated) factors_[s] = p->stp ? release_[projection][row] : transmission_factor(p->modulation, 1.0f);
  }
  auto factor = [&](int64_t s) { return modulated ? factors_[s] : 1.0f; };
  if (threads_ == 1 || !parallel_delivery(t, count)) {
    for (int64_t s = 0; s < count; ++s) {
      const uint32_t row = spiking[s] - t.pre_first;
      scatter<modulated>(t, row, t.row_begin(row), t.row_end(row), factor(s), ring, n, column, slots, now);
    }
    return events;
  }
  const bool sorted = sorted_rows_[projection] != 0;
#pragma omp parallel num_threads(threads_)
  {
    const uint64_t owners = static_cast<uint64_t>(omp_get_num_threads()), me = static_cast<uint64_t>(omp_get_thread_num());
    const uint32_t first = static_cast<uint32_t>(t.post_count * me / owners);  // local post indices [first, last)
    const uint32_t last = static_cast<uint32_t>(t.post_count * (me + 1) / owners);
    const uint32_t* packed = t.packed.data();
    const synapse_code code = t.code();
    for (int64_t s = 0; s < count; ++s) {
      const uint32_t row = spiking[s] - t.pre_first;
      const uint64_t begin = t.row_begin(row), end = t.row_end(row);
      if (sorted) {
        const uint64_t from = first_target_at_least(packed, code, begin, end, first);
        const uint64_t to = first_target_at_least(packed, code, from, end, last);
        scatter<modulated>(t, row, from, to, factor(s), ring, n, column, slots, now);
      } else {
        for (uint64_t e = begin; e < end; ++e)
          if (const uint32_t j = code.target(packed[e]); j >= first && j < last)
            scatter<modulated>(t, row, e, e + 1, factor(s), ring, n, column, slots, now);
      }
    }
  }
  return events;
}

}  // namespace engram::cpu
