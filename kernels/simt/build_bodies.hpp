#pragma once
// What one thread of each connectivity-builder kernel does, given its position in the launch
// (thread_position.hpp), over the row walkers of kernels/common/connectivity.hpp, the code the CPU
// builder runs. A row walk is sequential by construction (geometric skips, rejection sampling),
// so a walked row is one thread; dense rows and the value pass use a warp per row.
#include <cstdint>

#include "engine/hd.hpp"
#include "kernels/simt/build_rules.hpp"
#include "kernels/simt/thread_position.hpp"

namespace engram::cuda {

ENGRAM_HD uint64_t dense_row_length(const row_rule& r, uint32_t i) {
  return r.n_post - ((r.skip_self && i < r.n_post) ? 1u : 0u);
}

// row_ptr[i + 1] = length of row i, one row per iteration.
ENGRAM_HD void count_rows_thread(const row_rule& r, uint64_t* row_ptr, thread_position t) {
  for (uint64_t row = t.index; row < r.n_pre; row += t.count) {
    const uint32_t i = static_cast<uint32_t>(row);
    uint64_t length = 0;
    switch (r.method) {
      case row_method::empty: break;
      case row_method::dense: length = dense_row_length(r, i); break;
      case row_method::one_to_one: length = 1; break;
      case row_method::outdegree: length = r.degree; break;
      case row_method::probability:
        connect::fixed_probability_row(r.seed, r.ordinal, i, r.n_post, r.log_q, [&](uint32_t j) {
          if (!(r.skip_self && j == i)) ++length;
        });
        break;
      case row_method::sheet:
        connect::gaussian_distance_row(r.seed, r.ordinal, i, r.n_post, r.sheet, [&](uint32_t j) {
          if (!(r.skip_self && j == i)) ++length;
        });
        break;
    }
    row_ptr[i + 1] = length;
  }
}

// Dense and one-to-one rows, a warp per row: position k holds post k (k + 1 past the diagonal).
ENGRAM_HD void fill_dense_rows_thread(const row_rule& r, const uint64_t* row_ptr, uint32_t* target, thread_position t) {
  const uint32_t lane = t.lane();
  for (uint64_t row = t.warp(); row < r.n_pre; row += t.warps()) {
    const uint32_t i = static_cast<uint32_t>(row);
    uint32_t* out = target + row_ptr[i];
    if (r.method == row_method::one_to_one) {
      if (lane == 0) out[0] = i;
      continue;
    }
    const uint64_t m = dense_row_length(r, i);
    for (uint64_t k = lane; k < m; k += 32) out[k] = static_cast<uint32_t>((r.skip_self && k >= i) ? k + 1 : k);
  }
}

// Fixed-probability, distance-dependent and fixed out-degree rows, a thread per row.
ENGRAM_HD void fill_walked_rows_thread(const row_rule& r, const uint64_t* row_ptr, uint32_t* target, thread_position t) {
  for (uint64_t row = t.index; row < r.n_pre; row += t.count) {
    const uint32_t i = static_cast<uint32_t>(row);
    uint32_t* out = target + row_ptr[i];
    if (r.method == row_method::probability) {
      uint64_t k = 0;
      connect::fixed_probability_row(r.seed, r.ordinal, i, r.n_post, r.log_q, [&](uint32_t j) {
        if (!(r.skip_self && j == i)) out[k++] = j;
      });
      continue;
    }
    if (r.method == row_method::sheet) {
      uint64_t k = 0;
      connect::gaussian_distance_row(r.seed, r.ordinal, i, r.n_post, r.sheet, [&](uint32_t j) {
        if (!(r.skip_self && j == i)) out[k++] = j;
      });
      continue;
    }
    // outdegree: draw order, then ascending like the CPU's std::sort (the values are distinct).
    connect::distinct_sample(r.seed, r.ordinal, i, r.n_post, r.degree, r.skip_self ? i : r.n_post, out);
    for (uint32_t a = 1; a < r.degree; ++a) {
      const uint32_t x = out[a];
      uint32_t b = a;
      for (; b > 0 && out[b - 1] > x; --b) out[b] = out[b - 1];
      out[b] = x;
    }
  }
}

// fixed_indegree, a thread per column: its sources, column-major pairs, and row counts.
ENGRAM_HD void sample_columns_thread(const column_rule& r, uint32_t* sources, uint32_t* posts, uint64_t* row_ptr,
                                     thread_position t) {
  for (uint64_t column = t.index; column < r.n_post; column += t.count) {
    const uint32_t j = static_cast<uint32_t>(column);
    uint32_t* chosen = sources + column * r.degree;
    connect::distinct_sample(r.seed, r.ordinal, j, r.n_pre, r.degree, r.skip_self ? j : r.n_pre, chosen);
    for (uint32_t s = 0; s < r.degree; ++s) {
      posts[column * r.degree + s] = j;
      add_shared(row_ptr + 1 + chosen[s], uint64_t{1});
    }
  }
}

// fixed_total_number, a thread per synapse: its pair, and its row's count.
ENGRAM_HD void sample_pairs_thread(const pair_rule& r, uint32_t* sources, uint32_t* posts, uint64_t* row_ptr,
                                   thread_position t) {
  for (uint64_t s = t.index; s < r.total; s += t.count) {
    connect::total_number_pair(r.seed, r.ordinal, static_cast<uint32_t>(s), r.n_pre, r.n_post, r.skip_self, sources[s],
                               posts[s]);
    add_shared(row_ptr + 1 + sources[s], uint64_t{1});
  }
}

// Weights and synapse words (local target, delay), a warp per row. Same expressions as
// kernels/cpu/build_synapses.cpp: float(sign * w), uint8(delay).
ENGRAM_HD void synapse_values_thread(const value_job& job, thread_position t) {
  const uint32_t lane = t.lane();
  for (uint64_t row = t.warp(); row < job.n_pre; row += t.warps()) {
    const uint32_t i = static_cast<uint32_t>(row);
    const uint64_t begin = job.row_ptr[i], m = job.row_ptr[i + 1] - begin;
    for (uint64_t k = lane; k < m; k += 32) {
      const uint64_t s = begin + k;
      const uint32_t j = job.packed[s];
      // Neighbours may already hold finished words: the code's mask reads their targets either way.
      const uint32_t copy = job.multapses ? connect::multapse_copy(job.packed + begin, k, job.code.mask) : 0;
      const double w = job.given_weight ? static_cast<double>(job.given_weight[s])
                                        : connect::weight_value(job.weight, job.seed, job.ordinal, i, j, k, m, copy);
      job.weight_out[s] = static_cast<float>(job.sign * w);
      uint8_t d = 0;
      if (job.code.per_synapse_delays())
        d = job.given_delay ? job.given_delay[s]
                            : static_cast<uint8_t>(connect::delay_value(job.delay, job.seed, job.ordinal, i, j, k, m, copy));
      job.packed[s] = job.code.word(j, d);
    }
  }
}

}  // namespace engram::cuda
