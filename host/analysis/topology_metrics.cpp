// Topology metrics over CSR synaptic graphs (the definitions are in topology_metrics.hpp): the
// entry points, their input checks and the node samples. Each metric is a part of its own
// (topology_parts.hpp): synapse_statistics.cpp, clustering.cpp, path_lengths.cpp,
// communities.cpp (and igraph_multilevel.cpp), rich_club.cpp, small_world.cpp; the generators
// are in graph_generators.cpp.
#include "host/analysis/topology_metrics.hpp"

#include <algorithm>
#include <cmath>
#include <numeric>

#include <fmt/format.h>

#include "engine/errors.hpp"
#include "host/analysis/metric_draws.hpp"
#include "host/analysis/persistent_homology.hpp"
#include "host/analysis/topology_parts.hpp"

namespace engram {
using namespace topology;

namespace {

void check_view(const graph_view& g) {
  if (g.nodes == 0) return;
  if (!g.row_ptr) throw invalid_parameter("topology metrics: row_ptr is null");
  for (uint32_t i = 0; i < g.nodes; ++i) {
    if (g.row_ptr[i + 1] < g.row_ptr[i]) {
      throw invalid_parameter(fmt::format("topology metrics: row_ptr decreases after node {} ({} > {})", i,
                                          g.row_ptr[i], g.row_ptr[i + 1]));
    }
  }
  const uint64_t begin = g.row_ptr[0], end = g.row_ptr[g.nodes];
  if (end == begin) return;
  if (!g.target) throw invalid_parameter("topology metrics: target is null but the graph has synapses");
  for (uint64_t e = begin; e < end; ++e) {
    if (g.target[e] >= g.nodes) {
      throw invalid_parameter(fmt::format("topology metrics: synapse {} targets node {} but the graph has {} nodes", e,
                                          g.target[e], g.nodes));
    }
    if (g.weight && !std::isfinite(g.weight[e])) {
      throw invalid_parameter(fmt::format("topology metrics: synapse {} has weight {}", e, g.weight[e]));
    }
  }
}

// All nodes, or `cap` of them drawn without replacement: a uniform sample keeps means unbiased.
std::vector<uint32_t> sample_nodes(uint32_t n, uint32_t cap, uint64_t seed, draw_kind kind) {
  std::vector<uint32_t> nodes(n);
  std::iota(nodes.begin(), nodes.end(), 0u);
  if (cap == 0 || n <= cap) return nodes;
  draw_stream rng(seed, kind, 0);
  for (uint32_t r = 0; r < cap; ++r) std::swap(nodes[r], nodes[r + rng.below(n - r)]);
  nodes.resize(cap);
  std::sort(nodes.begin(), nodes.end());
  return nodes;
}

void check_options(const topology_options& o) {
  if (o.degree_bins == 0 || o.weight_bins == 0) throw invalid_parameter("topology metrics: histograms need at least one bin");
  if (!(o.weight_threshold >= 0)) throw invalid_parameter(fmt::format("topology metrics: weight threshold {} is negative", o.weight_threshold));
}

}  // namespace

topology_metrics compute_topology_metrics(const graph_view& graph, const topology_options& options) {
  check_view(graph);
  check_options(options);
  topology_metrics m;
  m.nodes = graph.nodes;
  if (graph.nodes == 0) {
    m.path_length = m.modularity = m.sigma = m.omega = not_defined;
    m.community_method = options.communities ? "louvain" : "none";
    return m;
  }
  synapse_statistics(graph, options, m);

  const simple_graph g = make_simple_graph(graph, options.weight_threshold, options.undirected);
  m.structural_edges = g.edges();
  const node_samples samples{
      sample_nodes(g.n, options.max_clustering_nodes, options.seed, draw_kind::clustering_nodes),
      sample_nodes(g.n, options.max_path_sources, options.seed, draw_kind::path_sources)};
  const clustering_result c = clustering(g, samples.clustering, options.threads);
  m.clustering = c.average;
  m.transitivity = c.transitivity;
  m.clustering_nodes = static_cast<uint32_t>(samples.clustering.size());

  const path_result p = path_lengths(g, samples.paths, options.threads);
  m.path_length = p.length;
  m.efficiency = p.efficiency;
  m.reachable_fraction = p.reachable;
  m.path_sources = static_cast<uint32_t>(samples.paths.size());

  communities(g, options, m);
  small_world(g, options, samples, m);
  m.rich_club = rich_club(g);
  if (options.betti_edges > 0) {
    homology_options h;
    h.max_edges = options.betti_edges;
    h.min_strength = options.weight_threshold;
    const homology_result r = graph_homology(graph, h);
    const std::vector<uint32_t> b = r.final_betti();
    m.betti0 = b[0], m.betti1 = b[1], m.betti2 = b[2];
    m.betti_fractions = r.fractions;
    m.betti_curves = r.betti;
  }
  return m;
}

double partition_modularity(const graph_view& graph, const std::vector<uint32_t>& membership,
                            const topology_options& options) {
  check_view(graph);
  if (membership.size() != graph.nodes) {
    throw invalid_parameter(fmt::format("partition_modularity: {} labels for {} nodes", membership.size(), graph.nodes));
  }
  if (graph.nodes == 0) return not_defined;
  const simple_graph g = make_simple_graph(graph, options.weight_threshold, options.undirected);
  std::vector<uint32_t> labels(membership);
  const uint32_t count = renumber(labels);
  return modularity(g, labels, count);
}

}  // namespace engram
