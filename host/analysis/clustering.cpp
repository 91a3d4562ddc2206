// Local clustering and transitivity (Watts-Strogatz, Fagiolo's for directed graphs).
#include <algorithm>

#include "host/analysis/topology_parts.hpp"

namespace engram::topology {
namespace {

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

}  // namespace

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

}  // namespace engram::topology
