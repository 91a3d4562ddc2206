#pragma once
// HDF5 reading for SONATA files written by other tools (bmtk, h5py, libsonata): integer and
// floating-point columns of any width and sign, each checked (class, rank, length, stored bytes)
// before it is read, with errors that name the file and the dataset.
#include <cstdint>
#include <string>
#include <vector>

#include "host/io/hdf5_handle.hpp"

namespace engram::sonata_h5 {

// Opens a file for reading: a regular file that is HDF5; `what` names it in errors ("nodes file").
h5::handle open_file(const std::string& path, const std::string& what);

// A 1-D integer dataset of non-negative values; expected_length < 0 accepts any length.
std::vector<uint64_t> read_indices(hid_t parent, const std::string& name, int64_t expected_length, const std::string& where);
// A 1-D integer or floating-point dataset as double (finiteness is the caller's to check).
std::vector<double> read_reals(hid_t parent, const std::string& name, int64_t expected_length, const std::string& where);
// Whether `name` under `parent` is a group / a dataset.
bool is_group(hid_t parent, const std::string& name);
bool is_dataset(hid_t parent, const std::string& name);

}  // namespace engram::sonata_h5
