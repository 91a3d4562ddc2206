#pragma once
// A seeded corpus of damaged and forged files for the loaders (tests/test_fuzz.cpp): byte flips,
// truncations, flips in HDF5's global heap, and structured mutations made through HDF5 itself
// (an attribute turned into an array or given another type, NaN and extreme values, datasets of
// another rank, type or length, sizes declared but not stored, deleted objects). Structured
// mutations walk whatever the base files hold, so arrays added to snapshots later are covered
// without a change here; the cases are listed on top, by name. The edits through HDF5 are
// in tests/fuzz_hdf5.hpp, the bit-for-bit comparison of states in tests/fuzz_compare.cpp.
#include <cstdint>
#include <string>
#include <vector>

#include "engine/state.hpp"

namespace engram::fuzz {

enum class expect : uint8_t {
  error,               // an invalid file: loading must fail with a clean one-line error
  error_or_identical,  // loading may succeed only with the base's state, bit for bit
  error_or_success,    // anything but a crash, a hang or an unclean error (the value may be valid)
};
const char* expect_name(expect e);

struct mutant {
  std::string name;  // what was done, for messages
  std::string path;
  std::string base;  // the file it was made from
  expect expectation = expect::error;
  bool snapshot = true;  // false: a run file (inspect only)
};

struct bases {
  std::vector<std::string> snapshots;  // plastic (STDP), every neuron and input kind, every rule
  std::string legacy;                  // the plastic one with variable-length strings (global heap)
  std::string run_file;                // spikes, weights, probes, metrics
};
// Writes the base files into `dir`.
bases write_bases(const std::string& dir);

struct corpus_options {
  uint64_t seed = 1;
  size_t byte_flips = 60, truncations = 10, heap_flips = 24, generic = 140, run_file = 24;
  std::string dir;  // where the mutants go
};
std::vector<mutant> make_corpus(const bases& b, const corpus_options& o);

// First difference between two states ("" when identical, bit for bit).
std::string state_difference(const network_state& a, const network_state& b);

}  // namespace engram::fuzz
