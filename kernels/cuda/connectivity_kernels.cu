// On-device connectivity: count, fill and value passes (thread bodies in build_bodies.hpp).
#include "kernels/simt/build_bodies.hpp"
#include "kernels/cuda/build_kernels.hpp"
#include "kernels/cuda/cuda_check.hpp"

namespace engram::cuda {
namespace {

constexpr uint32_t threads = 256;

uint32_t blocks(uint64_t threads_needed) { return static_cast<uint32_t>((threads_needed + threads - 1) / threads); }

__global__ void count_rows_kernel(row_rule r, uint64_t* row_ptr) { count_rows_thread(r, row_ptr, here()); }
__global__ void fill_dense_rows_kernel(row_rule r, const uint64_t* row_ptr, uint32_t* target) {
  fill_dense_rows_thread(r, row_ptr, target, here());
}
__global__ void fill_walked_rows_kernel(row_rule r, const uint64_t* row_ptr, uint32_t* target) {
  fill_walked_rows_thread(r, row_ptr, target, here());
}
__global__ void sample_columns_kernel(column_rule r, uint32_t* sources, uint32_t* posts, uint64_t* row_ptr) {
  sample_columns_thread(r, sources, posts, row_ptr, here());
}
__global__ void sample_pairs_kernel(pair_rule r, uint32_t* sources, uint32_t* posts, uint64_t* row_ptr) {
  sample_pairs_thread(r, sources, posts, row_ptr, here());
}
__global__ void synapse_values_kernel(value_job job) { synapse_values_thread(job, here()); }

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
    case row_method::sheet:
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

void launch_sample_pairs(const pair_rule& r, uint32_t* sources, uint32_t* posts, uint64_t* row_ptr,
                         cudaStream_t stream) {
  if (r.total == 0) return;
  sample_pairs_kernel<<<blocks(r.total), threads, 0, stream>>>(r, sources, posts, row_ptr);
  ENGRAM_CUDA_CHECK_LAUNCH();
}

void launch_synapse_values(const value_job& job, cudaStream_t stream) {
  if (job.n_pre == 0) return;
  synapse_values_kernel<<<blocks(uint64_t{job.n_pre} * 32), threads, 0, stream>>>(job);
  ENGRAM_CUDA_CHECK_LAUNCH();
}

}  // namespace engram::cuda
