// Communities by the Louvain method on the directed modularity, and modularity itself.
#include <algorithm>
#include <numeric>

#include "host/analysis/metric_draws.hpp"
#include "host/analysis/topology_parts.hpp"

namespace engram::topology {

uint32_t renumber(std::vector<uint32_t>& labels) {
  std::vector<uint32_t> sorted(labels);
  std::sort(sorted.begin(), sorted.end());
  sorted.erase(std::unique(sorted.begin(), sorted.end()), sorted.end());
  std::vector<uint32_t> first(sorted.size(), UINT32_MAX);
  uint32_t next = 0;
  for (uint32_t& l : labels) {
    uint32_t& f = first[std::lower_bound(sorted.begin(), sorted.end(), l) - sorted.begin()];
    if (f == UINT32_MAX) f = next++;
    l = f;
  }
  return next;
}

double modularity(const simple_graph& g, const std::vector<uint32_t>& label, uint32_t communities) {
  const double m = static_cast<double>(g.arcs());
  if (m == 0) return not_defined;
  std::vector<double> inside(communities, 0), out_sum(communities, 0), in_sum(communities, 0);
  for (uint32_t i = 0; i < g.n; ++i) {
    for (uint32_t j : g.out_row(i)) {
      out_sum[label[i]] += 1;
      in_sum[label[j]] += 1;
      if (label[i] == label[j]) inside[label[i]] += 1;
    }
  }
  double q = 0;
  for (uint32_t c = 0; c < communities; ++c) q += inside[c] / m - out_sum[c] * in_sum[c] / (m * m);
  return q;
}

namespace {

// One level of the Louvain method in the form the directed gain needs: w = a_ij + a_ji for each
// neighbour pair (i != j, listed in both rows), self = a_ii, k_out / k_in = arc weight leaving /
// entering the node.
struct louvain_level {
  uint32_t n = 0;
  std::vector<uint64_t> ptr{0};
  std::vector<uint32_t> nbr;
  std::vector<double> w, self, k_out, k_in;
};

louvain_level first_level(const simple_graph& g) {
  louvain_level l;
  l.n = g.n;
  l.ptr = g.und_ptr;
  l.nbr = g.und;
  l.w.assign(g.mult.begin(), g.mult.end());
  l.self.assign(g.n, 0);
  l.k_out.assign(g.n, 0);
  l.k_in.assign(g.n, 0);
  for (uint32_t i = 0; i < g.n; ++i) {
    for (uint32_t j : g.out_row(i)) {
      l.k_out[i] += 1;
      l.k_in[j] += 1;
    }
  }
  return l;
}

// Sparse accumulator of weights towards neighbouring communities. Link weights are positive, so
// a zero total marks a community not yet touched.
struct community_links {
  explicit community_links(uint32_t n) : weight(n, 0) {}
  void add(uint32_t c, double w) {
    if (weight[c] == 0) touched.push_back(c);
    weight[c] += w;
  }
  // add(comm[nbr[e]], w[e]) for each e with the arrays in locals: the hottest loop of Louvain,
  // bound by the latency of the comm[] and weight[] lookups.
  void gather(const uint32_t* nbr, const double* w, uint64_t count, const uint32_t* comm) {
    double* total = weight.data();
    for (uint64_t e = 0; e < count; ++e) {
      const uint32_t c = comm[nbr[e]];
      if (total[c] == 0) touched.push_back(c);
      total[c] += w[e];
    }
  }
  void clear() {
    for (uint32_t c : touched) weight[c] = 0;
    touched.clear();
  }
  std::vector<double> weight;
  std::vector<uint32_t> touched;
};

// Moves single nodes to the neighbouring community with the largest modularity gain until no move
// gains. Inserting an isolated node i into c gains [w(i,c) - (k_i^out K_c^in + k_i^in K_c^out) / m] / m.
// Nodes wait in a queue, first in a seeded random order; after a move only the neighbours outside
// the new community are queued again (the fast local move of Traag et al. 2019), so the tail of
// tiny improvements that full sweeps spend most of their time on costs little.
// Returns the renumbered communities.
std::vector<uint32_t> local_moves(const louvain_level& l, double m, draw_stream& rng, uint32_t& count) {
  std::vector<uint32_t> comm(l.n), queue(l.n);
  std::iota(comm.begin(), comm.end(), 0u);
  std::iota(queue.begin(), queue.end(), 0u);
  shuffle(queue, rng);
  std::vector<uint8_t> queued(l.n, 1);
  std::vector<double> tot_out(l.k_out), tot_in(l.k_in);
  community_links links(l.n);
  const double tolerance = 1e-12 * m;
  size_t head = 0, waiting = l.n;  // a ring: each node is queued at most once
  while (waiting > 0) {
    const uint32_t i = queue[head];
    head = head + 1 == l.n ? 0 : head + 1;
    --waiting;
    queued[i] = 0;
    const uint32_t old = comm[i];
    links.gather(l.nbr.data() + l.ptr[i], l.w.data() + l.ptr[i], l.ptr[i + 1] - l.ptr[i], comm.data());
    tot_out[old] -= l.k_out[i];
    tot_in[old] -= l.k_in[i];
    auto gain = [&](uint32_t c) { return links.weight[c] - (l.k_out[i] * tot_in[c] + l.k_in[i] * tot_out[c]) / m; };
    uint32_t best = old;
    double best_gain = gain(old);
    for (uint32_t c : links.touched) {
      const double g = gain(c);
      if (g > best_gain + tolerance) {
        best = c;
        best_gain = g;
      }
    }
    tot_out[best] += l.k_out[i];
    tot_in[best] += l.k_in[i];
    comm[i] = best;
    links.clear();
    if (best == old) continue;
    for (uint64_t e = l.ptr[i]; e < l.ptr[i + 1]; ++e) {
      const uint32_t j = l.nbr[e];
      if (queued[j] || comm[j] == best) continue;
      queued[j] = 1;
      queue[(head + waiting) % l.n] = j;
      ++waiting;
    }
  }
  count = renumber(comm);
  return comm;
}

// Collapses each community into one node; arcs inside a community become its self weight.
louvain_level aggregate(const louvain_level& l, const std::vector<uint32_t>& comm, uint32_t count) {
  std::vector<uint64_t> start(count + 1, 0);
  for (uint32_t c : comm) ++start[c + 1];
  std::partial_sum(start.begin(), start.end(), start.begin());
  std::vector<uint32_t> members(l.n);
  std::vector<uint64_t> fill(start.begin(), start.end() - 1);
  for (uint32_t i = 0; i < l.n; ++i) members[fill[comm[i]]++] = i;

  louvain_level a;
  a.n = count;
  a.ptr.assign(count + 1, 0);
  a.self.assign(count, 0);
  a.k_out.assign(count, 0);
  a.k_in.assign(count, 0);
  community_links links(count);
  for (uint32_t c = 0; c < count; ++c) {
    double inside = 0;  // each internal pair is seen from both ends
    for (uint64_t k = start[c]; k < start[c + 1]; ++k) {
      const uint32_t i = members[k];
      a.self[c] += l.self[i];
      a.k_out[c] += l.k_out[i];
      a.k_in[c] += l.k_in[i];
      for (uint64_t e = l.ptr[i]; e < l.ptr[i + 1]; ++e) {
        const uint32_t d = comm[l.nbr[e]];
        if (d == c) {
          inside += l.w[e];
        } else {
          links.add(d, l.w[e]);
        }
      }
    }
    a.self[c] += inside / 2;
    std::sort(links.touched.begin(), links.touched.end());
    for (uint32_t d : links.touched) {
      a.nbr.push_back(d);
      a.w.push_back(links.weight[d]);
    }
    a.ptr[c + 1] = a.nbr.size();
    links.clear();
  }
  return a;
}

// Louvain (Blondel et al. 2008) on the directed modularity, which for a symmetric graph is the
// usual one: local moves, aggregate, repeat until a level merges nothing.
std::vector<uint32_t> louvain(const simple_graph& g, uint64_t seed) {
  std::vector<uint32_t> membership(g.n);
  std::iota(membership.begin(), membership.end(), 0u);
  if (g.arcs() == 0) return membership;
  louvain_level level = first_level(g);
  const double m = static_cast<double>(g.arcs());
  for (uint32_t depth = 0;; ++depth) {
    draw_stream rng(seed, draw_kind::louvain_order, depth);
    uint32_t count = 0;
    const std::vector<uint32_t> comm = local_moves(level, m, rng, count);
    for (uint32_t& c : membership) c = comm[c];
    if (count == level.n) break;
    level = aggregate(level, comm, count);
  }
  return membership;
}

}  // namespace

void communities(const simple_graph& g, const topology_options& o, topology_metrics& out) {
  if (!o.communities) {
    out.community_method = "none";
    out.modularity = not_defined;
    return;
  }
  // igraph's multilevel handles undirected graphs only.
  const bool by_igraph = have_igraph && o.use_igraph && g.symmetric;
  out.membership = by_igraph ? igraph_multilevel(g, o.seed) : louvain(g, o.seed);
  out.community_method = by_igraph ? "igraph multilevel" : "louvain";
  out.communities = renumber(out.membership);
  out.modularity = modularity(g, out.membership, out.communities);
}

}  // namespace engram::topology
