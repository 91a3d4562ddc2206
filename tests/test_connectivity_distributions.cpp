// The fixed-total-number connector and the normal / log-normal value distributions: counts,
// in-degrees, multapses, moments of the drawn values, delay rounding, and the errors that keep a
// distribution bounded. (CPU vs device bit identity: tests/connectivity_cases.hpp.)
#include <cmath>
#include <map>

#include "engine/errors.hpp"
#include "engine/layout.hpp"
#include "tests/catch.hpp"
#include "tests/helpers.hpp"

using namespace engram;

namespace {

network pair_of_populations(connector c, uint32_t n_pre, uint32_t n_post, bool same, distribution weight,
                            distribution delay) {
  network net;
  net.seed = 5;
  net.dt_ms = 0.1;
  net.populations.push_back(lif_population("pre", n_pre));
  if (!same) net.populations.push_back(lif_population("post", n_post));
  projection pr;
  pr.name = "p";
  pr.pre = "pre";
  pr.post = same ? "pre" : "post";
  pr.connect = std::move(c);
  pr.weight = weight;
  pr.delay_ms = delay;
  net.projections.push_back(pr);
  return net;
}

connector total_number(uint64_t total, bool autapses = false) {
  connector c;
  c.type = connector::kind::fixed_total_number;
  c.total = total;
  c.autapses = autapses;
  return c;
}

synapse_table built(const network& net, int threads = 1) {
  return test::cpu_simulator(net, threads)->export_state().projections.at(0);
}

struct moments {
  double mean = 0, sd = 0;
};
template <class F>
moments moments_of(uint64_t n, F&& value) {
  double s = 0, s2 = 0;
  for (uint64_t k = 0; k < n; ++k) {
    const double x = value(k);
    s += x;
    s2 += x * x;
  }
  const double mean = s / n;
  return {mean, std::sqrt(s2 / n - mean * mean)};
}

}  // namespace

TEST_CASE("fixed_total_number: exact total, binomial in-degrees, multapses, no autapses", "[connectivity]") {
  const uint32_t n = 400, total = 200000;  // mean in-degree 500, and about 1.25 copies per pair
  const auto t = built(pair_of_populations(total_number(total), n, n, true, distribution::fixed(1), distribution::fixed(1)));
  REQUIRE(t.size() == total);
  std::vector<double> in_degree(n, 0.0);
  std::map<std::pair<uint32_t, uint32_t>, int> copies;
  for (uint32_t i = 0; i < t.pre_count; ++i)
    for (uint64_t s = t.row_ptr[i]; s < t.row_ptr[i + 1]; ++s) {
      const uint32_t j = t.target_of(s) - t.post_first;
      REQUIRE(j != i);  // autapses are off
      if (s > t.row_ptr[i]) REQUIRE(t.target_of(s - 1) <= t.target_of(s));  // rows sorted
      in_degree[j] += 1;
      ++copies[{i, j}];
    }
  const moments m = moments_of(n, [&](uint64_t j) { return in_degree[j]; });
  CHECK(m.mean == Approx(500.0));
  // Binomial(total, 1/n): sd = sqrt(500 (1 - 1/400)) = 22.3; 400 samples give it within ~10 %.
  CHECK(m.sd == Approx(22.3).epsilon(0.12));
  // Pairs are drawn with replacement: the share of pairs drawn twice or more is Poisson's.
  uint64_t multiple = 0;
  for (const auto& [pair, k] : copies) multiple += k > 1;
  const double lambda = double(total) / (double(n) * (n - 1));
  const double expected = double(n) * (n - 1) * (1 - std::exp(-lambda) - lambda * std::exp(-lambda));
  CHECK(double(multiple) == Approx(expected).epsilon(0.05));

  const auto with_self = built(pair_of_populations(total_number(total, true), n, n, true, distribution::fixed(1),
                                                   distribution::fixed(1)));
  uint64_t self = 0;
  for (uint32_t i = 0; i < n; ++i)
    for (uint64_t s = with_self.row_ptr[i]; s < with_self.row_ptr[i + 1]; ++s) self += with_self.target_of(s) == i;
  CHECK(double(self) == Approx(double(total) / n).epsilon(0.2));  // 500 expected
}

TEST_CASE("fixed_total_number: independent of the thread count, multapse copies draw their own weights",
          "[connectivity][threads]") {
  const network net = pair_of_populations(total_number(50000), 100, 80, false, distribution::normal(10, 2, 0, 20),
                                          distribution::normal(2, 1, 0.05, 8));
  const auto one = built(net, 1), two = built(net, 2);
  CHECK(one.packed == two.packed);
  CHECK(one.weight == two.weight);
  uint64_t repeated = 0, same_weight = 0;
  for (uint32_t i = 0; i < one.pre_count; ++i)
    for (uint64_t s = one.row_ptr[i] + 1; s < one.row_ptr[i + 1]; ++s)
      if (one.target_of(s) == one.target_of(s - 1)) {
        ++repeated;
        same_weight += one.weight[s] == one.weight[s - 1];
      }
  CHECK(repeated > 1000);  // 6.25 copies per pair
  CHECK(same_weight == 0);
}

