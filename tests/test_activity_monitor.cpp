// The run summary's activity monitor keeps only the window it analyses (bounded memory on long
// runs) and still finds the rhythm of that window.
#include <cmath>

#include "host/streams/activity_monitor.hpp"
#include "tests/catch.hpp"

using namespace engram;

namespace {

// One population of 10 neurons whose number of spikes per 1 ms step follows a sinusoid of
// `hz` in [from, to): a single spectral peak (a regular spike train would have equal harmonics).
uint64_t add_rhythm(activity_monitor& m, uint64_t from, uint64_t to, double hz) {
  spike_record r;
  for (uint64_t t = from; t < to; ++t) {
    const auto k = static_cast<uint32_t>(std::lround(5 + 4.5 * std::sin(2 * 3.141592653589793 * hz * t / 1000.0)));
    for (uint32_t i = 0; i < k; ++i) {
      r.step.push_back(t);
      r.neuron.push_back(i);
    }
  }
  m.add(r);
  return r.size();
}

}  // namespace

TEST_CASE("the activity monitor analyses the last window only", "[activity]") {
  const std::vector<population_range> pops{{"p", 0, 10}};
  activity_monitor m(pops, 1000, 1.0, 10000);
  uint64_t total = add_rhythm(m, 1000, 31000, 10);  // 30 s at 10 Hz
  CHECK(m.dominant_frequency_hz({0}) == 10.0);
  total += add_rhythm(m, 31000, 51000, 40);  // then 20 s at 40 Hz: the 10 s window holds only this
  CHECK(m.dominant_frequency_hz({0}) == 40.0);
  CHECK(m.spikes(0) == total);
  CHECK(m.mean_rate_hz(0, 50000, 1.0) == Approx(total / 10.0 / 50.0));
  // A silence longer than the window, then a new rhythm: only the new one is in the window.
  add_rhythm(m, 200000, 205000, 20);
  CHECK(m.dominant_frequency_hz({0}) == 20.0);
}
