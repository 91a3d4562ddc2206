#include "kernels/simt/synapse_recipe.hpp"

#include <algorithm>
#include <numeric>

#include "engine/layout.hpp"
#include "engine/replicas.hpp"
#include "kernels/common/exact_math.hpp"
#include "kernels/common/value_rules.hpp"

namespace engram::cuda {
namespace {

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

}  // namespace

int sort_key_bits(uint32_t n) {
  int bits = 1;
  while (bits < 32 && (uint64_t{1} << bits) < n) ++bits;
  return bits;
}

value_job value_job_for(const synapse_recipe& r, const uint64_t* row_ptr, uint32_t* packed, float* weight) {
  value_job job;
  job.seed = r.seed;
  job.ordinal = r.ordinal;
  job.n_pre = r.n_pre;
  job.weight = r.weight;
  job.delay = r.delay;
  job.sign = r.sign;
  job.multapses = r.how == synapse_recipe::method::pairs;
  job.row_ptr = row_ptr;
  job.packed = packed;
  job.code = r.code;
  job.weight_out = weight;
  return job;
}

synapse_recipe make_recipe(const network& net, uint32_t ordinal, const synapse_table& t) {
  const projection& pr = net.projections.at(ordinal);
  const connector& c = pr.connect;
  synapse_recipe r;
  r.n_pre = t.pre_count;
  r.n_post = t.post_count;
  const rng_stream rng = projection_stream(net, ordinal);  // replica r draws what it draws alone
  r.ordinal = rng.object;
  r.seed = rng.key;
  r.sign = effect_of(pr.sign).sign;  // as kernels/cpu/build_synapses.cpp: +1 glutamate, -1 GABA, ...
  r.weight = connect::weight_rule(pr);  // as kernels/cpu/build_synapses.cpp
  r.delay = connect::delay_rule(pr, net.dt_ms);
  r.code = t.code();

  const bool skip_self = pr.pre == pr.post && !c.autapses;
  row_rule& rows = r.rows;
  rows.n_pre = r.n_pre;
  rows.n_post = r.n_post;
  rows.skip_self = skip_self;
  rows.seed = r.seed;
  rows.ordinal = r.ordinal;
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
    case ck::gaussian_distance:
      rows.method = row_method::sheet;
      rows.sheet = connect::make_sheet_rule(c.probability, c.sigma, c.periodic, r.n_pre, r.n_post);
      break;
    case ck::fixed_indegree:
      r.how = synapse_recipe::method::columns;
      r.columns = {r.seed, r.ordinal, r.n_pre, r.n_post, c.degree, skip_self};
      break;
    case ck::explicit_list:
      r.how = synapse_recipe::method::list;
      sort_explicit_list(c, r);
      break;
    case ck::fixed_total_number:
      r.how = synapse_recipe::method::pairs;
      r.pairs = {r.seed, r.ordinal, r.n_pre, r.n_post, static_cast<uint32_t>(c.total), skip_self};
      break;
  }
  return r;
}

std::optional<uint64_t> known_synapse_count(const synapse_recipe& r) {
  using m = synapse_recipe::method;
  if (r.how == m::columns) return uint64_t{r.n_post} * r.columns.degree;
  if (r.how == m::list) return r.list_post.size();
  if (r.how == m::pairs) return r.pairs.total;
  switch (r.rows.method) {
    case row_method::empty: return 0;
    case row_method::dense:
      return uint64_t{r.n_pre} * r.n_post - (r.rows.skip_self ? std::min(r.n_pre, r.n_post) : 0u);
    case row_method::one_to_one: return r.n_pre;
    case row_method::outdegree: return uint64_t{r.n_pre} * r.rows.degree;
    case row_method::probability:
    case row_method::sheet: return std::nullopt;
  }
  return std::nullopt;
}

}  // namespace engram::cuda
