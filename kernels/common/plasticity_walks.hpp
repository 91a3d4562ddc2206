#pragma once
// The spike-gated STDP walks over one projection: LTP walks the column of a post neuron that
// fired (transposed index), LTD walks the row segment of a presynaptic spike that arrives with
// delay d. Both backends call these: the CPU with one lane per walk, CUDA with a warp's 32 lanes
// striding one walk. A synapse's change does not depend on which lane makes it, so the lane
// split never changes a bit.
#include <cstdint>

#include "engine/hd.hpp"
#include "engine/plasticity_state.hpp"
#include "kernels/common/plasticity_protect.hpp"
#include "kernels/common/plasticity_stdp.hpp"
#include "kernels/common/synapse_lookup.hpp"

namespace engram {

// One STDP projection as the walks see it. Plain pointers, filled by a backend from its arrays.
struct stdp_walk_view {
  stdp_constants k;
  const uint64_t* row_ptr;    // pre_count + 1
  const uint32_t* row_used;   // rows with slack (engine/row_slack.hpp): synapses per row; null: compact
  const uint32_t* packed;     // target (within the post population) and delay per synapse
  synapse_code code;
  float* weight;
  uint32_t pre_first, pre_count, post_first, post_count;
  const uint64_t* col_ptr;    // transposed index: post_count + 1
  const uint32_t* col_synapse;
  const uint32_t* col_used;   // columns with slack likewise (engine/index_slack.hpp); null: compact
  uint32_t row_length;        // L when every row has L synapses (row = id / L), else 0
  const uint32_t* chunk_row;  // else: the row of every 2^row_chunk_shift-th synapse (transposed_index)
  const float* pre_trace;     // ring_slots x pre_count, slot = step mod ring_slots
  const float* post_trace;    // post_count (2 x with the triplet term), not yet updated for this step
  float* aux;                 // derivative or eligibility per synapse, or null
  // An eligibility kept lazily (the grid backend; plasticity_eligibility.hpp): the clock each
  // synapse's value is current at and the entry's clock, application periods passed mod 256.
  // Null where every period end sweeps (the CPU).
  uint8_t* aux_clock;
  const uint8_t* clock;
  float period_decay;         // eligibility: lambda_e^apply_period
  const float* rate_hz;       // per global neuron (BCM), or null
  const float* eligibility_lag;  // lambda_e^k for k in [0, apply_period) (eligibility target)
  uint32_t apply_period;
  uint32_t ring_slots;
  // Selective plasticity (plasticity_protect.hpp), or null gate and importance: each pairing adds
  // the partner's trace (the coincidence) to the synapse's importance and its change is scaled by
  // the synapse's protection factor.
  float* importance;
  const float* gate;
  uint64_t consolidated_step;
  uint32_t protect_warmup;
  float surprise;
};

// What an event at `step` carries into the eligibility: lambda_e^(steps to the application), and
// the clock its target's value must be brought to first.
ENGRAM_HD event_time event_at(const stdp_walk_view& t, uint64_t step) {
  const float open = t.gate ? protection_open(step, t.consolidated_step, t.protect_warmup, t.surprise) : 1.0f;
  if (t.k.target != 2) return {1.0f, 0, 1.0f, open};
  return {t.eligibility_lag[steps_to_application(step, t.apply_period)], t.clock ? *t.clock : uint8_t{0}, t.period_decay,
          open};
}

ENGRAM_HD synapse_aux_ref aux_of(const stdp_walk_view& t, uint64_t e) {
  return {t.aux ? t.aux + e : nullptr, t.aux_clock ? t.aux_clock + e : nullptr};
}

// LTP of post neuron `post` (global) firing at the step of ring slot `now`: this lane's share of
// its column (entries lane, lane + lanes, ...). Each synapse reads the presynaptic trace as it
// arrives: at the soma, delay steps ago.
// The view comes by value: a local copy cannot alias the weights the walk writes, so its fields
// stay in registers (through a reference, every float store would force them to be reloaded).
ENGRAM_HD void potentiate_column(const stdp_walk_view t, uint32_t post, uint32_t now, const event_time at,
                                 uint32_t lane, uint32_t lanes) {
  const float bcm = bcm_modulation(t.k, t.rate_hz ? t.rate_hz[post] : 0.0f);
  const uint32_t col = post - t.post_first;
  const float slow = triplet_factor(t.k, t.post_trace, t.post_count, col);
  if (slow == 0.0f) return;
  const uint64_t end = t.col_used ? t.col_ptr[col] + t.col_used[col] : t.col_ptr[col + 1];
  uint32_t row = 0;  // ids ascend along a column (and along a lane's share), so rows do too
  for (uint64_t c = t.col_ptr[col] + lane; c < end; c += lanes) {
    const uint32_t e = t.col_synapse[c];
    if (t.row_length) {
      row = row_of_synapse_uniform(e, t.row_length);
    } else {
      const uint32_t chunk = t.chunk_row[e >> row_chunk_shift];  // at or before e's row, as is the last answer
      row = row_of_synapse(t.row_ptr, t.pre_count, e, row > chunk ? row : chunk);
    }
    const uint32_t d = t.code.delay(t.packed[e]);  // in [1, ring_slots - 1]
    const uint32_t slot = now >= d ? now - d : now + t.ring_slots - d;
    const float trace = t.pre_trace[static_cast<uint64_t>(slot) * t.pre_count + row];
    if (t.importance) t.importance[e] += trace;
    ltp_event(t.k, t.weight[e], aux_of(t, e), t.k.triplet ? trace * slow : trace, bcm, at, protection_factor(t.gate, e, at.open));
  }
}

// LTD of a spike of presynaptic row `row` arriving now with delay d: this lane's share of the
// row's segment of delay d (rows of STDP projections are sorted by delay; with uniform delays
// the segment is the whole row).
ENGRAM_HD void depress_segment(const stdp_walk_view t, uint32_t row, uint32_t d, const event_time at, uint32_t lane,
                               uint32_t lanes) {
  uint64_t begin = t.row_ptr[row], end = t.row_used ? begin + t.row_used[row] : t.row_ptr[row + 1];
  if (t.code.per_synapse_delays()) {
    begin = first_with_delay(t.packed, t.code, begin, end, d);
    end = first_with_delay(t.packed, t.code, begin, end, d + 1);
  }
  for (uint64_t e = begin + lane; e < end; e += lanes) {
    const uint32_t col = t.code.target(t.packed[e]);
    const float bcm = bcm_modulation(t.k, t.rate_hz ? t.rate_hz[t.post_first + col] : 0.0f);
    if (t.importance) t.importance[e] += t.post_trace[col] * t.k.lambda_minus;
    ltd_event(t.k, t.weight[e], aux_of(t, e), t.post_trace[col], bcm, at, protection_factor(t.gate, e, at.open));
  }
}

}  // namespace engram
