#pragma once
// Batched replicas (docs/research.md, "Batched replicas"): many independent small networks, each
// with its own seed and parameters, concatenated into one network that one simulator runs. Each
// replica's names take the prefix `r<i>.`, and replica i draws exactly what its network draws
// alone (engine/replicas.hpp), so a batch reproduces the separate runs bit for bit.
#include <cstdint>
#include <string>
#include <vector>

#include "apps/models/registry.hpp"
#include "engine/network.hpp"
#include "engine/state.hpp"

namespace engram::research {

std::string replica_prefix(size_t r);  // "r<r>."

// Concatenates networks built on their own (same dt; no replicas, dopamine channels or reward
// contingencies of their own). Throws invalid_network naming the part that cannot be batched.
network concatenate_replicas(const std::vector<network>& parts);

// One replica of a model: its seed and its --set assignments ("key=value").
struct replica_spec {
  uint64_t seed = 1;
  std::vector<std::string> sets;
};
// Builds every replica of `model` with its own parameters and seed, then concatenates them.
network model_batch(const model_definition& model, const std::vector<replica_spec>& replicas, double dt_ms);

// Replica r's part of a batch's state: its populations, projections and inputs with neuron
// indices from 0, names without the prefix, as if the replica had run alone (for per-replica
// metrics). The neuron arrays and ring are not copied.
network_state replica_view(const network_state& batch, uint32_t r);

}  // namespace engram::research
