// Topology metrics against graphs whose values are known in closed form or by hand.
#include <chrono>
#include <cmath>
#include <cstdio>
#include <set>
#include <vector>

#include "engine/errors.hpp"
#include "host/analysis/topology_metrics.hpp"
#include "tests/catch.hpp"

using namespace engram;

namespace {

topology_options exact_paths() {
  topology_options o;
  o.max_path_sources = 0;
  return o;
}

csr_graph from_edges(uint32_t n, const std::vector<std::pair<uint32_t, uint32_t>>& edges, bool both_ways,
                     const std::vector<float>& weights = {}) {
  std::vector<std::vector<std::pair<uint32_t, float>>> rows(n);
  for (size_t e = 0; e < edges.size(); ++e) {
    const float w = weights.empty() ? 1.0f : weights[e];
    rows[edges[e].first].push_back({edges[e].second, w});
    if (both_ways) rows[edges[e].second].push_back({edges[e].first, w});
  }
  csr_graph g;
  g.nodes = n;
  for (const auto& row : rows) {
    for (const auto& [t, w] : row) {
      g.target.push_back(t);
      if (!weights.empty()) g.weight.push_back(w);
    }
    g.row_ptr.push_back(g.target.size());
  }
  return g;
}

// Newman's Q of a partition of a symmetric CSR, straight from the definition.
double planted_modularity(const csr_graph& g, const std::vector<uint32_t>& group, uint32_t groups) {
  std::vector<double> inside(groups, 0), degree(groups, 0);
  double two_m = 0;
  for (uint32_t i = 0; i < g.nodes; ++i) {
    for (uint64_t e = g.row_ptr[i]; e < g.row_ptr[i + 1]; ++e) {
      degree[group[i]] += 1;
      two_m += 1;
      if (group[i] == group[g.target[e]]) inside[group[i]] += 1;  // each internal edge twice
    }
  }
  double q = 0;
  for (uint32_t c = 0; c < groups; ++c) q += inside[c] / two_m - (degree[c] / two_m) * (degree[c] / two_m);
  return q;
}

}  // namespace

TEST_CASE("ring lattice: clustering, path length and rich club match the closed forms", "[topology]") {
  for (uint32_t k : {2u, 3u, 5u}) {
    const uint32_t n = 101;
    const csr_graph g = ring_lattice(n, k);
    const topology_metrics m = compute_topology_metrics(g.view(), exact_paths());
    const double c = 3.0 * (k - 1) / (2.0 * (2 * k - 1));
    CHECK(m.clustering == Approx(c).epsilon(1e-12));
    CHECK(m.transitivity == Approx(c).epsilon(1e-12));
    // The node r steps away round the ring is ceil(r / k) hops away.
    double hops = 0, inverse = 0;
    for (uint32_t r = 1; r < n; ++r) {
      const uint32_t d = (std::min(r, n - r) + k - 1) / k;
      hops += d;
      inverse += 1.0 / d;
    }
    CHECK(m.path_length == Approx(hops / (n - 1)).epsilon(1e-12));
    CHECK(m.efficiency == Approx(inverse / (n - 1)).epsilon(1e-12));
    CHECK(m.reachable_fraction == 1.0);
    CHECK(m.edges == uint64_t{2} * k * n);
    CHECK(m.structural_edges == uint64_t{k} * n);
    CHECK(m.out_degree.mean == 2.0 * k);
    CHECK(m.in_degree.sd == 0.0);
    REQUIRE(m.rich_club.size() == 2 * k + 1);
    for (uint32_t d = 0; d < 2 * k; ++d) CHECK(m.rich_club[d] == Approx(2.0 * k / (n - 1)));
    CHECK(std::isnan(m.rich_club[2 * k]));
    // Its own lattice reference; far longer paths than a random graph of the same size.
    CHECK(m.clustering_lattice == Approx(c).epsilon(1e-12));
    CHECK(m.omega < -0.5);
    CHECK(m.sigma > 1.5);
  }
}

