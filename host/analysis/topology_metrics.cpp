// Topology metrics over CSR synaptic graphs; the definitions are in topology_metrics.hpp.
#include "host/analysis/topology_metrics.hpp"

#include <omp.h>

#include <algorithm>
#include <cmath>
#include <limits>
#include <numeric>
#include <span>

#include <fmt/format.h>

#include "engine/errors.hpp"
#include "engine/rng.hpp"

#if ENGRAM_HAVE_IGRAPH
#include <igraph.h>
#endif

namespace engram {
namespace {

constexpr double not_defined = std::numeric_limits<double>::quiet_NaN();

// Small graphs run on one thread: waking a team costs more than the work, and far more when the
// cores are busy and the team's spinning threads compete with other processes.
int team_size(int threads, uint64_t work) {
  if (work < (uint64_t{1} << 16)) return 1;
  return threads > 0 ? threads : omp_get_max_threads();
}

// ---- Random numbers --------------------------------------------------------------------------
// Philox addressed by (seed, purpose, stream, draw index) like the simulation's streams, under a
// tag byte of its own so that metric draws never coincide with simulation draws. A generator row
// or a reference graph owns a stream, so results do not depend on the thread count.

enum class draw_kind : uint32_t {
  erdos_renyi = 1,
  erdos_renyi_gnm = 2,
  planted = 3,
  path_sources = 4,
  louvain_order = 5,
  clustering_nodes = 6,
  gnm_surplus = 7,
};

class draw_stream {
 public:
  // `block` selects one of 2^32 disjoint runs of 2^32 draws within the stream.
  draw_stream(uint64_t seed, draw_kind kind, uint32_t stream, uint32_t block = 0)
      : seed_(seed), tag_((0xC0u << 24) | static_cast<uint32_t>(kind)), stream_(stream), counter_(uint64_t{block} << 32) {}

  uint64_t next_u64() {
    if (used_ == 2) {
      const philox_block ctr{{static_cast<uint32_t>(counter_), static_cast<uint32_t>(counter_ >> 32), stream_, tag_}};
      block_ = philox4x32_10(ctr, static_cast<uint32_t>(seed_), static_cast<uint32_t>(seed_ >> 32));
      ++counter_;
      used_ = 0;
    }
    const uint64_t v = (uint64_t{block_.x[2 * used_]} << 32) | block_.x[2 * used_ + 1];
    ++used_;
    return v;
  }
  // Uniform in (0, 1]: its logarithm is finite.
  double open0() {
    const uint64_t v = next_u64();
    return uniform_open0(static_cast<uint32_t>(v >> 32), static_cast<uint32_t>(v));
  }
  // Uniform in [0, bound) by multiply-shift; the bias is below bound / 2^64.
  uint64_t below(uint64_t bound) {
    return static_cast<uint64_t>((static_cast<unsigned __int128>(next_u64()) * bound) >> 64);
  }

