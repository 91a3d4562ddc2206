#pragma once
// The excitatory synaptic graph of a network state, for topology metrics: nodes are the neurons
// of every population that sends an excitatory projection (one with positive weights), edges the
// positive synapses among them.
#include "engine/state.hpp"
#include "host/analysis/topology_metrics.hpp"

namespace engram {

struct excitatory_graph {
  csr_graph graph;
  std::vector<std::string> populations;  // the node populations, in index order
};

excitatory_graph build_excitatory_graph(const network_state& state);

}  // namespace engram