TEST_CASE("Erdos-Renyi: clustering ~ p, path length ~ ln n / ln(np), sigma ~ 1", "[topology]") {
  const uint32_t n = 2000;
  const double p = 0.01;
  const csr_graph g = erdos_renyi(n, p, 7);
  const topology_metrics m = compute_topology_metrics(g.view());
  const double np = p * (n - 1);
  CHECK(m.density == Approx(p).epsilon(0.03));
  CHECK(m.in_degree.mean == Approx(np).epsilon(0.03));
  CHECK(m.in_degree.sd == Approx(std::sqrt(np * (1 - p))).epsilon(0.1));  // binomial degrees
  CHECK(m.clustering == Approx(p).epsilon(0.15));
  CHECK(m.transitivity == Approx(p).epsilon(0.15));
  CHECK(m.path_length == Approx(std::log(n) / std::log(np)).epsilon(0.15));
  // Fronczak et al. (2004): l = (ln n - gamma) / ln(np) + 1/2, much tighter than the classic estimate.
  CHECK(m.path_length == Approx((std::log(n) - 0.5772156649) / std::log(np) + 0.5).epsilon(0.03));
  CHECK(m.path_sources == 128);
  CHECK(m.sigma == Approx(1.0).margin(0.15));
  CHECK(m.omega == Approx(1.0).margin(0.1));  // L_r / L ~ 1, C / C_latt ~ 0.01
  CHECK(m.clustering_random == Approx(p).epsilon(0.15));
  // A random graph has no communities to speak of: Q stays well below a planted partition's.
  CHECK(m.modularity < 0.35);
}

TEST_CASE("directed Erdos-Renyi: symmetrised and directed clustering", "[topology]") {
  const uint32_t n = 2000;
  const double p = 0.005;
  const csr_graph g = erdos_renyi(n, p, 3, /*directed=*/true);
  const double pu = 2 * p - p * p;  // an undirected edge where either arc exists
  const topology_metrics und = compute_topology_metrics(g.view());
  CHECK(und.edges == g.target.size());
  CHECK(static_cast<double>(und.structural_edges) == Approx(pu * n * (n - 1) / 2).epsilon(0.03));
  CHECK(und.clustering == Approx(pu).epsilon(0.15));

  topology_options o;
  o.undirected = false;
  const topology_metrics dir = compute_topology_metrics(g.view(), o);
  CHECK(dir.structural_edges == g.target.size());
  CHECK(dir.clustering == Approx(p).epsilon(0.15));  // Fagiolo's clustering of a random digraph is p
  CHECK(dir.path_length > und.path_length);            // one-way streets only lengthen paths
  CHECK(dir.community_method == "louvain");            // igraph's multilevel is undirected only
  CHECK(dir.sigma == Approx(1.0).margin(0.2));
}

TEST_CASE("directed 3-cycle by hand", "[topology]") {
  const csr_graph g = from_edges(3, {{0, 1}, {1, 2}, {2, 0}}, false);
  topology_options o;
  o.undirected = false;
  const topology_metrics dir = compute_topology_metrics(g.view(), o);
  CHECK(dir.clustering == Approx(0.5));  // one cycle out of the two directed triangles
  CHECK(dir.path_length == Approx(1.5));
  CHECK(dir.efficiency == Approx(0.75));
  o.max_clustering_nodes = 2;  // the per-node counting used for samples
  CHECK(compute_topology_metrics(g.view(), o).clustering == Approx(0.5));
  const topology_metrics und = compute_topology_metrics(g.view());
  CHECK(und.clustering == Approx(1.0));
  CHECK(und.path_length == Approx(1.0));
}

