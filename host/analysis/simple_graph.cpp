#include "host/analysis/simple_graph.hpp"

#include <algorithm>
#include <numeric>

namespace engram::topology {

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

}  // namespace engram::topology
