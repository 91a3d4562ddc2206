#pragma once
// HDF5 surgery for the fuzz corpus (tests/fuzz_corpus.hpp): what a file holds, found by walking
// it, and the edits a mutation makes through HDF5 itself (its checksums recomputed: forged files,
// not damaged ones).
#include <hdf5.h>

#include <cstdint>
#include <string>
#include <vector>

#include "host/io/hdf5_handle.hpp"

namespace engram::fuzz {

// Every attribute of every object, by walking the file: new arrays are mutated without a change here.
struct attribute {
  std::string object, name;
  H5T_class_t kind;
  size_t size;
  bool is_signed, variable;
};
struct dataset {
  std::string path;
  H5T_class_t kind;
  size_t size;
  hsize_t length;  // first dimension
  int rank;
};
struct layout {
  std::vector<std::string> groups;  // "/" first
  std::vector<dataset> datasets;
  std::vector<attribute> attributes;
};
layout layout_of(const std::string& path);

// Rewrites every fixed-length string attribute as a variable-length one, as Engram wrote them
// before: the strings then live in the global heap.
void to_variable_length_strings(const std::string& path);

// Raw little-endian bytes of an integer of `size` bytes: the kinds of value that break loaders
// (`which`: 0, 1, -1 or the unsigned maximum, the maximum, the signed minimum or the top bit alone).
std::string integer_bytes(size_t size, bool is_signed, int which);
// `x` as a float of `size` bytes (4 or 8).
std::string float_bytes(size_t size, double x);
// The little-endian file type of a class, size and sign.
hid_t file_type_of(H5T_class_t kind, size_t size, bool is_signed);

// The object (group or dataset) at `path`, and attribute `name` of an object.
h5::handle open_object(hid_t file, const std::string& path);
h5::handle open_attribute(hid_t object, const std::string& name);

// Replaces attribute `name` of `object` with one of `type`, `count` values (0: a scalar).
void put_attribute(hid_t file, const std::string& object, const std::string& name, hid_t type, hsize_t count, const void* data);
// Overwrites the value of attribute `name` of `object` with raw bytes of its own type.
void set_attribute_bytes(hid_t file, const std::string& object, const std::string& name, const std::string& bytes);
// Writes raw value bytes into element `index` of a 1-D dataset.
void set_element_bytes(hid_t file, const std::string& path, hsize_t index, const std::string& bytes);
// Replaces dataset `path` with an unwritten one of `type` and `dims` (chunked when `chunked`).
void put_dataset(hid_t file, const std::string& path, hid_t type, std::vector<hsize_t> dims, bool chunked);
// Replaces dataset `path` with a written one of the same type and `length` zero elements.
void put_zeros(hid_t file, const std::string& path, hsize_t length);
// Deletes the link `path` (a group, a dataset).
void delete_link(hid_t file, const std::string& path);

// The bytes of a file.
std::string file_bytes(const std::string& path);
// Offsets of global heap collections ("GCOL", version 1) in a file's bytes.
std::vector<size_t> heap_collections(const std::string& data);

}  // namespace engram::fuzz
