// The index lookups that replace stored indexes for plastic synapses, against std:: searches.
#include <algorithm>
#include <random>
#include <vector>

#include "kernels/common/synapse_lookup.hpp"
#include "tests/catch.hpp"

using namespace engram;

TEST_CASE("row_of_synapse finds each synapse's row, empty rows included", "[plasticity][lookup]") {
  std::mt19937 rng(3);
  for (int trial = 0; trial < 50; ++trial) {
    const uint32_t rows = 1 + rng() % 300;
    std::vector<uint64_t> row_ptr(rows + 1, 0);
    for (uint32_t r = 0; r < rows; ++r) row_ptr[r + 1] = row_ptr[r] + (rng() % 4 == 0 ? 0 : rng() % 40);
    uint32_t hint = 0;  // walked ascending, as along a column
    for (uint64_t e = 0; e < row_ptr.back(); e += 1 + rng() % 7) {
      const uint32_t expected = static_cast<uint32_t>(std::upper_bound(row_ptr.begin(), row_ptr.end(), e) - row_ptr.begin() - 1);
      REQUIRE(row_of_synapse(row_ptr.data(), rows, e, 0) == expected);
      hint = row_of_synapse(row_ptr.data(), rows, e, hint);
      REQUIRE(hint == expected);
    }
  }
  CHECK(row_of_synapse_uniform(799, 100) == 7);
  CHECK(row_of_synapse_uniform(800, 100) == 8);
}

TEST_CASE("first_with_delay matches lower_bound on even, skewed and gapped rows", "[plasticity][lookup]") {
  std::mt19937 rng(5);
  for (int trial = 0; trial < 300; ++trial) {
    const size_t n = rng() % 120;
    std::vector<uint8_t> delay(n);
    const int kind = trial % 3;
    for (size_t k = 0; k < n; ++k)
      delay[k] = static_cast<uint8_t>(kind == 0 ? 1 + k * 20 / std::max<size_t>(n, 1)          // even spread
                                      : kind == 1 ? 1 + (rng() % 100 < 90 ? 0 : rng() % 40)  // skewed
                                                  : 1 + 3 * (rng() % 15));                   // gaps
    std::sort(delay.begin(), delay.end());
    // Packed words sorted by (delay, target), as STDP rows are; targets fill the low bits.
    const synapse_code code = synapse_code::per_synapse(target_bits_for(64));
    std::vector<uint32_t> packed(n);
    for (size_t k = 0; k < n; ++k) packed[k] = code.word(rng() % 5000, delay[k]);
    std::sort(packed.begin(), packed.end());
    for (uint32_t d = 0; d <= 50; ++d) {
      const uint64_t expected = static_cast<uint64_t>(std::lower_bound(delay.begin(), delay.end(), d) - delay.begin());
      REQUIRE(first_with_delay(packed.data(), code, 0, n, d) == expected);
    }
  }
}