 private:
  uint64_t seed_;
  uint32_t tag_, stream_;
  uint64_t counter_;
  philox_block block_{};
  int used_ = 2;
};

template <class T>
void shuffle(std::vector<T>& v, draw_stream& rng) {
  for (size_t i = v.size(); i > 1; --i) std::swap(v[i - 1], v[rng.below(i)]);
}

// Appends each j in [lo, hi) with probability p. Geometric jumps over the gaps make the cost
// follow the number of hits rather than the length of the range.
void bernoulli_range(uint64_t lo, uint64_t hi, double p, draw_stream& rng, std::vector<uint32_t>& out) {
  if (p <= 0 || lo >= hi) return;
  if (p >= 1) {
    for (uint64_t j = lo; j < hi; ++j) out.push_back(static_cast<uint32_t>(j));
    return;
  }
  const double log_q = std::log1p(-p);
  for (uint64_t j = lo;; ++j) {
    const double gap = std::floor(std::log(rng.open0()) / log_q);
    if (gap >= static_cast<double>(hi - j)) return;
    j += static_cast<uint64_t>(gap);
    out.push_back(static_cast<uint32_t>(j));
  }
}

void check_probability(double p, const char* what) {
  if (!(p >= 0 && p <= 1)) throw invalid_parameter(fmt::format("{} = {} is not a probability in [0, 1]", what, p));
}

// ---- CSR assembly ----------------------------------------------------------------------------

csr_graph csr_from_rows(uint32_t n, const std::vector<std::vector<uint32_t>>& rows) {
  csr_graph g;
  g.nodes = n;
  g.row_ptr.assign(n + 1, 0);
  for (uint32_t i = 0; i < n; ++i) g.row_ptr[i + 1] = g.row_ptr[i] + rows[i].size();
  g.target.reserve(g.row_ptr[n]);
  for (const auto& row : rows) g.target.insert(g.target.end(), row.begin(), row.end());
  return g;
}

// Symmetric CSR from each node's sorted higher-numbered neighbours. Row j receives its lower
// neighbours (in increasing order) before its own upper ones, so rows come out sorted.
csr_graph symmetric_from_upper(uint32_t n, const std::vector<std::vector<uint32_t>>& upper) {
  csr_graph g;
  g.nodes = n;
  g.row_ptr.assign(n + 1, 0);
  for (uint32_t i = 0; i < n; ++i) {
    g.row_ptr[i + 1] += upper[i].size();
    for (uint32_t j : upper[i]) ++g.row_ptr[j + 1];
  }
  std::partial_sum(g.row_ptr.begin(), g.row_ptr.end(), g.row_ptr.begin());
  g.target.resize(g.row_ptr[n]);
  std::vector<uint64_t> fill(g.row_ptr.begin(), g.row_ptr.end() - 1);
  for (uint32_t i = 0; i < n; ++i) {
    for (uint32_t j : upper[i]) {
      g.target[fill[i]++] = j;
      g.target[fill[j]++] = i;
    }
  }
  return g;
}

// G(n, m) as rows of sorted targets (i < j unless directed). Every pair is first kept with a
// probability chosen so that at least m survive (retrying with a larger one in the rare case they
// do not): given their count the kept pairs are a uniform set, and dropping a uniform surplus
// leaves a uniform set of m. Rows are drawn in parallel from their own streams and come out
// sorted, with no global sort. `graph` tells the graphs drawn from one seed apart.
std::vector<std::vector<uint32_t>> gnm_rows(uint32_t n, uint64_t m, bool directed, uint64_t seed, uint32_t graph) {
  const double all = directed ? double(n) * (n - 1) : double(n) * (n - 1) / 2;
  std::vector<std::vector<uint32_t>> rows(n);
  uint64_t kept = 0;
  for (uint32_t attempt = 0; kept < m; ++attempt) {
    const double margin = (4.0 + 4.0 * attempt) * std::sqrt(static_cast<double>(m)) + 16;
    const double p = std::min(1.0, (static_cast<double>(m) + margin) / all);
#pragma omp parallel for schedule(dynamic, 64) num_threads(team_size(0, m))
    for (int64_t ii = 0; ii < static_cast<int64_t>(n); ++ii) {
      const auto i = static_cast<uint32_t>(ii);
      draw_stream rng(seed, draw_kind::erdos_renyi_gnm, i, (graph << 8) | attempt);
      rows[i].clear();
      if (directed) bernoulli_range(0, i, p, rng, rows[i]);
      bernoulli_range(uint64_t{i} + 1, n, p, rng, rows[i]);
    }
    kept = 0;
    for (const auto& row : rows) kept += row.size();
  }
  // The surplus is about 4 sqrt(m) pairs: distinct uniform positions among the kept ones.
  draw_stream rng(seed, draw_kind::gnm_surplus, graph);
  std::vector<uint64_t> drop;
  while (drop.size() < kept - m) {
    for (uint64_t d = drop.size(); d < kept - m; ++d) drop.push_back(rng.below(kept));
    std::sort(drop.begin(), drop.end());
    drop.erase(std::unique(drop.begin(), drop.end()), drop.end());
  }
  uint64_t position = 0;
  size_t next = 0;
  for (auto& row : rows) {
    size_t out = 0;
    for (size_t k = 0; k < row.size(); ++k, ++position) {
      if (next < drop.size() && drop[next] == position) {
        ++next;
      } else {
        row[out++] = row[k];
      }
    }
    row.resize(out);
  }
  return rows;
}

csr_graph gnm_graph(uint32_t n, uint64_t m, bool directed, uint64_t seed, uint32_t graph) {
  const uint64_t all = n < 2 ? 0 : (directed ? uint64_t{n} * (n - 1) : uint64_t{n} * (n - 1) / 2);
  if (m > all) throw invalid_parameter(fmt::format("G(n, m): {} edges do not fit in {} nodes (at most {})", m, n, all));
  const std::vector<std::vector<uint32_t>> rows = gnm_rows(n, m, directed, seed, graph);
  return directed ? csr_from_rows(n, rows) : symmetric_from_upper(n, rows);
}

// ---- Input checks and per-synapse statistics -------------------------------------------------

void check_view(const graph_view& g) {
  if (g.nodes == 0) return;
  if (!g.row_ptr) throw invalid_parameter("topology metrics: row_ptr is null");
  for (uint32_t i = 0; i < g.nodes; ++i) {
    if (g.row_ptr[i + 1] < g.row_ptr[i]) {
      throw invalid_parameter(fmt::format("topology metrics: row_ptr decreases after node {} ({} > {})", i,
                                          g.row_ptr[i], g.row_ptr[i + 1]));
    }
  }
  const uint64_t begin = g.row_ptr[0], end = g.row_ptr[g.nodes];
  if (end == begin) return;
  if (!g.target) throw invalid_parameter("topology metrics: target is null but the graph has synapses");
  for (uint64_t e = begin; e < end; ++e) {
    if (g.target[e] >= g.nodes) {
      throw invalid_parameter(fmt::format("topology metrics: synapse {} targets node {} but the graph has {} nodes", e,
                                          g.target[e], g.nodes));
    }
    if (g.weight && !std::isfinite(g.weight[e])) {
      throw invalid_parameter(fmt::format("topology metrics: synapse {} has weight {}", e, g.weight[e]));
    }
  }
}

float weight_of(const graph_view& g, uint64_t e) { return g.weight ? g.weight[e] : 1.0f; }
bool kept(const graph_view& g, uint64_t e, float threshold) { return std::fabs(weight_of(g, e)) >= threshold; }

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

// Degrees and weights of the synapses the threshold keeps, duplicates and self-loops included.
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

// ---- The simple graph the structure metrics use ----------------------------------------------

// `und` lists each node's neighbours regardless of direction, sorted, and `mult` the number of
// arcs (1 or 2) between the two; `out` / `in` list the arcs leaving / entering each node. An
// undirected graph is a pair of arcs per edge, so `out` and `in` are `und` and mult is 2: Fagiolo's
// directed clustering and the directed modularity below then reduce exactly to Watts-Strogatz
// clustering and Newman's modularity.
struct simple_graph {
  uint32_t n = 0;
  bool symmetric = true;
  std::vector<uint64_t> und_ptr{0};
  std::vector<uint32_t> und;
  std::vector<uint8_t> mult;
  std::vector<uint64_t> out_ptr, in_ptr;  // unused when symmetric
  std::vector<uint32_t> out, in;

