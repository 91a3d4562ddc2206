// Connectivity builders: counts, degrees, exclusions, value ranges, determinism.
#include <algorithm>
#include <cmath>
#include <set>

#include "engine/errors.hpp"
#include "engine/synapse_packing.hpp"
#include "tests/catch.hpp"
#include "tests/helpers.hpp"

using namespace engram;

namespace {

network two_populations(connector c, uint32_t n_pre = 200, uint32_t n_post = 150, bool same = false) {
  network net;
  net.seed = 77;
  net.populations.push_back(izhikevich_population("pre", n_pre, izhikevich_pattern::RS));
  if (!same) net.populations.push_back(izhikevich_population("post", n_post, izhikevich_pattern::FS));
  projection pr;
  pr.name = "p";
  pr.pre = "pre";
  pr.post = same ? "pre" : "post";
  pr.connect = std::move(c);
  pr.weight = distribution::between(0.5, 1.5);
  pr.delay_ms = distribution::between(2.0, 9.0);
  pr.sign = transmitter::gaba;
  net.projections.push_back(pr);
  return net;
}

synapse_table built(const network& net, int threads = 1) {
  return test::cpu_simulator(net, threads)->export_state().projections.at(0);
}

void check_values(const synapse_table& t) {
  for (uint64_t s = 0; s < t.size(); ++s) {
    REQUIRE(t.weight[s] <= -0.5f);  // gaba: negative
    REQUIRE(t.weight[s] >= -1.5f);
    REQUIRE(t.delay_of(s) >= 2);
    REQUIRE(t.delay_of(s) <= 9);
    REQUIRE(t.target_of(s) >= t.post_first);
    REQUIRE(t.target_of(s) < t.post_first + t.post_count);
  }
  const std::vector<uint32_t> target = global_targets(t);
  for (uint32_t i = 0; i < t.pre_count; ++i)
    REQUIRE(std::is_sorted(target.begin() + t.row_ptr[i], target.begin() + t.row_ptr[i + 1]));
}

}  // namespace

TEST_CASE("all_to_all and one_to_one", "[connectivity]") {
  connector c;
  c.type = connector::kind::all_to_all;
  auto t = built(two_populations(c));
  CHECK(t.size() == 200u * 150u);
  check_values(t);
  auto self = built(two_populations(c, 100, 0, true));
  CHECK(self.size() == 100u * 99u);  // no autapses by default
  c.autapses = true;
  CHECK(built(two_populations(c, 100, 0, true)).size() == 100u * 100u);

  connector o;
  o.type = connector::kind::one_to_one;
  auto one = built(two_populations(o, 120, 120));
  REQUIRE(one.size() == 120);
  for (uint32_t i = 0; i < 120; ++i) CHECK(one.target_of(one.row_ptr[i]) == one.post_first + i);
}

TEST_CASE("fixed_probability gives the expected count, no duplicates, no autapses", "[connectivity]") {
  connector c;
  c.type = connector::kind::fixed_probability;
  c.probability = 0.1;
  auto t = built(two_populations(c, 1000, 0, true));
  const double expected = 0.1 * 1000 * 999, sd = std::sqrt(expected * 0.9);
  CHECK(std::fabs(t.size() - expected) < 5 * sd);
  const std::vector<uint32_t> target = global_targets(t);
  for (uint32_t i = 0; i < t.pre_count; ++i) {
    std::set<uint32_t> row(target.begin() + t.row_ptr[i], target.begin() + t.row_ptr[i + 1]);
    REQUIRE(row.size() == t.row_ptr[i + 1] - t.row_ptr[i]);
    REQUIRE(row.count(i) == 0);
  }
  check_values(t);
}

TEST_CASE("gaussian_distance: the degree profile follows the Gaussian of distance on the sheet", "[connectivity]") {
  // 900 neurons on a 30 x 30 torus, p0 0.8, sigma 0.1: connection frequency per distance bin
  // against p0 exp(-d^2 / 2 sigma^2) averaged over the pairs in that bin
  connector c;
  c.type = connector::kind::gaussian_distance;
  c.probability = 0.8;
  c.sigma = 0.1;
  c.periodic = true;
  const uint32_t n = 900, side = 30;
  const synapse_table t = built(two_populations(c, n, 0, true));
  check_values(t);
  const std::vector<uint32_t> target = global_targets(t);
  constexpr int bins = 10;
  const double bin_width = 0.3 / bins;
  std::vector<double> pairs(bins, 0), linked(bins, 0), expected(bins, 0);
  std::vector<uint8_t> row_has(n);
  auto offset = [](double a, double b) { double d = std::fabs(a - b); return d > 0.5 ? 1 - d : d; };
  double expected_total = 0;
  for (uint32_t i = 0; i < n; ++i) {
    std::fill(row_has.begin(), row_has.end(), 0);
    for (uint64_t s = t.row_ptr[i]; s < t.row_ptr[i + 1]; ++s) row_has[target[s]] = 1;
    REQUIRE(row_has[i] == 0);  // no autapses
    for (uint32_t j = 0; j < n; ++j) {
      if (j == i) continue;
      const double dx = offset((i % side + 0.5) / side, (j % side + 0.5) / side);
      const double dy = offset((i / side + 0.5) / side, (j / side + 0.5) / side);
      const double d = std::sqrt(dx * dx + dy * dy), p = 0.8 * std::exp(-d * d / (2 * 0.01));
      expected_total += p;
      const int b = static_cast<int>(d / bin_width);
      if (b >= bins) continue;
      pairs[b] += 1, linked[b] += row_has[j], expected[b] += p;
    }
  }
  CHECK(std::fabs(t.size() - expected_total) < 5 * std::sqrt(expected_total));
  for (int b = 0; b < bins; ++b) {
    if (pairs[b] < 100) continue;
    const double sd = std::sqrt(expected[b]) + 1;
    INFO("bin " << b << ": " << linked[b] << " linked of " << pairs[b] << ", expected " << expected[b]);
    CHECK(std::fabs(linked[b] - expected[b]) < 5 * sd);
  }
  // without the torus, a corner neuron has fewer partners than a central one
  c.periodic = false;
  const synapse_table open = built(two_populations(c, n, 0, true));
  const uint64_t corner = open.row_ptr[1] - open.row_ptr[0], centre = open.row_ptr[15 * side + 16] - open.row_ptr[15 * side + 15];
  CHECK(corner * 2 < centre + 8);
}

