// The passes that prepare a plastic projection's synapses on the device (thread bodies in
// kernels/simt/index_bodies.hpp) and the stable radix sort of a table by (row, word).
#include <cub/device/device_radix_sort.cuh>

#include "kernels/cuda/cuda_check.hpp"
#include "kernels/cuda/index_kernels.hpp"
#include "kernels/simt/index_bodies.hpp"

namespace engram::cuda {
namespace {

constexpr uint32_t threads = 256;
constexpr uint64_t max_blocks = 1 << 16;  // grid-stride loops cover the rest

uint32_t blocks(uint64_t threads_needed) {
  const uint64_t b = (threads_needed + threads - 1) / threads;
  return static_cast<uint32_t>(b < max_blocks ? (b > 0 ? b : 1) : max_blocks);
}

__global__ void row_word_keys_kernel(const uint64_t* row_ptr, uint32_t rows, const uint32_t* packed, uint64_t* keys) {
  row_word_keys_thread(row_ptr, rows, packed, keys, here());
}
__global__ void words_of_keys_kernel(const uint64_t* keys, uint64_t synapses, uint32_t* packed) {
  words_of_keys_thread(keys, synapses, packed, here());
}
__global__ void delay_range_kernel(const uint32_t* packed, synapse_code code, uint64_t synapses, uint32_t* range) {
  delay_range_thread(packed, code, synapses, range, here());
}
__global__ void column_pairs_kernel(const uint32_t* packed, synapse_code code, uint64_t synapses, uint32_t* columns,
                                    uint32_t* ids, uint64_t* col_ptr) {
  column_pairs_thread(packed, code, synapses, columns, ids, col_ptr, here());
}
__global__ void chunk_rows_kernel(const uint64_t* row_ptr, uint32_t rows, uint64_t chunks, uint32_t* chunk_row) {
  chunk_rows_thread(row_ptr, rows, chunks, chunk_row, here());
}

}  // namespace

void launch_row_word_keys(const uint64_t* row_ptr, uint32_t rows, const uint32_t* packed, uint64_t* keys,
                          cudaStream_t stream) {
  if (rows == 0) return;
  row_word_keys_kernel<<<blocks(uint64_t{rows} * 32), threads, 0, stream>>>(row_ptr, rows, packed, keys);
  ENGRAM_CUDA_CHECK_LAUNCH();
}

void launch_words_of_keys(const uint64_t* keys, uint64_t synapses, uint32_t* packed, cudaStream_t stream) {
  if (synapses == 0) return;
  words_of_keys_kernel<<<blocks(synapses), threads, 0, stream>>>(keys, synapses, packed);
  ENGRAM_CUDA_CHECK_LAUNCH();
}

void launch_delay_range(const uint32_t* packed, synapse_code code, uint64_t synapses, uint32_t* range, cudaStream_t stream) {
  if (synapses == 0) return;
  delay_range_kernel<<<blocks(synapses), threads, 0, stream>>>(packed, code, synapses, range);
  ENGRAM_CUDA_CHECK_LAUNCH();
}

void launch_column_pairs(const uint32_t* packed, synapse_code code, uint64_t synapses, uint32_t* columns, uint32_t* ids,
                         uint64_t* col_ptr, cudaStream_t stream) {
  if (synapses == 0) return;
  column_pairs_kernel<<<blocks(synapses), threads, 0, stream>>>(packed, code, synapses, columns, ids, col_ptr);
  ENGRAM_CUDA_CHECK_LAUNCH();
}

void launch_chunk_rows(const uint64_t* row_ptr, uint32_t rows, uint64_t chunks, uint32_t* chunk_row, cudaStream_t stream) {
  if (chunks == 0) return;
  chunk_rows_kernel<<<blocks(chunks), threads, 0, stream>>>(row_ptr, rows, chunks, chunk_row);
  ENGRAM_CUDA_CHECK_LAUNCH();
}

size_t key_sort_temp_bytes(uint64_t items, int end_bit) {
  size_t bytes = 0;
  cub::DoubleBuffer<uint64_t> keys(nullptr, nullptr);
  cub::DoubleBuffer<float> values(nullptr, nullptr);
  ENGRAM_CUDA_CHECK(cub::DeviceRadixSort::SortPairs(nullptr, bytes, keys, values, items, 0, end_bit));
  return bytes;
}

bool launch_key_sort(void* temp, size_t temp_bytes, uint64_t* keys, uint64_t* keys_alt, float* values, float* values_alt,
                     uint64_t items, int end_bit, cudaStream_t stream) {
  cub::DoubleBuffer<uint64_t> k(keys, keys_alt);
  cub::DoubleBuffer<float> v(values, values_alt);
  ENGRAM_CUDA_CHECK(cub::DeviceRadixSort::SortPairs(temp, temp_bytes, k, v, items, 0, end_bit, stream));
  return v.selector != 0;
}

}  // namespace engram::cuda
