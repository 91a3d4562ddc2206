#pragma once
// Batched replicas (engine/network.hpp `replica`): which replica an object belongs to and the
// Philox stream it draws from (engine/rng.hpp rng_stream), so that replica r of a batch draws
// exactly what the same network alone with r's seed draws (docs/architecture.md, "Determinism").
#include <cstdint>
#include <vector>

#include "engine/network.hpp"
#include "engine/rng.hpp"
#include "engine/state.hpp"

namespace engram {

enum class replica_object : uint8_t { population, projection, input };

// Throws invalid_network for replicas that overlap, leave a gap, are out of range or empty, a
// projection or input that reaches outside its replica, or a feature replicas do not cover.
void validate_replicas(const network& net);
// The part of it a state can check: each kind's blocks tile [0, count) in order, none without populations.
void check_replica_tiling(const std::vector<replica>& replicas, size_t populations, size_t projections, size_t inputs);

// The replica holding object `ordinal` (0 when the network has none).
uint32_t replica_index(const std::vector<replica>& replicas, replica_object kind, uint32_t ordinal);

// The populations [first, end) an input with no population name covers: its replica's, or all.
struct population_span {
  uint32_t first = 0, end = 0;
};
population_span input_populations(const network& net, uint32_t input);

// The stream of object `ordinal`. `population_first[p]` is population p's first neuron; `seed`
// keys a network without replicas.
rng_stream replica_stream(const std::vector<replica>& replicas, uint64_t seed, replica_object kind, uint32_t ordinal,
                          const std::vector<uint32_t>& population_first);
std::vector<uint32_t> population_firsts(const network& net);
rng_stream projection_stream(const network& net, uint32_t ordinal);
// Sets every population's and input's stream from s.replicas and s.seed (after a layout or a load).
void assign_streams(network_state& s);

}  // namespace engram
