#include "host/analysis/persistent_homology.hpp"

#include <iostream>  // GUDHI 3.7's Persistent_cohomology.h uses std::cout without including it
#include <gudhi/Persistent_cohomology.h>
#include <gudhi/Simplex_tree.h>

#include <algorithm>
#include <cmath>
#include <fmt/format.h>
#include <limits>
#include <map>
#include <utility>

#include "engine/errors.hpp"

namespace engram {

std::vector<uint32_t> homology_result::final_betti() const {
  std::vector<uint32_t> out;
  for (const auto& curve : betti) out.push_back(curve.empty() ? 0 : curve.back());
  return out;
}

namespace {

using simplex_tree = Gudhi::Simplex_tree<>;  // double filtration values (the fast options store floats)
using field = Gudhi::persistent_cohomology::Field_Zp;
using cohomology = Gudhi::persistent_cohomology::Persistent_cohomology<simplex_tree, field>;

struct edge {
  uint32_t a, b;
  float strength;
};

// Undirected edges with the larger |w| of the two directions, strongest first (ties by node
// pair, so the order is the same everywhere).
std::vector<edge> strongest_edges(const graph_view& g, uint64_t keep, float min_strength) {
  std::map<std::pair<uint32_t, uint32_t>, float> strength;
  for (uint32_t i = 0; i < g.nodes; ++i)
    for (uint64_t s = g.row_ptr[i]; s < g.row_ptr[i + 1]; ++s) {
      const uint32_t j = g.target[s];
      if (j == i) continue;
      const float w = g.weight ? std::fabs(g.weight[s]) : 1.0f;
      if (!(w > 0) || w < min_strength) continue;
      float& v = strength[{std::min(i, j), std::max(i, j)}];
      v = std::max(v, w);
    }
  std::vector<edge> edges;
  edges.reserve(strength.size());
  for (const auto& [pair, w] : strength) edges.push_back({pair.first, pair.second, w});
  std::stable_sort(edges.begin(), edges.end(), [](const edge& x, const edge& y) { return x.strength > y.strength; });
  if (edges.size() > keep) edges.resize(keep);
  return edges;
}

}  // namespace

homology_result graph_homology(const graph_view& g, const homology_options& o) {
  if (o.max_dimension < 0 || o.max_dimension > 3) throw invalid_parameter("Betti numbers are computed for dimensions 0 to 3");
  if (o.curve_points == 0 || o.max_edges == 0) throw invalid_parameter("a Betti curve needs points and edges");
  const std::vector<edge> edges = strongest_edges(g, o.max_edges, o.min_strength);
  simplex_tree st;
  for (uint32_t v = 0; v < g.nodes; ++v) st.insert_simplex({static_cast<int>(v)}, 0.0);
  for (size_t k = 0; k < edges.size(); ++k)
    st.insert_simplex({static_cast<int>(edges[k].a), static_cast<int>(edges[k].b)},
                      static_cast<double>(k + 1) / static_cast<double>(edges.size()));
  // count the cliques first: a dense graph's complex can outgrow the machine
  st.expansion(o.max_dimension + 1);
  if (st.num_simplices() > o.max_simplices)
    throw invalid_parameter(fmt::format("the clique complex of the {} strongest edges has {} simplices, over the limit of {}: "
                                        "keep fewer edges", edges.size(), st.num_simplices(), o.max_simplices));
  cohomology pcoh(st, true);  // true: also the top dimension of the complex (a graph with no triangles has loops)
  pcoh.init_coefficients(2);
  pcoh.compute_persistent_cohomology(0.0);

  homology_result r;
  r.edges = edges.size();
  r.simplices = st.num_simplices();
  for (uint32_t p = 1; p <= o.curve_points; ++p) r.fractions.push_back(static_cast<double>(p) / o.curve_points);
  r.betti.assign(static_cast<size_t>(o.max_dimension) + 1, std::vector<uint32_t>(o.curve_points, 0));
  for (int d = 0; d <= o.max_dimension; ++d)
    for (const auto& [birth, death] : pcoh.intervals_in_dimension(d)) {
      r.diagram.push_back({d, birth, death});
      for (uint32_t p = 0; p < o.curve_points; ++p)
        if (birth <= r.fractions[p] + 1e-12 && r.fractions[p] + 1e-12 < death) ++r.betti[static_cast<size_t>(d)][p];
    }
  return r;
}

}  // namespace engram
