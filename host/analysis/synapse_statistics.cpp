// Degree and weight statistics, histograms and density over the synapses the threshold keeps.
#include <algorithm>
#include <cmath>
#include <limits>

#include "host/analysis/topology_parts.hpp"

namespace engram::topology {
namespace {

distribution_stats describe(const std::vector<uint32_t>& values) {
  distribution_stats s;
  if (values.empty()) return s;
  const auto [lo, hi] = std::minmax_element(values.begin(), values.end());
  s.min = *lo;
  s.max = *hi;
  double sum = 0;
  for (uint32_t v : values) sum += v;
  s.mean = sum / static_cast<double>(values.size());
  double sq = 0;
  for (uint32_t v : values) sq += (v - s.mean) * (v - s.mean);
  s.sd = std::sqrt(sq / static_cast<double>(values.size()));
  return s;
}

// Integer bins of one width covering 0..max, at most `bins` of them.
histogram integer_histogram(const std::vector<uint32_t>& values, uint32_t max, uint32_t bins) {
  const uint64_t width = std::max<uint64_t>(1, (uint64_t{max} + bins) / bins);  // ceil((max + 1) / bins)
  const uint64_t count = uint64_t{max} / width + 1;
  histogram h;
  for (uint64_t b = 0; b <= count; ++b) h.edges.push_back(static_cast<double>(b * width));
  h.counts.assign(count, 0);
  for (uint32_t v : values) ++h.counts[v / width];
  return h;
}

}  // namespace

void synapse_statistics(const graph_view& g, const topology_options& o, topology_metrics& out) {
  const uint32_t n = g.nodes;
  std::vector<uint32_t> in(n, 0), outd(n, 0);
  double w_sum = 0, w_min = std::numeric_limits<double>::infinity(), w_max = -w_min;
  uint64_t kept_count = 0;
  for (uint32_t i = 0; i < n; ++i) {
    for (uint64_t e = g.row_ptr[i]; e < g.row_ptr[i + 1]; ++e) {
      if (!kept(g, e, o.weight_threshold)) continue;
      ++outd[i];
      ++in[g.target[e]];
      const double w = weight_of(g, e);
      w_sum += w;
      w_min = std::min(w_min, w);
      w_max = std::max(w_max, w);
      ++kept_count;
    }
  }
  out.edges = kept_count;
  // Density of the simple digraph: distinct ordered pairs i != j over n (n - 1), so that
  // self-loops (all-to-all with autapses) and duplicate synapses cannot take it above 1.
  uint64_t arcs = 0, self_loops = 0;
  std::vector<uint32_t> row;
  for (uint32_t i = 0; i < n; ++i) {
    row.clear();
    for (uint64_t e = g.row_ptr[i]; e < g.row_ptr[i + 1]; ++e) {
      if (!kept(g, e, o.weight_threshold)) continue;
      if (g.target[e] == i) ++self_loops;
      else row.push_back(g.target[e]);
    }
    std::sort(row.begin(), row.end());
    arcs += static_cast<uint64_t>(std::unique(row.begin(), row.end()) - row.begin());
  }
  out.self_loops = self_loops;
  out.density = n > 1 ? static_cast<double>(arcs) / (static_cast<double>(n) * (n - 1)) : 0;
  out.in_degree = describe(in);
  out.out_degree = describe(outd);
  const uint32_t max_degree = static_cast<uint32_t>(std::max(out.in_degree.max, out.out_degree.max));
  out.in_degree_hist = integer_histogram(in, max_degree, o.degree_bins);
  out.out_degree_hist = integer_histogram(outd, max_degree, o.degree_bins);

  const bool fixed_range = o.weight_hist_max > o.weight_hist_min;
  if (kept_count == 0 && !fixed_range) return;
  if (kept_count > 0) {
    const double mean = w_sum / static_cast<double>(kept_count);
    double sq = 0;
    for (uint32_t i = 0; i < n; ++i) {
      for (uint64_t e = g.row_ptr[i]; e < g.row_ptr[i + 1]; ++e) {
        if (kept(g, e, o.weight_threshold)) sq += (weight_of(g, e) - mean) * (weight_of(g, e) - mean);
      }
    }
    out.weight = {mean, std::sqrt(sq / static_cast<double>(kept_count)), w_min, w_max};
  }

  double lo = fixed_range ? o.weight_hist_min : w_min, hi = fixed_range ? o.weight_hist_max : w_max;
  if (hi <= lo) {  // all weights equal: one bin around the value
    lo -= 0.5;
    hi += 0.5;
  }
  const uint32_t bins = o.weight_bins;
  const double width = (hi - lo) / bins;
  histogram& h = out.weight_hist;
  for (uint32_t b = 0; b < bins; ++b) h.edges.push_back(lo + b * width);
  h.edges.push_back(hi);
  h.counts.assign(bins, 0);
  for (uint32_t i = 0; i < n; ++i) {
    for (uint64_t e = g.row_ptr[i]; e < g.row_ptr[i + 1]; ++e) {
      if (!kept(g, e, o.weight_threshold)) continue;
      // Out-of-range weights (fixed range only) land in the end bins.
      const double b = std::floor((weight_of(g, e) - lo) / width);
      ++h.counts[static_cast<uint32_t>(std::clamp(b, 0.0, bins - 1.0))];
    }
  }
}

}  // namespace engram::topology
