#include "host/io/hdf5_io.hpp"

#include <algorithm>
#include <filesystem>
#include <fmt/format.h>

#include "engine/errors.hpp"
#include "host/io/atomic_file.hpp"
#include "host/io/hdf5_heap_check.hpp"

namespace engram::h5 {

template <> hid_t native_type<float>() { return H5T_NATIVE_FLOAT; }
template <> hid_t native_type<double>() { return H5T_NATIVE_DOUBLE; }
template <> hid_t native_type<int32_t>() { return H5T_NATIVE_INT32; }
template <> hid_t native_type<int64_t>() { return H5T_NATIVE_INT64; }
template <> hid_t native_type<uint8_t>() { return H5T_NATIVE_UINT8; }
template <> hid_t native_type<uint32_t>() { return H5T_NATIVE_UINT32; }
template <> hid_t native_type<uint64_t>() { return H5T_NATIVE_UINT64; }
template <> hid_t file_type<float>() { return H5T_IEEE_F32LE; }
template <> hid_t file_type<double>() { return H5T_IEEE_F64LE; }
template <> hid_t file_type<int32_t>() { return H5T_STD_I32LE; }
template <> hid_t file_type<int64_t>() { return H5T_STD_I64LE; }
template <> hid_t file_type<uint8_t>() { return H5T_STD_U8LE; }
template <> hid_t file_type<uint32_t>() { return H5T_STD_U32LE; }
template <> hid_t file_type<uint64_t>() { return H5T_STD_U64LE; }

namespace {

std::string object_name(hid_t obj) {
  char buf[512] = {};
  H5Iget_name(obj, buf, sizeof buf);
  return buf;
}

const char* type_name(hid_t t) {
  if (H5Tequal(t, H5T_IEEE_F32LE) > 0) return "float32";
  if (H5Tequal(t, H5T_IEEE_F64LE) > 0) return "float64";
  if (H5Tequal(t, H5T_STD_I32LE) > 0) return "int32";
  if (H5Tequal(t, H5T_STD_I64LE) > 0) return "int64";
  if (H5Tequal(t, H5T_STD_U8LE) > 0) return "uint8";
  if (H5Tequal(t, H5T_STD_U32LE) > 0) return "uint32";
  if (H5Tequal(t, H5T_STD_U64LE) > 0) return "uint64";
  return "another type";
}

// Keep attributes and links in the (checksummed) object header rather than moving them to a
// fractal heap once a group has more than 8: every byte of metadata is then verified on read.
constexpr unsigned compact_limit = 4096;

// Filters other than the checksum and the byte shuffle shrink data, so stored bytes no longer
// bound the elements a dataset declares.
bool compressed(hid_t dataset) {
  handle props(H5Dget_create_plist(dataset), H5Pclose, "dataset properties");
  const int n = H5Pget_nfilters(props);
  for (int i = 0; i < n; ++i) {
    unsigned flags = 0;
    size_t cd_count = 0;
    unsigned config = 0;
    const H5Z_filter_t f = H5Pget_filter2(props, static_cast<unsigned>(i), &flags, &cd_count, nullptr, 0, nullptr, &config);
    if (f != H5Z_FILTER_FLETCHER32 && f != H5Z_FILTER_SHUFFLE) return true;
  }
  return false;
}

// Elements a file can really hold for `dataset`: what its stored bytes back when it is not
// compressed, else what its file could inflate to (deflate's ratio is at most 1032:1). A header
// that declares more (a flipped byte, a forged size) is refused before anything is allocated.
void require_stored(hid_t dataset, hsize_t elements, size_t element_size, const std::string& where, const std::string& path) {
  if (elements == 0) return;
  if (elements > (uint64_t{1} << 62) / element_size)
    throw error(fmt::format("{}: dataset '{}' declares {} elements, more than any machine holds", where, path, elements));
  const uint64_t bytes = elements * element_size;
  if (!compressed(dataset)) {
    const hsize_t stored = H5Dget_storage_size(dataset);
    if (stored < bytes)
      throw error(fmt::format("{}: dataset '{}' declares {} elements ({} bytes) but the file stores {} bytes of it (truncated or damaged)",
                              where, path, elements, bytes, stored));
    return;
  }
  hsize_t file_size = 0;
  handle file(H5Iget_file_id(dataset), H5Fclose, "file of " + path);
  H5Fget_filesize(file, &file_size);
  if (bytes / 1100 > file_size)
    throw error(fmt::format("{}: dataset '{}' declares {} elements, more than its {}-byte file can hold", where, path, elements, file_size));
}

}  // namespace

handle create_group(hid_t parent, const std::string& name) {
  handle props(H5Pcreate(H5P_GROUP_CREATE), H5Pclose, "group properties");
  check(H5Pset_link_creation_order(props, H5P_CRT_ORDER_TRACKED | H5P_CRT_ORDER_INDEXED), "creation order");
  check(H5Pset_link_phase_change(props, compact_limit, compact_limit - 1), "compact links");
  check(H5Pset_attr_phase_change(props, compact_limit, compact_limit - 1), "compact attributes");
  return handle(H5Gcreate2(parent, name.c_str(), H5P_DEFAULT, props, H5P_DEFAULT), H5Gclose, "create group " + name);
}

bool exists(hid_t parent, const std::string& name) {
  quiet_errors quiet;
  return H5Lexists(parent, name.c_str(), H5P_DEFAULT) > 0;
}

handle open_group(hid_t parent, const std::string& name, const std::string& file) {
  if (!exists(parent, name))
    throw error(fmt::format("{}: group '{}/{}' is missing", file, object_name(parent) == "/" ? "" : object_name(parent), name));
  const hid_t id = H5Gopen2(parent, name.c_str(), H5P_DEFAULT);
  if (id < 0)
    throw error(fmt::format("{}: group '{}/{}' cannot be opened (damaged header)", file, object_name(parent) == "/" ? "" : object_name(parent), name));
  return handle(id, H5Gclose, "open group " + name);
}

template <class T> void write_vector(hid_t parent, const std::string& name, const std::vector<T>& data) {
  const hsize_t size = data.size(), unlimited = H5S_UNLIMITED;
  const hsize_t chunk = std::clamp<hsize_t>(size, 1, hsize_t{1} << 20);
  handle space(H5Screate_simple(1, &size, &unlimited), H5Sclose, "dataspace");
  handle props(H5Pcreate(H5P_DATASET_CREATE), H5Pclose, "dataset properties");
  check(H5Pset_chunk(props, 1, &chunk), "chunking");
  check(H5Pset_fletcher32(props), "checksum filter");
  handle ds(H5Dcreate2(parent, name.c_str(), file_type<T>(), space, H5P_DEFAULT, props, H5P_DEFAULT), H5Dclose,
            "create dataset " + name);
  if (size > 0) check(H5Dwrite(ds, native_type<T>(), H5S_ALL, H5S_ALL, H5P_DEFAULT, data.data()), "write " + name);
}

namespace {

// Reads a dataset of type T and `rank` dimensions into `out`; its dimensions go to `dims`.
// expected_size >= 0: the element count it must have, checked before anything is read.
template <class T>
void read_dataset(hid_t parent, const std::string& name, int rank, const std::string& where, std::vector<T>& out,
                  hsize_t* dims, int64_t expected_size) {
  const std::string path = fmt::format("{}/{}", object_name(parent), name);
  if (!exists(parent, name)) throw error(fmt::format("{}: dataset '{}' is missing", where, path));
  quiet_errors quiet;
  const hid_t id = H5Dopen2(parent, name.c_str(), H5P_DEFAULT);
  if (id < 0) throw error(fmt::format("{}: dataset '{}' cannot be opened (damaged header)", where, path));
  handle ds(id, H5Dclose, "open " + path);
  handle type(H5Dget_type(ds), H5Tclose, "type of " + path);
  if (H5Tequal(type, file_type<T>()) <= 0)
    throw error(fmt::format("{}: dataset '{}' has type {}, expected {}", where, path, type_name(type), type_name(file_type<T>())));
  handle space(H5Dget_space(ds), H5Sclose, "space of " + path);
  if (H5Sget_simple_extent_ndims(space) != rank)
    throw error(fmt::format("{}: dataset '{}' is not {}", where, path, rank == 1 ? "one-dimensional" : "a table (two-dimensional)"));
  H5Sget_simple_extent_dims(space, dims, nullptr);
  hsize_t size = 1;
  for (int d = 0; d < rank; ++d) {
    if (dims[d] != 0 && size > (uint64_t{1} << 62) / dims[d])
      throw error(fmt::format("{}: dataset '{}' declares more elements than any machine holds", where, path));
    size *= dims[d];
  }
  if (expected_size >= 0 && size != static_cast<hsize_t>(expected_size))
    throw error(fmt::format("{}: dataset '{}' has {} elements, expected {}", where, path, size, expected_size));
  require_stored(ds, size, sizeof(T), where, path);
  if (out.size() != size) out.resize(size);
  if (size > 0 && H5Dread(ds, native_type<T>(), H5S_ALL, H5S_ALL, H5P_DEFAULT, out.data()) < 0)
    throw error(fmt::format("{}: dataset '{}' cannot be read (corrupted data: checksum or decompression failed)", where, path));
}

}  // namespace

template <class T>
void read_vector_into(hid_t parent, const std::string& name, int64_t expected_size, const std::string& where,
                      std::vector<T>& out) {
  hsize_t size = 0;
  read_dataset(parent, name, 1, where, out, &size, expected_size);
}

template <class T>
std::vector<T> read_table(hid_t parent, const std::string& name, const std::string& where, uint64_t& columns) {
  hsize_t dims[2] = {0, 0};
  std::vector<T> out;
  read_dataset(parent, name, 2, where, out, dims, -1);
  columns = dims[1];
  return out;
}

template <class T>
std::vector<T> read_vector(hid_t parent, const std::string& name, int64_t expected_size, const std::string& where) {
  std::vector<T> out;
  read_vector_into(parent, name, expected_size, where, out);
  return out;
}

int64_t dataset_length(hid_t parent, const std::string& name) {
  if (!exists(parent, name)) return -1;
  quiet_errors quiet;
  const hid_t ds = H5Dopen2(parent, name.c_str(), H5P_DEFAULT);
  if (ds < 0) return -1;
  handle dataset(ds, H5Dclose, "open " + name);
  handle space(H5Dget_space(dataset), H5Sclose, "space of " + name);
  if (H5Sget_simple_extent_ndims(space) != 1) return -1;
  hsize_t size = 0;
  H5Sget_simple_extent_dims(space, &size, nullptr);
  handle type(H5Dget_type(dataset), H5Tclose, "type of " + name);
  try {
    require_stored(dataset, size, std::max<size_t>(H5Tget_size(type), 1), "", name);
  } catch (const error&) {
    return -1;
  }
  return static_cast<int64_t>(size);
}

template <class T> handle create_row_dataset(hid_t parent, const std::string& name, hsize_t cols, bool compress) {
  const hsize_t dims[2] = {0, cols}, max_dims[2] = {H5S_UNLIMITED, cols};
  // Chunks of about 1 MiB: a few rows of a wide matrix, many rows of a narrow one.
  const hsize_t row_bytes = std::max<hsize_t>(cols * sizeof(T), 1);
  const hsize_t chunk[2] = {std::clamp<hsize_t>((hsize_t{1} << 20) / row_bytes, 1, 4096), std::max<hsize_t>(cols, 1)};
  handle space(H5Screate_simple(2, dims, max_dims), H5Sclose, "dataspace");
  handle props(H5Pcreate(H5P_DATASET_CREATE), H5Pclose, "dataset properties");
  check(H5Pset_chunk(props, 2, chunk), "chunking");
  if (compress) {
    check(H5Pset_shuffle(props), "shuffle");
    check(H5Pset_deflate(props, 1), "deflate");
  }
  return handle(H5Dcreate2(parent, name.c_str(), file_type<T>(), space, H5P_DEFAULT, props, H5P_DEFAULT), H5Dclose,
                "create dataset " + name);
}

template <class T> void append_rows(hid_t dataset, const T* data, hsize_t rows, hsize_t cols) {
  if (rows == 0 || cols == 0) return;
  handle space(H5Dget_space(dataset), H5Sclose, "dataset space");
  hsize_t dims[2] = {0, 0};
  H5Sget_simple_extent_dims(space, dims, nullptr);
  const hsize_t new_dims[2] = {dims[0] + rows, cols};
  check(H5Dset_extent(dataset, new_dims), "extend dataset");
  handle file_space(H5Dget_space(dataset), H5Sclose, "dataset space");
  const hsize_t start[2] = {dims[0], 0}, count[2] = {rows, cols};
  check(H5Sselect_hyperslab(file_space, H5S_SELECT_SET, start, nullptr, count, nullptr), "select rows");
  handle mem_space(H5Screate_simple(2, count, nullptr), H5Sclose, "memory space");
  check(H5Dwrite(dataset, native_type<T>(), mem_space, file_space, H5P_DEFAULT, data), "append rows");
}

template <class T> void write_attribute(hid_t obj, const std::string& name, const T& value) {
  handle space(H5Screate(H5S_SCALAR), H5Sclose, "scalar space");
  handle attr(H5Acreate2(obj, name.c_str(), file_type<T>(), space, H5P_DEFAULT, H5P_DEFAULT), H5Aclose, "attribute " + name);
  check(H5Awrite(attr, native_type<T>(), &value), "write attribute " + name);
}

void write_attribute(hid_t obj, const std::string& name, const char* value) {
  handle type(H5Tcopy(H5T_C_S1), H5Tclose, "string type");
  check(H5Tset_size(type, H5T_VARIABLE), "string size");
  check(H5Tset_cset(type, H5T_CSET_UTF8), "string charset");
  handle space(H5Screate(H5S_SCALAR), H5Sclose, "scalar space");
  handle attr(H5Acreate2(obj, name.c_str(), type, space, H5P_DEFAULT, H5P_DEFAULT), H5Aclose, "attribute " + name);
  check(H5Awrite(attr, type, &value), "write attribute " + name);
}

void write_attribute(hid_t obj, const std::string& name, const std::string& value) {
  write_attribute(obj, name, value.c_str());
}

void write_fixed_string_attribute(hid_t obj, const std::string& name, const std::string& value) {
  handle type(H5Tcopy(H5T_C_S1), H5Tclose, "string type");
  check(H5Tset_size(type, std::max<size_t>(value.size(), 1)), "string size");
  check(H5Tset_strpad(type, H5T_STR_NULLPAD), "string padding");
  check(H5Tset_cset(type, H5T_CSET_UTF8), "string charset");
  handle space(H5Screate(H5S_SCALAR), H5Sclose, "scalar space");
  handle attr(H5Acreate2(obj, name.c_str(), type, space, H5P_DEFAULT, H5P_DEFAULT), H5Aclose, "attribute " + name);
  std::string padded = value;
  padded.resize(std::max<size_t>(value.size(), 1), '\0');
  check(H5Awrite(attr, type, padded.data()), "write attribute " + name);
}

bool has_attribute(hid_t obj, const std::string& name) {
  quiet_errors quiet;
  return H5Aexists(obj, name.c_str()) > 0;
}

namespace {

// Opens attribute `name` of `obj` and requires one value (a scalar dataspace): an array in its
// place would overflow the single value it is read into.
handle open_scalar_attribute(hid_t obj, const std::string& name, const std::string& where) {
  if (!has_attribute(obj, name))
    throw error(fmt::format("{}: attribute '{}' of '{}' is missing", where, name, object_name(obj)));
  quiet_errors quiet;
  handle attr(H5Aopen(obj, name.c_str(), H5P_DEFAULT), H5Aclose, "open attribute " + name);
  handle space(H5Aget_space(attr), H5Sclose, "attribute space");
  if (H5Sget_simple_extent_type(space) != H5S_SCALAR)
    throw error(fmt::format("{}: attribute '{}' of '{}' holds {} values, expected one", where, name, object_name(obj),
                            std::max<hssize_t>(H5Sget_simple_extent_npoints(space), 0)));
  return attr;
}

}  // namespace

template <class T> T read_attribute(hid_t obj, const std::string& name, const std::string& where) {
  handle attr = open_scalar_attribute(obj, name, where);
  quiet_errors quiet;
  handle type(H5Aget_type(attr), H5Tclose, "attribute type");
  if (H5Tequal(type, file_type<T>()) <= 0)
    throw error(fmt::format("{}: attribute '{}' of '{}' has type {}, expected {}", where, name, object_name(obj), type_name(type),
                            type_name(file_type<T>())));
  T value{};
  if (H5Aread(attr, native_type<T>(), &value) < 0)
    throw error(fmt::format("{}: attribute '{}' of '{}' cannot be read", where, name, object_name(obj)));
  return value;
}

std::string read_string_attribute(hid_t obj, const std::string& name, const std::string& where) {
  constexpr size_t max_length = 1 << 16;  // names and versions: a longer one is damage or forgery
  handle attr = open_scalar_attribute(obj, name, where);
  quiet_errors quiet;
  handle type(H5Aget_type(attr), H5Tclose, "attribute type");
  const std::string what = fmt::format("{}: attribute '{}' of '{}'", where, name, object_name(obj));
  if (H5Tget_class(type) != H5T_STRING) throw error(what + " is not a string");
  if (H5Tis_variable_str(type) > 0) {
    check_vlen_string_attribute(attr, what, max_length);
    char* text = nullptr;
    if (H5Aread(attr, type, &text) < 0 || !text) throw error(what + " cannot be read");
    std::string out(text);
    H5free_memory(text);
    return out;
  }
  const size_t size = H5Tget_size(type);
  if (size == 0 || size > max_length) throw error(fmt::format("{} is {} bytes long, at most {} expected", what, size, max_length));
  std::string out(size, '\0');
  if (H5Aread(attr, type, out.data()) < 0) throw error(what + " cannot be read");
  out.resize(out.find('\0') == std::string::npos ? out.size() : out.find('\0'));
  return out;
}

std::vector<std::string> attribute_names(hid_t obj, const std::string& where) {
  quiet_errors quiet;
  const int count = H5Aget_num_attrs(obj);
  if (count < 0) throw error(fmt::format("{}: the attributes of '{}' cannot be listed", where, object_name(obj)));
  std::vector<std::string> names;
  for (hsize_t i = 0; i < static_cast<hsize_t>(count); ++i) {
    const ssize_t len = H5Aget_name_by_idx(obj, ".", H5_INDEX_NAME, H5_ITER_INC, i, nullptr, 0, H5P_DEFAULT);
    if (len < 0 || len > 4096) throw error(fmt::format("{}: an attribute name of '{}' cannot be read", where, object_name(obj)));
    std::string name(static_cast<size_t>(len) + 1, '\0');
    H5Aget_name_by_idx(obj, ".", H5_INDEX_NAME, H5_ITER_INC, i, name.data(), name.size(), H5P_DEFAULT);
    name.resize(static_cast<size_t>(len));
    names.push_back(name);
  }
  return names;
}

std::vector<std::string> member_names(hid_t group) {
  H5G_info_t info;
  check(H5Gget_info(group, &info), "group info");
  std::vector<std::string> names;
  H5_index_t index = H5_INDEX_CRT_ORDER;
  {
    handle props(H5Gget_create_plist(group), H5Pclose, "group properties");
    unsigned flags = 0;
    H5Pget_link_creation_order(props, &flags);
    if (!(flags & H5P_CRT_ORDER_INDEXED)) index = H5_INDEX_NAME;
  }
  for (hsize_t i = 0; i < info.nlinks; ++i) {
    const ssize_t len = H5Lget_name_by_idx(group, ".", index, H5_ITER_INC, i, nullptr, 0, H5P_DEFAULT);
    if (len < 0) throw error("HDF5: cannot list group members");
    std::string name(static_cast<size_t>(len) + 1, '\0');
    H5Lget_name_by_idx(group, ".", index, H5_ITER_INC, i, name.data(), name.size(), H5P_DEFAULT);
    name.resize(static_cast<size_t>(len));
    names.push_back(name);
  }
  return names;
}

void write_file_atomically(const std::string& path, const std::string& what, const std::function<void(hid_t file)>& fill) {
  const auto folder = std::filesystem::path(path).parent_path();
  if (!folder.empty()) std::filesystem::create_directories(folder);
  const std::string temporary = temporary_path_for(path);
  try {
    quiet_errors quiet;
    handle file(H5Fcreate(temporary.c_str(), H5F_ACC_TRUNC, H5P_DEFAULT, H5P_DEFAULT), H5Fclose,
                fmt::format("create {} '{}'", what, temporary));
    fill(file);
    check(H5Fflush(file, H5F_SCOPE_GLOBAL), "flush " + what);
  } catch (...) {
    std::error_code ignored;
    std::filesystem::remove(temporary, ignored);
    throw;
  }
  commit_file(temporary, path);
}

#define ENGRAM_H5_INSTANTIATE(T)                                                                        \
  template void write_vector<T>(hid_t, const std::string&, const std::vector<T>&);                      \
  template std::vector<T> read_vector<T>(hid_t, const std::string&, int64_t, const std::string&);       \
  template void read_vector_into<T>(hid_t, const std::string&, int64_t, const std::string&, std::vector<T>&); \
  template std::vector<T> read_table<T>(hid_t, const std::string&, const std::string&, uint64_t&);       \
  template void write_attribute<T>(hid_t, const std::string&, const T&);                                \
  template handle create_row_dataset<T>(hid_t, const std::string&, hsize_t, bool);                      \
  template void append_rows<T>(hid_t, const T*, hsize_t, hsize_t);                                      \
  template T read_attribute<T>(hid_t, const std::string&, const std::string&);
ENGRAM_H5_INSTANTIATE(float)
ENGRAM_H5_INSTANTIATE(double)
ENGRAM_H5_INSTANTIATE(int32_t)
ENGRAM_H5_INSTANTIATE(int64_t)
ENGRAM_H5_INSTANTIATE(uint8_t)
ENGRAM_H5_INSTANTIATE(uint32_t)
ENGRAM_H5_INSTANTIATE(uint64_t)
#undef ENGRAM_H5_INSTANTIATE

}  // namespace engram::h5
