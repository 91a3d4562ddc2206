#pragma once
// The HDF5 side of a SONATA circuit: node populations, edge populations and spike files, read as
// plain columns. Every dataset is checked (type class, rank, length, stored bytes, ranges) and
// every error names the file; what the columns mean is sonata_import's business.
#include <cstdint>
#include <string>
#include <vector>

namespace engram {

struct sonata_node_population {
  std::string name, file;
  std::vector<uint64_t> node_ids;      // per row: the dataset node_id, or the row number without one
  std::vector<uint64_t> node_type_ids;  // per row
};

// Per-edge values from the edge groups; a vector is empty when no group has the attribute, and
// holds NaN for edges whose group lacks it.
struct sonata_edge_population {
  std::string name, file;
  std::string source, target;  // node population names (node_population attributes)
  std::vector<uint64_t> source_ids, target_ids, edge_type_ids;
  std::vector<double> syn_weight, delay, nsyns;
};

struct sonata_spike_train_set {
  std::string population;
  std::vector<uint64_t> node_ids;
  std::vector<double> timestamps_ms;
};

std::vector<sonata_node_population> read_sonata_nodes(const std::string& path);
std::vector<sonata_edge_population> read_sonata_edges(const std::string& path);
std::vector<sonata_spike_train_set> read_sonata_spikes(const std::string& path);

}  // namespace engram
