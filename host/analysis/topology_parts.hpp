#pragma once
// The parts of the topology metrics (topology_metrics.hpp), one concern per file, and what they
// share. Internal to host/analysis/: compute_topology_metrics (topology_metrics.cpp) runs them.
#include <omp.h>

#include <cstdint>
#include <limits>
#include <vector>

#include "host/analysis/simple_graph.hpp"
#include "host/analysis/topology_metrics.hpp"

namespace engram::topology {

inline constexpr double not_defined = std::numeric_limits<double>::quiet_NaN();

// Small graphs run on one thread: waking a team costs more than the work, and far more when the
// cores are busy and the team's spinning threads compete with other processes.
inline int team_size(int threads, uint64_t work) {
  if (work < (uint64_t{1} << 16)) return 1;
  return threads > 0 ? threads : omp_get_max_threads();
}

// synapse_statistics.cpp
// Degrees and weights of the synapses the threshold keeps, duplicates and self-loops included.
void synapse_statistics(const graph_view& g, const topology_options& o, topology_metrics& out);

// clustering.cpp
struct clustering_result {
  double average = 0, transitivity = 0;
};
// Fagiolo's clustering of node i is t_i / (d_tot (d_tot - 1) - 2 d_bi): averaged over `nodes`
// (all of them, or a uniform sample), and summed numerator over summed denominator for the
// transitivity.
clustering_result clustering(const simple_graph& g, const std::vector<uint32_t>& nodes, int threads);

// path_lengths.cpp
struct path_result {
  double length = not_defined, efficiency = 0, reachable = 0;
};
// Per-source sums are combined in source order afterwards, so the result does not depend on the
// thread count.
path_result path_lengths(const simple_graph& g, const std::vector<uint32_t>& sources, int threads);

// communities.cpp
// Labels renumbered 0..c-1 in order of first appearance; returns c.
uint32_t renumber(std::vector<uint32_t>& labels);
// Directed modularity (Leicht & Newman): Q = sum_c [A_c / m - K_c^out K_c^in / m^2], with A_c the
// arcs inside c and m all arcs. Labels must be 0..c-1.
double modularity(const simple_graph& g, const std::vector<uint32_t>& label, uint32_t communities);
// Louvain (or igraph's multilevel when asked and available) and the modularity it reaches.
void communities(const simple_graph& g, const topology_options& o, topology_metrics& out);

// igraph_multilevel.cpp: igraph's multilevel communities, when Engram is built with igraph.
#if ENGRAM_HAVE_IGRAPH
inline constexpr bool have_igraph = true;
#else
inline constexpr bool have_igraph = false;
#endif
std::vector<uint32_t> igraph_multilevel(const simple_graph& s, uint64_t seed);

// rich_club.cpp
// phi(k) = 2 E_>k / (N_>k (N_>k - 1)) on undirected degrees: an edge belongs to the club of every
// k below the smaller degree of its two ends.
std::vector<double> rich_club(const simple_graph& g);

// small_world.cpp
// Which nodes clustering is averaged over and which nodes BFS starts from: all, or seeded samples.
struct node_samples {
  std::vector<uint32_t> clustering, paths;
};
// sigma and omega against Erdos-Renyi G(n, m) references of the same size (averaged) and the ring
// lattice of the same mean degree, measured the same way (same samples) as the graph itself.
void small_world(const simple_graph& g, const topology_options& o, const node_samples& samples, topology_metrics& out);

// graph_generators.cpp: G(n, m) as the small-world references draw it; `graph` tells the graphs
// drawn from one seed apart.
csr_graph gnm_graph(uint32_t n, uint64_t m, bool directed, uint64_t seed, uint32_t graph);

}  // namespace engram::topology
