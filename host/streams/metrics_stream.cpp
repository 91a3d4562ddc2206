#include "host/streams/metrics_stream.hpp"

#include "host/io/hdf5_io.hpp"

namespace engram {

std::vector<std::pair<std::string, double>> scalar_metrics(const topology_metrics& m) {
  return {{"nodes", m.nodes},
          {"edges", static_cast<double>(m.edges)},
          {"self_loops", static_cast<double>(m.self_loops)},
          {"density", m.density},
          {"in_degree_mean", m.in_degree.mean},
          {"in_degree_sd", m.in_degree.sd},
          {"out_degree_sd", m.out_degree.sd},
          {"weight_mean", m.weight.mean},
          {"weight_sd", m.weight.sd},
          {"clustering", m.clustering},
          {"transitivity", m.transitivity},
          {"path_length", m.path_length},
          {"efficiency", m.efficiency},
          {"modularity", m.modularity},
          {"communities", m.communities},
          {"sigma", m.sigma},
          {"omega", m.omega},
          {"betti0", m.betti0},
          {"betti1", m.betti1},
          {"betti2", m.betti2}};
}

metrics_stream::metrics_stream(hid_t file) {
  group_ = h5::create_group(file, "metrics");
  h5::write_attribute(group_, "graph", "excitatory synapses (w > 0) among the populations that send them");
  times_ = h5::create_row_dataset<double>(group_, "times", 1, false);
  h5::write_attribute(times_, "units", "ms");
  for (const auto& [name, value] : scalar_metrics(topology_metrics{})) {
    (void)value;
    columns_.push_back(h5::create_row_dataset<double>(group_, name, 1, false));
  }
}

void metrics_stream::append(double time_ms, const topology_metrics& m) {
  h5::append_rows(times_, &time_ms, 1, 1);
  const auto values = scalar_metrics(m);
  for (size_t k = 0; k < values.size(); ++k) h5::append_rows(columns_[k], &values[k].second, 1, 1);
}

}  // namespace engram
