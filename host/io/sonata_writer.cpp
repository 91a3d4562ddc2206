#include "host/io/sonata_writer.hpp"

#include <algorithm>
#include <filesystem>
#include <fmt/format.h>

#include "engine/errors.hpp"
#include "host/io/atomic_file.hpp"
#include "host/io/hdf5_handle.hpp"

namespace engram {

namespace {

constexpr hsize_t chunk_size = 1 << 16;

h5::handle sorting_enum_type() {
  h5::handle t(H5Tenum_create(H5T_NATIVE_UINT8), H5Tclose, "enum type");
  const uint8_t none = 0, by_id = 1, by_time = 2;
  h5::check(H5Tenum_insert(t, "none", &none), "enum insert");
  h5::check(H5Tenum_insert(t, "by_id", &by_id), "enum insert");
  h5::check(H5Tenum_insert(t, "by_time", &by_time), "enum insert");
  return t;
}

void write_scalar_attribute(hid_t obj, const char* name, hid_t type, const void* value) {
  h5::handle space(H5Screate(H5S_SCALAR), H5Sclose, "scalar space");
  h5::handle attr(H5Acreate2(obj, name, type, space, H5P_DEFAULT, H5P_DEFAULT), H5Aclose, std::string("attribute ") + name);
  h5::check(H5Awrite(attr, type, value), std::string("write attribute ") + name);
}

void write_string_attribute(hid_t obj, const char* name, const std::string& value) {
  // Variable-length UTF-8, as h5py and bmtk write strings: readers get a str, not bytes.
  h5::handle type(H5Tcopy(H5T_C_S1), H5Tclose, "string type");
  h5::check(H5Tset_size(type, H5T_VARIABLE), "string size");
  h5::check(H5Tset_cset(type, H5T_CSET_UTF8), "string charset");
  const char* text = value.c_str();
  write_scalar_attribute(obj, name, type, &text);
}

struct stream {
  h5::handle group, timestamps, node_ids;
  hsize_t written = 0;
};

h5::handle extendable_dataset(hid_t group, const char* name, hid_t type) {
  const hsize_t zero = 0, unlimited = H5S_UNLIMITED;
  h5::handle space(H5Screate_simple(1, &zero, &unlimited), H5Sclose, "dataspace");
  h5::handle props(H5Pcreate(H5P_DATASET_CREATE), H5Pclose, "dataset properties");
  h5::check(H5Pset_chunk(props, 1, &chunk_size), "chunking");
  h5::check(H5Pset_shuffle(props), "shuffle filter");
  h5::check(H5Pset_deflate(props, 1), "deflate filter");
  return h5::handle(H5Dcreate2(group, name, type, space, H5P_DEFAULT, props, H5P_DEFAULT), H5Dclose,
                    std::string("create dataset ") + name);
}

void append_to(hid_t dataset, hsize_t offset, hsize_t count, hid_t mem_type, const void* data) {
  const hsize_t new_size = offset + count;
  h5::check(H5Dset_extent(dataset, &new_size), "extend dataset");
  h5::handle file_space(H5Dget_space(dataset), H5Sclose, "dataset space");
  h5::check(H5Sselect_hyperslab(file_space, H5S_SELECT_SET, &offset, nullptr, &count, nullptr), "select");
  h5::handle mem_space(H5Screate_simple(1, &count, nullptr), H5Sclose, "memory space");
  h5::check(H5Dwrite(dataset, mem_type, mem_space, file_space, H5P_DEFAULT, data), "append spikes");
}

}  // namespace

struct sonata_writer::impl {
  std::string temporary;
  h5::handle file;
  spike_naming naming;
  std::vector<stream> streams;
  std::vector<std::vector<double>> times;  // per group, reused by append()
  std::vector<std::vector<uint64_t>> ids;
  double dt_ms = 1.0;
  bool closed = false;
};

spike_naming naming_by_population(const std::vector<population_range>& populations) {
  spike_naming n;
  for (const auto& p : populations) {
    n.ranges.push_back({p.first, p.size, static_cast<uint32_t>(n.groups.size()), {}});
    n.groups.push_back(p.name);
  }
  return n;
}

sonata_writer::sonata_writer(const std::string& path, const std::vector<population_range>& populations, double dt_ms)
    : sonata_writer(path, dt_ms, naming_by_population(populations)) {}

sonata_writer::sonata_writer(const std::string& path, double dt_ms, spike_naming naming)
    : impl_(std::make_unique<impl>()), path_(path) {
  for (size_t r = 0; r < naming.ranges.size(); ++r) {
    const auto& range = naming.ranges[r];
    if (range.group >= naming.groups.size() || (!range.node_ids.empty() && range.node_ids.size() != range.size) ||
        (r > 0 && range.first < naming.ranges[r - 1].first + naming.ranges[r - 1].size))
      throw internal_error("sonata_writer: a spike naming range is out of order or inconsistent");
  }
  auto folder = std::filesystem::path(path).parent_path();
  if (!folder.empty()) std::filesystem::create_directories(folder);
  impl_->temporary = temporary_path_for(path);
  impl_->naming = std::move(naming);
  impl_->times.resize(impl_->naming.groups.size());
  impl_->ids.resize(impl_->naming.groups.size());
  impl_->dt_ms = dt_ms;
  h5::silence_errors();
  impl_->file = h5::handle(H5Fcreate(impl_->temporary.c_str(), H5F_ACC_TRUNC, H5P_DEFAULT, H5P_DEFAULT), H5Fclose,
                           fmt::format("create spike file '{}'", impl_->temporary));
  const uint32_t magic = 0x0A7A;
  write_scalar_attribute(impl_->file, "magic", H5T_NATIVE_UINT32, &magic);
  {
    const uint32_t version[2] = {0, 1};
    const hsize_t two = 2;
    h5::handle space(H5Screate_simple(1, &two, nullptr), H5Sclose, "version space");
    h5::handle attr(H5Acreate2(impl_->file, "version", H5T_NATIVE_UINT32, space, H5P_DEFAULT, H5P_DEFAULT), H5Aclose, "version attribute");
    h5::check(H5Awrite(attr, H5T_NATIVE_UINT32, version), "write version");
  }
  h5::handle spikes(H5Gcreate2(impl_->file, "spikes", H5P_DEFAULT, H5P_DEFAULT, H5P_DEFAULT), H5Gclose, "group /spikes");
  const h5::handle sorting = sorting_enum_type();
  const uint8_t by_time = 2;
  for (const auto& name : impl_->naming.groups) {
    stream s;
    s.group = h5::handle(H5Gcreate2(spikes, name.c_str(), H5P_DEFAULT, H5P_DEFAULT, H5P_DEFAULT), H5Gclose,
                         "group /spikes/" + name);
    write_scalar_attribute(s.group, "sorting", sorting, &by_time);
    s.timestamps = extendable_dataset(s.group, "timestamps", H5T_IEEE_F64LE);
    write_string_attribute(s.timestamps, "units", "ms");
    s.node_ids = extendable_dataset(s.group, "node_ids", H5T_STD_U64LE);
    impl_->streams.push_back(std::move(s));
  }
}

sonata_writer::~sonata_writer() {
  if (impl_ && !impl_->closed) {
    impl_->streams.clear();
    impl_->file.reset();
    std::filesystem::remove(impl_->temporary);  // never leave a half-written file behind
  }
}

void sonata_writer::append(const spike_record& spikes) {
  if (spikes.size() == 0) return;
  const auto& ranges = impl_->naming.ranges;
  for (auto& t : impl_->times) t.clear();
  for (auto& i : impl_->ids) i.clear();
  // Spikes arrive in (step, neuron) order; split them per group, keeping time order.
  for (size_t k = 0; k < spikes.size(); ++k) {
    const uint32_t n = spikes.neuron[k];
    auto it = std::upper_bound(ranges.begin(), ranges.end(), n, [](uint32_t x, const spike_naming::range& r) { return x < r.first; });
    if (it == ranges.begin()) continue;
    const auto& r = *std::prev(it);
    if (n - r.first >= r.size) continue;
    impl_->times[r.group].push_back(static_cast<double>(spikes.step[k]) * impl_->dt_ms);
    impl_->ids[r.group].push_back(r.node_ids.empty() ? n - r.first : r.node_ids[n - r.first]);
  }
  for (size_t g = 0; g < impl_->streams.size(); ++g) {
    const auto& times = impl_->times[g];
    if (times.empty()) continue;
    auto& s = impl_->streams[g];
    append_to(s.timestamps, s.written, times.size(), H5T_NATIVE_DOUBLE, times.data());
    append_to(s.node_ids, s.written, times.size(), H5T_NATIVE_UINT64, impl_->ids[g].data());
    s.written += times.size();
  }
}

long long sonata_writer::file_id() const { return impl_->file.get(); }

void sonata_writer::close() {
  if (impl_->closed) return;
  impl_->streams.clear();
  h5::check(H5Fflush(impl_->file, H5F_SCOPE_GLOBAL), "flush spike file");
  impl_->file.reset();
  commit_file(impl_->temporary, path_);
  impl_->closed = true;
}

}  // namespace engram
