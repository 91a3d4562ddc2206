#include "host/io/sonata_reader.hpp"

#include <algorithm>
#include <cmath>
#include <fmt/format.h>
#include <limits>
#include <span>

#include "engine/errors.hpp"
#include "host/io/hdf5_io.hpp"
#include "host/io/sonata_hdf5.hpp"

namespace engram {
namespace {

using sonata_h5::read_indices;
using sonata_h5::read_reals;

constexpr uint64_t max_nodes = UINT32_MAX - 1;  // Engram's global index space
constexpr uint64_t max_edges = UINT32_MAX;      // an explicit list indexes its synapses with 32 bits

std::vector<uint64_t> distinct(std::vector<uint64_t> v) {
  std::sort(v.begin(), v.end());
  v.erase(std::unique(v.begin(), v.end()), v.end());
  return v;
}

// The population groups under /nodes or /edges.
std::vector<std::string> populations(hid_t file, const char* root, const std::string& where) {
  const h5::handle group = h5::open_group(file, root, where);
  std::vector<std::string> names = h5::member_names(group);
  if (names.empty()) throw error(fmt::format("{}: '/{}' holds no population", where, root));
  for (const auto& n : names)
    if (!sonata_h5::is_group(group, n)) throw error(fmt::format("{}: '/{}/{}' is not a group (a population)", where, root, n));
  return names;
}

// A group's member "dynamics_params" with datasets in it: per-node or per-edge overrides.
bool has_per_item_dynamics(hid_t group, const std::string& where) {
  if (!h5::exists(group, "dynamics_params")) return false;
  if (!sonata_h5::is_group(group, "dynamics_params")) return true;
  const h5::handle g = h5::open_group(group, "dynamics_params", where);
  return !h5::member_names(g).empty();
}

std::string population_attribute(hid_t group, const char* dataset, const std::string& where) {
  h5::quiet_errors quiet;
  const hid_t id = H5Dopen2(group, dataset, H5P_DEFAULT);
  if (id < 0) throw error(fmt::format("{}: dataset '{}' cannot be opened", where, dataset));
  const h5::handle ds(id, H5Dclose, dataset);
  if (!h5::has_attribute(ds, "node_population"))
    throw error(fmt::format("{}: dataset '{}' has no 'node_population' attribute (the node population its ids belong to)", where, dataset));
  return h5::read_string_attribute(ds, "node_population", where);
}

}  // namespace

std::vector<sonata_node_population> read_sonata_nodes(const std::string& path) {
  const h5::handle file = sonata_h5::open_file(path, "nodes file");
  const std::string where = fmt::format("nodes file '{}'", path);
  std::vector<sonata_node_population> out;
  for (const auto& name : populations(file, "nodes", where)) {
    const h5::handle g = h5::open_group(file, "nodes/" + name, where);
    sonata_node_population p;
    p.name = name;
    p.file = path;
    p.node_type_ids = read_indices(g, "node_type_id", -1, where);
    const uint64_t n = p.node_type_ids.size();
    if (n == 0) throw error(fmt::format("{}: population '{}' has no nodes", where, name));
    if (n > max_nodes) throw error(fmt::format("{}: population '{}' has {} nodes, more than Engram's {}", where, name, n, max_nodes));
    if (h5::exists(g, "node_id")) {
      p.node_ids = read_indices(g, "node_id", static_cast<int64_t>(n), where);
      const auto unique = distinct(p.node_ids);
      if (unique.size() != n) throw error(fmt::format("{}: population '{}' lists a node_id twice", where, name));
    } else {
      p.node_ids.resize(n);
      for (uint64_t i = 0; i < n; ++i) p.node_ids[i] = i;
    }
    const auto group_ids = read_indices(g, "node_group_id", static_cast<int64_t>(n), where);
    read_indices(g, "node_group_index", static_cast<int64_t>(n), where);
    for (uint64_t gid : distinct(group_ids)) {
      const std::string group = std::to_string(gid);
      if (!sonata_h5::is_group(g, group))
        throw error(fmt::format("{}: node_group_id {} names group '/nodes/{}/{}', which is missing", where, gid, name, group));
      const h5::handle ng = h5::open_group(g, group, where);
      if (has_per_item_dynamics(ng, where))
        throw error(fmt::format("{}: '/nodes/{}/{}/dynamics_params' sets parameters per node; Engram reads them per node type only "
                                "(dynamics_params in the node types file)", where, name, group));
      for (const char* per_node : {"model_type", "model_template"})
        if (h5::exists(ng, per_node))
          throw error(fmt::format("{}: '/nodes/{}/{}/{}' sets the model per node; Engram reads it per node type only", where, name,
                                  group, per_node));
    }
    out.push_back(std::move(p));
  }
  return out;
}

std::vector<sonata_edge_population> read_sonata_edges(const std::string& path) {
  const h5::handle file = sonata_h5::open_file(path, "edges file");
  const std::string where = fmt::format("edges file '{}'", path);
  std::vector<sonata_edge_population> out;
  for (const auto& name : populations(file, "edges", where)) {
    const h5::handle g = h5::open_group(file, "edges/" + name, where);
    sonata_edge_population e;
    e.name = name;
    e.file = path;
    e.source_ids = read_indices(g, "source_node_id", -1, where);
    const auto m = static_cast<int64_t>(e.source_ids.size());
    if (static_cast<uint64_t>(m) > max_edges)
      throw error(fmt::format("{}: population '{}' has {} edges, more than the {} Engram reads per edge population", where, name, m, max_edges));
    e.target_ids = read_indices(g, "target_node_id", m, where);
    e.source = population_attribute(g, "source_node_id", where);
    e.target = population_attribute(g, "target_node_id", where);
    e.edge_type_ids = read_indices(g, "edge_type_id", m, where);
    const auto group_ids = read_indices(g, "edge_group_id", m, where);
    const auto group_index = read_indices(g, "edge_group_index", m, where);
    // Edges by group, so that each group's columns are read once and its edges visited once.
    std::vector<uint32_t> order(static_cast<size_t>(m));
    for (size_t k = 0; k < order.size(); ++k) order[k] = static_cast<uint32_t>(k);
    std::stable_sort(order.begin(), order.end(), [&](uint32_t a, uint32_t b) { return group_ids[a] < group_ids[b]; });
    for (size_t run = 0; run < order.size();) {
      const uint64_t gid = group_ids[order[run]];
      size_t end = run;
      while (end < order.size() && group_ids[order[end]] == gid) ++end;
      const std::span<const uint32_t> members(order.data() + run, end - run);
      run = end;
      const std::string group = std::to_string(gid);
      const std::string group_path = fmt::format("/edges/{}/{}", name, group);
      if (!sonata_h5::is_group(g, group))
        throw error(fmt::format("{}: edge_group_id {} names group '{}', which is missing", where, gid, group_path));
      const h5::handle eg = h5::open_group(g, group, where);
      if (has_per_item_dynamics(eg, where))
        throw error(fmt::format("{}: '{}/dynamics_params' sets synapse parameters per edge; Engram reads only syn_weight, delay and "
                                "nsyns per edge", where, group_path));
      for (auto [attribute, column] : {std::pair{"syn_weight", &e.syn_weight}, {"delay", &e.delay}, {"nsyns", &e.nsyns}}) {
        if (!h5::exists(eg, attribute)) continue;
        const std::vector<double> values = read_reals(eg, attribute, -1, where);
        if (column->empty()) column->assign(static_cast<size_t>(m), std::numeric_limits<double>::quiet_NaN());
        for (uint32_t k : members) {
          if (group_index[k] >= values.size())
            throw error(fmt::format("{}: edge {} has edge_group_index {}, beyond the {} rows of '{}/{}'", where, k, group_index[k],
                                    values.size(), group_path, attribute));
          (*column)[k] = values[group_index[k]];
        }
      }
    }
    out.push_back(std::move(e));
  }
  return out;
}

std::vector<sonata_spike_train_set> read_sonata_spikes(const std::string& path) {
  const h5::handle file = sonata_h5::open_file(path, "spike file");
  const std::string where = fmt::format("spike file '{}'", path);
  const h5::handle spikes = h5::open_group(file, "spikes", where);
  if (sonata_h5::is_dataset(spikes, "timestamps") || sonata_h5::is_dataset(spikes, "gids"))
    throw error(where + ": the old bmtk layout (/spikes/gids, /spikes/timestamps) is not supported; "
                        "SONATA files have /spikes/<population>/node_ids and timestamps");
  std::vector<sonata_spike_train_set> out;
  for (const auto& name : h5::member_names(spikes)) {
    if (!sonata_h5::is_group(spikes, name)) throw error(fmt::format("{}: '/spikes/{}' is not a group (a population)", where, name));
    const h5::handle g = h5::open_group(spikes, name, where);
    sonata_spike_train_set s;
    s.population = name;
    s.node_ids = read_indices(g, "node_ids", -1, where);
    s.timestamps_ms = read_reals(g, "timestamps", static_cast<int64_t>(s.node_ids.size()), where);
    {
      h5::quiet_errors quiet;
      const h5::handle ts(H5Dopen2(g, "timestamps", H5P_DEFAULT), H5Dclose, "timestamps");
      if (h5::has_attribute(ts, "units")) {
        const std::string units = h5::read_string_attribute(ts, "units", where);
        if (units != "ms")
          throw error(fmt::format("{}: '/spikes/{}/timestamps' is in '{}'; Engram reads spike times in ms", where, name, units));
      }
    }
    for (size_t k = 0; k < s.timestamps_ms.size(); ++k)
      if (!std::isfinite(s.timestamps_ms[k]) || s.timestamps_ms[k] < 0)
        throw error(fmt::format("{}: spike {} of population '{}' is at {} ms; times must be finite and >= 0", where, k, name,
                                s.timestamps_ms[k]));
    out.push_back(std::move(s));
  }
  if (out.empty()) throw error(where + ": '/spikes' holds no population");
  return out;
}

}  // namespace engram
