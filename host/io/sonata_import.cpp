#include "host/io/sonata_import.hpp"

#include <algorithm>
#include <cmath>
#include <filesystem>
#include <fmt/format.h>
#include <map>
#include <tuple>

#include "engine/errors.hpp"
#include "engine/limits.hpp"
#include "host/io/sonata_config.hpp"
#include "host/io/sonata_csv.hpp"
#include "host/io/json_file.hpp"
#include "host/io/sonata_models.hpp"
#include "host/io/sonata_reader.hpp"

namespace engram {
namespace {

namespace fs = std::filesystem;
using json = nlohmann::json;

constexpr double default_dt_ms = 0.1;  // NEST's resolution when the config names none
constexpr double max_weight = 1e9;     // beyond any physical weight; keeps the float conversion defined

// Rows of a types CSV by id; with a "population" column, a row applies to that population only.
class type_index {
 public:
  type_index(const sonata_table& table, const char* id_column) : table_(table), id_column_(id_column) {
    if (!table.has_column(id_column)) throw error(fmt::format("types file '{}' has no '{}' column", table.path(), id_column));
    for (size_t r = 0; r < table.rows(); ++r) {
      const auto id = table.index(r, id_column);
      if (!id) throw error(fmt::format("types file '{}' line {}: empty {}", table.path(), table.line(r), id_column));
      rows_[*id].push_back(r);
    }
  }
  size_t find(uint64_t id, const std::string& population, const std::string& where) const {
    const auto it = rows_.find(id);
    if (it == rows_.end()) throw error(fmt::format("{}: {} {} is not in types file '{}'", where, id_column_, id, table_.path()));
    std::vector<size_t> matches;
    for (size_t r : it->second) {
      const auto p = table_.text(r, "population");
      if (!p || *p == population) matches.push_back(r);
    }
    if (matches.empty())
      throw error(fmt::format("{}: {} {} of population '{}' is not in types file '{}'", where, id_column_, id, population, table_.path()));
    if (matches.size() > 1)
      throw error(fmt::format("{}: types file '{}' defines {} {} more than once (lines {} and {})", where, table_.path(), id_column_, id,
                              table_.line(matches[0]), table_.line(matches[1])));
    return matches[0];
  }

 private:
  const sonata_table& table_;
  std::string id_column_;
  std::map<uint64_t, std::vector<size_t>> rows_;
};

// SONATA node id -> row of its population.
class node_lookup {
 public:
  explicit node_lookup(const std::vector<uint64_t>& ids) {
    identity_ = true;
    for (size_t i = 0; i < ids.size() && identity_; ++i) identity_ = ids[i] == i;
    size_ = ids.size();
    if (identity_) return;
    sorted_.reserve(ids.size());
    for (size_t i = 0; i < ids.size(); ++i) sorted_.emplace_back(ids[i], static_cast<uint32_t>(i));
    std::sort(sorted_.begin(), sorted_.end());
  }
  std::optional<uint32_t> row(uint64_t id) const {
    if (identity_) return id < size_ ? std::optional<uint32_t>(static_cast<uint32_t>(id)) : std::nullopt;
    const auto it = std::lower_bound(sorted_.begin(), sorted_.end(), std::pair<uint64_t, uint32_t>(id, 0));
    if (it == sorted_.end() || it->first != id) return std::nullopt;
    return it->second;
  }

 private:
  bool identity_ = true;
  size_t size_ = 0;
  std::vector<std::pair<uint64_t, uint32_t>> sorted_;
};

struct imported_nodes {
  sonata_node_population nodes;
  node_lookup lookup;
  std::vector<uint32_t> population, local;  // per row: Engram population index and index within it
};

// dynamics_params files, each read once.
class params_cache {
 public:
  const json& get(const fs::path& path) {
    const std::string key = path.string();
    auto it = files_.find(key);
    if (it == files_.end()) it = files_.emplace(key, read_json_file(key, "dynamics_params")).first;
    return it->second;
  }

