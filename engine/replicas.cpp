#include "engine/replicas.hpp"

#include <fmt/format.h>

#include "engine/errors.hpp"

namespace engram {
namespace {

struct block {
  uint32_t first, count;
};
block block_of(const replica& r, replica_object kind) {
  switch (kind) {
    case replica_object::population: return {r.first_population, r.population_count};
    case replica_object::projection: return {r.first_projection, r.projection_count};
    case replica_object::input: return {r.first_input, r.input_count};
  }
  return {0, 0};
}

const char* name_of(replica_object kind) {
  switch (kind) {
    case replica_object::population: return "populations";
    case replica_object::projection: return "projections";
    case replica_object::input: return "inputs";
  }
  return "";
}

// Each kind's blocks must tile [0, total) in replica order: the r-th starts where the (r-1)-th ends.
void check_tiling(const std::vector<replica>& reps, replica_object kind, size_t total) {
  uint64_t next = 0;
  for (size_t r = 0; r < reps.size(); ++r) {
    const block b = block_of(reps[r], kind);
    if (b.first < next)
      throw invalid_network(fmt::format("replica {} overlaps replica {}: its {} start at {}, replica {}'s end at {}", r, r - 1,
                                        name_of(kind), b.first, r - 1, next));
    if (b.first > next)
      throw invalid_network(fmt::format("replica {}: its {} start at {}, but {} {} to {} belong to no replica", r, name_of(kind),
                                        b.first, name_of(kind), next, b.first - 1));
    next = uint64_t{b.first} + b.count;
  }
  if (next != total)
    throw invalid_network(fmt::format("the replicas' {} end at {}, the network has {}: every one must belong to a replica", name_of(kind),
                                      next, total));
}

}  // namespace

void check_replica_tiling(const std::vector<replica>& reps, size_t populations, size_t projections, size_t inputs) {
  for (size_t r = 0; r < reps.size(); ++r)
    if (reps[r].population_count == 0) throw invalid_network(fmt::format("replica {} has no populations", r));
  check_tiling(reps, replica_object::population, populations);
  check_tiling(reps, replica_object::projection, projections);
  check_tiling(reps, replica_object::input, inputs);
}

uint32_t replica_index(const std::vector<replica>& replicas, replica_object kind, uint32_t ordinal) {
  for (size_t r = 0; r < replicas.size(); ++r) {
    const block b = block_of(replicas[r], kind);
    if (ordinal >= b.first && ordinal - b.first < b.count) return static_cast<uint32_t>(r);
  }
  return 0;
}

void validate_replicas(const network& net) {
  const auto& reps = net.replicas;
  if (reps.empty()) return;
  check_replica_tiling(reps, net.populations.size(), net.projections.size(), net.inputs.size());
  auto holder = [&](const std::string& population) {
    return replica_index(reps, replica_object::population, static_cast<uint32_t>(net.population_index(population)));
  };
  for (uint32_t k = 0; k < net.projections.size(); ++k) {
    const projection& pr = net.projections[k];
    const uint32_t r = replica_index(reps, replica_object::projection, k);
    if (holder(pr.pre) != r || holder(pr.post) != r)
      throw invalid_network(fmt::format("projection '{}' of replica {} connects '{}' (replica {}) to '{}' (replica {}): replicas are "
                                        "independent networks", pr.name, r, pr.pre, holder(pr.pre), pr.post, holder(pr.post)));
    if (pr.growth.enabled) throw invalid_network(fmt::format("projection '{}': structural growth is not supported in replicas", pr.name));
  }
  for (uint32_t k = 0; k < net.inputs.size(); ++k) {
    const input& in = net.inputs[k];
    const uint32_t r = replica_index(reps, replica_object::input, k);
    if (!in.population.empty() && net.population_index(in.population) >= 0 && holder(in.population) != r)
      throw invalid_network(fmt::format("input {} of replica {} drives '{}' of replica {}", k, r, in.population, holder(in.population)));
    const int32_t envelope = in.oscillation.envelope_input;
    if (in.type == input::kind::oscillation && envelope >= 0 && static_cast<size_t>(envelope) < net.inputs.size() &&
        replica_index(reps, replica_object::input, static_cast<uint32_t>(envelope)) != r)
      throw invalid_network(fmt::format("input {} of replica {} is modulated by input {} of another replica", k, r, envelope));
  }
  for (const auto& p : net.populations)
    if (p.growth.enabled) throw invalid_network(fmt::format("population '{}': neuron growth is not supported in replicas", p.name));
  if (!net.contingencies.empty()) throw invalid_network("reward contingencies are not supported in a network with replicas");
}

population_span input_populations(const network& net, uint32_t input) {
  if (net.replicas.empty()) return {0, static_cast<uint32_t>(net.populations.size())};
  const replica& r = net.replicas[replica_index(net.replicas, replica_object::input, input)];
  return {r.first_population, r.first_population + r.population_count};
}

rng_stream replica_stream(const std::vector<replica>& replicas, uint64_t seed, replica_object kind, uint32_t ordinal,
                          const std::vector<uint32_t>& population_first) {
  if (replicas.empty()) return {seed, ordinal, 0};
  const replica& r = replicas[replica_index(replicas, kind, ordinal)];
  const uint32_t base = r.first_population < population_first.size() ? population_first[r.first_population] : 0;
  return {r.seed, ordinal - block_of(r, kind).first, base};
}

std::vector<uint32_t> population_firsts(const network& net) {
  std::vector<uint32_t> first;
  uint32_t n = 0;
  for (const auto& p : net.populations) {
    first.push_back(n);
    n += p.size;
  }
  return first;
}

void assign_streams(network_state& s) {
  std::vector<uint32_t> first;
  for (const auto& p : s.populations) first.push_back(p.first);
  for (uint32_t k = 0; k < s.populations.size(); ++k)
    s.populations[k].rng = replica_stream(s.replicas, s.seed, replica_object::population, k, first);
  for (uint32_t k = 0; k < s.inputs.size(); ++k)
    s.inputs[k].rng = replica_stream(s.replicas, s.seed, replica_object::input, k, first);
}

rng_stream projection_stream(const network& net, uint32_t ordinal) {
  return replica_stream(net.replicas, net.seed, replica_object::projection, ordinal, population_firsts(net));
}

}  // namespace engram