TEST_CASE("planted partition: Louvain recovers the groups and their modularity", "[topology]") {
  const uint32_t groups = 4, size = 64;
  const csr_graph g = planted_partition(groups, size, 0.3, 0.01, 11);
  std::vector<uint32_t> planted(g.nodes);
  for (uint32_t i = 0; i < g.nodes; ++i) planted[i] = i / size;
  const double q_planted = planted_modularity(g, planted, groups);
  CHECK(partition_modularity(g.view(), planted) == Approx(q_planted).epsilon(1e-12));
  CHECK(q_planted > 0.6);

  const bool use_igraph = GENERATE(true, false);
  const bool undirected = GENERATE(true, false);  // symmetric arcs: directed Q equals Newman's Q
  topology_options o;
  o.use_igraph = use_igraph;
  o.undirected = undirected;
  const topology_metrics m = compute_topology_metrics(g.view(), o);
  INFO("method " << m.community_method << ", undirected " << undirected);
  CHECK(m.communities == groups);
  CHECK(m.modularity == Approx(q_planted).margin(0.005));
  std::set<std::pair<uint32_t, uint32_t>> pairs;  // (planted, found): a bijection when recovered
  for (uint32_t i = 0; i < g.nodes; ++i) pairs.insert({planted[i], m.membership[i]});
  CHECK(pairs.size() == groups);
  CHECK(m.membership[0] == 0);  // numbered by first appearance
}

TEST_CASE("complete graph", "[topology]") {
  const uint32_t n = 12;
  const csr_graph g = erdos_renyi(n, 1.0, 1);
  const topology_metrics m = compute_topology_metrics(g.view());
  CHECK(m.edges == n * (n - 1));
  CHECK(m.density == 1.0);
  CHECK(m.clustering == 1.0);
  CHECK(m.transitivity == 1.0);
  CHECK(m.path_length == 1.0);
  CHECK(m.efficiency == 1.0);
  CHECK(m.communities == 1);
  CHECK(m.modularity == Approx(0.0).margin(1e-12));
  CHECK(m.sigma == Approx(1.0));  // its G(n, m) reference is itself
  REQUIRE(m.rich_club.size() == n);
  for (uint32_t k = 0; k + 1 < n; ++k) CHECK(m.rich_club[k] == 1.0);
  CHECK(std::isnan(m.rich_club[n - 1]));
  // Its lattice reference (5 neighbours each side of 12) wraps round the ring: counted, not the closed form.
  CHECK(m.clustering_lattice == Approx(compute_topology_metrics(ring_lattice(n, 5).view()).clustering));
  CHECK(compute_topology_metrics(ring_lattice(7, 3).view()).clustering == 1.0);  // K7
}

TEST_CASE("star and core-periphery graphs: rich club by hand", "[topology]") {
  SECTION("star") {
    std::vector<std::pair<uint32_t, uint32_t>> edges;
    for (uint32_t leaf = 1; leaf < 10; ++leaf) edges.push_back({0, leaf});
    const topology_metrics m = compute_topology_metrics(from_edges(10, edges, true).view());
    REQUIRE(m.rich_club.size() == 10);
    CHECK(m.rich_club[0] == Approx(0.2));  // 9 edges among 10 nodes
    for (uint32_t k = 1; k < 10; ++k) CHECK(std::isnan(m.rich_club[k]));  // only the hub is richer
    CHECK(m.clustering == 0.0);
    CHECK(m.transitivity == 0.0);
    CHECK(m.path_length == Approx(1.8));  // 18 hub-leaf pairs at 1, 72 leaf-leaf pairs at 2
    CHECK(m.efficiency == Approx(0.6));
    CHECK(m.in_degree.max == 9.0);
    CHECK(m.in_degree.min == 1.0);
  }
  SECTION("five fully linked hubs with three leaves each") {
    std::vector<std::pair<uint32_t, uint32_t>> edges;
    uint32_t next = 5;
    for (uint32_t h = 0; h < 5; ++h) {
      for (uint32_t o = h + 1; o < 5; ++o) edges.push_back({h, o});
      for (int l = 0; l < 3; ++l) edges.push_back({h, next++});
    }
    const topology_metrics m = compute_topology_metrics(from_edges(next, edges, true).view());
    REQUIRE(m.rich_club.size() == 8);  // hub degree 4 + 3
    CHECK(m.rich_club[0] == Approx(2.0 * 25 / (20.0 * 19)));
    for (uint32_t k = 1; k < 7; ++k) CHECK(m.rich_club[k] == 1.0);
    CHECK(std::isnan(m.rich_club[7]));
  }
}

