#pragma once
#include <string>

namespace engram {

// A short human summary of an Engram HDF5 file (snapshot or run file) or, for any other HDF5
// file, its top-level contents. Throws engram::error for a file that is not HDF5.
std::string describe_file(const std::string& path);

}  // namespace engram
