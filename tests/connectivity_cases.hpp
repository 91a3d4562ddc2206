#pragma once
// Connectivity cases shared by the GPU builder tests (tests/gpu/test_connectivity_identity.cpp)
// and the host emulation (tests/test_cuda_emulation.cpp): each builds a network with the CPU
// backend and with `other`, and compares every synapse table bit for bit.
#include <functional>
#include <memory>
#include <vector>

#include "engine/backend.hpp"
#include "engine/layout.hpp"
#include "tests/catch.hpp"
#include "tests/gpu/gpu_compare.hpp"

namespace engram::test {

using backend_factory = std::function<std::unique_ptr<backend>()>;

inline network two_populations(connector c, uint32_t n_pre, uint32_t n_post, bool same, distribution weight,
                               distribution delay, transmitter sign = transmitter::glutamate) {
  network net;
  net.seed = 1234;
  net.populations.push_back(izhikevich_population("pre", n_pre, izhikevich_pattern::RS));
  if (!same) net.populations.push_back(izhikevich_population("post", n_post, izhikevich_pattern::FS));
  projection pr;
  pr.name = "p";
  pr.pre = "pre";
  pr.post = same ? "pre" : "post";
  pr.connect = std::move(c);
  pr.weight = weight;
  pr.delay_ms = delay;
  pr.sign = sign;
  net.projections.push_back(pr);
  return net;
}

inline std::vector<synapse_table> tables_built_by(const network& net, std::unique_ptr<backend> b) {
  b->build(net, initial_state(net));
  return b->export_state().projections;
}

inline void check_same_tables(const network& net, const backend_factory& other) {
  const auto cpu = tables_built_by(net, gpu_test::make(backend_kind::cpu)), them = tables_built_by(net, other());
  REQUIRE(cpu.size() == them.size());
  for (size_t p = 0; p < cpu.size(); ++p) {
    const std::string d = gpu_test::table_difference(cpu[p], them[p]);
    INFO("first divergence: " << d);
    CHECK(d.empty());
  }
}

inline connector of(connector::kind type, double probability = 0, uint32_t degree = 0, bool autapses = false) {
  connector c;
  c.type = type;
  c.probability = probability;
  c.degree = degree;
  c.autapses = autapses;
  return c;
}

inline connector sheet(double p0, double sigma, bool periodic) {
  connector c = of(connector::kind::gaussian_distance, p0);
  c.sigma = sigma;
  c.periodic = periodic;
  return c;
}

inline connector total_number(uint64_t total, bool autapses = false) {
  connector c = of(connector::kind::fixed_total_number, 0, 0, autapses);
  c.total = total;
  return c;
}

// Every row builder, same and different populations, every value distribution.
inline void check_every_builder(const backend_factory& other) {
  using ck = connector::kind;
  const std::vector<std::pair<const char*, connector>> connectors = {
      {"all_to_all", of(ck::all_to_all)},
      {"all_to_all autapses", of(ck::all_to_all, 0, 0, true)},
      {"one_to_one", of(ck::one_to_one)},
      {"fixed_probability 0.05", of(ck::fixed_probability, 0.05)},
      {"fixed_probability 0.5", of(ck::fixed_probability, 0.5)},
      {"fixed_probability 1", of(ck::fixed_probability, 1.0)},
      {"fixed_probability 0", of(ck::fixed_probability, 0.0)},
      {"fixed_outdegree 37", of(ck::fixed_outdegree, 0, 37)},
      {"fixed_indegree 23", of(ck::fixed_indegree, 0, 23)},
      {"fixed_indegree 23 autapses", of(ck::fixed_indegree, 0, 23, true)},
      {"fixed_total_number 9000", total_number(9000)},
      {"fixed_total_number 60000 autapses", total_number(60000, true)},  // many multapses
      {"gaussian_distance 0.8, sigma 0.1", sheet(0.8, 0.1, false)},
      {"gaussian_distance 0.5, sigma 0.2, periodic", sheet(0.5, 0.2, true)},
  };
  const std::vector<std::pair<const char*, distribution>> weights = {
      {"constant", distribution::fixed(0.75)}, {"uniform", distribution::between(0.1, 2.5)},
      {"row_spread", distribution::spread(0.0, 1.0)}};
  const std::vector<std::pair<const char*, distribution>> delays = {
      {"uniform delay", distribution::fixed(3.0)}, {"random delays", distribution::between(1.0, 17.0)},
      {"spread delays", distribution::spread(1.0, 20.0)}};
  for (const auto& [cname, c] : connectors)
    for (bool same : {false, true})
      for (const auto& [wname, w] : weights)
        for (const auto& [dname, d] : delays) {
          if (c.type == ck::one_to_one && !same) continue;  // needs equal sizes: covered by `same`
          INFO(cname << (same ? ", same population" : ", two populations") << ", " << wname << " weights, " << dname);
          check_same_tables(two_populations(c, 700, 450, same, w, d, same ? transmitter::gaba : transmitter::glutamate),
                            other);
        }
}

// Normal and log-normal weights and delays (truncated by redrawing) on every kind of builder,
// multapses included: their copies draw their own values.
inline void check_truncated_distributions(const backend_factory& other, bool multapses_only = false) {
  using ck = connector::kind;
  std::vector<std::pair<const char*, connector>> connectors = {{"fixed_total_number 60000", total_number(60000)}};
  if (!multapses_only) {
    connectors.push_back({"fixed_probability 0.05", of(ck::fixed_probability, 0.05)});
    connectors.push_back({"fixed_indegree 23", of(ck::fixed_indegree, 0, 23)});
  }
  const std::vector<std::pair<const char*, distribution>> weights = {
      {"normal", distribution::normal(87.8, 8.78, 0.0, 175.6)},
      {"lognormal", distribution::lognormal(-0.5, 0.8, 0.0, 20.0)},
      {"narrow normal", distribution::normal(1.0, 2.0, 0.5, 1.5)}};  // many redraws
  const std::vector<std::pair<const char*, distribution>> delays = {
      {"normal delays", distribution::normal(1.5, 0.75, 0.05, 7.5)},  // below one step: raised to 1
      {"lognormal delays", distribution::lognormal(0.3, 0.5, 0.0, 12.0)}};
  for (const auto& [cname, c] : connectors)
    for (bool same : {false, true})
      for (const auto& [wname, w] : weights)
        for (const auto& [dname, d] : delays) {
          INFO(cname << (same ? ", same population" : ", two populations") << ", " << wname << " weights, " << dname);
          network net = two_populations(c, 700, 450, same, w, d, same ? transmitter::gaba : transmitter::glutamate);
          net.dt_ms = 0.1;
          check_same_tables(net, other);
        }
}

// Large fixed in-degree, fixed probability and fixed out-degree builds.
inline void check_large_builds(const backend_factory& other) {
  using ck = connector::kind;
  check_same_tables(two_populations(of(ck::fixed_indegree, 0, 500), 20000, 20000, true, distribution::between(0, 1),
                                    distribution::between(1, 9)), other);
  check_same_tables(two_populations(of(ck::fixed_probability, 0.02), 15000, 12000, false, distribution::fixed(1),
                                    distribution::fixed(1)), other);
  check_same_tables(two_populations(of(ck::fixed_outdegree, 0, 300), 10000, 5000, false, distribution::between(0, 1),
                                    distribution::spread(1, 40)), other);
  check_same_tables(two_populations(total_number(4000000), 20000, 15000, false, distribution::normal(1, 0.1, 0, 2),
                                    distribution::normal(4, 2, 0.5, 20)), other);
}

// Explicit lists: unsorted, duplicated, with and without weights and delays.
inline void check_explicit_lists(const backend_factory& other) {
  connector c;
  c.type = connector::kind::explicit_list;
  for (uint32_t k = 0; k < 5000; ++k) {
    c.pre.push_back((k * 7919u) % 300);
    c.post.push_back((k * 104729u) % 200);
  }
  for (uint32_t k : {0u, 123u, 123u}) {  // repeated pairs keep list order, as in the CPU's stable sort
    c.pre.push_back(c.pre[k]);
    c.post.push_back(c.post[k]);
  }
  const auto w = distribution::between(0.2, 0.9);
  const auto d = distribution::between(1.0, 12.0);
  check_same_tables(two_populations(c, 300, 200, false, w, d), other);
  connector given = c;
  for (size_t k = 0; k < given.pre.size(); ++k) {
    given.weights.push_back(0.001f * static_cast<float>(k % 997));
    given.delays.push_back(static_cast<uint16_t>(1 + k % 40));
  }
  check_same_tables(two_populations(given, 300, 200, false, w, d, transmitter::gaba), other);
  connector weights_only = given;
  weights_only.delays.clear();
  check_same_tables(two_populations(weights_only, 300, 200, false, w, distribution::fixed(2.0)), other);
  check_same_tables(two_populations(weights_only, 300, 200, false, w, d), other);
  connector delays_only = given;
  delays_only.weights.clear();
  check_same_tables(two_populations(delays_only, 300, 200, false, w, d), other);
}

}  // namespace engram::test
