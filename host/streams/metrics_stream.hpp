#pragma once
// Topology metrics of the excitatory graph over time, under /metrics of a run file:
//   times [T] (ms) and one [T] dataset per scalar metric (names in metric_names()).
#include <hdf5.h>

#include <string>
#include <utility>
#include <vector>

#include "host/analysis/topology_metrics.hpp"
#include "host/io/hdf5_handle.hpp"

namespace engram {

// The scalar metrics written per sample, in a fixed order.
std::vector<std::pair<std::string, double>> scalar_metrics(const topology_metrics& m);

class metrics_stream {
 public:
  explicit metrics_stream(hid_t file);
  void append(double time_ms, const topology_metrics& m);

 private:
  h5::handle group_, times_;
  std::vector<h5::handle> columns_;
};

}  // namespace engram
