#pragma once
// What one thread of each kernel that prepares a plastic projection's synapses does, on the
// device after generating them (kernels/cuda/plastic_tables.cpp) and in the host emulation: the
// same result as prepare_plastic_synapses and build_transposed_index (engine/plasticity_layout.cpp)
// compute on the host, bit for bit. Between these passes the device runs CUB's stable radix sorts
// and scans (the emulation std::stable_sort and std::inclusive_scan).
//   rows by (delay, target): keys (row << 32 | word), one stable sort of the table with its weights
//   delay range: the least and greatest delay of the table
//   transposed index: column counts, a scan into col_ptr, a stable sort of (column, id) pairs by
//   column (ids ascend within a column), and with rows of different lengths the chunk-to-row table
#include <cstdint>

#include "engine/hd.hpp"
#include "engine/plasticity_state.hpp"
#include "engine/synapse_code.hpp"
#include "kernels/simt/thread_position.hpp"

namespace engram::cuda {

// A warp per row: each synapse's sort key, its row above its word.
ENGRAM_HD void row_word_keys_thread(const uint64_t* row_ptr, uint32_t rows, const uint32_t* packed, uint64_t* keys,
                                    thread_position t) {
  for (uint64_t row = t.warp(); row < rows; row += t.warps())
    for (uint64_t e = row_ptr[row] + t.lane(); e < row_ptr[row + 1]; e += 32) keys[e] = row << 32 | packed[e];
}

// After the sort: each synapse's word back from its key.
ENGRAM_HD void words_of_keys_thread(const uint64_t* keys, uint64_t synapses, uint32_t* packed, thread_position t) {
  for (uint64_t e = t.index; e < synapses; e += t.count) packed[e] = static_cast<uint32_t>(keys[e]);
}

// range[0] and range[1] start at the largest and the smallest delay and end at the table's least
// and greatest.
ENGRAM_HD void delay_range_thread(const uint32_t* packed, synapse_code code, uint64_t synapses, uint32_t* range,
                                  thread_position t) {
  for (uint64_t e = t.index; e < synapses; e += t.count) {
    const uint32_t d = code.delay(packed[e]);
    min_shared(range, d);
    max_shared(range + 1, d);
  }
}

// Each synapse's column (its target within the post population) and id, the pairs the sort
// orders by column; col_ptr[column + 1] counts the column's synapses (col_ptr zeroed first).
ENGRAM_HD void column_pairs_thread(const uint32_t* packed, synapse_code code, uint64_t synapses, uint32_t* columns,
                                   uint32_t* ids, uint64_t* col_ptr, thread_position t) {
  for (uint64_t e = t.index; e < synapses; e += t.count) {
    const uint32_t column = code.target(packed[e]);
    columns[e] = column;
    ids[e] = static_cast<uint32_t>(e);
    add_shared(col_ptr + column + 1, uint64_t{1});
  }
}

// Chunk c's row: the row holding synapse c << row_chunk_shift (a bisection of row_ptr).
ENGRAM_HD void chunk_rows_thread(const uint64_t* row_ptr, uint32_t rows, uint64_t chunks, uint32_t* chunk_row,
                                 thread_position t) {
  for (uint64_t c = t.index; c < chunks; c += t.count) {
    const uint64_t e = c << row_chunk_shift;
    uint32_t lo = 0, hi = rows;  // row_ptr[lo] <= e < row_ptr[hi]
    while (hi - lo > 1) {
      const uint32_t mid = lo + (hi - lo) / 2;
      if (row_ptr[mid] <= e) lo = mid;
      else hi = mid;
    }
    chunk_row[c] = lo;
  }
}

}  // namespace engram::cuda
