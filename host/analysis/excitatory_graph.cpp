#include "host/analysis/excitatory_graph.hpp"

#include <algorithm>

namespace engram {

excitatory_graph build_excitatory_graph(const network_state& s) {
  auto excitatory = [](const synapse_table& t) {
    return !t.weight.empty() && *std::max_element(t.weight.begin(), t.weight.end()) > 0.0f;
  };
  // Node index of each global neuron, or -1 when its population sends no excitatory projection.
  std::vector<int64_t> node(s.neuron_count(), -1);
  excitatory_graph out;
  uint32_t nodes = 0;
  for (const auto& p : s.populations) {
    const bool sends = std::any_of(s.projections.begin(), s.projections.end(),
                                   [&](const synapse_table& t) { return t.pre_first == p.first && excitatory(t); });
    if (!sends) continue;
    out.populations.push_back(p.name);
    for (uint32_t i = 0; i < p.size; ++i) node[p.first + i] = nodes++;
  }
  std::vector<std::vector<std::pair<uint32_t, float>>> rows(nodes);
  for (const auto& t : s.projections) {
    if (!excitatory(t)) continue;
    for (uint32_t i = 0; i < t.pre_count; ++i) {
      const int64_t from = node[t.pre_first + i];
      if (from < 0) continue;
      for (uint64_t e = t.row_ptr[i]; e < t.row_ptr[i + 1]; ++e) {
        const int64_t to = node[t.target_of(e)];
        if (to >= 0 && t.weight[e] > 0) rows[from].emplace_back(static_cast<uint32_t>(to), t.weight[e]);
      }
    }
  }
  auto& g = out.graph;
  g.nodes = nodes;
  g.row_ptr.assign(1, 0);
  for (auto& row : rows) {
    std::sort(row.begin(), row.end());
    for (auto [to, w] : row) {
      g.target.push_back(to);
      g.weight.push_back(w);
    }
    g.row_ptr.push_back(g.target.size());
  }
  return out;
}

}  // namespace engram
