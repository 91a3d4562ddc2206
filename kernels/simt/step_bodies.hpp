#pragma once
// What one thread of each step kernel does, given its position in the launch (thread_position.hpp):
// random-pulse hit counts, inputs and integration (which lists the step's spikes), the STP
// release of a spike, delivery, the record copy and the end-of-step bookkeeping. The .cu kernels wrap these; the host emulation in
// tests/test_cuda_emulation.cpp runs them thread by thread against the CPU backend.
// Every formula is the kernels/common function the CPU calls, with the CPU's casts and order.
#include <cstdint>

#include "engine/hd.hpp"
#include "engine/rng.hpp"
#include "kernels/common/dendrites.hpp"
#include "kernels/common/fixed_point.hpp"
#include "kernels/common/inputs.hpp"
#include "kernels/common/neuron_update.hpp"
#include "kernels/common/plasticity_homeostasis.hpp"
#include "kernels/common/plasticity_stp.hpp"
#include "kernels/simt/step_views.hpp"
#include "kernels/simt/thread_position.hpp"

namespace engram::cuda {

// Random pulses of this step, one per iteration, counted on the target's per-input hit counter.
ENGRAM_HD void pulse_hits_thread(const step_view& v, thread_position t) {
  const uint64_t step = v.counters->step;
  for (uint64_t pulse = t.index; pulse < v.pulses_per_step; pulse += t.count) {
    uint32_t k = 0;  // the pulse input this pulse belongs to
    while (k + 1 < v.pulse_input_count && pulse >= v.pulses[k + 1].first_pulse) ++k;
    const compiled_input& in = v.inputs[v.pulses[k].input];
    const uint32_t target = random_pulse_target(in, step, static_cast<uint32_t>(pulse - v.pulses[k].first_pulse));
    add_shared(v.pulse_hits + static_cast<uint64_t>(k) * v.neuron_count + target, 1u);
  }
}

// Populations are contiguous from 0: the last one starting at or before i holds it.
ENGRAM_HD uint32_t population_of(const step_view& v, uint32_t i) {
  uint32_t p = 0;
  while (p + 1 < v.population_count && v.populations[p + 1].first <= i) ++p;
  return p;
}

// Is (step, neuron) in the schedule? Sorted by (step, neuron): one binary search.
ENGRAM_HD bool scheduled(const step_view& v, uint64_t step, uint32_t neuron) {
  uint64_t lo = 0, hi = v.schedule_size;
  while (lo < hi) {
    const uint64_t mid = lo + (hi - lo) / 2;
    const uint64_t s = v.schedule_step[mid];
    if (s < step || (s == step && v.schedule_neuron[mid] < neuron)) lo = mid + 1;
    else hi = mid;
  }
  return lo < v.schedule_size && v.schedule_step[lo] == step && v.schedule_neuron[lo] == neuron;
}

// The CPU adds each input to i_ext in input order; a random pulse adds its amplitude once per hit.
ENGRAM_HD float sum_inputs(const step_view& v, uint32_t i, uint64_t step, int64_t& synaptic) {
  float i_ext = 0.0f;
  uint32_t pulse_input = 0;
  for (uint32_t k = 0; k < v.input_count; ++k) {
    const compiled_input& in = v.inputs[k];
    if (in.type == input::kind::random_pulse) {
      uint32_t* hits = v.pulse_hits + static_cast<uint64_t>(pulse_input++) * v.neuron_count + i;
      for (uint32_t h = *hits; h > 0; --h) i_ext += in.amplitude;
      *hits = 0;  // ready for the next step
      continue;
    }
    if (i >= in.first && i - in.first < in.count) apply_input(in, i, step, i_ext, synaptic);
  }
  return i_ext;
}

ENGRAM_HD bool integrate_neuron(const step_view& v, const population_view& p, uint32_t i, uint64_t step, float i_ext,
                                int64_t synaptic, int64_t inhibitory) {
  switch (p.kind) {
    case neuron_kind::izhikevich: {
      float input = i_ext + static_cast<float>(from_fixed(synaptic));
      if (p.adaptive) input = input_with_threshold(input, v.theta[i]);
      float vm = v.v[i], um = v.u[i];
      const bool fired = izhikevich_update(vm, um, v.a[i], v.b[i], v.c[i], v.d[i], input, p.izhikevich);
      v.v[i] = vm;
      v.u[i] = um;
      return fired;
    }
    case neuron_kind::lif: {
      const float jump = static_cast<float>(from_fixed(synaptic));
      float vm = v.v[i], current = v.i_syn[i];
      int32_t refractory = v.refractory[i];
      lif_constants c = p.lif;
      if (p.adaptive) c.v_thresh = threshold_with_theta(c.v_thresh, v.theta[i]);
      const bool fired = lif_update(vm, current, refractory, i_ext, jump, c);
      v.v[i] = vm;
      v.i_syn[i] = current;
      v.refractory[i] = refractory;
      return fired;
    }
    case neuron_kind::lif_cond: {
      const float jump_exc = static_cast<float>(from_fixed(synaptic));
      const float jump_inh = -static_cast<float>(from_fixed(inhibitory));
      float vm = v.v[i], g_exc = v.i_syn[i], g_inh = v.g_inh[i];
      int32_t refractory = v.refractory[i];
      lif_cond_constants c = p.cond;
      if (p.adaptive) c.v_thresh = threshold_with_theta(c.v_thresh, v.theta[i]);
      const bool fired = lif_cond_update(vm, g_exc, g_inh, refractory, i_ext, jump_exc, jump_inh, c);
      v.v[i] = vm;
      v.i_syn[i] = g_exc;
      v.g_inh[i] = g_inh;
      v.refractory[i] = refractory;
      return fired;
    }
    case neuron_kind::poisson_source:
      return poisson_source_fires(v.spike_probability[i], p.rng, i, step);
    case neuron_kind::spike_source:
      return scheduled(v, step, i);
  }
  return false;
}

// How an integrating neuron step claims a place in the step's spike list: called by every thread
// for each neuron it integrates (fired or not, so that a warp can vote), it returns the place of a
// neuron that fired. This one takes one atomic per spike; the device's kernel passes a
// warp-aggregated claim (kernels/cuda/neuron_step.cu), one atomic per warp. Either way the list
// comes out in the order threads reach the counter, not ascending: every consumer is order-free
// (docs/gpu-cost-model.md, "The spike list"), and the record is sorted when the host takes it.
struct claim_each {
  uint32_t* cursor;
  ENGRAM_HD uint32_t operator()(bool fired) const { return fired ? fetch_add_shared(cursor, 1u) : 0u; }
};

// Inputs and/or integration of neurons t.index, t.index + t.count, ...; integration appends each
// neuron that fires to v.spikes through `claim` (publish_spikes then makes the list the step's).
template <class Claim>
ENGRAM_HD void neuron_step_thread(const step_view& v, bool apply_inputs, bool integrate, thread_position t, Claim claim) {
  const uint64_t step = v.counters->step;
  for (uint64_t n = t.index; n < v.neuron_count; n += t.count) {
    const uint32_t i = static_cast<uint32_t>(n);
    int64_t* slot = v.ring + (step % v.ring_slots) * v.neuron_count + i;
    int64_t synaptic = *slot;
    float i_ext;
    if (apply_inputs) {
      i_ext = sum_inputs(v, i, step, synaptic);
      v.i_ext[i] = i_ext;  // kept even when fused, so that a later integrate-only call reads what the CPU reads
    } else {
      i_ext = v.i_ext[i];
    }
    if (!integrate) {
      *slot = synaptic;
      continue;
    }
    *slot = 0;  // consumed: the slot is reused D steps later
    const population_view& p = v.populations[population_of(v, i)];
    int64_t inhibitory = 0;  // channel 1 of the ring: only conductance-based neurons have it
    if (p.kind == neuron_kind::lif_cond) {
      int64_t* inh_slot = slot + static_cast<uint64_t>(v.ring_slots) * v.neuron_count;
      inhibitory = *inh_slot;
      *inh_slot = 0;
    }
    const bool fired = integrate_neuron(v, p, i, step, i_ext, synaptic, inhibitory);
    v.fired[i] = fired ? 1 : 0;
    const uint32_t place = claim(fired);
    if (fired) {
      v.spikes[place] = i;
      v.spike_counts[i] += 1;  // one thread per neuron: no atomic needed
    }
  }
}

// Once every thread of an integrating neuron step has appended (on the device, the launch's last
// block; in the emulation, after its last thread): the appended list becomes this step's, and the
// cursor is 0 again for the next integration. Until then consumers see the previous list's count.
ENGRAM_HD void publish_spikes(step_counters& c) { c.spike_count = exchange_shared(&c.spike_cursor, 0u); }

// STP of projection q: what each spiking presynaptic neuron's spike transmits (u x times the
// transmitter's modulation), and its u and x after the spike. One spike per iteration; each owns
// its row's u, x and release, so the order of the list cannot matter.
ENGRAM_HD void stp_release_thread(const step_view& v, uint32_t q, thread_position t) {
  const projection_view& p = v.projections[q];
  const uint32_t count = v.counters->spike_count;
  for (uint64_t s = t.index; s < count; s += t.count) {
    const uint32_t row = v.spikes[s] - p.pre_first;  // wraps above pre_count when the spike is elsewhere
    if (row >= p.pre_count) continue;
    p.release[row] = transmission_factor(p.modulation, stp_spike(p.stp_u[row], p.stp_x[row], p.stp_U));
  }
}

// Delivery, balanced over the grid: the launch's threads are shared out among this step's spikes
// in groups of whole warps (at least one warp per spike), group g taking spikes g, g + groups, ...
// and its threads walking consecutive synapses of the spike's row in every projection. With few
// spikes (a quiet step, a small network) a spike's row is spread over many warps instead of
// leaving all but a few idle; with many, it is a warp per spike. Each synapse adds its weight
// (times the projection's factor when it is modulated) into the target's ring slot; integer adds,
// so any grouping gives the same ring. Row lengths are summed into the events counter.
ENGRAM_HD void deliver_thread(const step_view& v, thread_position t) {
  const uint32_t count = v.counters->spike_count;
  if (count == 0) return;
  uint64_t group = t.count / count / 32 * 32;  // threads per spike, whole warps
  if (group < 32) group = 32;
  const uint64_t groups = t.count / group;
  const uint64_t first = t.index / group, member = t.index % group;
  if (first >= groups) return;  // the grid's remainder, fewer than `group` threads
  const uint32_t now = static_cast<uint32_t>(v.counters->step % v.ring_slots);
  uint64_t events = 0;
  for (uint64_t s = first; s < count; s += groups) {
    const uint32_t pre = v.spikes[s];
    for (uint32_t q = 0; q < v.projection_count; ++q) {
      const projection_view& p = v.projections[q];
      const uint32_t row = pre - p.pre_first;  // wraps above pre_count when pre < pre_first
      if (row >= p.pre_count) continue;
      const uint64_t begin = p.row_ptr[row], end = p.row_ptr[row + 1];
      events += end - begin;
      const float factor = p.release ? p.release[row] : transmission_factor(p.modulation, 1.0f);
      for (uint64_t e = begin + member; e < end; e += group) {
        const uint32_t word = p.packed[e];
        uint32_t slot = now + p.code.delay(word);  // delays are in [1, slots - 1]
        if (slot >= v.ring_slots) slot -= v.ring_slots;
        const float transmitted = p.modulated ? delivered_weight(p.weight[e], factor) : p.weight[e];
        const int64_t w = to_fixed(p.dendrite_choices == 0 ? transmitted
                                                           : attenuated_weight(transmitted, dendrite_gain(p.dendrite_gain, p.dendrite_choices,
                                                                                                          p.dendrite_key, row, p.code.target(word))));
        const uint64_t target = p.post_first + p.code.target(word);
        add_shared(v.ring + (static_cast<uint64_t>(p.channel) * v.ring_slots + slot) * v.neuron_count + target, w);
      }
    }
  }
  if (member == 0 && events > 0) add_shared(&v.counters->events, events);
}

ENGRAM_HD bool record_fits(const step_view& v, const step_counters& c) {
  return c.recorded_spikes + c.spike_count <= v.record_capacity && c.recorded_steps < v.record_step_capacity;
}

// This step's spike list into the record buffer, in the list's order (end_of_step_thread commits
// it; record_book sorts each step's ids when the host takes the buffer).
ENGRAM_HD void record_thread(const step_view& v, thread_position t) {
  const step_counters& c = *v.counters;
  if (!record_fits(v, c)) return;  // end_of_step flags it
  const uint32_t count = c.spike_count;
  uint32_t* out = v.record_neuron + c.recorded_spikes;
  for (uint64_t s = t.index; s < count; s += t.count) out[s] = v.spikes[s];
}

// One thread: commits the record of this step and/or advances the step index (a complete step).
ENGRAM_HD void end_of_step_thread(const step_view& v, bool commit_record, bool advance_step) {
  step_counters& c = *v.counters;
  if (commit_record) {
    if (record_fits(v, c)) {
      v.record_step_count[c.recorded_steps] = c.spike_count;
      c.recorded_steps += 1;
      c.recorded_spikes += c.spike_count;
    } else {
      c.record_overflow = 1;
    }
  }
  if (advance_step) {
    c.chunk_spikes += c.spike_count;  // a complete step: its spikes count towards run_steps' total
    c.step += 1;
  }
}

}  // namespace engram::cuda
