// Mean shortest-path length, efficiency and reachability by breadth-first search.
#include <algorithm>

#include "host/analysis/topology_parts.hpp"

namespace engram::topology {
namespace {

// Distances from one source, as the number of nodes at each distance (index 0: the source).
// Direction-optimising BFS (Beamer et al. 2012): while the frontier is small it pushes along its
// out-arcs; once its arcs outnumber a fraction of the unexplored ones, each unvisited node instead
// looks along its in-arcs for a parent in the frontier and stops at the first. Synaptic graphs
// are dense with short paths, so most levels are bottom-up and touch a small part of the arcs.
class bfs_counter {
 public:
  explicit bfs_counter(const simple_graph& g) : g_(g), dist_(g.n, unseen) { queue_.reserve(g.n); }

  const std::vector<uint64_t>& run(uint32_t source) {
    std::fill(dist_.begin(), dist_.end(), unseen);
    queue_.assign(1, source);
    dist_[source] = 0;
    per_level_.assign(1, 1);
    uint64_t unexplored_arcs = g_.arcs() - g_.in_row(source).size();  // what bottom-up would scan
    size_t begin = 0;
    for (uint32_t level = 0; begin < queue_.size(); ++level) {
      const size_t end = queue_.size();
      uint64_t frontier_arcs = 0;
      for (size_t q = begin; q < end; ++q) frontier_arcs += g_.out_row(queue_[q]).size();
      if (frontier_arcs * 14 > unexplored_arcs) {
        bottom_up(level);
      } else {
        top_down(begin, end, level);
      }
      for (size_t q = end; q < queue_.size(); ++q) unexplored_arcs -= g_.in_row(queue_[q]).size();
      if (queue_.size() > end) per_level_.push_back(queue_.size() - end);
      begin = end;
    }
    return per_level_;
  }

 private:
  static constexpr uint32_t unseen = UINT32_MAX;

  void top_down(size_t begin, size_t end, uint32_t level) {
    for (size_t q = begin; q < end; ++q) {
      for (uint32_t v : g_.out_row(queue_[q])) {
        if (dist_[v] != unseen) continue;
        dist_[v] = level + 1;
        queue_.push_back(v);
      }
    }
  }
  void bottom_up(uint32_t level) {
    for (uint32_t v = 0; v < g_.n; ++v) {
      if (dist_[v] != unseen) continue;
      for (uint32_t u : g_.in_row(v)) {
        if (dist_[u] != level) continue;
        dist_[v] = level + 1;
        queue_.push_back(v);
        break;
      }
    }
  }

  const simple_graph& g_;
  std::vector<uint32_t> dist_, queue_;
  std::vector<uint64_t> per_level_;
};

}  // namespace

path_result path_lengths(const simple_graph& g, const std::vector<uint32_t>& sources, int threads) {
  const uint32_t n = g.n;
  const auto count = static_cast<int64_t>(sources.size());
  std::vector<uint64_t> reached(sources.size()), distance_sum(sources.size());
  std::vector<double> inverse_sum(sources.size());
#pragma omp parallel num_threads(team_size(threads, sources.size() * g.arcs() / 16))
  {
    bfs_counter bfs(g);
#pragma omp for schedule(dynamic, 1)
    for (int64_t s = 0; s < count; ++s) {
      const std::vector<uint64_t>& per_level = bfs.run(sources[s]);
      uint64_t nodes = 0, sum = 0;
      double inverse = 0;
      for (size_t d = 1; d < per_level.size(); ++d) {
        nodes += per_level[d];
        sum += d * per_level[d];
        inverse += static_cast<double>(per_level[d]) / static_cast<double>(d);
      }
      reached[s] = nodes;
      distance_sum[s] = sum;
      inverse_sum[s] = inverse;
    }
  }
  path_result r;
  uint64_t pairs_reached = 0, distances = 0;
  double inverse = 0;
  for (size_t s = 0; s < sources.size(); ++s) {
    pairs_reached += reached[s];
    distances += distance_sum[s];
    inverse += inverse_sum[s];
  }
  const double pairs = static_cast<double>(sources.size()) * (n > 0 ? n - 1 : 0);
  if (pairs_reached > 0) r.length = static_cast<double>(distances) / static_cast<double>(pairs_reached);
  if (pairs > 0) {
    r.efficiency = inverse / pairs;
    r.reachable = static_cast<double>(pairs_reached) / pairs;
  }
  return r;
}

}  // namespace engram::topology
