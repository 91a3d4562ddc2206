// host/analysis/spike_statistics on spike trains whose statistics are known in closed form.
#include <cmath>
#include <random>

#include "host/analysis/spike_statistics.hpp"
#include "tests/catch.hpp"

using namespace engram;

namespace {

constexpr double dt = 0.1;  // ms

// Feeds `r` in batches of `batch` spikes (the statistics must not depend on where drains cut).
spike_train_summary summarise(const spike_record& r, uint32_t first, uint32_t count, uint64_t end, size_t batch,
                              spike_statistics_options o = {}) {
  spike_statistics s(first, count, dt, o);
  for (size_t k = 0; k < r.size(); k += batch) {
    spike_record part;
    for (size_t e = k; e < std::min(r.size(), k + batch); ++e) {
      part.step.push_back(r.step[e]);
      part.neuron.push_back(r.neuron[e]);
    }
    s.add(part);
  }
  return s.summary(end);
}

}  // namespace

TEST_CASE("spike statistics: identical periodic trains are regular and fully synchronous", "[analysis]") {
  spike_record r;  // 20 neurons fire together every 10 ms (100 steps) for 1 s
  for (uint64_t step = 0; step < 10000; step += 100)
    for (uint32_t i = 0; i < 20; ++i) {
      r.step.push_back(step);
      r.neuron.push_back(5 + i);
    }
  for (size_t batch : {size_t{1}, size_t{37}, r.size()}) {
    const spike_train_summary s = summarise(r, 5, 20, 10000, batch);
    CHECK(s.rate_hz == Approx(100.0));
    CHECK(s.mean_cv == Approx(0.0).margin(1e-12));
    CHECK(s.cv_neurons == 20);
    CHECK(s.chi == Approx(1.0));
    CHECK(s.bins == 1000);
    // Counts of 20 in every 10th bin: mean 2, variance 400/10 - 4 = 36.
    CHECK(s.fano == Approx(18.0));
  }
}

TEST_CASE("spike statistics: independent Poisson trains have CV 1, Fano 1 and chi near 1/sqrt(N)", "[analysis]") {
  std::mt19937_64 rng(3);
  std::bernoulli_distribution fires(0.002);  // 20 Hz at 0.1 ms
  const uint32_t n = 400;
  const uint64_t steps = 100000;  // 10 s
  spike_record r;
  for (uint64_t step = 0; step < steps; ++step)
    for (uint32_t i = 0; i < n; ++i)
      if (fires(rng)) {
        r.step.push_back(step);
        r.neuron.push_back(i);
      }
  const spike_train_summary s = summarise(r, 0, n, steps, 4096);
  CHECK(s.rate_hz == Approx(20.0).epsilon(0.02));
  CHECK(s.mean_cv == Approx(1.0).epsilon(0.03));  // geometric intervals: sqrt(1 - p)
  CHECK(s.fano == Approx(1.0).epsilon(0.05));
  CHECK(s.chi == Approx(1.0 / std::sqrt(double(n))).epsilon(0.15));
}

TEST_CASE("spike statistics: the window and the group are respected", "[analysis]") {
  spike_record r;
  // Neuron 0 fires every 10 steps from step 0; neuron 1 (outside the group) fires at 5.
  for (uint64_t step = 0; step < 1000; step += 10) {
    r.step.push_back(step);
    r.neuron.push_back(0);
    if (step == 500) {
      r.step.push_back(step);
      r.neuron.push_back(1);
    }
  }
  spike_statistics_options o;
  o.from_step = 500;
  const spike_train_summary s = summarise(r, 0, 1, 1000, 3, o);
  CHECK(s.spikes == 50);
  CHECK(s.rate_hz == Approx(50 / 0.05));
  CHECK_THROWS_WITH(spike_statistics(0, 1, dt, {0, 0.01, 2}), Catch::Contains("shorter than a step"));
}
