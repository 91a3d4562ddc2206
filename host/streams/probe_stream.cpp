#include "host/streams/probe_stream.hpp"

#include "host/io/hdf5_io.hpp"

namespace engram {

probe_stream::probe_stream(hid_t file, const std::string& population, const std::vector<uint32_t>& local_ids)
    : width_(local_ids.size()) {
  h5::handle state = h5::exists(file, "state") ? h5::handle(H5Gopen2(file, "state", H5P_DEFAULT), H5Gclose, "open /state")
                                               : h5::create_group(file, "state");
  group_ = h5::create_group(state, population);
  h5::write_vector(group_, "node_ids", std::vector<uint64_t>(local_ids.begin(), local_ids.end()));
  times_ = h5::create_row_dataset<double>(group_, "times", 1, false);
  h5::write_attribute(times_, "units", "ms");
  v_ = h5::create_row_dataset<float>(group_, "v", width_, true);
  h5::write_attribute(v_, "units", "mV");
  u_ = h5::create_row_dataset<float>(group_, "u", width_, true);
}

void probe_stream::append(const std::vector<double>& times, const std::vector<float>& v, const std::vector<float>& u) {
  const hsize_t rows = times.size();
  h5::append_rows(times_, times.data(), rows, 1);
  h5::append_rows(v_, v.data(), rows, width_);
  h5::append_rows(u_, u.data(), rows, width_);
}

}  // namespace engram