TEST_CASE("degree and weight statistics of a small weighted digraph", "[topology]") {
  // A duplicate synapse (0->2 twice), a self-loop (2->2) and one synapse under the threshold (1->2).
  const csr_graph g = from_edges(4, {{0, 1}, {0, 2}, {0, 2}, {1, 2}, {2, 0}, {2, 2}, {3, 0}}, false,
                                 {0.5f, -1.0f, 2.0f, 0.05f, 1.5f, 1.0f, 3.0f});
  topology_options o;
  o.weight_threshold = 0.1f;
  o.weight_bins = 4;
  const topology_metrics m = compute_topology_metrics(g.view(), o);
  CHECK(m.nodes == 4);
  CHECK(m.edges == 6);
  CHECK(m.self_loops == 1);
  CHECK(m.density == Approx(4.0 / 12));  // 0->1 0->2 2->0 3->0: the duplicate and the self-loop do not count
  CHECK(m.out_degree.mean == 1.5);  // out 3 0 2 1
  CHECK(m.out_degree.sd == Approx(std::sqrt(1.25)));
  CHECK(m.out_degree.min == 0.0);
  CHECK(m.out_degree.max == 3.0);
  CHECK(m.in_degree.mean == 1.5);  // in 2 1 3 0
  CHECK(m.in_degree.sd == Approx(std::sqrt(1.25)));
  const std::vector<double> w{0.5, -1.0, 2.0, 1.5, 1.0, 3.0};
  double mean = 0, sq = 0;
  for (double x : w) mean += x / w.size();
  for (double x : w) sq += (x - mean) * (x - mean) / w.size();
  CHECK(m.weight.mean == Approx(mean));
  CHECK(m.weight.sd == Approx(std::sqrt(sq)));
  CHECK(m.weight.min == -1.0);
  CHECK(m.weight.max == 3.0);
  CHECK(m.weight_hist.edges == std::vector<double>{-1, 0, 1, 2, 3});
  CHECK(m.weight_hist.counts == std::vector<uint64_t>{1, 1, 2, 2});
  CHECK(m.in_degree_hist.edges == std::vector<double>{0, 1, 2, 3, 4});
  CHECK(m.in_degree_hist.counts == std::vector<uint64_t>{1, 1, 1, 1});
  CHECK(m.out_degree_hist.counts == std::vector<uint64_t>{1, 1, 1, 1});
  CHECK(m.structural_edges == 3);  // {0,1} {0,2} {0,3}: no self-loop, no duplicates
  o.undirected = false;
  CHECK(compute_topology_metrics(g.view(), o).structural_edges == 4);  // 0->1 0->2 2->0 3->0
  o.weight_threshold = 0;
  CHECK(compute_topology_metrics(g.view(), o).edges == 7);

  // Wide degree ranges share at most degree_bins integer-aligned bins.
  const topology_metrics wide = compute_topology_metrics(erdos_renyi(300, 0.2, 5).view());
  CHECK(wide.in_degree_hist.counts.size() <= 20);
  uint64_t total = 0;
  for (uint64_t c : wide.in_degree_hist.counts) total += c;
  CHECK(total == 300);
  CHECK(wide.in_degree_hist.edges.back() > wide.in_degree.max);
}

