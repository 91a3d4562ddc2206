#include "kernels/cuda/plastic_tables.hpp"

#include <algorithm>

#include "engine/plasticity_layout.hpp"
#include "kernels/cuda/build_kernels.hpp"
#include "kernels/cuda/index_kernels.hpp"
#include "kernels/cuda/memory_plan.hpp"

namespace engram::cuda {
namespace {

// The stable sort of a table by (row, word): each row by (delay, target), weights along.
void sort_rows(const synapse_table& meta, device_projection& dp, cudaStream_t stream) {
  const uint64_t n = dp.synapses;
  const int end_bit = 32 + sort_key_bits(meta.pre_count);
  device_array<uint64_t> keys(n), keys_alt(n);
  device_array<float> weights_alt(n);
  launch_row_word_keys(dp.row_ptr.data(), meta.pre_count, dp.packed.data(), keys.data(), stream);
  device_array<uint8_t> temp(std::max<size_t>(key_sort_temp_bytes(n, end_bit), 1));
  const bool in_alt = launch_key_sort(temp.data(), temp.bytes(), keys.data(), keys_alt.data(), dp.weight.data(),
                                      weights_alt.data(), n, end_bit, stream);
  launch_words_of_keys(in_alt ? keys_alt.data() : keys.data(), n, dp.packed.data(), stream);
  if (in_alt) dp.weight = std::move(weights_alt);
  ENGRAM_CUDA_CHECK(cudaStreamSynchronize(stream));  // before the work space is freed
}

void read_delay_range(const synapse_table& meta, const device_projection& dp, plastic_projection& p, cudaStream_t stream) {
  device_array<uint32_t> range(2);
  const uint32_t start[2] = {255, 0};
  ENGRAM_CUDA_CHECK(cudaMemcpyAsync(range.data(), start, sizeof start, cudaMemcpyHostToDevice, stream));
  launch_delay_range(dp.packed.data(), meta.code(), dp.synapses, range.data(), stream);
  const std::vector<uint32_t> found = range.download(stream);
  p.delay_min = static_cast<uint8_t>(found[0]);
  p.delay_max = static_cast<uint8_t>(found[1]);
}

device_index build_index(const synapse_table& meta, const device_projection& dp, bool uniform_rows, cudaStream_t stream) {
  const uint64_t n = dp.synapses;
  device_index x;
  x.col_ptr.allocate(uint64_t{meta.post_count} + 1);
  ENGRAM_CUDA_CHECK(cudaMemsetAsync(x.col_ptr.data(), 0, x.col_ptr.bytes(), stream));
  device_array<uint32_t> columns(n), columns_alt(n), ids(n);
  x.col_synapse.allocate(n);
  launch_column_pairs(dp.packed.data(), meta.code(), n, columns.data(), ids.data(), x.col_ptr.data(), stream);
  device_array<uint8_t> scan_temp(std::max<size_t>(row_scan_temp_bytes(meta.post_count), 1));
  launch_row_scan(scan_temp.data(), scan_temp.bytes(), x.col_ptr.data(), meta.post_count, stream);
  const int bits = sort_key_bits(meta.post_count);
  device_array<uint8_t> sort_temp(std::max<size_t>(pair_sort_temp_bytes(n, bits), 1));
  const bool in_alt = launch_pair_sort(sort_temp.data(), sort_temp.bytes(), columns.data(), columns_alt.data(), ids.data(),
                                       x.col_synapse.data(), n, bits, stream);
  if (!in_alt && n > 0) x.col_synapse = std::move(ids);
  if (!uniform_rows && n > 0) {
    const uint64_t chunks = ((n - 1) >> row_chunk_shift) + 1;
    x.chunk_row.allocate(chunks);
    launch_chunk_rows(dp.row_ptr.data(), meta.pre_count, chunks, x.chunk_row.data(), stream);
  }
  ENGRAM_CUDA_CHECK(cudaStreamSynchronize(stream));  // before the work space is freed
  return x;
}

// Device bytes the preparation adds (indexes, derivatives or eligibilities) and the largest work
// space one entry's passes take.
memory_need need_of(const network_state& s, const std::vector<device_projection>& tables) {
  memory_need need;
  for (const plastic_projection& p : s.plasticity.projections) {
    const synapse_table& meta = s.projections[p.projection];
    const uint64_t n = tables[p.projection].synapses;
    if (p.stdp.enabled && p.stdp.target != 0) need.plasticity += 4 * n;
    if (needs_transposed_index(p)) {
      need.plasticity += 4 * n + 8 * (uint64_t{meta.post_count} + 1) + 4 * ((n >> row_chunk_shift) + 1);
      need.scratch = std::max<uint64_t>(need.scratch, 12 * n + pair_sort_temp_bytes(n, sort_key_bits(meta.post_count)));
    }
    if (p.stdp.enabled && meta.per_synapse_delays())
      need.scratch = std::max<uint64_t>(need.scratch, 20 * n + key_sort_temp_bytes(n, 32 + sort_key_bits(meta.pre_count)));
    need.allocations += 8;
  }
  return need;
}

}  // namespace

std::vector<device_index> prepare_on_device(const device_context& ctx, network_state& s,
                                            std::vector<device_projection>& tables) {
  const cudaStream_t stream = ctx.stream();
  require_device_memory(need_of(s, tables), ctx.free_memory(), ctx.name());
  std::vector<device_index> indexes(s.plasticity.projections.size());
  for (size_t i = 0; i < indexes.size(); ++i) {
    plastic_projection& p = s.plasticity.projections[i];
    synapse_table meta = s.projections[p.projection];  // layout only: the synapses are on the device
    device_projection& dp = tables[p.projection];
    check_plastic_table_size(p, meta, dp.synapses);
    if (dp.synapses == 0) {
      p.delay_min = p.delay_max = 1;
    } else if (!meta.per_synapse_delays()) {
      p.delay_min = p.delay_max = meta.uniform_delay;
    } else {
      if (p.stdp.enabled) sort_rows(meta, dp, stream);
      read_delay_range(meta, dp, p, stream);
    }
    size_synapse_state(p, dp.synapses);
    if (!needs_transposed_index(p)) continue;
    meta.row_ptr = dp.row_ptr.download(stream);  // 8 bytes a row: is every row as long?
    indexes[i] = build_index(meta, dp, uniform_row_length(meta) != 0, stream);
  }
  return indexes;
}

}  // namespace engram::cuda
