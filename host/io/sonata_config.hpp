#pragma once
// The JSON side of a SONATA circuit (docs/sonata.md): a circuit config ("networks", "components")
// and a simulation config ("run", "inputs", "output"), in one file or linked by "network" and
// "simulation" entries. Manifest variables ($BASE_DIR, ${configdir}) are expanded and relative
// paths resolved against the folder of the file that names them.
#include <optional>
#include <string>
#include <vector>

namespace engram {

struct sonata_node_files {
  std::string nodes, node_types;
};

struct sonata_edge_files {
  std::string edges, edge_types;
};

// An "inputs" entry with input_type "spikes": a SONATA spike file for virtual nodes.
struct sonata_spike_input {
  std::string name;
  std::string file;
  std::string node_set;  // a node population name; empty: every population of the file
};

struct sonata_config {
  std::string path;  // the file given
  std::vector<sonata_node_files> nodes;
  std::vector<sonata_edge_files> edges;
  std::string point_neuron_models_dir;  // components: where node types' dynamics_params live
  std::string synaptic_models_dir;      // ... and edge types'
  std::optional<double> tstop_ms, dt_ms;  // "run"
  std::vector<sonata_spike_input> spike_inputs;
  std::string spikes_out;  // "output": output_dir / spikes_file; empty without an output block
};

// Reads `path` and the configs it links; throws engram::error naming the file and the entry.
sonata_config read_sonata_config(const std::string& path);

// Expands $NAME and ${NAME} from `manifest` (pairs of "$NAME", value) in `text`; exposed for tests.
std::string expand_manifest(const std::string& text, const std::vector<std::pair<std::string, std::string>>& manifest,
                            const std::string& where);

}  // namespace engram
