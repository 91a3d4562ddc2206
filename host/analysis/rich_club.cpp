// The rich-club coefficient phi(k) of the undirected simple graph.
#include <algorithm>

#include "host/analysis/topology_parts.hpp"

namespace engram::topology {

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

}  // namespace engram::topology
