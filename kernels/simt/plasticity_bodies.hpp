#pragma once
// What one thread of each plasticity kernel does, given its position in the launch. The .cu
// kernels are one-line wrappers that pass their CUDA coordinates; the host emulation
// (tests/cuda_emulation.hpp) runs every position of a launch in turn and tests compare the
// result with the CPU backend. No thread reads what another thread of the same launch writes
// (each synapse, neuron or row has one owner per launch), so running them one after another on
// the host computes what the device computes.
//
// Warp bodies (potentiate, depress) need a thread count that is a multiple of 32: lanes of a
// warp share one walk (kernels/common/plasticity_walks.hpp, the CPU's code).
#include <cstdint>

#include "engine/hd.hpp"
#include "kernels/common/plasticity_homeostasis.hpp"
#include "kernels/common/plasticity_reward.hpp"
#include "kernels/common/plasticity_stp.hpp"
#include "kernels/common/plasticity_walks.hpp"
#include "kernels/simt/plasticity_views.hpp"
#include "kernels/simt/thread_position.hpp"

namespace engram::cuda {

// LTP: warp w takes this step's spikes w, w + warps, ... that fall in the projection's post range
// and walks each post neuron's column. Columns are disjoint, so the list's order cannot matter.
ENGRAM_HD void potentiate_thread(const plasticity_view& v, const plastic_entry_view& p, thread_position t) {
  const uint32_t lane = t.lane();
  const uint64_t warps = t.warps();
  const uint64_t step = v.counters->step;
  const uint32_t count = v.counters->spike_count;
  const uint32_t now = static_cast<uint32_t>(step % v.ring_slots);
  const event_time at = event_at(p.walk, step);
  for (uint64_t s = t.warp(); s < count; s += warps) {
    const uint32_t post = v.spikes[s];
    if (post - p.walk.post_first >= p.post_count) continue;  // wraps when post < post_first
    potentiate_column(p.walk, post, now, at, lane, 32);
  }
}

// LTD over the step's arrivals: the (delay d, spike of step - d) pairs, numbered delay by delay
// and spike by spike in the history. The launch is cut into groups of p.ltd_lanes threads; group g
// takes pairs g, g + groups, ... and walks each row's segment of delay d, so that every arrival
// of the step is spread over the whole grid, whatever its delays. A group finds its next pair by
// moving forward over the delays (its pairs ascend), O(delays + pairs) per group. A pair's
// segment is its own (one spike per neuron and step, one segment per delay of a row), so the
// order of spikes within a history slot cannot matter.
ENGRAM_HD void depress_thread(const plasticity_view& v, const plastic_entry_view& p, thread_position t) {
  const uint64_t lanes = p.ltd_lanes, groups = t.count / lanes;
  const uint64_t group = t.index / lanes;
  const uint32_t member = static_cast<uint32_t>(t.index % lanes);
  if (group >= groups) return;
  const uint64_t step = v.counters->step;
  const event_time at = event_at(p.walk, step);
  uint32_t d = p.delay_min;
  uint64_t before = 0;  // pairs of the delays below d
  for (uint64_t pair = group;; pair += groups) {
    uint32_t slot = 0, count = 0;
    for (; d <= p.delay_max && d <= step; ++d) {
      slot = static_cast<uint32_t>((step - d) % v.ring_slots);
      count = v.history_count[slot];
      if (pair < before + count) break;
      before += count;
    }
    if (d > p.delay_max || d > step) return;
    const uint32_t* fired = v.history + static_cast<uint64_t>(slot) * v.neuron_count;
    const uint32_t row = fired[pair - before] - p.walk.pre_first;
    if (row < p.walk.pre_count) depress_segment(p.walk, row, d, at, member, static_cast<uint32_t>(lanes));
  }
}

// Item i of an STDP entry's traces: a presynaptic trace into this step's slot of the trace
// history (i < pre_count), else a postsynaptic trace in place (the triplet's slow one in the
// second half).
ENGRAM_HD void trace_item(const plasticity_view& v, const plastic_entry_view& p, uint64_t step, uint64_t i) {
  const uint32_t pre_count = p.walk.pre_count;
  const stdp_constants& k = p.walk.k;
  if (i < pre_count) {
    float* now = p.pre_trace + (step % v.ring_slots) * pre_count;
    const float* before = p.pre_trace + ((step + v.ring_slots - 1) % v.ring_slots) * pre_count;
    now[i] = trace_step(before[i], v.fired[p.walk.pre_first + i], k.lambda_plus, k.nearest);
  } else {
    const uint64_t j = i - pre_count;
    const bool slow = j >= p.post_count;  // the triplet's trace
    const uint64_t post = p.walk.post_first + (slow ? j - p.post_count : j);
    p.post_trace[j] = trace_step(p.post_trace[j], v.fired[post], slow ? k.lambda_triplet : k.lambda_minus, k.nearest);
  }
}
ENGRAM_HD uint64_t trace_items(const plastic_entry_view& p) {
  return p.walk.k.enabled ? uint64_t{p.walk.pre_count} + uint64_t{p.post_count} * (p.walk.k.triplet ? 2 : 1) : 0;
}

// Period ends, one synapse per iteration (the host launches them only on the steps they are due).
ENGRAM_HD void derivative_thread(const plastic_entry_view& p, thread_position t) {
  for (uint64_t e = t.index; e < p.synapses; e += t.count)
    derivative_apply(p.walk.k, p.walk.weight[e], p.walk.aux[e], p.derivative_bias, p.derivative_decay, p.frozen);
}

// Lazily (kernels/common/plasticity_eligibility.hpp): with modulation 0 (dopamine at its
// reference) or a frozen entry, nothing per synapse, unless the clocks need a catch-up sweep. The
// tail advances the entry's clock afterwards, so every thread reads the same one here.
ENGRAM_HD void eligibility_thread(const plasticity_view& v, const plastic_entry_view& p, thread_position t) {
  const float modulation = dopamine_modulation(p.dopamine_gain, v.dopamine_level[p.dopamine_channel], p.dopamine_reference);
  const stdp_walk_view& w = p.walk;
  const uint8_t clock = *w.clock;
  if (!eligibility_sweep_due(modulation, p.frozen, clock)) return;
  for (uint64_t e = t.index; e < p.synapses; e += t.count)
    eligibility_apply_late(w.k, w.weight[e], w.aux[e], w.aux_clock[e], clock, modulation, p.frozen, w.period_decay);
}

ENGRAM_HD void scaling_thread(const plasticity_view& v, const plastic_entry_view& p, thread_position t) {
  const stdp_constants& k = p.walk.k;
  for (uint64_t e = t.index; e < p.synapses; e += t.count) {
    const uint32_t post = p.walk.post_first + p.walk.code.target(p.walk.packed[e]);
    const float f = scaling_factor(v.rate_hz[post], p.scaling_target_hz, p.scaling_eta, p.scaling_max_step);
    p.walk.weight[e] = scaled_weight(p.walk.weight[e], k.polarity, f, k.w_min, k.w_max);
  }
}

// One column per iteration: the sum runs in column order (ascending synapse id), as on the CPU.
ENGRAM_HD void normalise_thread(const plasticity_view& v, const plastic_entry_view& p, thread_position t) {
  const stdp_walk_view& w = p.walk;
  const float open = w.gate ? protection_open(v.counters->step, w.consolidated_step, w.protect_warmup, w.surprise) : 1.0f;
  for (uint64_t j = t.index; j < p.post_count; j += t.count)
    normalise_column(w.weight, w.col_synapse, w.col_ptr[j], w.col_ptr[j + 1], w.k.polarity, p.normalise_target, w.k.w_min,
                     w.k.w_max, w.gate, open);
}

ENGRAM_HD void homeostasis_item(const plasticity_view& v, const homeostasis_view& h, uint64_t k) {
  const uint64_t i = h.first + k;
  const bool fired = v.fired[i];
  if (h.threshold) v.theta[i] = theta_step(v.theta[i], fired, h.theta_decay, h.theta_increment);
  if (h.track_rate) v.rate_hz[i] = rate_step(v.rate_hz[i], fired, h.rate_decay, h.rate_gain);
}
ENGRAM_HD uint64_t homeostasis_items(const homeostasis_view& h) { return h.threshold || h.track_rate ? h.size : 0; }

// The tail of the plasticity phase, after the STDP arms and the period ends, as one launch: every
// STDP entry's traces, homeostasis, STP recovery, the eligibility clocks of entries whose
// application period ends now, dopamine decay, and this step's spikes (in the list's order: LTD's
// arrivals are order-free) into history slot step mod ring_slots, its count by the item after the
// last spike. Items are numbered part after part; each writes its own place, so any thread may
// take any item.
ENGRAM_HD void plasticity_tail_thread(const plasticity_view& v, const tail_view& tail, thread_position t) {
  const uint64_t step = v.counters->step;
  const uint32_t spikes = v.counters->spike_count;
  const uint64_t total = tail.fixed_items + (v.history_count ? spikes + 1u : 0u);
  for (uint64_t item = t.index; item < total; item += t.count) {
    uint64_t k = item;
    bool done = false;
    for (uint32_t e = 0; e < tail.entry_count && !done; ++e) {
      const uint64_t n = trace_items(tail.entries[e]);
      if (k < n) trace_item(v, tail.entries[e], step, k), done = true;
      else k -= n;
    }
    for (uint32_t h = 0; h < tail.homeostasis_count && !done; ++h) {
      const uint64_t n = homeostasis_items(tail.homeostasis[h]);
      if (k < n) homeostasis_item(v, tail.homeostasis[h], k), done = true;
      else k -= n;
    }
    for (uint32_t e = 0; e < tail.entry_count && !done; ++e) {
      const plastic_entry_view& p = tail.entries[e];
      const uint64_t n = p.stp_u ? p.walk.pre_count : 0;
      if (k < n) stp_recover(p.stp_u[k], p.stp_x[k], p.stp_U, p.stp_rec_decay, p.stp_fac_decay), done = true;
      else k -= n;
    }
    for (uint32_t e = 0; e < tail.entry_count && !done; ++e) {  // an eligibility's clock, at its period ends
      const plastic_entry_view& p = tail.entries[e];
      const uint64_t n = p.clock ? 1 : 0;
      if (k < n && is_period_end(step, p.walk.apply_period)) *p.clock = static_cast<uint8_t>(*p.clock + 1u);
      if (k < n) done = true;
      else k -= n;
    }
    if (done) continue;
    if (k < v.dopamine_channels) {
      v.dopamine_level[k] = dopamine_step(v.dopamine_level[k], v.dopamine_baseline[k], v.dopamine_decay[k]);
      continue;
    }
    k -= v.dopamine_channels;
    const uint32_t slot = static_cast<uint32_t>(step % v.ring_slots);
    if (k < spikes) v.history[static_cast<uint64_t>(slot) * v.neuron_count + k] = v.spikes[k];
    else v.history_count[slot] = spikes;
  }
}

// Inserts `at` into a contingency's ascending pending list (it usually belongs at the end).
ENGRAM_HD void insert_pending(const plasticity_view& v, contingency_view& c, uint64_t at) {
  if (c.pending_count == c.capacity) {
    *v.overflow = 1;
    return;
  }
  uint64_t* pending = v.pending + c.pending_first;
  uint32_t k = c.pending_count;
  while (k > 0 && pending[k - 1] > at) {
    pending[k] = pending[k - 1];
    --k;
  }
  pending[k] = at;
  c.pending_count += 1;
}

// Closed-loop rewards, all of them on one thread in the CPU's order, so that every dopamine level
// is the CPU's float sum.
ENGRAM_HD void contingencies_thread(const plasticity_view& v) {
  const uint64_t step = v.counters->step;
  for (uint32_t q = 0; q < v.contingency_count; ++q) {
    contingency_view& c = v.contingencies[q];
    // the post spike must follow a pre spike of an earlier step within the window
    if (v.fired[c.post] && c.last_pre_step >= 0 && step - static_cast<uint64_t>(c.last_pre_step) < c.window_steps)
      insert_pending(v, c, step + reward_delay_steps(v.seed, c.ordinal, step, c.delay_min_steps, c.delay_max_steps));
    if (v.fired[c.pre]) c.last_pre_step = static_cast<int64_t>(step);
    uint64_t* pending = v.pending + c.pending_first;
    uint32_t due = 0;
    while (due < c.pending_count && pending[due] <= step) ++due;
    if (due == 0) continue;
    float level = v.dopamine_level[c.channel];
    for (uint32_t r = 0; r < due; ++r) level = level + c.amount;
    v.dopamine_level[c.channel] = level;
    c.released += due;
    for (uint32_t k = due; k < c.pending_count; ++k) pending[k - due] = pending[k];
    c.pending_count -= due;
  }
}

ENGRAM_HD void add_dopamine_thread(float* level, uint32_t channel, float amount) { level[channel] = level[channel] + amount; }

}  // namespace engram::cuda