TEST_CASE("topology metrics are reproducible and independent of the thread count", "[topology]") {
  const csr_graph g = erdos_renyi(3000, 0.008, 9);  // large enough for the parallel paths
  topology_options o;
  o.max_path_sources = 100;
  o.max_clustering_nodes = GENERATE(0u, 1000u);  // all-node and sampled triangle counting
  o.threads = 1;
  const topology_metrics a = compute_topology_metrics(g.view(), o);
  o.threads = 3;
  const topology_metrics b = compute_topology_metrics(g.view(), o);
  CHECK(a.clustering == b.clustering);
  CHECK(a.transitivity == b.transitivity);
  CHECK(a.path_length == b.path_length);
  CHECK(a.efficiency == b.efficiency);
  CHECK(a.modularity == b.modularity);
  CHECK(a.membership == b.membership);
  CHECK(a.sigma == b.sigma);
  CHECK(a.omega == b.omega);
  CHECK(erdos_renyi(3000, 0.008, 9).target == g.target);
  CHECK(erdos_renyi(3000, 0.008, 10).target != g.target);
  CHECK(erdos_renyi_gnm(3000, 5000, 9).target == erdos_renyi_gnm(3000, 5000, 9).target);
}

TEST_CASE("sampled path length agrees with the exact one", "[topology]") {
  const csr_graph g = erdos_renyi(2000, 0.008, 21);
  topology_options o = exact_paths();
  o.reference_graphs = 0;
  o.communities = false;
  const topology_metrics exact = compute_topology_metrics(g.view(), o);
  o.max_path_sources = 64;
  const topology_metrics sampled = compute_topology_metrics(g.view(), o);
  CHECK(exact.path_sources == 2000);
  CHECK(sampled.path_sources == 64);
  CHECK(sampled.path_length == Approx(exact.path_length).epsilon(0.02));
  CHECK(sampled.efficiency == Approx(exact.efficiency).epsilon(0.02));
  CHECK(std::isnan(exact.sigma));
  CHECK(exact.community_method == "none");
}

TEST_CASE("sampled clustering agrees with the exact one", "[topology]") {
  topology_options o;
  o.reference_graphs = 0;
  o.communities = false;
  // Every node of a ring lattice has the same clustering: a sample is exact.
  o.max_clustering_nodes = 10;
  const topology_metrics lattice = compute_topology_metrics(ring_lattice(200, 4).view(), o);
  CHECK(lattice.clustering_nodes == 10);
  CHECK(lattice.clustering == Approx(3.0 * 3 / (2.0 * 7)).epsilon(1e-12));
  CHECK(lattice.transitivity == Approx(3.0 * 3 / (2.0 * 7)).epsilon(1e-12));

  const csr_graph g = erdos_renyi(3000, 0.01, 5, /*directed=*/true);
  for (bool undirected : {true, false}) {
    o.undirected = undirected;
    o.max_clustering_nodes = 0;
    const topology_metrics exact = compute_topology_metrics(g.view(), o);
    o.max_clustering_nodes = 600;
    const topology_metrics sampled = compute_topology_metrics(g.view(), o);
    CHECK(exact.clustering_nodes == 3000);
    CHECK(sampled.clustering_nodes == 600);
    CHECK(sampled.clustering == Approx(exact.clustering).epsilon(0.06));
    CHECK(sampled.transitivity == Approx(exact.transitivity).epsilon(0.06));
  }
}

TEST_CASE("G(n, m) draws exactly m distinct edges", "[topology]") {
  for (uint64_t m : {0ull, 100ull, 4000ull, 4950ull}) {  // sparse, dense (complement) and complete
    const csr_graph g = erdos_renyi_gnm(100, m, 4);
    const topology_metrics t = compute_topology_metrics(g.view(), exact_paths());
    CHECK(t.edges == 2 * m);
    CHECK(t.structural_edges == m);
  }
  CHECK(erdos_renyi_gnm(50, 700, 4, true).target.size() == 700);
  CHECK_THROWS_AS(erdos_renyi_gnm(10, 46, 1), invalid_parameter);
}

