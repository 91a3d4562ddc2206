// The coba and cuba models (Vogels & Abbott 2005 as Brette et al. 2007's benchmarks) at full size
// for 400 ms: activity sustains itself (COBA after its 50 ms kick) at rates in the band of the
// published asynchronous irregular states, in both populations. A few seconds each.
#include "apps/models/registry.hpp"
#include "engine/simulator.hpp"
#include "host/analysis/spike_statistics.hpp"
#include "tests/catch.hpp"
#include "tests/helpers.hpp"

using namespace engram;

namespace {

struct rates {
  spike_train_summary exc, inh;
};

rates measure(const std::string& name, double ms) {
  const auto& m = find_model(name);
  const network net = m.build(m.parameters(), m.default_dt_ms, 1);
  auto sim = test::cpu_simulator(net, 2);
  spike_statistics_options o;
  o.from_step = static_cast<uint64_t>(150.0 / m.default_dt_ms);  // after COBA's kick and the start
  const uint32_t n_exc = net.populations[0].size, n_inh = net.populations[1].size;
  spike_statistics exc(0, n_exc, m.default_dt_ms, o), inh(n_exc, n_inh, m.default_dt_ms, o);
  const uint64_t steps = static_cast<uint64_t>(ms / m.default_dt_ms);
  for (uint64_t done = 0; done < steps; done += 1000) {
    sim->run_steps(1000);
    const auto spikes = sim->drain_spikes();
    exc.add(spikes);
    inh.add(spikes);
  }
  const rates r{exc.summary(sim->current_step()), inh.summary(sim->current_step())};
  INFO(name << ": exc " << r.exc.rate_hz << " Hz (CV " << r.exc.mean_cv << ", chi " << r.exc.chi << "), inh "
            << r.inh.rate_hz << " Hz");
  CHECK(r.exc.spikes > 0);
  CHECK(r.inh.spikes > 0);
  return r;
}

}  // namespace

TEST_CASE("cuba: self-driven asynchronous activity of a few Hz", "[vogels_abbott]") {
  const rates r = measure("cuba", 400);
  CHECK(r.exc.rate_hz > 2);
  CHECK(r.exc.rate_hz < 15);
  CHECK(r.inh.rate_hz > 2);
  CHECK(r.inh.rate_hz < 15);
  CHECK(r.exc.chi < 0.2);  // asynchronous
}

TEST_CASE("coba: activity outlasts the kick, at rates of the published order", "[vogels_abbott]") {
  const rates r = measure("coba", 400);
  CHECK(r.exc.rate_hz > 5);
  CHECK(r.exc.rate_hz < 40);
  CHECK(r.inh.rate_hz > 5);
  CHECK(r.inh.rate_hz < 40);
  CHECK(r.exc.chi < 0.2);
}
