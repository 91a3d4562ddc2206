// The brunel2000 presets at small N (J scaled to keep J C_E, apps/models/brunel2000.cpp) show the
// signatures of their regimes in Brunel (2000): measured, after a 100 ms transient, with
// host/analysis/spike_statistics. A few seconds each.
#include "apps/models/registry.hpp"
#include "engine/simulator.hpp"
#include "host/analysis/spike_statistics.hpp"
#include "tests/catch.hpp"
#include "tests/helpers.hpp"

using namespace engram;

namespace {

spike_train_summary measure(const std::string& name, uint32_t n_exc, double ms) {
  const auto& m = find_model(name);
  model_params p = m.parameters();
  p.set("n_exc=" + std::to_string(n_exc), name);
  auto sim = test::cpu_simulator(m.build(p, m.default_dt_ms, 1));
  spike_statistics_options o;
  o.from_step = static_cast<uint64_t>(100.0 / m.default_dt_ms);
  spike_statistics stats(0, n_exc, m.default_dt_ms, o);  // the excitatory population
  const uint64_t steps = static_cast<uint64_t>(ms / m.default_dt_ms);
  for (uint64_t done = 0; done < steps; done += 1000) {
    sim->run_steps(1000);
    stats.add(sim->drain_spikes());
  }
  const spike_train_summary s = stats.summary(sim->current_step());
  INFO(name << ": " << s.rate_hz << " Hz, CV " << s.mean_cv << ", chi " << s.chi << ", Fano " << s.fano);
  CHECK(s.spikes > 0);
  return s;
}

}  // namespace

TEST_CASE("brunel2000 presets: the regimes' signatures at NE = 1000", "[brunel2000]") {
  const spike_train_summary sr = measure("brunel2000_sr", 1000, 400);
  const spike_train_summary ai = measure("brunel2000", 1000, 400);
  CHECK(sr.rate_hz > 150);   // synchronous regular: near saturation,
  CHECK(sr.mean_cv < 0.2);   // regular,
  CHECK(sr.chi > 0.3);       // and together
  CHECK(ai.rate_hz < 80);    // asynchronous irregular: lower rates,
  CHECK(ai.mean_cv > 0.8);   // Poisson-like intervals
  CHECK(ai.chi < sr.chi / 2);
}
