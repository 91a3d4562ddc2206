#pragma once
// A small SONATA circuit written by the tests themselves with the HDF5 C API, and the same network
// built with Engram's C++ API from the same numbers (tests/test_sonata_import.cpp):
//   net    40 point neurons, node types 100 (nest:iaf_psc_exp, excitatory) and 101 (inhibitory
//          parameters), explicit node ids in reverse row order
//   input  20 virtual nodes (type 200, implicit node ids) driven by a SONATA spike file
//   edges  input_to_net (syn_weight per edge, delay per edge type) and net_to_net (per-edge
//          weights and delays, negative weights from type 101, nsyns = 2 on edge type 3)
// plus circuit_config.json, simulation_config.json (run, inputs, output) and the types CSVs.
#include <cstdint>
#include <string>
#include <utility>
#include <vector>

#include "engine/network.hpp"
#include "host/io/hdf5_handle.hpp"

namespace engram::test {

struct sonata_spec {
  uint32_t net = 40, inputs = 20;
  double dt_ms = 0.1, tstop_ms = 200;
  std::vector<uint64_t> net_types;       // per row of "net": 100 or 101
  std::vector<uint64_t> net_ids;         // node_id of each row
  struct edge {
    uint64_t source, target;  // node ids
    uint64_t type;
    double weight, delay;     // per edge (delay NaN: from the edge type)
  };
  std::vector<edge> input_edges, net_edges;
  std::vector<std::pair<uint64_t, double>> input_spikes;  // (node id, ms)
  std::string exc_template = "nest:iaf_psc_exp";
  double input_delay_ms = 1.5;  // edge type 1
  double inh_nsyns = 2;         // edge type 3
};

sonata_spec default_sonata_spec();

// Writes the circuit into `dir` (created); returns the simulation config's path.
std::string write_sonata_circuit(const std::string& dir, const sonata_spec& spec);

// The same network by the C++ API: populations input, net.100, net.101; returns also the
// (population name, node id) of every global neuron, for comparing spike files.
network expected_network(const sonata_spec& spec, std::vector<std::pair<std::string, uint64_t>>& names);

// Editing written files (error cases).
void delete_object(const std::string& file, const std::string& path);
template <class T> void replace_dataset(const std::string& file, const std::string& path, const std::vector<T>& values);
void replace_with_strings(const std::string& file, const std::string& path, size_t count);
void write_text(const std::string& path, const std::string& text);
std::string read_text(const std::string& path);

}  // namespace engram::test