TEST_CASE("degenerate graphs and bad input", "[topology]") {
  const topology_metrics empty = compute_topology_metrics(graph_view{});
  CHECK(empty.nodes == 0);
  CHECK(empty.rich_club.empty());

  const std::vector<uint64_t> rows{0, 0, 0, 0, 0, 0};
  const topology_metrics isolated = compute_topology_metrics(graph_view{5, rows.data(), nullptr, nullptr});
  CHECK(isolated.edges == 0);
  CHECK(std::isnan(isolated.path_length));
  CHECK(isolated.efficiency == 0.0);
  CHECK(std::isnan(isolated.modularity));
  CHECK(isolated.communities == 5);
  CHECK(std::isnan(isolated.sigma));
  REQUIRE(isolated.rich_club.size() == 1);
  CHECK(std::isnan(isolated.rich_club[0]));

  const std::vector<uint64_t> ptr{0, 1, 2};
  const std::vector<uint32_t> bad_target{1, 2};
  CHECK_THROWS_AS(compute_topology_metrics(graph_view{2, ptr.data(), bad_target.data(), nullptr}), invalid_parameter);
  const std::vector<uint64_t> decreasing{0, 2, 1};
  const std::vector<uint32_t> target{1, 0};
  CHECK_THROWS_AS(compute_topology_metrics(graph_view{2, decreasing.data(), target.data(), nullptr}), invalid_parameter);
  CHECK_THROWS_AS(compute_topology_metrics(graph_view{2, ptr.data(), nullptr, nullptr}), invalid_parameter);
  const std::vector<float> nan_weight{1.0f, std::nanf("")};
  CHECK_THROWS_AS(compute_topology_metrics(graph_view{2, ptr.data(), target.data(), nan_weight.data()}), invalid_parameter);
  CHECK_THROWS_AS(partition_modularity(graph_view{2, ptr.data(), target.data(), nullptr}, {0}), invalid_parameter);
  CHECK_THROWS_AS(ring_lattice(10, 5), invalid_parameter);
  CHECK_THROWS_AS(erdos_renyi(10, 1.5, 1), invalid_parameter);
  CHECK_THROWS_AS(planted_partition(2, 10, 0.5, -0.1, 1), invalid_parameter);
}

// Not run by default: engram_tests "[.topology-bench]"
TEST_CASE("topology metrics of a 10^4-node, 10^6-synapse random graph", "[.topology-bench]") {
  const auto start = std::chrono::steady_clock::now();
  const csr_graph g = erdos_renyi(10000, 0.01, 1, /*directed=*/true);
  const auto built = std::chrono::steady_clock::now();
  const topology_metrics m = compute_topology_metrics(g.view());
  const auto done = std::chrono::steady_clock::now();
  const auto seconds = [](auto a, auto b) { return std::chrono::duration<double>(b - a).count(); };
  std::printf("synapses %llu, generate %.3f s, metrics %.3f s (%s)\n", static_cast<unsigned long long>(m.edges),
              seconds(start, built), seconds(built, done), m.community_method.c_str());
  std::printf("C %.5f T %.5f L %.4f E %.4f Q %.4f communities %u sigma %.4f omega %.4f C_r %.5f L_r %.4f C_l %.4f\n",
              m.clustering, m.transitivity, m.path_length, m.efficiency, m.modularity, m.communities, m.sigma, m.omega,
              m.clustering_random, m.path_length_random, m.clustering_lattice);
  CHECK(m.edges > 990000);
}

TEST_CASE("self-loops and duplicates do not take the density above 1", "[topology]") {
  // All-to-all with autapses, as izhikevich2003's published S matrix: n^2 synapses, n of them loops.
  const uint32_t n = 40;
  std::vector<std::pair<uint32_t, uint32_t>> edges;
  for (uint32_t i = 0; i < n; ++i)
    for (uint32_t j = 0; j < n; ++j) edges.emplace_back(i, j);
  edges.emplace_back(3, 7);  // and one duplicate synapse
  topology_options o;
  o.communities = false;
  o.reference_graphs = 0;
  const topology_metrics m = compute_topology_metrics(from_edges(n, edges, false).view(), o);
  CHECK(m.edges == n * n + 1);
  CHECK(m.self_loops == n);
  CHECK(m.density == 1.0);
}
