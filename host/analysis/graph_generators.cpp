// Graph generators: ring lattice, Erdos-Renyi G(n, p) and G(n, m), planted partition. Rows are
// drawn in parallel, each from a stream of its own (metric_draws.hpp), so a graph does not
// depend on the thread count.
#include <algorithm>
#include <cmath>
#include <numeric>

#include <fmt/format.h>

#include "engine/errors.hpp"
#include "host/analysis/metric_draws.hpp"
#include "host/analysis/topology_parts.hpp"

namespace engram {
using namespace topology;

namespace {

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

}  // namespace

csr_graph topology::gnm_graph(uint32_t n, uint64_t m, bool directed, uint64_t seed, uint32_t graph) {
  const uint64_t all = n < 2 ? 0 : (directed ? uint64_t{n} * (n - 1) : uint64_t{n} * (n - 1) / 2);
  if (m > all) throw invalid_parameter(fmt::format("G(n, m): {} edges do not fit in {} nodes (at most {})", m, n, all));
  const std::vector<std::vector<uint32_t>> rows = gnm_rows(n, m, directed, seed, graph);
  return directed ? csr_from_rows(n, rows) : symmetric_from_upper(n, rows);
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
