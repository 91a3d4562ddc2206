#include "kernels/cpu/build_synapses.hpp"

#include <algorithm>
#include <numeric>
#include <omp.h>

#include "engine/layout.hpp"
#include "engine/replicas.hpp"
#include "kernels/common/connectivity.hpp"
#include "kernels/common/value_rules.hpp"

namespace engram::cpu {
namespace {

// Fills `rows` (one vector of local post indices per pre neuron) for row-generated connectors.
void generate_rows(const network& net, uint32_t ordinal, const synapse_table& t, bool same,
                   std::vector<std::vector<uint32_t>>& rows, int threads) {
  const rng_stream rng = projection_stream(net, ordinal);  // replica r draws what it draws alone
  const projection& pr = net.projections[ordinal];
  const auto& c = pr.connect;
  using ck = connector::kind;
  const uint32_t n_pre = t.pre_count, n_post = t.post_count;
  const bool skip_self = same && !c.autapses;
  const double log_q = c.probability < 1.0 ? exact::log(1.0 - c.probability) : 0.0;
  const connect::sheet_rule sheet = connect::make_sheet_rule(c.probability, c.type == ck::gaussian_distance ? c.sigma : 1.0,
                                                             c.periodic, n_pre, n_post);

#pragma omp parallel num_threads(threads)
  {
    std::vector<uint32_t> scratch;
#pragma omp for schedule(dynamic, 64)
    for (int64_t ii = 0; ii < static_cast<int64_t>(n_pre); ++ii) {
      const uint32_t i = static_cast<uint32_t>(ii);
      auto& row = rows[i];
      switch (c.type) {
        case ck::all_to_all:
          for (uint32_t j = 0; j < n_post; ++j)
            if (!(skip_self && j == i)) row.push_back(j);
          break;
        case ck::one_to_one:
          row.push_back(i);
          break;
        case ck::fixed_probability:
          if (c.probability >= 1.0) {
            for (uint32_t j = 0; j < n_post; ++j)
              if (!(skip_self && j == i)) row.push_back(j);
          } else if (c.probability > 0.0) {
            connect::fixed_probability_row(rng.key, rng.object, i, n_post, log_q, [&](uint32_t j) {
              if (!(skip_self && j == i)) row.push_back(j);
            });
          }
          break;
        case ck::gaussian_distance:
          connect::gaussian_distance_row(rng.key, rng.object, i, n_post, sheet, [&](uint32_t j) {
            if (!(skip_self && j == i)) row.push_back(j);
          });
          break;
        case ck::fixed_outdegree:
          row.resize(c.degree);
          connect::distinct_sample(rng.key, rng.object, i, n_post, c.degree, skip_self ? i : n_post, row.data());
          std::sort(row.begin(), row.end());
          break;
        default:
          break;
      }
    }
  }
}

// Only the columns in `keep` are drawn: a column's sources depend on nothing else.
void generate_columns(const network& net, uint32_t ordinal, const synapse_table& t, bool same,
                      std::vector<std::vector<uint32_t>>& rows, int threads, post_range keep) {
  const rng_stream rng = projection_stream(net, ordinal);  // replica r draws what it draws alone
  const auto& c = net.projections[ordinal].connect;
  const uint32_t n_pre = t.pre_count, k = c.degree;
  const uint32_t first = std::min(keep.first, t.post_count), end = std::clamp(keep.end, first, t.post_count);
  std::vector<uint32_t> sources(static_cast<size_t>(end - first) * k);
#pragma omp parallel for num_threads(threads) schedule(dynamic, 64)
  for (int64_t jj = first; jj < static_cast<int64_t>(end); ++jj) {
    const uint32_t j = static_cast<uint32_t>(jj);
    connect::distinct_sample(rng.key, rng.object, j, n_pre, k, (same && !c.autapses) ? j : n_pre,
                             sources.data() + static_cast<size_t>(j - first) * k);
  }
  for (uint32_t j = first; j < end; ++j)  // posts in order: every row comes out sorted
    for (uint32_t s = 0; s < k; ++s) rows[sources[static_cast<size_t>(j - first) * k + s]].push_back(j);
}

// fixed_total_number: every synapse draws its pair; rows are then sorted by target, which leaves
// them the same whatever order the pairs came in (equal targets are equal words).
void generate_pairs(const network& net, uint32_t ordinal, const synapse_table& t, bool same,
                    std::vector<std::vector<uint32_t>>& rows, int threads) {
  const rng_stream rng = projection_stream(net, ordinal);  // replica r draws what it draws alone
  const auto& c = net.projections[ordinal].connect;
  const uint32_t total = static_cast<uint32_t>(c.total);
  std::vector<uint32_t> pre(total), post(total);
#pragma omp parallel for num_threads(threads) schedule(static)
  for (int64_t s = 0; s < static_cast<int64_t>(total); ++s)
    connect::total_number_pair(rng.key, rng.object, static_cast<uint32_t>(s), t.pre_count, t.post_count,
                               same && !c.autapses, pre[s], post[s]);
  for (uint32_t s = 0; s < total; ++s) rows[pre[s]].push_back(post[s]);
#pragma omp parallel for num_threads(threads) schedule(dynamic, 64)
  for (int64_t i = 0; i < static_cast<int64_t>(t.pre_count); ++i) std::sort(rows[i].begin(), rows[i].end());
}

}  // namespace

void build_synapses(const network& net, uint32_t ordinal, synapse_table& t, int threads, post_range keep) {
  const rng_stream rng = projection_stream(net, ordinal);  // replica r draws what it draws alone
  const projection& pr = net.projections[ordinal];
  const auto& c = pr.connect;
  const bool same = pr.pre == pr.post;
  const double sign = effect_of(pr.sign).sign;  // +1 glutamate, -1 GABA, ... (engine/network.cpp)
  const connect::value_rule weight = connect::weight_rule(pr);
  const connect::value_rule delay = connect::delay_rule(pr, net.dt_ms);
  const bool multapses = c.type == connector::kind::fixed_total_number;

  std::vector<std::vector<uint32_t>> rows(t.pre_count);
  std::vector<std::vector<uint32_t>> list_index;  // explicit lists: entry of each synapse
  if (c.type == connector::kind::fixed_indegree) {
    generate_columns(net, ordinal, t, same, rows, threads, keep);
  } else if (multapses) {
    generate_pairs(net, ordinal, t, same, rows, threads);
  } else if (c.type == connector::kind::explicit_list) {
    std::vector<uint32_t> order(c.pre.size());
    std::iota(order.begin(), order.end(), 0u);
    std::stable_sort(order.begin(), order.end(), [&](uint32_t a, uint32_t b) {
      return std::pair(c.pre[a], c.post[a]) < std::pair(c.pre[b], c.post[b]);
    });
    list_index.resize(t.pre_count);
    for (uint32_t e : order) {
      rows[c.pre[e]].push_back(c.post[e]);
      list_index[c.pre[e]].push_back(e);
    }
  } else {
    generate_rows(net, ordinal, t, same, rows, threads);
  }

  // The kept part of each row: a contiguous range, since rows are sorted by target. Values are
  // drawn from the synapse's place in the whole row (k of its m synapses, its multapse copy).
  const auto kept = [&](uint32_t i) {
    const auto& row = rows[i];
    const auto lo = std::lower_bound(row.begin(), row.end(), keep.first);
    return std::pair<uint64_t, uint64_t>(lo - row.begin(), std::lower_bound(lo, row.end(), keep.end) - row.begin());
  };
  t.row_ptr.assign(static_cast<size_t>(t.pre_count) + 1, 0);
  for (uint32_t i = 0; i < t.pre_count; ++i) {
    const auto [from, to] = kept(i);
    t.row_ptr[i + 1] = t.row_ptr[i] + (to - from);
  }
  const uint64_t total = t.row_ptr.back();
  t.packed.resize(total);
  t.weight.resize(total);
  const synapse_code code = t.code();  // the format engine/layout.cpp chose for the table

#pragma omp parallel for num_threads(threads) schedule(dynamic, 64)
  for (int64_t ii = 0; ii < static_cast<int64_t>(t.pre_count); ++ii) {
    const uint32_t i = static_cast<uint32_t>(ii);
    const auto& row = rows[i];
    const auto [from, to] = kept(i);
    const uint64_t base = t.row_ptr[i] - from;
    for (uint64_t k = from; k < to; ++k) {
      const uint32_t j = row[k];
      const uint32_t e = list_index.empty() ? 0 : list_index[i][k];
      const uint32_t copy = multapses ? connect::multapse_copy(row.data(), k, 0xFFFFFFFFu) : 0;
      const double w = (list_index.empty() || c.weights.empty())
                           ? connect::weight_value(weight, rng.key, rng.object, i, j, k, row.size(), copy)
                           : c.weights[e];
      t.weight[base + k] = static_cast<float>(sign * w);
      uint8_t d = 0;
      if (code.per_synapse_delays())
        d = static_cast<uint8_t>((list_index.empty() || c.delays.empty())
                                     ? connect::delay_value(delay, rng.key, rng.object, i, j, k, row.size(), copy)
                                     : c.delays[e]);
      t.packed[base + k] = code.word(j, d);
    }
  }
}

}  // namespace engram::cpu
