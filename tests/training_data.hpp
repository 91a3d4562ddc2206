#pragma once
// A small synthetic labelled data set for the training tests (no download needed): 8x8 images
// where class c lights a bar whose position and orientation follow c, with seeded noise; and
// writing it as IDX files where load_dataset finds them.
#include <cstdint>
#include <string>

#include "host/io/idx_reader.hpp"

namespace engram::test {

labelled_dataset synthetic_digits(uint32_t train_count, uint32_t test_count, uint64_t seed, const std::string& name = "mnist");

// root/name/{train,t10k}-{images-idx3,labels-idx1}-ubyte
void write_idx_dataset(const labelled_dataset& data, const std::string& root);

}  // namespace engram::test