  std::span<const uint32_t> und_row(uint32_t i) const { return {und.data() + und_ptr[i], und.data() + und_ptr[i + 1]}; }
  std::span<const uint32_t> out_row(uint32_t i) const {
    if (symmetric) return und_row(i);
    return {out.data() + out_ptr[i], out.data() + out_ptr[i + 1]};
  }
  std::span<const uint32_t> in_row(uint32_t i) const {
    if (symmetric) return und_row(i);
    return {in.data() + in_ptr[i], in.data() + in_ptr[i + 1]};
  }
  uint32_t degree(uint32_t i) const { return static_cast<uint32_t>(und_ptr[i + 1] - und_ptr[i]); }
  uint64_t arcs() const { return symmetric ? und.size() : out.size(); }
  uint64_t edges() const { return symmetric ? und.size() / 2 : out.size(); }
};

simple_graph make_simple_graph(const graph_view& g, float threshold, bool undirected) {
  const uint32_t n = g.nodes;
  simple_graph s;
  s.n = n;
  s.symmetric = undirected;
  std::vector<uint64_t> arc_ptr(n + 1, 0);
  std::vector<uint32_t> arc;
  for (uint32_t i = 0; i < n; ++i) {
    const size_t start = arc.size();
    for (uint64_t e = g.row_ptr[i]; e < g.row_ptr[i + 1]; ++e) {
      if (g.target[e] != i && kept(g, e, threshold)) arc.push_back(g.target[e]);
    }
    std::sort(arc.begin() + static_cast<ptrdiff_t>(start), arc.end());
    arc.erase(std::unique(arc.begin() + static_cast<ptrdiff_t>(start), arc.end()), arc.end());
    arc_ptr[i + 1] = arc.size();
  }
  // Incoming arcs, filled by increasing source so each list is sorted.
  std::vector<uint64_t> in_ptr(n + 1, 0);
  for (uint32_t t : arc) ++in_ptr[t + 1];
  std::partial_sum(in_ptr.begin(), in_ptr.end(), in_ptr.begin());
  std::vector<uint32_t> in(arc.size());
  std::vector<uint64_t> fill(in_ptr.begin(), in_ptr.end() - 1);
  for (uint32_t i = 0; i < n; ++i) {
    for (uint64_t e = arc_ptr[i]; e < arc_ptr[i + 1]; ++e) in[fill[arc[e]]++] = i;
  }
  // Neighbours regardless of direction: merge the outgoing and incoming lists.
  s.und_ptr.assign(n + 1, 0);
  for (uint32_t i = 0; i < n; ++i) {
    uint64_t a = arc_ptr[i], b = in_ptr[i];
    while (a < arc_ptr[i + 1] || b < in_ptr[i + 1]) {
      const uint32_t x = a < arc_ptr[i + 1] ? arc[a] : UINT32_MAX, y = b < in_ptr[i + 1] ? in[b] : UINT32_MAX;
      s.und.push_back(std::min(x, y));
      s.mult.push_back(x == y ? 2 : 1);
      a += x <= y;
      b += y <= x;
    }
    s.und_ptr[i + 1] = s.und.size();
  }
  if (undirected) {
    std::fill(s.mult.begin(), s.mult.end(), uint8_t{2});
  } else {
    s.out_ptr = std::move(arc_ptr);
    s.out = std::move(arc);
    s.in_ptr = std::move(in_ptr);
    s.in = std::move(in);
  }
  return s;
}

// ---- Clustering ------------------------------------------------------------------------------

struct clustering_result {
  double average = 0, transitivity = 0;
};

// Fagiolo's numerator t_i = (A + A^T)^3_ii / 2 for every node. Triangles are enumerated once each
// from their lowest-ranked corner, ranking by degree so that hubs, whose neighbour lists are long,
// do the least scanning.
std::vector<uint64_t> closed_triplets_all(const simple_graph& g, int threads) {
  const uint32_t n = g.n;
  auto before = [&](uint32_t a, uint32_t b) { return g.degree(a) < g.degree(b) || (g.degree(a) == g.degree(b) && a < b); };
  std::vector<uint64_t> fwd_ptr(n + 1, 0);
  std::vector<uint32_t> fwd;
  std::vector<uint8_t> fwd_mult;
  for (uint32_t i = 0; i < n; ++i) {
    for (uint64_t e = g.und_ptr[i]; e < g.und_ptr[i + 1]; ++e) {
      if (before(i, g.und[e])) {
        fwd.push_back(g.und[e]);
        fwd_mult.push_back(g.mult[e]);
      }
    }
    fwd_ptr[i + 1] = fwd.size();
  }

  std::vector<uint64_t> closed(n, 0);  // summed over threads in integers: order-free
#pragma omp parallel num_threads(team_size(threads, g.arcs()))
  {
    std::vector<uint64_t> local(n, 0);
    std::vector<uint8_t> mark(n, 0);  // mult of the edge u-w, for the current u
#pragma omp for schedule(dynamic, 64)
    for (int64_t ui = 0; ui < static_cast<int64_t>(n); ++ui) {
      const auto u = static_cast<uint32_t>(ui);
      for (uint64_t e = fwd_ptr[u]; e < fwd_ptr[u + 1]; ++e) mark[fwd[e]] = fwd_mult[e];
      for (uint64_t e = fwd_ptr[u]; e < fwd_ptr[u + 1]; ++e) {
        const uint32_t v = fwd[e];
        for (uint64_t f = fwd_ptr[v]; f < fwd_ptr[v + 1]; ++f) {
          const uint32_t w = fwd[f];
          if (!mark[w]) continue;
          const uint64_t p = uint64_t{fwd_mult[e]} * fwd_mult[f] * mark[w];
          local[u] += p;
          local[v] += p;
          local[w] += p;
        }
      }
      for (uint64_t e = fwd_ptr[u]; e < fwd_ptr[u + 1]; ++e) mark[fwd[e]] = 0;
    }
#pragma omp critical
    for (uint32_t i = 0; i < n; ++i) closed[i] += local[i];
  }
  return closed;
}

// The same numerator for a sample of nodes only: for each neighbour v of u, the neighbours w > v
// of v (sorted lists: a suffix) that are also neighbours of u close a triangle. Costs about
// degree^2 / 2 per node, so a sample of a large dense graph is far cheaper than all of it. The
// membership test reads a bitset that stays in L1; the multiplicity is looked up on hits only.
std::vector<uint64_t> closed_triplets_at(const simple_graph& g, const std::vector<uint32_t>& nodes, int threads) {
  std::vector<uint64_t> closed(nodes.size(), 0);
  const auto count = static_cast<int64_t>(nodes.size());
#pragma omp parallel num_threads(team_size(threads, g.arcs()))
  {
    std::vector<uint64_t> is_neighbour((g.n + 63) / 64, 0);
    std::vector<uint8_t> mult_with_u(g.n, 0);
    const uint32_t* und = g.und.data();
    const uint8_t* mult = g.mult.data();
#pragma omp for schedule(dynamic, 16)
    for (int64_t k = 0; k < count; ++k) {
      const uint32_t u = nodes[k];
      const uint64_t u_begin = g.und_ptr[u], u_end = g.und_ptr[u + 1];
      for (uint64_t e = u_begin; e < u_end; ++e) {
        is_neighbour[und[e] >> 6] |= uint64_t{1} << (und[e] & 63);
        mult_with_u[und[e]] = mult[e];
      }
      uint64_t t = 0;
      for (uint64_t e = u_begin; e < u_end; ++e) {
        const uint32_t v = und[e];
        const uint64_t end = g.und_ptr[v + 1];
        const uint64_t first = static_cast<uint64_t>(std::upper_bound(und + g.und_ptr[v], und + end, v) - und);
        for (uint64_t f = first; f < end; ++f) {
          const uint32_t w = und[f];
          if ((is_neighbour[w >> 6] >> (w & 63)) & 1) t += uint64_t{mult[e]} * mult[f] * mult_with_u[w];
        }
      }
      for (uint64_t e = u_begin; e < u_end; ++e) is_neighbour[und[e] >> 6] = 0;
      closed[k] = t;
    }
  }
  return closed;
}

// Fagiolo's clustering of node i is t_i / (d_tot (d_tot - 1) - 2 d_bi): averaged over `nodes`
// (all of them, or a uniform sample), and summed numerator over summed denominator for the
// transitivity.
clustering_result clustering(const simple_graph& g, const std::vector<uint32_t>& nodes, int threads) {
  const std::vector<uint64_t> closed =
      nodes.size() == g.n ? closed_triplets_all(g, threads) : closed_triplets_at(g, nodes, threads);
  clustering_result r;
  double local_sum = 0;
  uint64_t closed_sum = 0, triplets = 0;
  for (size_t k = 0; k < nodes.size(); ++k) {
    const uint32_t i = nodes[k];
    uint64_t total = 0, mutual = 0;
    for (uint64_t e = g.und_ptr[i]; e < g.und_ptr[i + 1]; ++e) {
      total += g.mult[e];
      mutual += g.mult[e] == 2;
    }
    const uint64_t possible = total > 1 ? total * (total - 1) - 2 * mutual : 0;
    if (possible > 0) local_sum += static_cast<double>(closed[k]) / static_cast<double>(possible);
    closed_sum += closed[k];
    triplets += possible;
  }
  if (!nodes.empty()) r.average = local_sum / static_cast<double>(nodes.size());
  r.transitivity = triplets > 0 ? static_cast<double>(closed_sum) / static_cast<double>(triplets) : 0;
  return r;
}

// All nodes, or `cap` of them drawn without replacement: a uniform sample keeps means unbiased.
std::vector<uint32_t> sample_nodes(uint32_t n, uint32_t cap, uint64_t seed, draw_kind kind) {
  std::vector<uint32_t> nodes(n);
  std::iota(nodes.begin(), nodes.end(), 0u);
  if (cap == 0 || n <= cap) return nodes;
  draw_stream rng(seed, kind, 0);
  for (uint32_t r = 0; r < cap; ++r) std::swap(nodes[r], nodes[r + rng.below(n - r)]);
  nodes.resize(cap);
  std::sort(nodes.begin(), nodes.end());
  return nodes;
}

// ---- Path length -----------------------------------------------------------------------------

struct path_result {
  double length = not_defined, efficiency = 0, reachable = 0;
};

// Distances from one source, as the number of nodes at each distance (index 0: the source).
// Direction-optimising BFS (Beamer et al. 2012): while the frontier is small it pushes along its
// out-arcs; once its arcs outnumber a fraction of the unexplored ones, each unvisited node instead
// looks along its in-arcs for a parent in the frontier and stops at the first. Synaptic graphs
// are dense with short paths, so most levels are bottom-up and touch a small part of the arcs.
class bfs_counter {
 public:
  explicit bfs_counter(const simple_graph& g) : g_(g), dist_(g.n, unseen) { queue_.reserve(g.n); }