TEST_CASE("normal and log-normal weights have the distribution's moments and stay in their bounds", "[connectivity]") {
  connector all;
  all.type = connector::kind::all_to_all;
  // Normal: J = 87.8 with sd 10 %, bounds far out (the microcircuit's).
  auto t = built(pair_of_populations(all, 300, 300, false, distribution::normal(87.8, 8.78, 0, 175.6),
                                     distribution::fixed(0.1)));
  moments m = moments_of(t.size(), [&](uint64_t s) { return double(t.weight[s]); });
  CHECK(m.mean == Approx(87.8).epsilon(0.002));
  CHECK(m.sd == Approx(8.78).epsilon(0.02));
  // Truncated to [mean - sd, mean + sd]: the truncated normal's sd is 0.5396 sd.
  t = built(pair_of_populations(all, 300, 300, false, distribution::normal(5, 2, 3, 7), distribution::fixed(0.1)));
  m = moments_of(t.size(), [&](uint64_t s) { return double(t.weight[s]); });
  for (float w : t.weight) REQUIRE((w >= 3.0f && w <= 7.0f));
  CHECK(m.mean == Approx(5.0).epsilon(0.002));
  CHECK(m.sd == Approx(0.5396 * 2).epsilon(0.02));
  // Log-normal: the log of the values is normal(mu, sigma).
  t = built(pair_of_populations(all, 300, 300, false, distribution::lognormal(-1.0, 0.5, 0, 100), distribution::fixed(0.1)));
  m = moments_of(t.size(), [&](uint64_t s) { return std::log(double(t.weight[s])); });
  CHECK(m.mean == Approx(-1.0).margin(0.005));
  CHECK(m.sd == Approx(0.5).epsilon(0.02));
}

TEST_CASE("normal delays are rounded to the step, raised to one step, and bounded by the ring", "[connectivity]") {
  connector all;
  all.type = connector::kind::all_to_all;
  // The microcircuit's excitatory delays: 1.5 ms +- 0.75 at dt 0.1, truncated at 0.05 ms below.
  const network net =
      pair_of_populations(all, 300, 300, false, distribution::fixed(1), distribution::normal(1.5, 0.75, 0.05, 7.5));
  CHECK(ring_slots_for(net) == 76);
  const auto t = built(net);
  std::vector<uint64_t> count(256, 0);
  for (uint64_t s = 0; s < t.size(); ++s) ++count[t.delay_of(s)];
  CHECK(count[0] == 0);
  for (size_t d = 76; d < 256; ++d) REQUIRE(count[d] == 0);
  // One step gathers everything below 0.15 ms: P(0.05 <= x < 0.15) / P(x >= 0.05).
  const auto phi = [](double x) { return 0.5 * std::erfc(-x / std::sqrt(2.0)); };
  const double kept = 1 - phi((0.05 - 1.5) / 0.75);
  CHECK(double(count[1]) / t.size() == Approx((phi((0.15 - 1.5) / 0.75) - phi((0.05 - 1.5) / 0.75)) / kept).epsilon(0.05));
  // Step 15 holds [1.45, 1.55).
  CHECK(double(count[15]) / t.size() == Approx((phi(0.05 / 0.75) - phi(-0.05 / 0.75)) / kept).epsilon(0.03));
  // The truncated normal's mean, mu + sigma phi(a) / (1 - Phi(a)) = 1.5475 (rounding keeps it).
  const double a = (0.05 - 1.5) / 0.75, density = std::exp(-a * a / 2) / std::sqrt(2 * M_PI);
  const moments m = moments_of(t.size(), [&](uint64_t s) { return 0.1 * t.delay_of(s); });
  CHECK(m.mean == Approx(1.5 + 0.75 * density / kept).epsilon(0.002));
}

TEST_CASE("unbounded or degenerate distributions are refused with a clear message", "[connectivity][errors]") {
  connector all;
  all.type = connector::kind::all_to_all;
  const auto refused = [&](distribution w, distribution d, const char* words) {
    CHECK_THROWS_WITH(test::cpu_simulator(pair_of_populations(all, 10, 10, false, w, d)), Catch::Contains(words));
  };
  refused(distribution::fixed(1), distribution::normal(1.5, 0.75, 0.1, INFINITY), "finite truncation bounds");
  refused(distribution::normal(1, 0.1, 0, INFINITY), distribution::fixed(1), "finite truncation bounds");
  refused(distribution::normal(1, 0, 0, 2), distribution::fixed(1), "sigma must be > 0");
  refused(distribution::normal(1, 0.1, 5, 6), distribution::fixed(1), "at least 1 %");
  refused(distribution::lognormal(0, 1, -1, 6), distribution::fixed(1), "low bound must be >= 0");
  refused(distribution::fixed(1), distribution::normal(1.5, 0.75, 0.0, 40.0), "at most 255");
  // A total number of synapses with no pair to draw from: one neuron, no autapses.
  CHECK_THROWS_WITH(test::cpu_simulator(pair_of_populations(total_number(5), 1, 1, true, distribution::fixed(1),
                                                            distribution::fixed(1))),
                    Catch::Contains("no (pre, post) pair"));
}
