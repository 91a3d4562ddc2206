// The two Izhikevich integration schemes (engine/network.hpp, izhikevich_scheme) against loops
// written as their sources write them, in the same float operations, so they must agree bit for
// bit: `published` with Izhikevich 2003's net.m, `substep` with Engram's scheme before the choice
// existed (u with each sub-step, reset at the crossing).
#include <cstdint>
#include <random>
#include <vector>

#include "engine/network.hpp"
#include "kernels/common/neuron_update.hpp"
#include "tests/catch.hpp"

namespace {

using namespace engram;

// A thalamic-like drive, 5 N(0,1) plus a bias so that the neuron fires every few tens of ms.
std::vector<float> drive(int steps, uint32_t seed) {
  std::mt19937 rng(seed);
  std::normal_distribution<float> normal;
  std::vector<float> in(static_cast<size_t>(steps));
  for (auto& x : in) x = 6.0f + 5.0f * normal(rng);
  return in;
}

struct trace {
  std::vector<int> spikes;  // steps
  std::vector<float> v, u;  // after each step's reset
};

trace engram_trace(izhikevich_scheme scheme, const izhikevich_abcd& p, const std::vector<float>& in) {
  const izhikevich_integration k = izhikevich_integration_of(scheme, 2, 1.0, 30.0f);
  trace t;
  float v = -65.0f, u = p.b * v;
  for (size_t s = 0; s < in.size(); ++s) {
    if (izhikevich_update(v, u, p.a, p.b, p.c, p.d, in[s], k)) t.spikes.push_back(static_cast<int>(s));
    t.v.push_back(v);
    t.u.push_back(u);
  }
  return t;
}

}  // namespace

TEST_CASE("published scheme: Izhikevich 2003's loop, one step later", "[izhikevich]") {
  for (auto pattern : {izhikevich_pattern::RS, izhikevich_pattern::FS, izhikevich_pattern::CH}) {
    const izhikevich_abcd p = pattern_parameters(pattern);
    const std::vector<float> in = drive(2000, 7);
    const trace ours = engram_trace(izhikevich_scheme::published, p, in);
    // net.m: fired = v >= 30 at the start of step t, reset, then v twice by 0.5 ms and u by 1 ms.
    // Its spike at t is Engram's at t - 1 (Engram checks at the end of the step that crossed), and
    // its state after the reset at t is Engram's after step t - 1.
    float v = -65.0f, u = p.b * v;
    std::vector<int> spikes;
    for (size_t t = 0; t < in.size(); ++t) {
      if (v >= 30.0f) {
        spikes.push_back(static_cast<int>(t) - 1);
        v = p.c;
        u = u + p.d;
      }
      if (t > 0) {
        REQUIRE(v == ours.v[t - 1]);
        REQUIRE(u == ours.u[t - 1]);
      }
      v = v + 0.5f * (0.04f * v * v + 5.0f * v + 140.0f - u + in[t]);
      v = v + 0.5f * (0.04f * v * v + 5.0f * v + 140.0f - u + in[t]);
      u = u + 1.0f * (p.a * (p.b * v - u));
    }
    CHECK(ours.spikes.size() > 20);
    CHECK(ours.spikes == std::vector<int>(spikes.begin(), spikes.end()));
  }
}

TEST_CASE("substep scheme: u with each half step, reset at the crossing (the values of before)", "[izhikevich]") {
  const izhikevich_abcd p = pattern_parameters(izhikevich_pattern::RS);
  const std::vector<float> in = drive(2000, 8);
  const trace ours = engram_trace(izhikevich_scheme::substep, p, in);
  float v = -65.0f, u = p.b * v;
  std::vector<int> spikes;
  for (size_t t = 0; t < in.size(); ++t) {
    bool fired = false;
    for (int half = 0; half < 2; ++half) {
      v = v + 0.5f * (0.04f * v * v + 5.0f * v + 140.0f - u + in[t]);
      u = u + 0.5f * (p.a * (p.b * v - u));
      if (v >= 30.0f) {
        fired = true;
        v = p.c;
        u = u + p.d;
      }
    }
    if (fired) spikes.push_back(static_cast<int>(t));
    REQUIRE(v == ours.v[t]);
    REQUIRE(u == ours.u[t]);
  }
  CHECK(ours.spikes.size() > 20);
  CHECK(ours.spikes == spikes);
}

TEST_CASE("an Izhikevich scheme that names none is refused", "[izhikevich][errors]") {
  network net;
  net.populations = {izhikevich_population("exc", 4, izhikevich_pattern::RS)};
  net.populations[0].izhikevich.scheme = static_cast<izhikevich_scheme>(5);
  CHECK_THROWS_WITH(net.validate(), Catch::Contains("unknown izhikevich scheme 5"));
}