  const std::vector<uint64_t>& run(uint32_t source) {
    std::fill(dist_.begin(), dist_.end(), unseen);
    queue_.assign(1, source);
    dist_[source] = 0;
    per_level_.assign(1, 1);
    uint64_t unexplored_arcs = g_.arcs() - g_.in_row(source).size();  // what bottom-up would scan
    size_t begin = 0;
    for (uint32_t level = 0; begin < queue_.size(); ++level) {
      const size_t end = queue_.size();
      uint64_t frontier_arcs = 0;
      for (size_t q = begin; q < end; ++q) frontier_arcs += g_.out_row(queue_[q]).size();
      if (frontier_arcs * 14 > unexplored_arcs) {
        bottom_up(level);
      } else {
        top_down(begin, end, level);
      }
      for (size_t q = end; q < queue_.size(); ++q) unexplored_arcs -= g_.in_row(queue_[q]).size();
      if (queue_.size() > end) per_level_.push_back(queue_.size() - end);
      begin = end;
    }
    return per_level_;
  }

 private:
  static constexpr uint32_t unseen = UINT32_MAX;

  void top_down(size_t begin, size_t end, uint32_t level) {
    for (size_t q = begin; q < end; ++q) {
      for (uint32_t v : g_.out_row(queue_[q])) {
        if (dist_[v] != unseen) continue;
        dist_[v] = level + 1;
        queue_.push_back(v);
      }
    }
  }
  void bottom_up(uint32_t level) {
    for (uint32_t v = 0; v < g_.n; ++v) {
      if (dist_[v] != unseen) continue;
      for (uint32_t u : g_.in_row(v)) {
        if (dist_[u] != level) continue;
        dist_[v] = level + 1;
        queue_.push_back(v);
        break;
      }
    }
  }

