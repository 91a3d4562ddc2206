// Betti numbers of clique complexes with known homology (docs/research.md).
#include <cmath>

#include "host/analysis/persistent_homology.hpp"
#include "engine/errors.hpp"
#include "tests/catch.hpp"

using namespace engram;

namespace {

csr_graph undirected(uint32_t nodes, const std::vector<std::pair<uint32_t, uint32_t>>& edges, std::vector<float> w = {}) {
  csr_graph g;
  g.nodes = nodes;
  std::vector<std::vector<std::pair<uint32_t, float>>> rows(nodes);
  for (size_t k = 0; k < edges.size(); ++k) rows[edges[k].first].push_back({edges[k].second, w.empty() ? 1.0f : w[k]});
  for (const auto& row : rows) {
    for (const auto& [t, v] : row) g.target.push_back(t), g.weight.push_back(v);
    g.row_ptr.push_back(g.target.size());
  }
  return g;
}

std::vector<uint32_t> betti(const csr_graph& g) { return graph_homology(g.view()).final_betti(); }

}  // namespace

TEST_CASE("Betti numbers: a cycle has one loop, a clique none, parts count in beta_0", "[homology]") {
  CHECK(betti(undirected(4, {{0, 1}, {1, 2}, {2, 3}, {3, 0}})) == std::vector<uint32_t>{1, 1, 0});
  CHECK(betti(undirected(4, {{0, 1}, {1, 2}, {2, 3}, {3, 0}, {0, 2}, {1, 3}})) == std::vector<uint32_t>{1, 0, 0});  // K4: solid
  CHECK(betti(undirected(6, {{0, 1}, {1, 2}, {2, 0}, {3, 4}, {4, 5}, {5, 3}})) == std::vector<uint32_t>{2, 0, 0});  // two triangles
  CHECK(betti(undirected(3, {})) == std::vector<uint32_t>{3, 0, 0});
}

TEST_CASE("Betti numbers: the octahedron's clique complex is a hollow sphere (beta_2 = 1)", "[homology]") {
  // six vertices, each joined to all but its opposite (0-1, 2-3, 4-5 are the opposite pairs)
  std::vector<std::pair<uint32_t, uint32_t>> e;
  for (uint32_t i = 0; i < 6; ++i)
    for (uint32_t j = i + 1; j < 6; ++j)
      if (j != (i ^ 1u)) e.push_back({i, j});
  CHECK(betti(undirected(6, e)) == std::vector<uint32_t>{1, 0, 1});
  // a hollow tetrahedron needs its 3-cell left out: up to dimension 1 only, K4 has beta_1 = 0,
  // and with dimension 3 the solid tetrahedron has beta_3 = 0
  homology_options o;
  o.max_dimension = 3;
  CHECK(graph_homology(undirected(4, {{0, 1}, {1, 2}, {2, 3}, {3, 0}, {0, 2}, {1, 3}}).view(), o).final_betti() ==
        std::vector<uint32_t>{1, 0, 0, 0});
}

TEST_CASE("Betti numbers: the filtration admits strong edges first, and a loop is born then filled", "[homology]") {
  // a square of strong edges (a loop) whose diagonal is weakest: beta_1 = 1 until the diagonal enters
  const csr_graph g = undirected(4, {{0, 1}, {1, 2}, {2, 3}, {3, 0}, {0, 2}}, {0.9f, 0.8f, 0.7f, 0.6f, 0.1f});
  homology_options o;
  o.curve_points = 5;  // fractions 0.2 .. 1.0: one edge per point
  const homology_result r = graph_homology(g.view(), o);
  CHECK(r.betti[0] == std::vector<uint32_t>{3, 2, 1, 1, 1});
  CHECK(r.betti[1] == std::vector<uint32_t>{0, 0, 0, 1, 0});
  size_t loops = 0;
  for (const auto& i : r.diagram)
    if (i.dimension == 1) {
      ++loops;
      CHECK(i.birth == Approx(0.8));
      CHECK(i.death == Approx(1.0));
    }
  CHECK(loops == 1);
  // directed synapses count once, with the stronger direction
  CHECK(betti(undirected(3, {{0, 1}, {1, 0}, {1, 2}, {2, 0}})) == std::vector<uint32_t>{1, 0, 0});
  homology_options tiny;
  tiny.max_simplices = 3;
  CHECK_THROWS_WITH(graph_homology(g.view(), tiny), Catch::Contains("simplices, over the limit of 3"));
}

TEST_CASE("Betti numbers: topology metrics carry them when asked, NaN otherwise", "[homology]") {
  const csr_graph cycle = undirected(5, {{0, 1}, {1, 2}, {2, 3}, {3, 4}, {4, 0}});
  topology_options o;
  o.reference_graphs = 0;
  const topology_metrics off = compute_topology_metrics(cycle.view(), o);
  CHECK(std::isnan(off.betti1));
  o.betti_edges = 100;
  const topology_metrics on = compute_topology_metrics(cycle.view(), o);
  CHECK(on.betti0 == 1);
  CHECK(on.betti1 == 1);
  CHECK(on.betti2 == 0);
  CHECK(on.betti_curves.size() == 3);
  o.weight_threshold = 2.0f;  // every edge below it: five lone nodes
  CHECK(compute_topology_metrics(cycle.view(), o).betti0 == 5);
}
