// CUB passes of the connectivity builder: row-length scan and the stable pair sort that turns
// fixed_indegree columns into ascending rows.
#include <cub/device/device_radix_sort.cuh>
#include <cub/device/device_scan.cuh>

#include "kernels/cuda/build_kernels.hpp"
#include "kernels/cuda/cuda_check.hpp"

namespace engram::cuda {

size_t row_scan_temp_bytes(uint32_t rows) {
  size_t bytes = 0;
  ENGRAM_CUDA_CHECK(cub::DeviceScan::InclusiveSum(nullptr, bytes, static_cast<uint64_t*>(nullptr), rows));
  return bytes;
}

void launch_row_scan(void* temp, size_t temp_bytes, uint64_t* row_ptr, uint32_t rows, cudaStream_t stream) {
  if (rows == 0) return;
  ENGRAM_CUDA_CHECK(cub::DeviceScan::InclusiveSum(temp, temp_bytes, row_ptr + 1, rows, stream));
}

size_t pair_sort_temp_bytes(uint64_t items, int end_bit) {
  size_t bytes = 0;
  cub::DoubleBuffer<uint32_t> keys(nullptr, nullptr), values(nullptr, nullptr);
  ENGRAM_CUDA_CHECK(cub::DeviceRadixSort::SortPairs(nullptr, bytes, keys, values, items, 0, end_bit));
  return bytes;
}

bool launch_pair_sort(void* temp, size_t temp_bytes, uint32_t* keys, uint32_t* keys_alt, uint32_t* values,
                      uint32_t* values_alt, uint64_t items, int end_bit, cudaStream_t stream) {
  cub::DoubleBuffer<uint32_t> k(keys, keys_alt), v(values, values_alt);
  ENGRAM_CUDA_CHECK(cub::DeviceRadixSort::SortPairs(temp, temp_bytes, k, v, items, 0, end_bit, stream));
  return v.selector != 0;
}

}  // namespace engram::cuda
