#pragma once
// Topology metrics of a synaptic graph: degree and weight statistics, clustering, path length,
// modularity, small-world sigma/omega and the rich-club curve. Pure computation over a CSR view;
// the caller decides when to run it and where the numbers go.
//
// Structure metrics (clustering, paths, communities, rich club) use the simple binary graph:
// weights only decide which synapses count (|w| >= threshold); self-loops and duplicate synapses
// are dropped. Signed weights make weighted modularity and weighted paths ill-defined, hence binary.
#include <cstdint>
#include <limits>
#include <string>
#include <vector>

namespace engram {

// A directed graph in CSR form: the synapses of node i are [row_ptr[i], row_ptr[i+1]).
struct graph_view {
  uint32_t nodes = 0;
  const uint64_t* row_ptr = nullptr;  // nodes + 1 entries, non-decreasing
  const uint32_t* target = nullptr;   // targets in [0, nodes)
  const float* weight = nullptr;      // optional; null means every weight is 1
};

// An owning CSR graph, as the generators return it.
struct csr_graph {
  uint32_t nodes = 0;
  std::vector<uint64_t> row_ptr{0};
  std::vector<uint32_t> target;
  std::vector<float> weight;  // empty: unweighted
  graph_view view() const { return {nodes, row_ptr.data(), target.data(), weight.empty() ? nullptr : weight.data()}; }
};

struct topology_options {
  float weight_threshold = 0;       // synapses with |w| < threshold are ignored everywhere
  bool undirected = true;           // symmetrise for clustering, path length and modularity
  uint32_t reference_graphs = 2;    // Erdos-Renyi references averaged for sigma/omega; 0 skips them
  uint64_t seed = 1;                // references, node sampling, Louvain node order
  uint32_t max_path_sources = 128;  // BFS sources for path length; sampled when nodes exceed it; 0 = all
  uint32_t max_clustering_nodes = 10000;  // nodes clustering averages over; sampled above it; 0 = all
  uint32_t degree_bins = 20;
  uint32_t weight_bins = 20;
  float weight_hist_min = 0, weight_hist_max = 0;  // fixed weight-histogram range when max > min
  bool communities = true;          // Louvain communities and their modularity
  // igraph's multilevel instead of the built-in Louvain, when built with igraph (undirected only;
  // it reseeds igraph's global RNG). Off by default: the built-in gives the same numbers on
  // machines with and without igraph, finds partitions as good, and igraph 0.10.2 needs ~10 s for
  // a 10^4-node, 10^6-edge random graph that the built-in does in ~0.4 s.
  bool use_igraph = false;
  int threads = 0;                  // OpenMP threads; 0 = the OpenMP default
  // > 0: Betti numbers 0-2 of the clique complex of this many strongest edges (symmetrised |w|;
  // persistent_homology.hpp). Off by default: the complex grows fast with the edges kept.
  uint64_t betti_edges = 0;
};

struct distribution_stats {
  double mean = 0, sd = 0, min = 0, max = 0;  // sd: population standard deviation
};

// counts[b] holds values in [edges[b], edges[b+1]); edges.size() == counts.size() + 1.
struct histogram {
  std::vector<double> edges;
  std::vector<uint64_t> counts;
};

// NaN marks a value that is undefined for the graph (no edges, no reachable pairs, no triangles
// in the references, fewer than two nodes above a rich-club degree).
struct topology_metrics {
  uint32_t nodes = 0;
  uint64_t edges = 0;     // synapses kept by the threshold, duplicates and self-loops included
  uint64_t self_loops = 0;  // of which from a node to itself
  double density = 0;     // distinct ordered pairs i != j linked / (nodes (nodes - 1)): in [0, 1]
  distribution_stats in_degree, out_degree, weight;
  histogram in_degree_hist, out_degree_hist, weight_hist;  // degree histograms share their bin edges

  uint64_t structural_edges = 0;  // simple-graph edges: unordered pairs if undirected, arcs if not
  double clustering = 0;          // mean local clustering (Watts-Strogatz; Fagiolo if directed)
  double transitivity = 0;        // global: closed triplets / connected triplets
  uint32_t clustering_nodes = 0;  // nodes both are taken over (all nodes, or a seeded sample)
  double path_length = 0;         // mean BFS distance over reachable ordered pairs
  double efficiency = 0;          // mean 1/distance over all ordered pairs (0 when unreachable)
  double reachable_fraction = 0;  // reachable ordered pairs / all ordered pairs, over the sources used
  uint32_t path_sources = 0;      // BFS sources used (all nodes, or a seeded sample)

  double modularity = 0;
  uint32_t communities = 0;
  std::vector<uint32_t> membership;  // community of each node, numbered by first appearance
  std::string community_method;      // "igraph multilevel", "louvain", or "none"

  double sigma = 0, omega = 0;  // (C/C_rand)/(L/L_rand) and L_rand/L - C/C_latt
  double clustering_random = 0, path_length_random = 0, clustering_lattice = 0;

  std::vector<double> rich_club;  // phi(k), k = 0..max undirected degree, unnormalised

  // With options.betti_edges: beta_0..2 of the whole kept complex (NaN when not computed), and
  // the Betti curves over the strongest fraction of the kept edges.
  double betti0 = std::numeric_limits<double>::quiet_NaN(), betti1 = betti0, betti2 = betti0;
  std::vector<double> betti_fractions;
  std::vector<std::vector<uint32_t>> betti_curves;  // [dimension][fraction]
};

// Throws engram::invalid_parameter for a malformed view (null arrays, bad offsets, targets out of range).
topology_metrics compute_topology_metrics(const graph_view& graph, const topology_options& options = {});

// Modularity of a given partition of the simple graph the options describe (directed modularity of
// Leicht and Newman when !options.undirected). NaN when the graph has no edges.
double partition_modularity(const graph_view& graph, const std::vector<uint32_t>& membership,
                            const topology_options& options = {});

// Generators. Undirected graphs come back symmetric: every edge is stored in both rows.
// Ring lattice: node i is linked to i +- 1..k (mod n); needs 2k < n.
csr_graph ring_lattice(uint32_t n, uint32_t k);
// G(n, p): every pair (ordered pair if directed) independently with probability p.
csr_graph erdos_renyi(uint32_t n, double p, uint64_t seed, bool directed = false);
// G(n, m): m distinct pairs (ordered pairs if directed) drawn uniformly.
csr_graph erdos_renyi_gnm(uint32_t n, uint64_t m, uint64_t seed, bool directed = false);
// groups * group_size nodes, node i in group i / group_size; pairs linked with p_in inside a group,
// p_out across groups.
csr_graph planted_partition(uint32_t groups, uint32_t group_size, double p_in, double p_out, uint64_t seed);

}  // namespace engram
