#pragma once
// Index lookups in a CSR synapse table that plasticity needs and the compact layout does not
// store: the row of a synapse (for the transposed index, which holds synapse ids only) and the
// segment of a row with one delay (STDP rows are sorted by delay, then target). Binary searches,
// identical on every backend.
#include <cstdint>

#include "engine/hd.hpp"
#include "engine/synapse_code.hpp"

namespace engram {

// Rows of one length L (fixed out-degree) skip the search: row = e / L (ids are 32-bit).
ENGRAM_HD uint32_t row_of_synapse_uniform(uint32_t e, uint32_t row_length) { return e / row_length; }

// The row r with row_ptr[r] <= e < row_ptr[r + 1], searching rows [first, rows): callers walking
// ascending synapse ids pass the previous answer as `first`. Gallops from `first` (the next
// synapse of a column is usually a few rows on), then bisects.
ENGRAM_HD uint32_t row_of_synapse(const uint64_t* row_ptr, uint32_t rows, uint64_t e, uint32_t first) {
  uint32_t lo = first, hi = first + 1, stride = 1;  // invariant: row_ptr[lo] <= e
  while (hi < rows && row_ptr[hi] <= e) {
    lo = hi;
    stride *= 2;
    hi = rows - lo > stride ? lo + stride : rows;
  }
  // now row_ptr[lo] <= e < row_ptr[hi] (row_ptr[rows] is the total, above any id)
  while (hi - lo > 1) {
    const uint32_t mid = lo + (hi - lo) / 2;
    if (row_ptr[mid] <= e) lo = mid;
    else hi = mid;
  }
  return lo;
}

// First position in [begin, end) whose delay is >= d, in a row sorted by packed word, i.e. by
// (delay, target) (engine/synapse_code.hpp; the code has per-synapse delays). Delays are usually
// spread evenly over [lo, hi] (the row's first and last), so the search starts where d would sit
// under an even spread and walks a few steps; a skewed row falls back to bisection.
ENGRAM_HD uint64_t first_with_delay(const uint32_t* packed, synapse_code code, uint64_t begin, uint64_t end, uint32_t d) {
  auto delay = [&](uint64_t e) { return code.delay(packed[e]); };
  if (begin == end || delay(begin) >= d) return begin;
  const uint32_t lo = delay(begin), hi = delay(end - 1);
  if (hi < d) return end;
  // invariant from here: delay(begin) < d <= delay(end - 1)
  uint64_t at = begin + (end - begin) * (d - lo) / (hi - lo + 1);
  for (int probe = 0; probe < 4; ++probe) {
    if (delay(at) < d) {
      if (at + 1 < end && delay(at + 1) >= d) return at + 1;
      ++at;
    } else {
      if (delay(at - 1) < d) return at;  // at > begin since delay(begin) < d
      --at;
    }
  }
  while (begin < end) {
    const uint64_t mid = begin + (end - begin) / 2;
    if (delay(mid) < d) begin = mid + 1;
    else end = mid;
  }
  return begin;
}

}  // namespace engram
