// On-device connectivity: count, fill and value passes over the row walkers of
// kernels/common/connectivity.hpp. A row walk is sequential by construction (geometric skips,
// rejection sampling), so a row is one thread; value passes and dense rows use a warp per row.
#include "kernels/cuda/build_kernels.hpp"
#include "kernels/cuda/cuda_check.hpp"

namespace engram::cuda {
namespace {

constexpr uint32_t threads = 256;

__device__ uint64_t thread_index() { return static_cast<uint64_t>(blockIdx.x) * blockDim.x + threadIdx.x; }

uint32_t blocks(uint64_t threads_needed) { return static_cast<uint32_t>((threads_needed + threads - 1) / threads); }

__device__ uint64_t dense_row_length(const row_rule& r, uint32_t i) {
  return r.n_post - ((r.skip_self && i < r.n_post) ? 1u : 0u);
}

__global__ void count_rows_kernel(row_rule r, uint64_t* row_ptr) {
  const uint64_t t = thread_index();
  if (t >= r.n_pre) return;
  const uint32_t i = static_cast<uint32_t>(t);
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
  }
  row_ptr[i + 1] = length;
}

// Dense and one-to-one rows: a warp per row, position k holds post k (k + 1 past the diagonal).
__global__ void fill_dense_rows_kernel(row_rule r, const uint64_t* row_ptr, uint32_t* target) {
  const uint64_t row = thread_index() >> 5;
  const uint32_t lane = threadIdx.x & 31u;
  if (row >= r.n_pre) return;
  const uint32_t i = static_cast<uint32_t>(row);
  uint32_t* out = target + row_ptr[i];
  if (r.method == row_method::one_to_one) {
    if (lane == 0) out[0] = i;
    return;
  }
  const uint64_t m = dense_row_length(r, i);
  for (uint64_t k = lane; k < m; k += 32) out[k] = static_cast<uint32_t>((r.skip_self && k >= i) ? k + 1 : k);
}

__global__ void fill_walked_rows_kernel(row_rule r, const uint64_t* row_ptr, uint32_t* target) {
  const uint64_t t = thread_index();
  if (t >= r.n_pre) return;
  const uint32_t i = static_cast<uint32_t>(t);
  uint32_t* out = target + row_ptr[i];
  if (r.method == row_method::probability) {
    uint64_t k = 0;
    connect::fixed_probability_row(r.seed, r.ordinal, i, r.n_post, r.log_q, [&](uint32_t j) {
      if (!(r.skip_self && j == i)) out[k++] = j;
    });
    return;
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

__global__ void sample_columns_kernel(column_rule r, uint32_t* sources, uint32_t* posts, uint64_t* row_ptr) {
  const uint64_t t = thread_index();
  if (t >= r.n_post) return;
  const uint32_t j = static_cast<uint32_t>(t);
  uint32_t* chosen = sources + t * r.degree;
  connect::distinct_sample(r.seed, r.ordinal, j, r.n_pre, r.degree, r.skip_self ? j : r.n_pre, chosen);
  for (uint32_t s = 0; s < r.degree; ++s) {
    posts[t * r.degree + s] = j;
    atomicAdd(reinterpret_cast<unsigned long long*>(row_ptr + 1 + chosen[s]), 1ull);
  }
}

// Same expressions as kernels/cpu/build_synapses.cpp: float(sign * w), uint8(delay).
__global__ void synapse_values_kernel(value_job job) {
  const uint64_t row = thread_index() >> 5;
  const uint32_t lane = threadIdx.x & 31u;
  if (row >= job.n_pre) return;
  const uint32_t i = static_cast<uint32_t>(row);
  const uint64_t begin = job.row_ptr[i], m = job.row_ptr[i + 1] - begin;
  for (uint64_t k = lane; k < m; k += 32) {
    const uint64_t s = begin + k;
    const uint32_t j = job.target[s];
    const double w = job.given_weight ? static_cast<double>(job.given_weight[s])
                                      : connect::weight_value(job.weight, job.seed, job.ordinal, i, j, k, m);
    job.weight_out[s] = static_cast<float>(job.sign * w);
    if (job.delay_out)
      job.delay_out[s] = job.given_delay
                             ? job.given_delay[s]
                             : static_cast<uint8_t>(connect::delay_value(job.delay, job.seed, job.ordinal, i, j, k, m));
    job.target[s] = job.post_first + j;
  }
}

}  // namespace

void launch_count_rows(const row_rule& r, uint64_t* row_ptr, cudaStream_t stream) {
  if (r.n_pre == 0) return;
  count_rows_kernel<<<blocks(r.n_pre), threads, 0, stream>>>(r, row_ptr);
  ENGRAM_CUDA_CHECK_LAUNCH();
}

void launch_fill_rows(const row_rule& r, const uint64_t* row_ptr, uint32_t* target, cudaStream_t stream) {
  if (r.n_pre == 0) return;
  switch (r.method) {
    case row_method::empty: return;
    case row_method::dense:
    case row_method::one_to_one:
      fill_dense_rows_kernel<<<blocks(uint64_t{r.n_pre} * 32), threads, 0, stream>>>(r, row_ptr, target);
      break;
    case row_method::probability:
    case row_method::outdegree:
      fill_walked_rows_kernel<<<blocks(r.n_pre), threads, 0, stream>>>(r, row_ptr, target);
      break;
  }
  ENGRAM_CUDA_CHECK_LAUNCH();
}

void launch_sample_columns(const column_rule& r, uint32_t* sources, uint32_t* posts, uint64_t* row_ptr,
                           cudaStream_t stream) {
  if (r.n_post == 0 || r.degree == 0) return;
  sample_columns_kernel<<<blocks(r.n_post), threads, 0, stream>>>(r, sources, posts, row_ptr);
  ENGRAM_CUDA_CHECK_LAUNCH();
}

void launch_synapse_values(const value_job& job, cudaStream_t stream) {
  if (job.n_pre == 0) return;
  synapse_values_kernel<<<blocks(uint64_t{job.n_pre} * 32), threads, 0, stream>>>(job);
  ENGRAM_CUDA_CHECK_LAUNCH();
}

}  // namespace engram::cuda
