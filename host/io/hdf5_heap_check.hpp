#pragma once
// Variable-length strings live in HDF5's global heap, whose collections carry no checksum. A
// flipped byte there (an object's length, its index) makes HDF5 1.10 copy past its buffers and
// crash, so before such a string is read its heap object is located and bounds-checked here,
// from the raw file bytes. Engram writes fixed-length strings in snapshots (no global heap); this
// guards older snapshots and other tools' files.
#include <string>

#include "host/io/hdf5_handle.hpp"

namespace engram::h5 {

// Throws engram::error (prefixed by `what`) unless the scalar variable-length string attribute
// `attr` points at a well-formed global heap object of exactly its length (at most `max_length`).
void check_vlen_string_attribute(hid_t attr, const std::string& what, size_t max_length);

}  // namespace engram::h5
