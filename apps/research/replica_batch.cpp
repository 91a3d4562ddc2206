#include "apps/research/replica_batch.hpp"

#include <fmt/format.h>

#include "engine/errors.hpp"

namespace engram::research {

// A dot, not a slash: names become HDF5 group names in snapshots and SONATA files, where / nests.
std::string replica_prefix(size_t r) { return fmt::format("r{}.", r); }

network concatenate_replicas(const std::vector<network>& parts) {
  if (parts.empty()) throw invalid_network("a batch needs at least one replica");
  network batch;
  batch.dt_ms = parts[0].dt_ms;
  batch.seed = parts[0].seed;
  batch.growth_interval_ms = parts[0].growth_interval_ms;
  for (size_t r = 0; r < parts.size(); ++r) {
    const network& part = parts[r];
    const std::string where = fmt::format("replica {}", r), prefix = replica_prefix(r);
    if (part.dt_ms != batch.dt_ms) throw invalid_network(fmt::format("{}: dt {} ms differs from replica 0's {} ms", where, part.dt_ms, batch.dt_ms));
    if (!part.replicas.empty()) throw invalid_network(where + ": is already a batch of replicas");
    if (!part.dopamine.empty() || !part.contingencies.empty())
      throw invalid_network(where + ": dopamine channels and reward contingencies are network-wide and cannot be batched");
    replica rep;
    rep.seed = part.seed;
    rep.first_population = static_cast<uint32_t>(batch.populations.size());
    rep.population_count = static_cast<uint32_t>(part.populations.size());
    rep.first_projection = static_cast<uint32_t>(batch.projections.size());
    rep.projection_count = static_cast<uint32_t>(part.projections.size());
    rep.first_input = static_cast<uint32_t>(batch.inputs.size());
    rep.input_count = static_cast<uint32_t>(part.inputs.size());
    for (population p : part.populations) {
      p.name = prefix + p.name;
      batch.populations.push_back(std::move(p));
    }
    for (projection pr : part.projections) {
      pr.name = prefix + pr.name;
      pr.pre = prefix + pr.pre;
      pr.post = prefix + pr.post;
      batch.projections.push_back(std::move(pr));
    }
    for (input in : part.inputs) {
      if (!in.population.empty()) in.population = prefix + in.population;  // empty: the whole replica
      if (in.oscillation.envelope_input >= 0) in.oscillation.envelope_input += static_cast<int32_t>(rep.first_input);
      batch.inputs.push_back(std::move(in));
    }
    batch.replicas.push_back(rep);
  }
  return batch;
}

network model_batch(const model_definition& model, const std::vector<replica_spec>& replicas, double dt_ms) {
  std::vector<network> parts;
  for (const auto& spec : replicas) {
    model_params p = model.parameters();
    for (const auto& s : spec.sets) p.set(s, model.name);
    parts.push_back(model.build(p, dt_ms, spec.seed));
  }
  return concatenate_replicas(parts);
}

network_state replica_view(const network_state& batch, uint32_t r) {
  if (batch.replicas.empty()) {
    if (r != 0) throw invalid_parameter(fmt::format("replica {} of a network without replicas", r));
    return batch;
  }
  if (r >= batch.replicas.size())
    throw invalid_parameter(fmt::format("replica {} of a batch of {}", r, batch.replicas.size()));
  const replica& rep = batch.replicas[r];
  const std::string prefix = replica_prefix(r);
  auto local_name = [&](const std::string& name) {
    return name.compare(0, prefix.size(), prefix) == 0 ? name.substr(prefix.size()) : name;
  };
  network_state v;
  v.dt_ms = batch.dt_ms;
  v.seed = rep.seed;
  v.step = batch.step;
  const uint32_t base = batch.populations[rep.first_population].first;
  uint32_t neurons = 0;
  for (uint32_t p = rep.first_population; p < rep.first_population + rep.population_count; ++p) {
    population_range range = batch.populations[p];
    range.name = local_name(range.name);
    range.first -= base;
    neurons += range.size;
    v.populations.push_back(std::move(range));
  }
  for (uint32_t k = rep.first_projection; k < rep.first_projection + rep.projection_count; ++k) {
    synapse_table t = batch.projections[k];
    t.name = local_name(t.name);
    t.pre_first -= base;
    t.post_first -= base;
    v.projections.push_back(std::move(t));
  }
  v.neurons.v.assign(neurons, 0.0f);  // sizes the index space (neuron_count); values not copied
  return v;
}

}  // namespace engram::research