 private:
  std::map<std::string, json> files_;
};

// A types file's dynamics_params entry as a path: relative names live in the components folder
// (or, without one, beside the types file).
fs::path params_path(const std::string& name, const std::string& components_dir, const std::string& types_file) {
  const fs::path p(name);
  if (p.is_absolute()) return p;
  const fs::path dir = components_dir.empty() ? fs::path(types_file).parent_path() : fs::path(components_dir);
  return (dir / p).lexically_normal();
}

population make_population(const std::string& name, uint32_t size, const sonata_neuron_model& m) {
  switch (m.kind) {
    case neuron_kind::lif: return lif_population(name, size, m.lif);
    case neuron_kind::lif_cond: return lif_cond_population(name, size, m.lif_cond);
    case neuron_kind::izhikevich: {
      population p;
      p.name = name;
      p.size = size;
      p.kind = neuron_kind::izhikevich;
      p.izhikevich.a.assign(size, m.a);
      p.izhikevich.b.assign(size, m.b);
      p.izhikevich.c.assign(size, m.c);
      p.izhikevich.d.assign(size, m.d);
      p.izhikevich.v_init = m.v_init;
      p.izhikevich.v_peak = m.v_peak;
      // NEST's izhikevich with consistent_integration = false: two half steps of v, then u.
      p.izhikevich.scheme = izhikevich_scheme::published;
      p.izhikevich.substeps = 2;
      return p;
    }
    default: return spike_source_population(name, size, {});
  }
}

// Node types of one population grouped by model and parameters, each group one Engram population.
void import_nodes(const sonata_config& cfg, std::vector<imported_nodes>& out, sonata_circuit& c, params_cache& params) {
  for (const auto& files : cfg.nodes) {
    const sonata_table table = sonata_table::read(files.node_types);
    const type_index types(table, "node_type_id");
    if (!table.has_column("model_type")) throw error(fmt::format("types file '{}' has no 'model_type' column", table.path()));
    for (auto& nodes : read_sonata_nodes(files.nodes)) {
      for (const auto& other : out)
        if (other.nodes.name == nodes.name)
          throw error(fmt::format("node population '{}' is defined twice ('{}' and '{}')", nodes.name, other.nodes.file, nodes.file));
      const std::string where = fmt::format("nodes file '{}' population '{}'", nodes.file, nodes.name);
      // One model per node type id, then one group per distinct model.
      std::map<uint64_t, size_t> group_of_type;
      std::map<std::string, size_t> group_of_key;
      std::vector<sonata_neuron_model> groups;
      std::vector<std::vector<uint64_t>> group_types;
      std::vector<uint32_t> group_sizes;
      for (uint64_t type_id : nodes.node_type_ids) {
        if (group_of_type.count(type_id)) continue;
        const size_t row = types.find(type_id, nodes.name, where);
        const std::string type_where = fmt::format("node type {} ('{}' line {})", type_id, table.path(), table.line(row));
        const std::string model_type = table.text(row, "model_type").value_or("");
        const std::string model_template = table.text(row, "model_template").value_or("");
        if (model_type == "point_neuron" && model_template.empty())
          throw error(fmt::format("{}: a point_neuron needs a model_template (supported: {})", type_where, supported_node_models()));
        json dynamics;
        if (const auto file = table.text(row, "dynamics_params"); file && model_type != "virtual")
          dynamics = params.get(params_path(*file, cfg.point_neuron_models_dir, table.path()));
        const sonata_neuron_model m = map_node_type(model_type, model_template, dynamics, type_where);
        const auto [known, fresh] = group_of_key.try_emplace(m.key, groups.size());
        const size_t g = known->second;
        if (fresh) {
          groups.push_back(m);
          group_types.emplace_back();
          group_sizes.push_back(0);
        }
        group_of_type[type_id] = g;
        group_types[g].push_back(type_id);
      }
      imported_nodes in{{}, node_lookup(nodes.node_ids), {}, {}};
      in.population.resize(nodes.node_ids.size());
      in.local.resize(nodes.node_ids.size());
      const auto first_population = static_cast<uint32_t>(c.net.populations.size());
      for (size_t r = 0; r < nodes.node_type_ids.size(); ++r) {
        const size_t g = group_of_type[nodes.node_type_ids[r]];
        in.population[r] = first_population + static_cast<uint32_t>(g);
        in.local[r] = group_sizes[g]++;
      }
      const auto group = static_cast<uint32_t>(c.naming.groups.size());
      c.naming.groups.push_back(nodes.name);
      uint64_t first = c.net.neuron_count();
      for (size_t g = 0; g < groups.size(); ++g) {
        std::sort(group_types[g].begin(), group_types[g].end());
        const std::string name = groups.size() == 1 ? nodes.name : fmt::format("{}.{}", nodes.name, group_types[g].front());
        c.net.populations.push_back(make_population(name, group_sizes[g], groups[g]));
        if (groups[g].kind == neuron_kind::izhikevich && groups[g].i_e != 0) {
          input bias;  // NEST's I_e of izhikevich: a constant current (Engram's Izhikevich has no bias term)
          bias.type = input::kind::current;
          bias.population = name;
          bias.amplitude = groups[g].i_e;
          c.net.inputs.push_back(bias);
        }
        c.origins.push_back({name, nodes.name, groups[g].template_name, groups[g].note, group_types[g], group_sizes[g]});
        spike_naming::range range;
        range.first = static_cast<uint32_t>(first);
        range.size = group_sizes[g];
        range.group = group;
        range.node_ids.resize(group_sizes[g]);
        first += group_sizes[g];
        c.naming.ranges.push_back(std::move(range));
      }
      for (size_t r = 0; r < nodes.node_ids.size(); ++r)
        c.naming.ranges[c.naming.ranges.size() - groups.size() + (in.population[r] - first_population)].node_ids[in.local[r]] =
            nodes.node_ids[r];
      if (first >= UINT32_MAX) throw error(fmt::format("{}: the circuit has more than 2^32 - 1 nodes", where));
      in.nodes = std::move(nodes);
      out.push_back(std::move(in));
    }
  }
}

const imported_nodes& node_population(const std::vector<imported_nodes>& all, const std::string& name, const std::string& where) {
  for (const auto& n : all)
    if (n.nodes.name == name) return n;
  std::string known;
  for (const auto& n : all) known += (known.empty() ? "" : ", ") + n.nodes.name;
  throw error(fmt::format("{}: node population '{}' is not in the circuit (its populations: {})", where, name, known));
}

struct edge_type {
  std::optional<double> weight, delay, nsyns;
};

edge_type read_edge_type(const sonata_table& table, size_t row, const std::string& components_dir, params_cache& params) {
  const std::string where = fmt::format("edge type {} ('{}' line {})", *table.index(row, "edge_type_id"), table.path(), table.line(row));
  if (const auto f = table.text(row, "weight_function"))
    throw error(fmt::format("{}: weight_function '{}' (a function of the building tool) is not supported; write the final weights "
                            "as syn_weight", where, *f));
  json dynamics;
  if (const auto file = table.text(row, "dynamics_params")) dynamics = params.get(params_path(*file, components_dir, table.path()));
  check_edge_model(table.text(row, "model_template").value_or(""), dynamics, where);
  return {table.number(row, "syn_weight"), table.number(row, "delay"), table.number(row, "nsyns")};
}

double pick(const std::vector<double>& per_edge, size_t k, const std::optional<double>& per_type) {
  if (!per_edge.empty() && !std::isnan(per_edge[k])) return per_edge[k];
  return per_type ? *per_type : std::nan("");
}

void import_edges(const sonata_config& cfg, const std::vector<imported_nodes>& nodes, sonata_circuit& c, params_cache& params) {
  const double dt = c.net.dt_ms;
  std::map<std::tuple<uint32_t, uint32_t, bool>, size_t> projection_of;
  for (const auto& files : cfg.edges) {
    const sonata_table table = sonata_table::read(files.edge_types);
    const type_index types(table, "edge_type_id");
    for (const auto& edges : read_sonata_edges(files.edges)) {
      const std::string where = fmt::format("edges file '{}' population '{}'", edges.file, edges.name);
      const imported_nodes& pre = node_population(nodes, edges.source, where + " source_node_id");
      const imported_nodes& post = node_population(nodes, edges.target, where + " target_node_id");
      std::map<uint64_t, edge_type> type_cache;
      for (size_t k = 0; k < edges.source_ids.size(); ++k) {
        const auto s = pre.lookup.row(edges.source_ids[k]);
        if (!s) throw error(fmt::format("{}: edge {} has source_node_id {}, not a node of population '{}'", where, k, edges.source_ids[k], edges.source));
        const auto t = post.lookup.row(edges.target_ids[k]);
        if (!t) throw error(fmt::format("{}: edge {} has target_node_id {}, not a node of population '{}'", where, k, edges.target_ids[k], edges.target));
        const uint32_t pre_pop = pre.population[*s], post_pop = post.population[*t];
        const auto kind = c.net.populations[post_pop].kind;
        if (kind == neuron_kind::spike_source)
          throw error(fmt::format("{}: edge {} targets node {} of '{}', a virtual node (virtual nodes only send spikes)", where, k,
                                  edges.target_ids[k], edges.target));
        const uint64_t type_id = edges.edge_type_ids[k];
        auto it = type_cache.find(type_id);
        if (it == type_cache.end())
          it = type_cache.emplace(type_id, read_edge_type(table, types.find(type_id, edges.name, where), cfg.synaptic_models_dir, params)).first;
        const double syn_weight = pick(edges.syn_weight, k, it->second.weight);
        const double delay = pick(edges.delay, k, it->second.delay);
        const double nsyns = pick(edges.nsyns, k, it->second.nsyns.value_or(1.0));
        const std::string edge = fmt::format("{}: edge {} (type {})", where, k, type_id);
        if (std::isnan(syn_weight)) throw error(edge + " has no syn_weight (neither in its edge group nor in the edge types file)");
        if (std::isnan(delay)) throw error(edge + " has no delay (neither in its edge group nor in the edge types file)");
        if (!std::isfinite(nsyns) || nsyns < 0) throw error(fmt::format("{} has nsyns {}; expected a count >= 0", edge, nsyns));
        const double weight = syn_weight * nsyns;
        if (!(std::abs(weight) <= max_weight)) throw error(fmt::format("{} has weight {} (syn_weight x nsyns); |weight| must be at most {:g}", edge, weight, max_weight));
        if (!std::isfinite(delay) || delay < 0) throw error(fmt::format("{} has delay {} ms; delays must be finite and >= 0", edge, delay));
        const double steps = std::round(delay / dt);
        if (steps < 1)
          throw error(fmt::format("{} has delay {} ms, below one step of {} ms (Engram's delays are at least one step)", edge, delay, dt));
        if (steps > 255) throw error(fmt::format("{} has delay {} ms = {} steps of {} ms; at most 255 steps", edge, delay, steps, dt));
        const bool inhibitory = weight < 0;  // NEST's convention: the sign of the weight is the synapse's
        auto [slot, fresh] = projection_of.try_emplace({pre_pop, post_pop, inhibitory}, c.net.projections.size());
        if (fresh) {
          projection p;
          p.pre = c.net.populations[pre_pop].name;
          p.post = c.net.populations[post_pop].name;
          p.name = fmt::format("{}->{}{}", p.pre, p.post, inhibitory ? ":inh" : "");
          p.connect.type = connector::kind::explicit_list;
          p.sign = inhibitory ? transmitter::gaba : transmitter::glutamate;
          p.delay_ms = distribution::fixed(dt);  // every synapse carries its own delay
          c.net.projections.push_back(std::move(p));
        }
        auto& list = c.net.projections[slot->second].connect;
        list.pre.push_back(pre.local[*s]);
        list.post.push_back(post.local[*t]);
        list.weights.push_back(static_cast<float>(std::abs(weight)));
        list.delays.push_back(static_cast<uint16_t>(steps));
        ++c.edges;
      }
    }
  }
}

void import_spikes(const sonata_config& cfg, const std::vector<imported_nodes>& nodes, sonata_circuit& c) {
  for (const auto& input : cfg.spike_inputs) {
    const std::string where = fmt::format("input '{}' spike file '{}'", input.name, input.file);
    bool used = false;
    for (const auto& set : read_sonata_spikes(input.file)) {
      if (!input.node_set.empty() && set.population != input.node_set) continue;
      used = true;
      const imported_nodes& n = node_population(nodes, set.population, where);
      for (size_t k = 0; k < set.node_ids.size(); ++k) {
        const auto row = n.lookup.row(set.node_ids[k]);
        if (!row) throw error(fmt::format("{}: spike {} is for node {}, not a node of population '{}'", where, k, set.node_ids[k], set.population));
        if (set.timestamps_ms[k] / c.net.dt_ms > static_cast<double>(limits::max_step))
          throw error(fmt::format("{}: spike {} at {} ms is beyond any run ({} steps of {} ms)", where, k, set.timestamps_ms[k],
                                  limits::max_step, c.net.dt_ms));
        auto& p = c.net.populations[n.population[*row]];
        if (p.kind != neuron_kind::spike_source)
          throw error(fmt::format("{}: spike {} is for node {} of '{}', which is not virtual (spike files drive virtual nodes)", where, k,
                                  set.node_ids[k], set.population));
        p.spikes.emplace_back(n.local[*row], set.timestamps_ms[k]);
        ++c.input_spikes;
      }
    }
    if (!used) throw error(fmt::format("{}: no spikes for node set '{}' (the file's populations are its /spikes groups)", where, input.node_set));
  }
}

}  // namespace

sonata_circuit import_sonata(const std::string& path, const sonata_import_options& options) {
  const sonata_config cfg = read_sonata_config(path);
  sonata_circuit c;
  c.tstop_ms = cfg.tstop_ms;
  c.spikes_out = cfg.spikes_out;
  const double dt = !std::isnan(options.dt_ms) ? options.dt_ms : cfg.dt_ms.value_or(default_dt_ms);
  if (!(dt >= limits::min_dt_ms && dt <= limits::max_dt_ms))
    throw error(fmt::format("'{}': dt {} ms is outside [{:g}, {:g}] ms", path, dt, limits::min_dt_ms, limits::max_dt_ms));
  c.net.dt_ms = dt;
  c.net.seed = options.seed;
  params_cache params;
  std::vector<imported_nodes> nodes;
  import_nodes(cfg, nodes, c, params);
  import_edges(cfg, nodes, c, params);
  import_spikes(cfg, nodes, c);
  try {
    c.net.validate();
  } catch (const invalid_network& e) {
    throw error(fmt::format("'{}': the imported network is not valid: {}", path, e.what()));
  }
  return c;
}

}  // namespace engram
