// igraph's multilevel community detection on the simple graph, for topology_options::use_igraph.
#include "engine/errors.hpp"
#include "host/analysis/topology_parts.hpp"

#if ENGRAM_HAVE_IGRAPH
#include <fmt/format.h>
#include <igraph.h>
#endif

namespace engram::topology {

#if ENGRAM_HAVE_IGRAPH
namespace {

void igraph_check(igraph_error_t code, const char* call) {
  if (code != IGRAPH_SUCCESS) throw error(fmt::format("{} failed: {}", call, igraph_strerror(code)));
}

// igraph's default error handler aborts the process; while this lives, igraph calls return their
// error codes instead (freeing their temporaries), and igraph_check turns them into exceptions.
class igraph_error_scope {
 public:
  igraph_error_scope() : previous_(igraph_set_error_handler(igraph_error_handler_ignore)) {}
  ~igraph_error_scope() { igraph_set_error_handler(previous_); }
  igraph_error_scope(const igraph_error_scope&) = delete;
  igraph_error_scope& operator=(const igraph_error_scope&) = delete;

 private:
  igraph_error_handler_t* previous_;
};

struct igraph_int_vector {
  explicit igraph_int_vector(igraph_integer_t size) { igraph_check(igraph_vector_int_init(&v, size), "igraph_vector_int_init"); }
  ~igraph_int_vector() { igraph_vector_int_destroy(&v); }
  igraph_int_vector(const igraph_int_vector&) = delete;
  igraph_int_vector& operator=(const igraph_int_vector&) = delete;
  igraph_vector_int_t v;
};

struct igraph_graph {
  igraph_graph(const igraph_vector_int_t& edges, igraph_integer_t n) {
    igraph_check(igraph_create(&g, &edges, n, IGRAPH_UNDIRECTED), "igraph_create");
  }
  ~igraph_graph() { igraph_destroy(&g); }
  igraph_graph(const igraph_graph&) = delete;
  igraph_graph& operator=(const igraph_graph&) = delete;
  igraph_t g;
};

}  // namespace

// igraph's multilevel method on the undirected simple graph. It draws from igraph's global RNG,
// seeded here so the partition is reproducible.
std::vector<uint32_t> igraph_multilevel(const simple_graph& s, uint64_t seed) {
  igraph_error_scope errors;
  igraph_int_vector edges(static_cast<igraph_integer_t>(2 * s.edges()));
  igraph_integer_t k = 0;
  for (uint32_t i = 0; i < s.n; ++i) {
    for (uint32_t j : s.und_row(i)) {
      if (j < i) continue;
      VECTOR(edges.v)[k++] = i;
      VECTOR(edges.v)[k++] = j;
    }
  }
  igraph_graph graph(edges.v, s.n);
  igraph_int_vector membership(0);
  igraph_check(igraph_rng_seed(igraph_rng_default(), seed), "igraph_rng_seed");
  igraph_check(igraph_community_multilevel(&graph.g, nullptr, 1.0, &membership.v, nullptr, nullptr),
               "igraph_community_multilevel");
  std::vector<uint32_t> out(s.n);
  for (uint32_t i = 0; i < s.n; ++i) out[i] = static_cast<uint32_t>(VECTOR(membership.v)[i]);
  return out;
}
#else
std::vector<uint32_t> igraph_multilevel(const simple_graph&, uint64_t) { throw internal_error("Engram was built without igraph"); }
#endif

}  // namespace engram::topology
