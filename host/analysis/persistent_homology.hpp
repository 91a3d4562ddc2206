#pragma once
// Persistent homology of a weighted synaptic graph (docs/research.md): the clique (flag) complex
// of its strongest edges, filtered by strength, through GUDHI (simplex tree, persistent
// cohomology over Z/2). Directed synapses are symmetrised: an undirected edge i-j takes the
// larger |w| of i->j and j->i. Edges enter strongest first; the filtration value of an edge is
// its rank among the kept edges over their count, in (0, 1], so a Betti curve reads "beta_k when
// the strongest fraction f of the edges is in". Vertices enter at 0; cliques enter with their
// last edge. Simplices up to dimension max_dimension + 1 are built, so beta_0 .. beta_max_dimension
// are exact for the complex.
#include <cstdint>
#include <vector>

#include "host/analysis/topology_metrics.hpp"

namespace engram {

struct homology_options {
  uint64_t max_edges = 2000;    // the strongest undirected edges kept (the complex grows fast)
  float min_strength = 0;       // edges with a smaller |w| are left out
  int max_dimension = 2;        // Betti numbers 0 .. this
  uint32_t curve_points = 20;   // Betti curve samples at fractions 1/points .. 1
  uint64_t max_simplices = 20'000'000;  // refuse a complex larger than this, with a clear error
};

struct persistence_interval {
  int dimension = 0;
  double birth = 0, death = 0;  // death = infinity for a class that never dies
};

struct homology_result {
  std::vector<double> fractions;               // curve sample points
  std::vector<std::vector<uint32_t>> betti;    // [dimension][point]
  std::vector<persistence_interval> diagram;   // finite and infinite intervals, by dimension
  uint64_t edges = 0, simplices = 0;
  std::vector<uint32_t> final_betti() const;   // of the whole kept complex
};

homology_result graph_homology(const graph_view& g, const homology_options& options = {});

}  // namespace engram
