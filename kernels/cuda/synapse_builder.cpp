#include "kernels/cuda/synapse_builder.hpp"

#include <algorithm>

#include "engine/errors.hpp"

namespace engram::cuda {
namespace {

void generate_columns(const synapse_recipe& r, device_projection& p, cudaStream_t stream) {
  const uint64_t s = p.synapses;
  ENGRAM_CUDA_CHECK(cudaMemsetAsync(p.row_ptr.data(), 0, p.row_ptr.bytes(), stream));
  device_array<uint32_t> sources(s), sources_alt(s), posts(s);
  launch_sample_columns(r.columns, sources.data(), posts.data(), p.row_ptr.data(), stream);
  device_array<uint8_t> scan_temp(row_scan_temp_bytes(r.n_pre));
  launch_row_scan(scan_temp.data(), scan_temp.bytes(), p.row_ptr.data(), r.n_pre, stream);
  // Pairs are column-major (post ascending); a stable sort by source makes every row ascending,
  // exactly the CPU's "posts in order" transpose.
  const int bits = sort_key_bits(r.n_pre);
  device_array<uint8_t> sort_temp(pair_sort_temp_bytes(s, bits));
  const bool in_target = launch_pair_sort(sort_temp.data(), sort_temp.bytes(), sources.data(), sources_alt.data(),
                                          posts.data(), p.packed.data(), s, bits, stream);
  if (!in_target && s > 0)
    ENGRAM_CUDA_CHECK(cudaMemcpyAsync(p.packed.data(), posts.data(), s * sizeof(uint32_t), cudaMemcpyDeviceToDevice, stream));
  ENGRAM_CUDA_CHECK(cudaStreamSynchronize(stream));  // the work space is freed on return
}

// fixed_total_number: pairs in draw order, sorted stably by post and then by source (a radix sort
// of the (source, post) key in two passes), so every row holds its targets ascending as the CPU's.
void generate_pairs(const synapse_recipe& r, device_projection& p, cudaStream_t stream) {
  const uint64_t s = p.synapses;
  ENGRAM_CUDA_CHECK(cudaMemsetAsync(p.row_ptr.data(), 0, p.row_ptr.bytes(), stream));
  device_array<uint32_t> sources(s), sources_alt(s), posts(s), posts_alt(s);
  launch_sample_pairs(r.pairs, sources.data(), posts.data(), p.row_ptr.data(), stream);
  device_array<uint8_t> scan_temp(row_scan_temp_bytes(r.n_pre));
  launch_row_scan(scan_temp.data(), scan_temp.bytes(), p.row_ptr.data(), r.n_pre, stream);
  const int post_bits = sort_key_bits(r.n_post), pre_bits = sort_key_bits(r.n_pre);
  device_array<uint8_t> sort_temp(std::max(pair_sort_temp_bytes(s, post_bits), pair_sort_temp_bytes(s, pre_bits)));
  uint32_t *src = sources.data(), *src_alt = sources_alt.data(), *dst = posts.data(), *dst_alt = posts_alt.data();
  if (launch_pair_sort(sort_temp.data(), sort_temp.bytes(), dst, dst_alt, src, src_alt, s, post_bits, stream)) {
    std::swap(src, src_alt);
    std::swap(dst, dst_alt);
  }
  if (launch_pair_sort(sort_temp.data(), sort_temp.bytes(), src, src_alt, dst, dst_alt, s, pre_bits, stream))
    std::swap(dst, dst_alt);
  if (s > 0) ENGRAM_CUDA_CHECK(cudaMemcpyAsync(p.packed.data(), dst, s * sizeof(uint32_t), cudaMemcpyDeviceToDevice, stream));
  ENGRAM_CUDA_CHECK(cudaStreamSynchronize(stream));  // the work space is freed on return
}

}  // namespace

uint64_t table_bytes(const synapse_recipe& r, uint64_t synapses) {
  return (uint64_t{r.n_pre} + 1) * sizeof(uint64_t) + synapses * (sizeof(uint32_t) + sizeof(float));
}

uint64_t generation_scratch_bytes(const synapse_recipe& r, uint64_t synapses) {
  switch (r.how) {
    case synapse_recipe::method::rows: return row_scan_temp_bytes(r.n_pre);
    case synapse_recipe::method::columns:
      return 3 * synapses * sizeof(uint32_t) + row_scan_temp_bytes(r.n_pre) + pair_sort_temp_bytes(synapses, sort_key_bits(r.n_pre));
    case synapse_recipe::method::list:
      return r.list_weight.size() * sizeof(float) + r.list_delay.size();
    case synapse_recipe::method::pairs:
      return 4 * synapses * sizeof(uint32_t) + row_scan_temp_bytes(r.n_pre) +
             std::max(pair_sort_temp_bytes(synapses, sort_key_bits(r.n_post)),
                      pair_sort_temp_bytes(synapses, sort_key_bits(r.n_pre)));
  }
  return 0;
}

uint64_t count_rows_on_device(const synapse_recipe& r, device_projection& p, cudaStream_t stream) {
  ENGRAM_CUDA_CHECK(cudaMemsetAsync(p.row_ptr.data(), 0, sizeof(uint64_t), stream));
  launch_count_rows(r.rows, p.row_ptr.data(), stream);
  device_array<uint8_t> scan_temp(row_scan_temp_bytes(r.n_pre));
  launch_row_scan(scan_temp.data(), scan_temp.bytes(), p.row_ptr.data(), r.n_pre, stream);
  uint64_t total = 0;
  ENGRAM_CUDA_CHECK(cudaMemcpyAsync(&total, p.row_ptr.data() + r.n_pre, sizeof total, cudaMemcpyDeviceToHost, stream));
  ENGRAM_CUDA_CHECK(cudaStreamSynchronize(stream));
  if (const auto known = known_synapse_count(r); known && *known != total)
    throw internal_error("CUDA connectivity: counted synapses differ from the expected number");
  return total;
}

void generate_on_device(const synapse_recipe& r, device_projection& p, cudaStream_t stream) {
  p.packed.allocate(p.synapses);
  p.weight.allocate(p.synapses);
  value_job job = value_job_for(r, p.row_ptr.data(), p.packed.data(), p.weight.data());
  device_array<float> given_weight;
  device_array<uint8_t> given_delay;
  switch (r.how) {
    case synapse_recipe::method::rows:
      launch_fill_rows(r.rows, p.row_ptr.data(), p.packed.data(), stream);
      break;
    case synapse_recipe::method::columns:
      generate_columns(r, p, stream);
      break;
    case synapse_recipe::method::pairs:
      generate_pairs(r, p, stream);
      break;
    case synapse_recipe::method::list:
      ENGRAM_CUDA_CHECK(cudaMemcpyAsync(p.row_ptr.data(), r.list_row_ptr.data(), p.row_ptr.bytes(),
                                        cudaMemcpyHostToDevice, stream));
      if (p.synapses > 0)
        ENGRAM_CUDA_CHECK(cudaMemcpyAsync(p.packed.data(), r.list_post.data(), p.packed.bytes(), cudaMemcpyHostToDevice,
                                          stream));
      given_weight.upload(r.list_weight, stream);
      given_delay.upload(r.list_delay, stream);
      job.given_weight = given_weight.data();
      job.given_delay = given_delay.data();
      break;
  }
  launch_synapse_values(job, stream);
  ENGRAM_CUDA_CHECK(cudaStreamSynchronize(stream));  // before the work space above is freed
}

}  // namespace engram::cuda
