#include "host/io/sonata_config.hpp"

#include <cmath>
#include <filesystem>
#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include "engine/errors.hpp"
#include "host/io/json_file.hpp"

namespace engram {
namespace {

namespace fs = std::filesystem;
using json = nlohmann::json;
using manifest_t = std::vector<std::pair<std::string, std::string>>;

constexpr size_t max_expanded = 4096;  // characters of one expanded path
constexpr int max_depth = 16;          // variables inside variables
constexpr int max_links = 4;           // config -> network/simulation -> ...

bool name_char(char c) { return std::isalnum(static_cast<unsigned char>(c)) || c == '_'; }

std::string expand(const std::string& text, const manifest_t& manifest, const std::string& where, int depth) {
  if (depth > max_depth) throw error(fmt::format("{}: manifest variables nest more than {} deep (a cycle?)", where, max_depth));
  std::string out;
  for (size_t i = 0; i < text.size();) {
    if (text[i] != '$') {
      out += text[i++];
      continue;
    }
    std::string name;
    size_t next = 0;
    if (i + 1 < text.size() && text[i + 1] == '{') {
      const size_t close = text.find('}', i + 2);
      if (close == std::string::npos) throw error(fmt::format("{}: '${{' without '}}' in '{}'", where, text));
      name = text.substr(i + 2, close - i - 2);
      next = close + 1;
    } else {
      next = i + 1;
      while (next < text.size() && name_char(text[next])) ++next;
      name = text.substr(i + 1, next - i - 1);
    }
    const std::string* value = nullptr;
    for (const auto& [key, v] : manifest)
      if (key == "$" + name) value = &v;
    if (!value) {
      std::string known;
      for (const auto& [key, v] : manifest) known += (known.empty() ? "" : ", ") + key;
      throw error(fmt::format("{}: unknown variable '${}' in '{}' (manifest: {})", where, name, text, known.empty() ? "empty" : known));
    }
    out += expand(*value, manifest, where, depth + 1);
    if (out.size() > max_expanded) throw error(fmt::format("{}: '{}' expands to more than {} characters", where, text, max_expanded));
    i = next;
  }
  return out;
}

// One JSON config file: its document, folder and manifest.
struct config_file {
  std::string path;
  fs::path dir;
  json doc;
  manifest_t manifest;

  explicit config_file(const std::string& p) : path(p) {
    doc = read_json_file(p, "SONATA config");
    if (!doc.is_object()) throw error(fmt::format("'{}': a SONATA config is a JSON object", p));
    dir = fs::absolute(fs::path(p)).parent_path();
    manifest.emplace_back("$configdir", dir.string());
    if (doc.contains("manifest")) {
      const json& m = doc["manifest"];
      if (!m.is_object()) throw error(fmt::format("'{}': \"manifest\" must be an object", p));
      for (const auto& [key, value] : m.items()) {
        if (!value.is_string()) throw error(fmt::format("'{}': manifest entry \"{}\" must be a string", p, key));
        if (key.size() < 2 || key[0] != '$')
          throw error(fmt::format("'{}': manifest entry \"{}\" must be named like $NAME", p, key));
        manifest.emplace_back(key, value.get<std::string>());
      }
    }
  }

  // A path entry: expanded, and resolved against this file's folder when relative.
  std::string file_path(const json& value, const std::string& entry) const {
    const std::string where = fmt::format("'{}' {}", path, entry);
    if (!value.is_string()) throw error(fmt::format("{} must be a string (a path)", where));
    const std::string expanded = expand(value.get<std::string>(), manifest, where, 0);
    if (expanded.empty()) throw error(where + " is an empty path");
    fs::path p(expanded);
    if (p.is_relative()) p = dir / p;
    return p.lexically_normal().string();
  }

