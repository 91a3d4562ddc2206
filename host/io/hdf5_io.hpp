#pragma once
// Typed reading and writing of attributes and 1-D datasets, with the checks a loader needs:
// every read names the object, its expected type and shape in the error it throws.
#include <cstdint>
#include <functional>
#include <string>
#include <vector>

#include "host/io/hdf5_handle.hpp"

namespace engram::h5 {

template <class T> hid_t native_type();  // float, double, int32_t, int64_t, uint8_t, uint32_t, uint64_t
template <class T> hid_t file_type();    // the little-endian type written to files

handle create_group(hid_t parent, const std::string& name);
handle open_group(hid_t parent, const std::string& name, const std::string& file);
bool exists(hid_t parent, const std::string& name);

// Chunked, Fletcher-32 checksummed datasets: a flipped byte is caught when read.
template <class T> void write_vector(hid_t parent, const std::string& name, const std::vector<T>& data);
// Reads a 1-D dataset of exactly type T; expected_size < 0 accepts any length. A length that the
// file's stored bytes do not back is refused before anything is allocated.
template <class T> std::vector<T> read_vector(hid_t parent, const std::string& name, int64_t expected_size,
                                              const std::string& where);
// The same into `out`, resized only if its length differs (a caller may hand in memory it
// allocated, and so faulted in, ahead of time).
template <class T> void read_vector_into(hid_t parent, const std::string& name, int64_t expected_size,
                                         const std::string& where, std::vector<T>& out);
// A [rows x columns] dataset (a stream's table) row by row; `columns` receives its width.
template <class T> std::vector<T> read_table(hid_t parent, const std::string& name, const std::string& where, uint64_t& columns);
// Length of a 1-D dataset, or -1 when it is missing, not 1-D or not backed by stored bytes
// (read_vector then says which).
int64_t dataset_length(hid_t parent, const std::string& name);

// Growing [rows x cols] datasets for streams: created empty, extended by whole rows.
template <class T> handle create_row_dataset(hid_t parent, const std::string& name, hsize_t cols, bool compress);
template <class T> void append_rows(hid_t dataset, const T* data, hsize_t rows, hsize_t cols);

template <class T> void write_attribute(hid_t obj, const std::string& name, const T& value);
void write_attribute(hid_t obj, const std::string& name, const std::string& value);
void write_attribute(hid_t obj, const std::string& name, const char* value);
// A fixed-length string: its bytes live in the checksummed object header (snapshots use these;
// variable-length ones, for SONATA readers, go to HDF5's unchecked global heap).
void write_fixed_string_attribute(hid_t obj, const std::string& name, const std::string& value);
// Reads a scalar attribute of exactly type T (an int64 `step` is not read as a uint64).
template <class T> T read_attribute(hid_t obj, const std::string& name, const std::string& where);
// Fixed or variable length; a variable-length one is bounds-checked in the global heap first.
std::string read_string_attribute(hid_t obj, const std::string& name, const std::string& where);
std::vector<std::string> attribute_names(hid_t obj, const std::string& where);
bool has_attribute(hid_t obj, const std::string& name);

// Creates the HDF5 file `path` atomically (atomic_file.hpp): `fill` writes into a temporary file,
// which replaces `path` only when complete; on any error the temporary is removed. `what` names
// the file in errors.
void write_file_atomically(const std::string& path, const std::string& what, const std::function<void(hid_t file)>& fill);

// Names of a group's members in creation order.
std::vector<std::string> member_names(hid_t group);

}  // namespace engram::h5