TEST_CASE("fixed_indegree: every target has exactly k distinct sources", "[connectivity]") {
  connector c;
  c.type = connector::kind::fixed_indegree;
  c.degree = 25;
  auto t = built(two_populations(c, 300, 0, true));
  std::vector<std::set<uint32_t>> sources(300);
  for (uint32_t i = 0; i < t.pre_count; ++i)
    for (uint64_t s = t.row_ptr[i]; s < t.row_ptr[i + 1]; ++s) {
      REQUIRE(sources[t.target_of(s)].insert(i).second);
      REQUIRE(t.target_of(s) != i);
    }
  for (const auto& s : sources) REQUIRE(s.size() == 25);
  check_values(t);
}

TEST_CASE("fixed_outdegree: every row has exactly k distinct targets", "[connectivity]") {
  connector c;
  c.type = connector::kind::fixed_outdegree;
  c.degree = 40;
  auto t = built(two_populations(c));
  const std::vector<uint32_t> target = global_targets(t);
  for (uint32_t i = 0; i < t.pre_count; ++i) {
    REQUIRE(t.row_ptr[i + 1] - t.row_ptr[i] == 40);
    std::set<uint32_t> row(target.begin() + t.row_ptr[i], target.begin() + t.row_ptr[i + 1]);
    REQUIRE(row.size() == 40);
  }
  check_values(t);
}

TEST_CASE("builders are deterministic and independent of the thread count", "[connectivity][threads]") {
  for (auto kind : {connector::kind::fixed_probability, connector::kind::fixed_indegree, connector::kind::fixed_outdegree}) {
    connector c;
    c.type = kind;
    c.probability = 0.2;
    c.degree = 17;
    const auto net = two_populations(c);
    const auto a = built(net, 1), b = built(net, 2);
    CHECK(a.row_ptr == b.row_ptr);
    CHECK(a.packed == b.packed);
    CHECK(a.weight == b.weight);
  }
}

TEST_CASE("row_spread delays cover 1..D evenly as in Izhikevich 2006", "[connectivity]") {
  connector c;
  c.type = connector::kind::fixed_outdegree;
  c.degree = 100;
  network net = two_populations(c, 50, 1000);
  net.projections[0].delay_ms = distribution::spread(1.0, 20.0);
  auto t = built(net);
  for (uint32_t i = 0; i < t.pre_count; ++i) {
    std::vector<int> per_delay(21, 0);
    for (uint64_t s = t.row_ptr[i]; s < t.row_ptr[i + 1]; ++s) ++per_delay[t.delay_of(s)];
    for (int d = 1; d <= 20; ++d) REQUIRE(per_delay[d] == 5);
  }
}

TEST_CASE("row_spread delays do not follow the target's index", "[connectivity]") {
  // Rows are sorted by target: a neuron's incoming delays must still cover the whole range.
  connector c;
  c.type = connector::kind::fixed_outdegree;
  c.degree = 80;
  network net = two_populations(c, 800, 800);
  net.projections[0].delay_ms = distribution::spread(1.0, 20.0);
  auto t = built(net);
  std::vector<double> sum(t.post_count, 0.0), count(t.post_count, 0.0);
  for (uint32_t i = 0; i < t.pre_count; ++i)
    for (uint64_t s = t.row_ptr[i]; s < t.row_ptr[i + 1]; ++s) {
      sum[t.target_of(s) - t.post_first] += t.delay_of(s);
      count[t.target_of(s) - t.post_first] += 1;
    }
  auto mean_delay = [&](uint32_t from, uint32_t to) {
    double s = 0, n = 0;
    for (uint32_t j = from; j < to; ++j) s += sum[j], n += count[j];
    return s / n;
  };
  // 10.5 is the mean of 1..20; the first and last tenth each receive about 6400 synapses.
  CHECK(mean_delay(0, 80) == Approx(10.5).margin(0.5));
  CHECK(mean_delay(720, 800) == Approx(10.5).margin(0.5));
}

TEST_CASE("impossible connectivity is rejected with a clear message", "[connectivity][errors]") {
  connector c;
  c.type = connector::kind::fixed_indegree;
  c.degree = 500;
  CHECK_THROWS_AS(test::cpu_simulator(two_populations(c, 100, 100)), invalid_network);
  connector p;
  p.type = connector::kind::fixed_probability;
  p.probability = 1.5;
  CHECK_THROWS_AS(test::cpu_simulator(two_populations(p)), invalid_network);
  connector g;
  g.type = connector::kind::gaussian_distance;
  g.probability = 0.5;
  CHECK_THROWS_WITH(test::cpu_simulator(two_populations(g)), Catch::Contains("gaussian_distance needs sigma > 0"));
}
