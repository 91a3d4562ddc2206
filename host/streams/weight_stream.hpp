#pragma once
// Weights of one projection over time, under /weights/<projection> of a run file:
//   times [T] (ms); summary [T x 4] (mean, sd, min, max); histogram [T x 50] with attr bin_edges;
//   values [T x S] (every weight, CSR order) plus row_ptr / target, when S <= full_limit.
#include <hdf5.h>

#include <memory>
#include <vector>

#include "engine/state.hpp"
#include "host/io/hdf5_handle.hpp"

namespace engram {

class weight_stream {
 public:
  static constexpr size_t bins = 50;
  weight_stream(hid_t file, const synapse_table& table, uint64_t full_limit);
  void append(double time_ms, const std::vector<float>& weights);

 private:
  h5::handle group_, times_, summary_, histogram_, values_;
  std::vector<double> edges_;
  bool full_;
};

}  // namespace engram