  const json* object(const json& parent, const char* key, const std::string& where) const {
    if (!parent.contains(key)) return nullptr;
    const json& v = parent[key];
    if (!v.is_object()) throw error(fmt::format("'{}' {}\"{}\" must be an object", path, where, key));
    return &v;
  }
};

std::string required_path(const config_file& f, const json& entry, const char* key, const std::string& where) {
  if (!entry.contains(key)) throw error(fmt::format("'{}' {} has no \"{}\"", f.path, where, key));
  return f.file_path(entry[key], fmt::format("{} \"{}\"", where, key));
}

void read_circuit(const config_file& f, sonata_config& c) {
  const json* networks = f.object(f.doc, "networks", "");
  if (!networks) throw error(fmt::format("'{}' has no \"networks\" (nodes and edges of the circuit)", f.path));
  if (const json* comp = f.object(f.doc, "components", "")) {
    if (comp->contains("point_neuron_models_dir"))
      c.point_neuron_models_dir = f.file_path((*comp)["point_neuron_models_dir"], "components \"point_neuron_models_dir\"");
    if (comp->contains("synaptic_models_dir"))
      c.synaptic_models_dir = f.file_path((*comp)["synaptic_models_dir"], "components \"synaptic_models_dir\"");
  }
  for (const char* kind : {"nodes", "edges"}) {
    if (!networks->contains(kind)) {
      if (std::string(kind) == "nodes") throw error(fmt::format("'{}' networks has no \"nodes\" list", f.path));
      continue;
    }
    const json& list = (*networks)[kind];
    if (!list.is_array()) throw error(fmt::format("'{}' networks \"{}\" must be a list", f.path, kind));
    for (size_t i = 0; i < list.size(); ++i) {
      const std::string where = fmt::format("networks {}[{}]", kind, i);
      if (!list[i].is_object()) throw error(fmt::format("'{}' {} must be an object", f.path, where));
      if (std::string(kind) == "nodes")
        c.nodes.push_back({required_path(f, list[i], "nodes_file", where), required_path(f, list[i], "node_types_file", where)});
      else
        c.edges.push_back({required_path(f, list[i], "edges_file", where), required_path(f, list[i], "edge_types_file", where)});
    }
  }
  if (c.nodes.empty()) throw error(fmt::format("'{}' networks \"nodes\" is empty", f.path));
}

double positive_number(const config_file& f, const json& run, const char* key) {
  const json& v = run[key];
  if (!v.is_number() || !std::isfinite(v.get<double>()) || v.get<double>() <= 0)
    throw error(fmt::format("'{}' run \"{}\" must be a positive number of ms, got {}", f.path, key, v.dump()));
  return v.get<double>();
}

void read_simulation(const config_file& f, sonata_config& c) {
  if (const json* run = f.object(f.doc, "run", "")) {
    if (run->contains("tstop")) c.tstop_ms = positive_number(f, *run, "tstop");
    if (run->contains("dt")) c.dt_ms = positive_number(f, *run, "dt");
    if (run->contains("tstart") && !((*run)["tstart"].is_number() && (*run)["tstart"].get<double>() == 0))
      throw error(fmt::format("'{}' run \"tstart\": Engram starts runs at 0 ms", f.path));
  }
  if (const json* inputs = f.object(f.doc, "inputs", "")) {
    for (const auto& [name, in] : inputs->items()) {
      const std::string where = fmt::format("inputs \"{}\"", name);
      if (!in.is_object()) throw error(fmt::format("'{}' {} must be an object", f.path, where));
      const std::string type = in.contains("input_type") && in["input_type"].is_string() ? in["input_type"].get<std::string>() : "";
      if (type != "spikes")
        throw error(fmt::format("'{}' {}: input_type '{}' is not supported (supported: spikes, from a SONATA spike file)",
                                f.path, where, in.contains("input_type") ? in["input_type"].dump() : "missing"));
      if (in.contains("module")) {
        const json& m = in["module"];
        if (!m.is_string() || (m.get<std::string>() != "sonata" && m.get<std::string>() != "h5"))
          throw error(fmt::format("'{}' {}: spike module {} is not supported (supported: sonata, h5)", f.path, where, m.dump()));
      }
      sonata_spike_input s;
      s.name = name;
      s.file = required_path(f, in, "input_file", where);
      if (in.contains("node_set")) {
        if (!in["node_set"].is_string())
          throw error(fmt::format("'{}' {}: node_set must be a string (a node population name)", f.path, where));
        s.node_set = in["node_set"].get<std::string>();
      }
      c.spike_inputs.push_back(std::move(s));
    }
  }
  if (const json* out = f.object(f.doc, "output", "")) {
    const std::string dir = out->contains("output_dir") ? f.file_path((*out)["output_dir"], "output \"output_dir\"") : f.dir.string();
    std::string file = "spikes.h5";
    if (out->contains("spikes_file")) {
      const json& v = (*out)["spikes_file"];
      if (!v.is_string() || v.get<std::string>().empty())
        throw error(fmt::format("'{}' output \"spikes_file\" must be a file name", f.path));
      file = expand(v.get<std::string>(), f.manifest, fmt::format("'{}' output \"spikes_file\"", f.path), 0);
    }
    const fs::path p(file);
    c.spikes_out = (p.is_absolute() ? p : fs::path(dir) / p).lexically_normal().string();
  }
}

void read_file(const std::string& path, sonata_config& c, int depth, bool& have_circuit) {
  if (depth > max_links) throw error(fmt::format("'{}': configs link to each other more than {} deep (a cycle?)", path, max_links));
  const config_file f(path);
  if (f.doc.contains("networks")) {
    if (have_circuit) throw error(fmt::format("'{}' defines \"networks\" a second time", path));
    read_circuit(f, c);
    have_circuit = true;
  }
  read_simulation(f, c);
  for (const char* link : {"network", "simulation"})
    if (f.doc.contains(link)) read_file(f.file_path(f.doc[link], fmt::format("\"{}\"", link)), c, depth + 1, have_circuit);
}

}  // namespace

std::string expand_manifest(const std::string& text, const manifest_t& manifest, const std::string& where) {
  return expand(text, manifest, where, 0);
}

sonata_config read_sonata_config(const std::string& path) {
  sonata_config c;
  c.path = path;
  bool have_circuit = false;
  read_file(path, c, 0, have_circuit);
  if (!have_circuit)
    throw error(fmt::format("'{}' is not a SONATA circuit: no \"networks\" in it or in a config it links (\"network\")", path));
  return c;
}

}  // namespace engram
