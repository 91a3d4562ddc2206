#pragma once
// The simple graph the structure metrics (clustering, paths, communities, rich club, small world)
// use: binary, without self-loops or duplicate synapses, built from a CSR view and a weight
// threshold. Internal to host/analysis/.
#include <cmath>
#include <cstdint>
#include <span>
#include <vector>

#include "host/analysis/topology_metrics.hpp"

namespace engram::topology {

// The weight of synapse e (1 without weights), and whether the threshold keeps it.
inline float weight_of(const graph_view& g, uint64_t e) { return g.weight ? g.weight[e] : 1.0f; }
inline bool kept(const graph_view& g, uint64_t e, float threshold) { return std::fabs(weight_of(g, e)) >= threshold; }

// `und` lists each node's neighbours regardless of direction, sorted, and `mult` the number of
// arcs (1 or 2) between the two; `out` / `in` list the arcs leaving / entering each node. An
// undirected graph is a pair of arcs per edge, so `out` and `in` are `und` and mult is 2: Fagiolo's
// directed clustering and the directed modularity below then reduce exactly to Watts-Strogatz
// clustering and Newman's modularity.
struct simple_graph {
  uint32_t n = 0;
  bool symmetric = true;
  std::vector<uint64_t> und_ptr{0};
  std::vector<uint32_t> und;
  std::vector<uint8_t> mult;
  std::vector<uint64_t> out_ptr, in_ptr;  // unused when symmetric
  std::vector<uint32_t> out, in;

  std::span<const uint32_t> und_row(uint32_t i) const { return {und.data() + und_ptr[i], und.data() + und_ptr[i + 1]}; }
  std::span<const uint32_t> out_row(uint32_t i) const {
    if (symmetric) return und_row(i);
    return {out.data() + out_ptr[i], out.data() + out_ptr[i + 1]};
  }
  std::span<const uint32_t> in_row(uint32_t i) const {
    if (symmetric) return und_row(i);
    return {in.data() + in_ptr[i], in.data() + in_ptr[i + 1]};
  }
  uint32_t degree(uint32_t i) const { return static_cast<uint32_t>(und_ptr[i + 1] - und_ptr[i]); }
  uint64_t arcs() const { return symmetric ? und.size() : out.size(); }
  uint64_t edges() const { return symmetric ? und.size() / 2 : out.size(); }
};

simple_graph make_simple_graph(const graph_view& g, float threshold, bool undirected);

}  // namespace engram::topology
