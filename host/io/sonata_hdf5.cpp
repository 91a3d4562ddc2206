#include "host/io/sonata_hdf5.hpp"

#include <filesystem>
#include <fmt/format.h>

#include "engine/errors.hpp"
#include "host/io/hdf5_io.hpp"

namespace engram::sonata_h5 {
namespace {

std::string object_name(hid_t obj) {
  char buf[512] = {};
  H5Iget_name(obj, buf, sizeof buf);
  return buf;
}

H5I_type_t object_type(hid_t parent, const std::string& name) {
  if (!h5::exists(parent, name)) return H5I_BADID;
  h5::quiet_errors quiet;
  const hid_t id = H5Oopen(parent, name.c_str(), H5P_DEFAULT);
  if (id < 0) return H5I_BADID;
  const H5I_type_t type = H5Iget_type(id);
  H5Oclose(id);
  return type;
}

// Opens a 1-D dataset whose stored bytes back its length, of the given type class(es).
struct column {
  h5::handle dataset, type;
  hsize_t length = 0;
};

column open_column(hid_t parent, const std::string& name, int64_t expected, const std::string& where, bool reals) {
  const std::string path = fmt::format("{}/{}", object_name(parent), name);
  if (!h5::exists(parent, name)) throw error(fmt::format("{}: dataset '{}' is missing", where, path));
  h5::quiet_errors quiet;
  const hid_t id = H5Dopen2(parent, name.c_str(), H5P_DEFAULT);
  if (id < 0) throw error(fmt::format("{}: '{}' is not a readable dataset", where, path));
  column c;
  c.dataset = h5::handle(id, H5Dclose, "open " + path);
  const hid_t type = H5Dget_type(c.dataset);
  if (type < 0) throw error(fmt::format("{}: dataset '{}' has a damaged type", where, path));
  c.type = h5::handle(type, H5Tclose, "type of " + path);
  const H5T_class_t cls = H5Tget_class(c.type);
  const size_t size = H5Tget_size(c.type);
  const bool ok = (cls == H5T_INTEGER && size >= 1 && size <= 8) || (reals && cls == H5T_FLOAT && (size == 4 || size == 8));
  if (!ok)
    throw error(fmt::format("{}: dataset '{}' must hold {} (got {})", where, path, reals ? "numbers (integer or float)" : "integers",
                            cls == H5T_STRING ? "strings" : cls == H5T_FLOAT ? "floats" : "another type"));
  const hid_t space_id = H5Dget_space(c.dataset);
  if (space_id < 0) throw error(fmt::format("{}: dataset '{}' has a damaged dataspace", where, path));
  h5::handle space(space_id, H5Sclose, "space of " + path);
  if (H5Sget_simple_extent_ndims(space) != 1) throw error(fmt::format("{}: dataset '{}' is not one-dimensional", where, path));
  H5Sget_simple_extent_dims(space, &c.length, nullptr);
  if (expected >= 0 && c.length != static_cast<hsize_t>(expected))
    throw error(fmt::format("{}: dataset '{}' has {} elements, expected {}", where, path, c.length, expected));
  if (h5::dataset_length(parent, name) < 0)
    throw error(fmt::format("{}: dataset '{}' declares {} elements, more than the file stores (truncated or damaged)", where, path, c.length));
  return c;
}

template <class T> void read_all(const column& c, hid_t mem_type, std::vector<T>& out, const std::string& where, const std::string& path) {
  out.resize(c.length);
  if (c.length > 0 && H5Dread(c.dataset, mem_type, H5S_ALL, H5S_ALL, H5P_DEFAULT, out.data()) < 0)
    throw error(fmt::format("{}: dataset '{}' cannot be read (damaged data)", where, path));
}

}  // namespace

h5::handle open_file(const std::string& path, const std::string& what) {
  std::error_code ec;
  if (!std::filesystem::is_regular_file(path, ec))
    throw error(fmt::format("{} '{}': {}", what, path, std::filesystem::exists(path, ec) ? "not a regular file" : "no such file"));
  h5::silence_errors();
  h5::quiet_errors quiet;
  if (H5Fis_hdf5(path.c_str()) <= 0) throw error(fmt::format("{} '{}': not an HDF5 file (or its header is damaged)", what, path));
  const hid_t id = H5Fopen(path.c_str(), H5F_ACC_RDONLY, H5P_DEFAULT);
  if (id < 0) throw error(fmt::format("{} '{}': cannot be opened as HDF5 (damaged?)", what, path));
  return h5::handle(id, H5Fclose, "open " + path);
}

std::vector<uint64_t> read_indices(hid_t parent, const std::string& name, int64_t expected, const std::string& where) {
  const column c = open_column(parent, name, expected, where, false);
  const std::string path = fmt::format("{}/{}", object_name(parent), name);
  std::vector<uint64_t> out;
  if (H5Tget_sign(c.type) == H5T_SGN_NONE) {
    read_all(c, H5T_NATIVE_UINT64, out, where, path);
    return out;
  }
  std::vector<int64_t> values;
  read_all(c, H5T_NATIVE_INT64, values, where, path);
  for (size_t i = 0; i < values.size(); ++i)
    if (values[i] < 0) throw error(fmt::format("{}: dataset '{}' element {} is {}, expected a non-negative integer", where, path, i, values[i]));
  out.assign(values.begin(), values.end());
  return out;
}

std::vector<double> read_reals(hid_t parent, const std::string& name, int64_t expected, const std::string& where) {
  const column c = open_column(parent, name, expected, where, true);
  std::vector<double> out;
  read_all(c, H5T_NATIVE_DOUBLE, out, where, fmt::format("{}/{}", object_name(parent), name));
  return out;
}

bool is_group(hid_t parent, const std::string& name) { return object_type(parent, name) == H5I_GROUP; }
bool is_dataset(hid_t parent, const std::string& name) { return object_type(parent, name) == H5I_DATASET; }

}  // namespace engram::sonata_h5
