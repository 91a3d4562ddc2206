#pragma once
// A SONATA circuit as an Engram network (docs/sonata.md). Node types become populations (one per
// SONATA population and distinct model + parameters, since an Engram population has one neuron
// kind and one parameter set), virtual nodes spike sources driven by the simulation config's
// spike files, edges explicit-list projections (one per pre population, post population and
// sign). The spike naming maps Engram neurons back to SONATA populations and node ids.
#include <cmath>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "engine/network.hpp"
#include "host/io/sonata_writer.hpp"

namespace engram {

struct sonata_import_options {
  double dt_ms = std::nan("");  // NaN: the config's run dt, else 0.1 ms (NEST's default)
  uint64_t seed = 1;
};

// One Engram population of the import, for the summary.
struct sonata_population_origin {
  std::string engram_name, sonata_population, model;  // model: "iaf_psc_exp", "virtual", ...
  std::string note;  // from the model mapping: a choice to tell the user about
  std::vector<uint64_t> node_type_ids;
  uint32_t size = 0;
};

struct sonata_circuit {
  network net;
  spike_naming naming;
  std::vector<sonata_population_origin> origins;
  std::optional<double> tstop_ms;  // the simulation config's run tstop
  std::string spikes_out;          // the simulation config's output spikes file ("" when none)
  uint64_t edges = 0, input_spikes = 0;
};

// Reads the config at `path` and everything it names; throws engram::error with the file and the
// entry at fault. The network is validated before it is returned.
sonata_circuit import_sonata(const std::string& path, const sonata_import_options& options = {});

}  // namespace engram
