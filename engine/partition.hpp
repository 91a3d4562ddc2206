#pragma once
// Splitting a network's state over ranks, and putting it back together (docs/distributed.md).
// A rank owns a contiguous block of the global neuron index space and every synapse whose target
// lies in it: its neurons' incoming synapses, so that all input a neuron receives is summed on the
// rank that integrates it and only spikes travel between ranks. Neuron-indexed arrays stay the
// network's size on every rank (a rank reads and writes only its block of them); synapse tables
// keep only the rank's share of each row. Pure functions on the plain state: no MPI here.
#include <cstdint>
#include <vector>

#include "engine/state.hpp"

namespace engram {

struct neuron_block {
  uint32_t first = 0, end = 0;  // [first, end)
  bool contains(uint32_t i) const { return i >= first && i < end; }
  uint32_t size() const { return end - first; }
};

// Rank `rank` of `ranks` owns neurons [N rank / R, N (rank + 1) / R): blocks of equal size to
// within one neuron, in rank order. Throws invalid_parameter when a rank would own no neuron.
neuron_block block_of(uint32_t neurons, int rank, int ranks);

// The order of a row that every rank's share keeps and the merge restores: (delay, target), the
// packed word, for STDP projections (whose LTD reads a row by delay segments), the target for
// every other projection. Builders already make rows so; a loaded table whose rows are in another
// order is sorted into it (per-synapse arrays alongside), which changes no result: every synapse
// is summed and updated on its own.
bool sorted_by_word(const network_state& s, uint32_t projection);
void sort_rows_canonically(network_state& s);

// Drops every synapse whose target lies outside `owned` (with its per-synapse plastic state).
void keep_incoming(network_state& s, neuron_block owned);

// What only the owning rank holds right: its neurons' state, their ring columns and postsynaptic
// traces, and its share of every synapse table. Everything else (inputs, schedules, presynaptic
// traces and STP, spike history, dopamine, thresholds and rates) every rank computes alike from
// the global spike list, so a merge takes it from one rank's state.
struct rank_share {
  neuron_block block;
  std::vector<float> v, u, i_syn, g_inh, a, b, c, d;
  std::vector<int32_t> refractory;
  std::vector<double> spike_probability;
  std::vector<int64_t> ring;                    // channels x slots x block
  std::vector<std::vector<float>> post_trace;   // per plastic entry: its posts in the block
  struct table {
    std::vector<uint32_t> row_length;           // pre_count
    std::vector<uint32_t> packed;
    std::vector<float> weight, aux, importance, gate;
  };
  std::vector<table> tables;                    // per projection
};

rank_share share_of(const network_state& s, neuron_block owned);

// The whole state: `base` (any rank's state: what every rank holds alike) with each share's
// neurons, ring columns, postsynaptic traces and synapses put in place, rows merged in canonical
// order. `shares` are in rank order and cover the neurons.
void merge_shares(network_state& base, const std::vector<rank_share>& shares);

}  // namespace engram
