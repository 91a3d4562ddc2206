#include "tests/fuzz_hdf5.hpp"

#include <algorithm>
#include <cstring>
#include <fstream>
#include <iterator>

namespace engram::fuzz {
namespace {

using h5::check;
using h5::handle;

herr_t collect_link(hid_t, const char* name, const H5L_info_t*, void* names) {
  static_cast<std::vector<std::string>*>(names)->push_back(std::string("/") + name);
  return 0;
}

void collect_attributes(hid_t obj, const std::string& path, layout& out) {
  const int count = H5Aget_num_attrs(obj);
  for (int i = 0; i < count; ++i) {
    handle a(H5Aopen_by_idx(obj, ".", H5_INDEX_NAME, H5_ITER_INC, static_cast<hsize_t>(i), H5P_DEFAULT, H5P_DEFAULT), H5Aclose, "attr");
    char name[512] = {};
    H5Aget_name(a, sizeof name, name);
    handle t(H5Aget_type(a), H5Tclose, "type");
    const H5T_class_t kind = H5Tget_class(t);
    out.attributes.push_back({path, name, kind, H5Tget_size(t), kind == H5T_INTEGER && H5Tget_sign(t) == H5T_SGN_2,
                              kind == H5T_STRING && H5Tis_variable_str(t) > 0});
  }
}

}  // namespace

layout layout_of(const std::string& path) {
  handle file(H5Fopen(path.c_str(), H5F_ACC_RDONLY, H5P_DEFAULT), H5Fclose, "open " + path);
  std::vector<std::string> names;
  check(H5Lvisit(file, H5_INDEX_NAME, H5_ITER_INC, collect_link, &names), "visit");
  layout out;
  out.groups.push_back("/");
  collect_attributes(file, "/", out);
  for (const auto& name : names) {
    handle o = open_object(file, name);
    collect_attributes(o, name, out);
    if (H5Iget_type(o) == H5I_GROUP) {
      out.groups.push_back(name);
    } else if (H5Iget_type(o) == H5I_DATASET) {
      handle t(H5Dget_type(o), H5Tclose, "type"), s(H5Dget_space(o), H5Sclose, "space");
      hsize_t dims[H5S_MAX_RANK] = {};
      const int rank = H5Sget_simple_extent_dims(s, dims, nullptr);
      out.datasets.push_back({name, H5Tget_class(t), H5Tget_size(t), rank > 0 ? dims[0] : 1, rank});
    }
  }
  return out;
}

void to_variable_length_strings(const std::string& path) {
  const layout l = layout_of(path);
  handle file(H5Fopen(path.c_str(), H5F_ACC_RDWR, H5P_DEFAULT), H5Fclose, "open");
  for (const auto& a : l.attributes) {
    if (a.kind != H5T_STRING || a.variable) continue;
    handle o = open_object(file, a.object);
    std::string value(a.size, '\0');
    {
      handle attr = open_attribute(o, a.name);
      handle t(H5Aget_type(attr), H5Tclose, "type");
      check(H5Aread(attr, t, value.data()), "read");
    }
    value.resize(std::strlen(value.c_str()));
    check(H5Adelete(o, a.name.c_str()), "delete");
    handle t(H5Tcopy(H5T_C_S1), H5Tclose, "type");
    check(H5Tset_size(t, H5T_VARIABLE), "size");
    handle s(H5Screate(H5S_SCALAR), H5Sclose, "space");
    handle attr(H5Acreate2(o, a.name.c_str(), t, s, H5P_DEFAULT, H5P_DEFAULT), H5Aclose, "create");
    const char* text = value.c_str();
    check(H5Awrite(attr, t, &text), "write");
  }
}

std::string integer_bytes(size_t size, bool is_signed, int which) {
  std::string b(size, '\0');
  switch (which) {
    case 0: break;                                   // 0
    case 1: b[0] = 1; break;                         // 1
    case 2: std::fill(b.begin(), b.end(), '\xff'); break;  // -1, or the unsigned maximum
    case 3:                                          // the maximum
      std::fill(b.begin(), b.end(), '\xff');
      if (is_signed) b.back() = '\x7f';
      break;
    default:                                         // the signed minimum, or the top bit alone
      b.back() = '\x80';
      break;
  }
  return b;
}

std::string float_bytes(size_t size, double x) {
  std::string b(size, '\0');
  if (size == 4) {
    const float f = static_cast<float>(x);
    std::memcpy(b.data(), &f, 4);
  } else {
    std::memcpy(b.data(), &x, 8);
  }
  return b;
}

hid_t file_type_of(H5T_class_t kind, size_t size, bool is_signed) {
  if (kind == H5T_FLOAT) return size == 4 ? H5T_IEEE_F32LE : H5T_IEEE_F64LE;
  switch (size) {
    case 1: return is_signed ? H5T_STD_I8LE : H5T_STD_U8LE;
    case 2: return is_signed ? H5T_STD_I16LE : H5T_STD_U16LE;
    case 4: return is_signed ? H5T_STD_I32LE : H5T_STD_U32LE;
    default: return is_signed ? H5T_STD_I64LE : H5T_STD_U64LE;
  }
}

handle open_object(hid_t file, const std::string& path) {
  return handle(H5Oopen(file, path.c_str(), H5P_DEFAULT), H5Oclose, "open " + path);
}

handle open_attribute(hid_t object, const std::string& name) {
  return handle(H5Aopen(object, name.c_str(), H5P_DEFAULT), H5Aclose, "attribute " + name);
}

void put_attribute(hid_t file, const std::string& object, const std::string& name, hid_t type, hsize_t count, const void* data) {
  handle o = open_object(file, object);
  if (H5Aexists(o, name.c_str()) > 0) check(H5Adelete(o, name.c_str()), "delete attribute");
  handle s(count ? H5Screate_simple(1, &count, nullptr) : H5Screate(H5S_SCALAR), H5Sclose, "space");
  handle a(H5Acreate2(o, name.c_str(), type, s, H5P_DEFAULT, H5P_DEFAULT), H5Aclose, "create attribute");
  check(H5Awrite(a, type, data), "write attribute");
}

void set_attribute_bytes(hid_t file, const std::string& object, const std::string& name, const std::string& bytes) {
  handle o = open_object(file, object);
  handle a = open_attribute(o, name);
  handle t(H5Aget_type(a), H5Tclose, "type");
  check(H5Awrite(a, t, bytes.data()), "write attribute");
}

void set_element_bytes(hid_t file, const std::string& path, hsize_t index, const std::string& bytes) {
  handle ds(H5Dopen2(file, path.c_str(), H5P_DEFAULT), H5Dclose, "open " + path);
  handle t(H5Dget_type(ds), H5Tclose, "type"), space(H5Dget_space(ds), H5Sclose, "space");
  const hsize_t one = 1;
  check(H5Sselect_hyperslab(space, H5S_SELECT_SET, &index, nullptr, &one, nullptr), "select");
  handle mem(H5Screate_simple(1, &one, nullptr), H5Sclose, "mem");
  check(H5Dwrite(ds, t, mem, space, H5P_DEFAULT, bytes.data()), "write element");
}

void put_dataset(hid_t file, const std::string& path, hid_t type, std::vector<hsize_t> dims, bool chunked) {
  delete_link(file, path);
  std::vector<hsize_t> max = dims;
  handle props(H5Pcreate(H5P_DATASET_CREATE), H5Pclose, "props");
  if (chunked) {
    std::fill(max.begin(), max.end(), H5S_UNLIMITED);
    std::vector<hsize_t> chunk(dims.size(), 1);
    chunk[0] = 1024;
    check(H5Pset_chunk(props, static_cast<int>(chunk.size()), chunk.data()), "chunk");
  }
  handle s(H5Screate_simple(static_cast<int>(dims.size()), dims.data(), max.data()), H5Sclose, "space");
  handle ds(H5Dcreate2(file, path.c_str(), type, s, H5P_DEFAULT, props, H5P_DEFAULT), H5Dclose, "create " + path);
}

void put_zeros(hid_t file, const std::string& path, hsize_t length) {
  handle type;
  {
    handle ds(H5Dopen2(file, path.c_str(), H5P_DEFAULT), H5Dclose, "open " + path);
    type = handle(H5Dget_type(ds), H5Tclose, "type");
  }
  delete_link(file, path);
  handle s(H5Screate_simple(1, &length, nullptr), H5Sclose, "space");
  handle ds(H5Dcreate2(file, path.c_str(), type, s, H5P_DEFAULT, H5P_DEFAULT, H5P_DEFAULT), H5Dclose, "create " + path);
  std::vector<char> zeros(length * H5Tget_size(type) + 1, 0);
  if (length) check(H5Dwrite(ds, type, H5S_ALL, H5S_ALL, H5P_DEFAULT, zeros.data()), "write zeros");
}

void delete_link(hid_t file, const std::string& path) { check(H5Ldelete(file, path.c_str(), H5P_DEFAULT), "delete " + path); }

std::string file_bytes(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  return std::string((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
}

std::vector<size_t> heap_collections(const std::string& data) {
  std::vector<size_t> at;
  for (size_t p = data.find("GCOL"); p != std::string::npos; p = data.find("GCOL", p + 1))
    if (p + 5 < data.size() && data[p + 4] == 1) at.push_back(p);
  return at;
}

}  // namespace engram::fuzz