  const simple_graph& g_;
  std::vector<uint32_t> dist_, queue_;
  std::vector<uint64_t> per_level_;
};

// Per-source sums are combined in source order afterwards, so the result does not depend on the
// thread count.
path_result path_lengths(const simple_graph& g, const std::vector<uint32_t>& sources, int threads) {
  const uint32_t n = g.n;
  const auto count = static_cast<int64_t>(sources.size());
  std::vector<uint64_t> reached(sources.size()), distance_sum(sources.size());
  std::vector<double> inverse_sum(sources.size());
#pragma omp parallel num_threads(team_size(threads, sources.size() * g.arcs() / 16))
  {
    bfs_counter bfs(g);
#pragma omp for schedule(dynamic, 1)
    for (int64_t s = 0; s < count; ++s) {
      const std::vector<uint64_t>& per_level = bfs.run(sources[s]);
      uint64_t nodes = 0, sum = 0;
      double inverse = 0;
      for (size_t d = 1; d < per_level.size(); ++d) {
        nodes += per_level[d];
        sum += d * per_level[d];
        inverse += static_cast<double>(per_level[d]) / static_cast<double>(d);
      }
      reached[s] = nodes;
      distance_sum[s] = sum;
      inverse_sum[s] = inverse;
    }
  }
  path_result r;
  uint64_t pairs_reached = 0, distances = 0;
  double inverse = 0;
  for (size_t s = 0; s < sources.size(); ++s) {
    pairs_reached += reached[s];
    distances += distance_sum[s];
    inverse += inverse_sum[s];
  }
  const double pairs = static_cast<double>(sources.size()) * (n > 0 ? n - 1 : 0);
  if (pairs_reached > 0) r.length = static_cast<double>(distances) / static_cast<double>(pairs_reached);
  if (pairs > 0) {
    r.efficiency = inverse / pairs;
    r.reachable = static_cast<double>(pairs_reached) / pairs;
  }
  return r;
}

// ---- Communities -----------------------------------------------------------------------------

// Labels renumbered 0..c-1 in order of first appearance; returns c.
uint32_t renumber(std::vector<uint32_t>& labels) {
  std::vector<uint32_t> sorted(labels);
  std::sort(sorted.begin(), sorted.end());
  sorted.erase(std::unique(sorted.begin(), sorted.end()), sorted.end());
  std::vector<uint32_t> first(sorted.size(), UINT32_MAX);
  uint32_t next = 0;
  for (uint32_t& l : labels) {
    uint32_t& f = first[std::lower_bound(sorted.begin(), sorted.end(), l) - sorted.begin()];
    if (f == UINT32_MAX) f = next++;
    l = f;
  }
  return next;
}

// Directed modularity (Leicht & Newman): Q = sum_c [A_c / m - K_c^out K_c^in / m^2], with A_c the
// arcs inside c and m all arcs. Labels must be 0..c-1.
double modularity(const simple_graph& g, const std::vector<uint32_t>& label, uint32_t communities) {
  const double m = static_cast<double>(g.arcs());
  if (m == 0) return not_defined;
  std::vector<double> inside(communities, 0), out_sum(communities, 0), in_sum(communities, 0);
  for (uint32_t i = 0; i < g.n; ++i) {
    for (uint32_t j : g.out_row(i)) {
      out_sum[label[i]] += 1;
      in_sum[label[j]] += 1;
      if (label[i] == label[j]) inside[label[i]] += 1;
    }
  }
  double q = 0;
  for (uint32_t c = 0; c < communities; ++c) q += inside[c] / m - out_sum[c] * in_sum[c] / (m * m);
  return q;
}

// One level of the Louvain method in the form the directed gain needs: w = a_ij + a_ji for each
// neighbour pair (i != j, listed in both rows), self = a_ii, k_out / k_in = arc weight leaving /
// entering the node.
struct louvain_level {
  uint32_t n = 0;
  std::vector<uint64_t> ptr{0};
  std::vector<uint32_t> nbr;
  std::vector<double> w, self, k_out, k_in;
};

louvain_level first_level(const simple_graph& g) {
  louvain_level l;
  l.n = g.n;
  l.ptr = g.und_ptr;
  l.nbr = g.und;
  l.w.assign(g.mult.begin(), g.mult.end());
  l.self.assign(g.n, 0);
  l.k_out.assign(g.n, 0);
  l.k_in.assign(g.n, 0);
  for (uint32_t i = 0; i < g.n; ++i) {
    for (uint32_t j : g.out_row(i)) {
      l.k_out[i] += 1;
      l.k_in[j] += 1;
    }
  }
  return l;
}

// Sparse accumulator of weights towards neighbouring communities. Link weights are positive, so
// a zero total marks a community not yet touched.
struct community_links {
  explicit community_links(uint32_t n) : weight(n, 0) {}
  void add(uint32_t c, double w) {
    if (weight[c] == 0) touched.push_back(c);
    weight[c] += w;
  }
  // add(comm[nbr[e]], w[e]) for each e with the arrays in locals: the hottest loop of Louvain,
  // bound by the latency of the comm[] and weight[] lookups.
  void gather(const uint32_t* nbr, const double* w, uint64_t count, const uint32_t* comm) {
    double* total = weight.data();
    for (uint64_t e = 0; e < count; ++e) {
      const uint32_t c = comm[nbr[e]];
      if (total[c] == 0) touched.push_back(c);
      total[c] += w[e];
    }
  }
  void clear() {
    for (uint32_t c : touched) weight[c] = 0;
    touched.clear();
  }
  std::vector<double> weight;
  std::vector<uint32_t> touched;
};

// Moves single nodes to the neighbouring community with the largest modularity gain until no move
// gains. Inserting an isolated node i into c gains [w(i,c) - (k_i^out K_c^in + k_i^in K_c^out) / m] / m.
// Nodes wait in a queue, first in a seeded random order; after a move only the neighbours outside
// the new community are queued again (the fast local move of Traag et al. 2019), so the tail of
// tiny improvements that full sweeps spend most of their time on costs little.
// Returns the renumbered communities.
std::vector<uint32_t> local_moves(const louvain_level& l, double m, draw_stream& rng, uint32_t& count) {
  std::vector<uint32_t> comm(l.n), queue(l.n);
  std::iota(comm.begin(), comm.end(), 0u);
  std::iota(queue.begin(), queue.end(), 0u);
  shuffle(queue, rng);
  std::vector<uint8_t> queued(l.n, 1);
  std::vector<double> tot_out(l.k_out), tot_in(l.k_in);
  community_links links(l.n);
  const double tolerance = 1e-12 * m;
  size_t head = 0, waiting = l.n;  // a ring: each node is queued at most once
  while (waiting > 0) {
    const uint32_t i = queue[head];
    head = head + 1 == l.n ? 0 : head + 1;
    --waiting;
    queued[i] = 0;
    const uint32_t old = comm[i];
    links.gather(l.nbr.data() + l.ptr[i], l.w.data() + l.ptr[i], l.ptr[i + 1] - l.ptr[i], comm.data());
    tot_out[old] -= l.k_out[i];
    tot_in[old] -= l.k_in[i];
    auto gain = [&](uint32_t c) { return links.weight[c] - (l.k_out[i] * tot_in[c] + l.k_in[i] * tot_out[c]) / m; };
    uint32_t best = old;
    double best_gain = gain(old);
    for (uint32_t c : links.touched) {
      const double g = gain(c);
      if (g > best_gain + tolerance) {
        best = c;
        best_gain = g;
      }
    }
    tot_out[best] += l.k_out[i];
    tot_in[best] += l.k_in[i];
    comm[i] = best;
    links.clear();
    if (best == old) continue;
    for (uint64_t e = l.ptr[i]; e < l.ptr[i + 1]; ++e) {
      const uint32_t j = l.nbr[e];
      if (queued[j] || comm[j] == best) continue;
      queued[j] = 1;
      queue[(head + waiting) % l.n] = j;
      ++waiting;
    }
  }
  count = renumber(comm);
  return comm;
}

// Collapses each community into one node; arcs inside a community become its self weight.
louvain_level aggregate(const louvain_level& l, const std::vector<uint32_t>& comm, uint32_t count) {
  std::vector<uint64_t> start(count + 1, 0);
  for (uint32_t c : comm) ++start[c + 1];
  std::partial_sum(start.begin(), start.end(), start.begin());
  std::vector<uint32_t> members(l.n);
  std::vector<uint64_t> fill(start.begin(), start.end() - 1);
  for (uint32_t i = 0; i < l.n; ++i) members[fill[comm[i]]++] = i;

  louvain_level a;
  a.n = count;
  a.ptr.assign(count + 1, 0);
  a.self.assign(count, 0);
  a.k_out.assign(count, 0);
  a.k_in.assign(count, 0);
  community_links links(count);
  for (uint32_t c = 0; c < count; ++c) {
    double inside = 0;  // each internal pair is seen from both ends
    for (uint64_t k = start[c]; k < start[c + 1]; ++k) {
      const uint32_t i = members[k];
      a.self[c] += l.self[i];
      a.k_out[c] += l.k_out[i];
      a.k_in[c] += l.k_in[i];
      for (uint64_t e = l.ptr[i]; e < l.ptr[i + 1]; ++e) {
        const uint32_t d = comm[l.nbr[e]];
        if (d == c) {
          inside += l.w[e];
        } else {
          links.add(d, l.w[e]);
        }
      }
    }
    a.self[c] += inside / 2;
    std::sort(links.touched.begin(), links.touched.end());
    for (uint32_t d : links.touched) {
      a.nbr.push_back(d);
      a.w.push_back(links.weight[d]);
    }
    a.ptr[c + 1] = a.nbr.size();
    links.clear();
  }
  return a;
}

// Louvain (Blondel et al. 2008) on the directed modularity, which for a symmetric graph is the
// usual one: local moves, aggregate, repeat until a level merges nothing.
std::vector<uint32_t> louvain(const simple_graph& g, uint64_t seed) {
  std::vector<uint32_t> membership(g.n);
  std::iota(membership.begin(), membership.end(), 0u);
  if (g.arcs() == 0) return membership;
  louvain_level level = first_level(g);
  const double m = static_cast<double>(g.arcs());
  for (uint32_t depth = 0;; ++depth) {
    draw_stream rng(seed, draw_kind::louvain_order, depth);
    uint32_t count = 0;
    const std::vector<uint32_t> comm = local_moves(level, m, rng, count);
    for (uint32_t& c : membership) c = comm[c];
    if (count == level.n) break;
    level = aggregate(level, comm, count);
  }
  return membership;
}

#if ENGRAM_HAVE_IGRAPH
constexpr bool have_igraph = true;

void igraph_check(igraph_error_t code, const char* call) {
  if (code != IGRAPH_SUCCESS) throw error(fmt::format("{} failed: {}", call, igraph_strerror(code)));
}

// igraph's default error handler aborts the process; while this lives, igraph calls return their
// error codes instead (freeing their temporaries), and igraph_check turns them into exceptions.
class igraph_error_scope {
 public:
  igraph_error_scope() : previous_(igraph_set_error_handler(igraph_error_handler_ignore)) {}
  ~igraph_error_scope() { igraph_set_error_handler(previous_); }
  igraph_error_scope(const igraph_error_scope&) = delete;
  igraph_error_scope& operator=(const igraph_error_scope&) = delete;

