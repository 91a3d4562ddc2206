#pragma once
// Membrane state of chosen neurons every step, under /state/<population> of a run file:
//   node_ids [n] (within the population), times [T] (ms), v [T x n], u [T x n].
// The caller buffers rows and appends them in blocks.
#include <hdf5.h>

#include <string>
#include <vector>

#include "host/io/hdf5_handle.hpp"

namespace engram {

class probe_stream {
 public:
  probe_stream(hid_t file, const std::string& population, const std::vector<uint32_t>& local_ids);
  // rows = times.size(); v and u hold rows x width values, row-major.
  void append(const std::vector<double>& times, const std::vector<float>& v, const std::vector<float>& u);

 private:
  h5::handle group_, times_, v_, u_;
  size_t width_;
};

}  // namespace engram
