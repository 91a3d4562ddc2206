#pragma once
// The plasticity state of a network_state as flat arrays, the form the device holds it in:
// per plastic entry its transposed index, traces, derivative or eligibility, STP and eligibility
// lags; per neuron thresholds and rates; dopamine; contingencies with one pending pool; the spike
// history as ring_slots x neurons with a count per slot. The same struct holds host vectors
// (host_array) or device arrays (device_array); for_each_array pairs their members up, so one
// upload or download is a single loop. CUDA-free: the tests' host emulation uses it too.
#include <cstdint>
#include <vector>

#include "engine/plasticity_layout.hpp"
#include "engine/state.hpp"
#include "kernels/simt/plasticity_views.hpp"

namespace engram::cuda {

template <class T>
using host_array = std::vector<T>;

template <template <class> class Array>
struct entry_arrays {
  Array<uint64_t> col_ptr;
  Array<uint32_t> col_synapse;
  Array<uint32_t> chunk_row;  // transposed_index::chunk_row
  Array<float> pre_trace, post_trace, aux, stp_u, stp_x, lag;
  // R-STDP's lazy eligibility (kernels/common/plasticity_eligibility.hpp): the clock each
  // synapse's value is current at, and the entry's clock (one; both empty without eligibility).
  Array<uint8_t> aux_clock, clock;
  Array<float> release;  // with STP: this step's release factor per presynaptic neuron (scratch)
  Array<float> importance, gate;  // selective plasticity, per synapse (empty without)
};

template <template <class> class Array>
struct plasticity_arrays {
  std::vector<entry_arrays<Array>> entries;
  Array<float> theta, rate_hz, dopamine_level, dopamine_baseline, dopamine_decay;
  Array<contingency_view> contingencies;
  Array<uint64_t> pending;
  Array<uint32_t> history, history_count;  // empty when no projection has STDP
  Array<uint32_t> overflow;                // one flag
};

// Calls f(to_member, from_member) for every array that changes while the network runs (what an
// export needs back; unflatten_plasticity reads only these).
template <template <class> class To, template <class> class From, class F>
void for_each_state_array(plasticity_arrays<To>& to, const plasticity_arrays<From>& from, F&& f) {
  to.entries.resize(from.entries.size());
  for (size_t i = 0; i < from.entries.size(); ++i) {
    auto& t = to.entries[i];
    const auto& s = from.entries[i];
    f(t.pre_trace, s.pre_trace);
    f(t.post_trace, s.post_trace);
    f(t.aux, s.aux);
    f(t.aux_clock, s.aux_clock);
    f(t.clock, s.clock);
    f(t.stp_u, s.stp_u);
    f(t.stp_x, s.stp_x);
    f(t.importance, s.importance);
    f(t.gate, s.gate);  // constant between consolidations, which go through a load
  }
  f(to.theta, from.theta);
  f(to.rate_hz, from.rate_hz);
  f(to.dopamine_level, from.dopamine_level);
  f(to.contingencies, from.contingencies);
  f(to.pending, from.pending);
  f(to.history, from.history);
  f(to.history_count, from.history_count);
  f(to.overflow, from.overflow);
}

// Calls f(to_member, from_member) for every array, constants (transposed indexes, eligibility
// lags, dopamine baselines and decays) and scratch (STP release factors) included.
template <template <class> class To, template <class> class From, class F>
void for_each_array(plasticity_arrays<To>& to, const plasticity_arrays<From>& from, F&& f) {
  for_each_state_array(to, from, f);
  for (size_t i = 0; i < from.entries.size(); ++i) {
    auto& t = to.entries[i];
    const auto& s = from.entries[i];
    f(t.col_ptr, s.col_ptr);
    f(t.col_synapse, s.col_synapse);
    f(t.chunk_row, s.chunk_row);
    f(t.lag, s.lag);
    f(t.release, s.release);
  }
  f(to.dopamine_baseline, from.dopamine_baseline);
  f(to.dopamine_decay, from.dopamine_decay);
}

// s.plasticity as flat arrays, with the transposed index of every entry whose rules need one:
// `indexes` (one per entry, as the device's preparation built them) or, when null, built here.
plasticity_arrays<host_array> flatten_plasticity(const network_state& s, std::vector<transposed_index>* indexes = nullptr);

// The plasticity state back from flat arrays: `constants` (constants_of) gives the rules and
// layout, `a` the values. Throws internal_error if the device flagged a pending-list overflow.
plasticity_state unflatten_plasticity(const plasticity_state& constants, const plasticity_arrays<host_array>& a,
                                      uint32_t neuron_count, uint32_t ring_slots);

// The rules and layout of a plasticity state without its large arrays.
plasticity_state constants_of(const plasticity_state& ps);

// Bytes of the flat arrays of `s` that network_state::synapse_bytes does not count (it counts
// derivatives, eligibilities and transposed indexes): traces, history, STP, thresholds, rates,
// dopamine, contingencies, the eligibilities' clocks.
uint64_t plasticity_state_bytes(const network_state& s);

}  // namespace engram::cuda
