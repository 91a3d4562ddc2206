// Small-world sigma and omega against random and lattice references.
#include <algorithm>
#include <cmath>

#include "host/analysis/topology_parts.hpp"

namespace engram::topology {

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

}  // namespace engram::topology
