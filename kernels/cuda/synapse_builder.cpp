#include "kernels/cuda/synapse_builder.hpp"

#include <algorithm>
#include <numeric>

#include "engine/errors.hpp"
#include "engine/layout.hpp"
#include "kernels/common/exact_math.hpp"

namespace engram::cuda {
namespace {

connect::value_rule rule_of(const distribution& d) { return {static_cast<uint8_t>(d.type), d.low, d.high}; }

int key_bits(uint32_t n) {  // bits that hold every index below n
  int bits = 1;
  while (bits < 32 && (uint64_t{1} << bits) < n) ++bits;
  return bits;
}

void sort_explicit_list(const connector& c, synapse_recipe& r) {
  std::vector<uint32_t> order(c.pre.size());
  std::iota(order.begin(), order.end(), 0u);
  std::stable_sort(order.begin(), order.end(), [&](uint32_t a, uint32_t b) {
    return std::pair(c.pre[a], c.post[a]) < std::pair(c.pre[b], c.post[b]);
  });
  r.list_row_ptr.assign(static_cast<size_t>(r.n_pre) + 1, 0);
  for (uint32_t pre : c.pre) ++r.list_row_ptr[pre + 1];
  for (uint32_t i = 0; i < r.n_pre; ++i) r.list_row_ptr[i + 1] += r.list_row_ptr[i];
  for (uint32_t e : order) {
    r.list_post.push_back(c.post[e]);
    if (!c.weights.empty()) r.list_weight.push_back(c.weights[e]);
    if (!c.delays.empty()) r.list_delay.push_back(static_cast<uint8_t>(c.delays[e]));
  }
}

value_job value_job_for(const synapse_recipe& r, device_projection& p) {
  value_job job;
  job.seed = r.seed;
  job.ordinal = r.ordinal;
  job.n_pre = r.n_pre;
  job.post_first = r.post_first;
  job.weight = r.weight;
  job.delay = r.delay;
  job.sign = r.sign;
  job.row_ptr = p.row_ptr.data();
  job.target = p.target.data();
  job.weight_out = p.weight.data();
  job.delay_out = p.delay.data();
  return job;
}

void generate_columns(const synapse_recipe& r, device_projection& p, cudaStream_t stream) {
  const uint64_t s = p.synapses;
  ENGRAM_CUDA_CHECK(cudaMemsetAsync(p.row_ptr.data(), 0, p.row_ptr.bytes(), stream));
  device_array<uint32_t> sources(s), sources_alt(s), posts(s);
  launch_sample_columns(r.columns, sources.data(), posts.data(), p.row_ptr.data(), stream);
  device_array<uint8_t> scan_temp(row_scan_temp_bytes(r.n_pre));
  launch_row_scan(scan_temp.data(), scan_temp.bytes(), p.row_ptr.data(), r.n_pre, stream);
  // Pairs are column-major (post ascending); a stable sort by source makes every row ascending,
  // exactly the CPU's "posts in order" transpose.
  const int bits = key_bits(r.n_pre);
  device_array<uint8_t> sort_temp(pair_sort_temp_bytes(s, bits));
  const bool in_target = launch_pair_sort(sort_temp.data(), sort_temp.bytes(), sources.data(), sources_alt.data(),
                                          posts.data(), p.target.data(), s, bits, stream);
  if (!in_target && s > 0)
    ENGRAM_CUDA_CHECK(cudaMemcpyAsync(p.target.data(), posts.data(), s * sizeof(uint32_t), cudaMemcpyDeviceToDevice, stream));
  ENGRAM_CUDA_CHECK(cudaStreamSynchronize(stream));  // the work space is freed on return
}

}  // namespace

synapse_recipe make_recipe(const network& net, uint32_t ordinal, const synapse_table& t) {
  const projection& pr = net.projections.at(ordinal);
  const connector& c = pr.connect;
  synapse_recipe r;
  r.n_pre = t.pre_count;
  r.n_post = t.post_count;
  r.post_first = t.post_first;
  r.ordinal = ordinal;
  r.seed = net.seed;
  r.sign = effect_of(pr.sign).sign;  // as kernels/cpu/build_synapses.cpp: +1 glutamate, -1 GABA, ...
  r.weight = rule_of(pr.weight);
  r.delay = rule_of(pr.delay_ms);
  r.delay.low = delay_steps(pr.delay_ms.low, net.dt_ms);
  r.delay.high = delay_steps(pr.delay_ms.high, net.dt_ms);
  r.uniform_delay = c.delays.empty() && r.delay.low == r.delay.high;
  r.uniform_delay_value = r.uniform_delay ? static_cast<uint8_t>(r.delay.low) : 0;

  const bool skip_self = pr.pre == pr.post && !c.autapses;
  row_rule& rows = r.rows;
  rows.n_pre = r.n_pre;
  rows.n_post = r.n_post;
  rows.skip_self = skip_self;
  rows.seed = net.seed;
  rows.ordinal = ordinal;
  rows.degree = c.degree;
  using ck = connector::kind;
  switch (c.type) {
    case ck::all_to_all: rows.method = row_method::dense; break;
    case ck::one_to_one: rows.method = row_method::one_to_one; break;
    case ck::fixed_probability:
      if (c.probability >= 1.0) {
        rows.method = row_method::dense;
      } else if (c.probability > 0.0) {
        rows.method = row_method::probability;
        rows.log_q = exact::log(1.0 - c.probability);  // host, like the CPU builder: same bits
      } else {
        rows.method = row_method::empty;
      }
      break;
    case ck::fixed_outdegree: rows.method = row_method::outdegree; break;
    case ck::fixed_indegree:
      r.how = synapse_recipe::method::columns;
      r.columns = {net.seed, ordinal, r.n_pre, r.n_post, c.degree, skip_self};
      break;
    case ck::explicit_list:
      r.how = synapse_recipe::method::list;
      sort_explicit_list(c, r);
      break;
  }
  return r;
}

std::optional<uint64_t> known_synapse_count(const synapse_recipe& r) {
  using m = synapse_recipe::method;
  if (r.how == m::columns) return uint64_t{r.n_post} * r.columns.degree;
  if (r.how == m::list) return r.list_post.size();
  switch (r.rows.method) {
    case row_method::empty: return 0;
    case row_method::dense:
      return uint64_t{r.n_pre} * r.n_post - (r.rows.skip_self ? std::min(r.n_pre, r.n_post) : 0u);
    case row_method::one_to_one: return r.n_pre;
    case row_method::outdegree: return uint64_t{r.n_pre} * r.rows.degree;
    case row_method::probability: return std::nullopt;
  }
  return std::nullopt;
}

uint64_t table_bytes(const synapse_recipe& r, uint64_t synapses) {
  return (uint64_t{r.n_pre} + 1) * sizeof(uint64_t) + synapses * (sizeof(uint32_t) + sizeof(float)) +
         (r.uniform_delay ? 0 : synapses * sizeof(uint8_t));
}

uint64_t generation_scratch_bytes(const synapse_recipe& r, uint64_t synapses) {
  switch (r.how) {
    case synapse_recipe::method::rows: return row_scan_temp_bytes(r.n_pre);
    case synapse_recipe::method::columns:
      return 3 * synapses * sizeof(uint32_t) + row_scan_temp_bytes(r.n_pre) + pair_sort_temp_bytes(synapses, key_bits(r.n_pre));
    case synapse_recipe::method::list:
      return r.list_weight.size() * sizeof(float) + r.list_delay.size();
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
  p.target.allocate(p.synapses);
  p.weight.allocate(p.synapses);
  p.delay.allocate(r.uniform_delay ? 0 : p.synapses);
  value_job job = value_job_for(r, p);
  device_array<float> given_weight;
  device_array<uint8_t> given_delay;
  switch (r.how) {
    case synapse_recipe::method::rows:
      launch_fill_rows(r.rows, p.row_ptr.data(), p.target.data(), stream);
      break;
    case synapse_recipe::method::columns:
      generate_columns(r, p, stream);
      break;
    case synapse_recipe::method::list:
      ENGRAM_CUDA_CHECK(cudaMemcpyAsync(p.row_ptr.data(), r.list_row_ptr.data(), p.row_ptr.bytes(),
                                        cudaMemcpyHostToDevice, stream));
      if (p.synapses > 0)
        ENGRAM_CUDA_CHECK(cudaMemcpyAsync(p.target.data(), r.list_post.data(), p.target.bytes(), cudaMemcpyHostToDevice,
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