 private:
  igraph_error_handler_t* previous_;
};

struct igraph_int_vector {
  explicit igraph_int_vector(igraph_integer_t size) { igraph_check(igraph_vector_int_init(&v, size), "igraph_vector_int_init"); }
  ~igraph_int_vector() { igraph_vector_int_destroy(&v); }
  igraph_int_vector(const igraph_int_vector&) = delete;
  igraph_int_vector& operator=(const igraph_int_vector&) = delete;
  igraph_vector_int_t v;
};

struct igraph_graph {
  igraph_graph(const igraph_vector_int_t& edges, igraph_integer_t n) {
    igraph_check(igraph_create(&g, &edges, n, IGRAPH_UNDIRECTED), "igraph_create");
  }
  ~igraph_graph() { igraph_destroy(&g); }
  igraph_graph(const igraph_graph&) = delete;
  igraph_graph& operator=(const igraph_graph&) = delete;
  igraph_t g;
};

// igraph's multilevel method on the undirected simple graph. It draws from igraph's global RNG,
// seeded here so the partition is reproducible.
std::vector<uint32_t> igraph_multilevel(const simple_graph& s, uint64_t seed) {
  igraph_error_scope errors;
  igraph_int_vector edges(static_cast<igraph_integer_t>(2 * s.edges()));
  igraph_integer_t k = 0;
  for (uint32_t i = 0; i < s.n; ++i) {
    for (uint32_t j : s.und_row(i)) {
      if (j < i) continue;
      VECTOR(edges.v)[k++] = i;
      VECTOR(edges.v)[k++] = j;
    }
  }
  igraph_graph graph(edges.v, s.n);
  igraph_int_vector membership(0);
  igraph_check(igraph_rng_seed(igraph_rng_default(), seed), "igraph_rng_seed");
  igraph_check(igraph_community_multilevel(&graph.g, nullptr, 1.0, &membership.v, nullptr, nullptr),
               "igraph_community_multilevel");
  std::vector<uint32_t> out(s.n);
  for (uint32_t i = 0; i < s.n; ++i) out[i] = static_cast<uint32_t>(VECTOR(membership.v)[i]);
  return out;
}
#else
constexpr bool have_igraph = false;
std::vector<uint32_t> igraph_multilevel(const simple_graph&, uint64_t) { throw internal_error("Engram was built without igraph"); }
#endif

void communities(const simple_graph& g, const topology_options& o, topology_metrics& out) {
  if (!o.communities) {
    out.community_method = "none";
    out.modularity = not_defined;
    return;
  }
  // igraph's multilevel handles undirected graphs only.
  const bool by_igraph = have_igraph && o.use_igraph && g.symmetric;
  out.membership = by_igraph ? igraph_multilevel(g, o.seed) : louvain(g, o.seed);
  out.community_method = by_igraph ? "igraph multilevel" : "louvain";
  out.communities = renumber(out.membership);
  out.modularity = modularity(g, out.membership, out.communities);
}

// ---- Rich club and small world ---------------------------------------------------------------

// phi(k) = 2 E_>k / (N_>k (N_>k - 1)) on undirected degrees: an edge belongs to the club of every
// k below the smaller degree of its two ends.
std::vector<double> rich_club(const simple_graph& g) {
  if (g.n == 0) return {};
  uint32_t max_degree = 0;
  for (uint32_t i = 0; i < g.n; ++i) max_degree = std::max(max_degree, g.degree(i));
  std::vector<uint64_t> nodes_at(max_degree + 1, 0), edges_at(max_degree + 1, 0);
  for (uint32_t i = 0; i < g.n; ++i) {
    ++nodes_at[g.degree(i)];
    for (uint32_t j : g.und_row(i)) {
      if (j > i) ++edges_at[std::min(g.degree(i), g.degree(j))];
    }
  }
  std::vector<double> phi(max_degree + 1, not_defined);
  uint64_t nodes_above = 0, edges_above = 0;
  for (uint32_t k = max_degree + 1; k-- > 0;) {
    if (k < max_degree) {
      nodes_above += nodes_at[k + 1];
      edges_above += edges_at[k + 1];
    }
    if (nodes_above > 1) phi[k] = 2.0 * static_cast<double>(edges_above) / (static_cast<double>(nodes_above) * (nodes_above - 1));
  }
  return phi;
}

// Which nodes clustering is averaged over and which nodes BFS starts from: all, or seeded samples.
struct node_samples {
  std::vector<uint32_t> clustering, paths;
};

// sigma and omega against Erdos-Renyi G(n, m) references of the same size (averaged) and the ring
// lattice of the same mean degree, measured the same way (same samples) as the graph itself.
void small_world(const simple_graph& g, const topology_options& o, const node_samples& samples, topology_metrics& out) {
  out.sigma = out.omega = out.clustering_random = out.path_length_random = out.clustering_lattice = not_defined;
  if (o.reference_graphs == 0 || g.n < 3 || g.arcs() == 0) return;
  double c_rand = 0, l_rand = 0;
  for (uint32_t r = 0; r < o.reference_graphs; ++r) {
    const csr_graph ref = gnm_graph(g.n, g.edges(), !g.symmetric, o.seed, r + 1);
    const simple_graph s = make_simple_graph(ref.view(), 0, g.symmetric);
    c_rand += clustering(s, samples.clustering, o.threads).average;
    l_rand += path_lengths(s, samples.paths, o.threads).length;
  }
  out.clustering_random = c_rand / o.reference_graphs;
  out.path_length_random = l_rand / o.reference_graphs;

  const double half_degree = std::round(static_cast<double>(g.arcs()) / (2.0 * g.n));
  const auto k = static_cast<uint32_t>(std::clamp(half_degree, 1.0, (g.n - 1) / 2.0));
  if (g.n > 3 * k) {
    // Neighbourhoods do not wrap round the ring: the closed form holds, for either mode (every
    // lattice edge is reciprocal).
    out.clustering_lattice = 3.0 * (k - 1) / (2.0 * (2 * k - 1));
  } else {
    // Every node of a ring lattice sees the same neighbourhood: one node gives the average.
    const csr_graph lattice = ring_lattice(g.n, k);
    out.clustering_lattice = clustering(make_simple_graph(lattice.view(), 0, g.symmetric), {0}, o.threads).average;
  }

  const double c = out.clustering, l = out.path_length;
  if (out.clustering_random > 0 && l > 0 && out.path_length_random > 0) {
    out.sigma = (c / out.clustering_random) / (l / out.path_length_random);
  }
  if (l > 0 && out.clustering_lattice > 0) out.omega = out.path_length_random / l - c / out.clustering_lattice;
}

void check_options(const topology_options& o) {
  if (o.degree_bins == 0 || o.weight_bins == 0) throw invalid_parameter("topology metrics: histograms need at least one bin");
  if (!(o.weight_threshold >= 0)) throw invalid_parameter(fmt::format("topology metrics: weight threshold {} is negative", o.weight_threshold));
}

}  // namespace

topology_metrics compute_topology_metrics(const graph_view& graph, const topology_options& options) {
  check_view(graph);
  check_options(options);
  topology_metrics m;
  m.nodes = graph.nodes;
  if (graph.nodes == 0) {
    m.path_length = m.modularity = m.sigma = m.omega = not_defined;
    m.community_method = options.communities ? "louvain" : "none";
    return m;
  }
  synapse_statistics(graph, options, m);

  const simple_graph g = make_simple_graph(graph, options.weight_threshold, options.undirected);
  m.structural_edges = g.edges();
  const node_samples samples{
      sample_nodes(g.n, options.max_clustering_nodes, options.seed, draw_kind::clustering_nodes),
      sample_nodes(g.n, options.max_path_sources, options.seed, draw_kind::path_sources)};
  const clustering_result c = clustering(g, samples.clustering, options.threads);
  m.clustering = c.average;
  m.transitivity = c.transitivity;
  m.clustering_nodes = static_cast<uint32_t>(samples.clustering.size());

  const path_result p = path_lengths(g, samples.paths, options.threads);
  m.path_length = p.length;
  m.efficiency = p.efficiency;
  m.reachable_fraction = p.reachable;
  m.path_sources = static_cast<uint32_t>(samples.paths.size());

  communities(g, options, m);
  small_world(g, options, samples, m);
  m.rich_club = rich_club(g);
  return m;
}

double partition_modularity(const graph_view& graph, const std::vector<uint32_t>& membership,
                            const topology_options& options) {
  check_view(graph);
  if (membership.size() != graph.nodes) {
    throw invalid_parameter(fmt::format("partition_modularity: {} labels for {} nodes", membership.size(), graph.nodes));
  }
  if (graph.nodes == 0) return not_defined;
  const simple_graph g = make_simple_graph(graph, options.weight_threshold, options.undirected);
  std::vector<uint32_t> labels(membership);
  const uint32_t count = renumber(labels);
  return modularity(g, labels, count);
}

csr_graph ring_lattice(uint32_t n, uint32_t k) {
  if (n > 0 && uint64_t{2} * k >= n) {
    throw invalid_parameter(fmt::format("ring lattice: {} neighbours each side need more than {} nodes", k, 2 * uint64_t{k}));
  }
  std::vector<std::vector<uint32_t>> rows(n);
  for (uint32_t i = 0; i < n; ++i) {
    for (uint32_t d = 1; d <= k; ++d) {
      rows[i].push_back((i + d) % n);
      rows[i].push_back((i + n - d) % n);
    }
    std::sort(rows[i].begin(), rows[i].end());
  }
  return csr_from_rows(n, rows);
}

csr_graph erdos_renyi(uint32_t n, double p, uint64_t seed, bool directed) {
  check_probability(p, "Erdos-Renyi p");
  std::vector<std::vector<uint32_t>> rows(n);
#pragma omp parallel for schedule(dynamic, 64) num_threads(team_size(0, static_cast<uint64_t>(p * n * n)))
  for (int64_t ii = 0; ii < static_cast<int64_t>(n); ++ii) {
    const auto i = static_cast<uint32_t>(ii);
    draw_stream rng(seed, draw_kind::erdos_renyi, i);
    if (directed) bernoulli_range(0, i, p, rng, rows[i]);
    bernoulli_range(uint64_t{i} + 1, n, p, rng, rows[i]);
  }
  return directed ? csr_from_rows(n, rows) : symmetric_from_upper(n, rows);
}

csr_graph erdos_renyi_gnm(uint32_t n, uint64_t m, uint64_t seed, bool directed) {
  return gnm_graph(n, m, directed, seed, 0);
}

csr_graph planted_partition(uint32_t groups, uint32_t group_size, double p_in, double p_out, uint64_t seed) {
  check_probability(p_in, "planted partition p_in");
  check_probability(p_out, "planted partition p_out");
  const uint64_t total = uint64_t{groups} * group_size;
  if (total > UINT32_MAX) throw invalid_parameter(fmt::format("planted partition: {} nodes exceed 2^32 - 1", total));
  const auto n = static_cast<uint32_t>(total);
  std::vector<std::vector<uint32_t>> upper(n);
#pragma omp parallel for schedule(dynamic, 64) num_threads(team_size(0, static_cast<uint64_t>(std::max(p_in, p_out) * n * n)))
  for (int64_t ii = 0; ii < static_cast<int64_t>(n); ++ii) {
    const auto i = static_cast<uint32_t>(ii);
    const uint64_t group_end = (uint64_t{i} / group_size + 1) * group_size;
    draw_stream rng(seed, draw_kind::planted, i);
    bernoulli_range(uint64_t{i} + 1, group_end, p_in, rng, upper[i]);
    bernoulli_range(group_end, n, p_out, rng, upper[i]);
  }
  return symmetric_from_upper(n, upper);
}

}  // namespace engram
