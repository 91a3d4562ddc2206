// Homeostasis: synaptic scaling brings a population to its target rate from above and below;
// the adaptive threshold rises per spike, decays, and slows a driven neuron; normalisation.
#include <cmath>

#include "tests/catch.hpp"
#include "tests/test_plasticity_networks.hpp"

using namespace engram;

namespace {

constexpr double target_hz = 10.0;

// 200 Poisson inputs at 10 Hz drive 60 LIF neurons through 40 synapses each, with scaling on.
network scaling_network(double w0) {
  network net;
  net.seed = 17;
  net.populations.push_back(poisson_source_population("in", std::vector<float>(200, 10.0f)));
  population out = lif_population("out", 60);
  out.homeostasis.rate_tau_ms = 500;
  net.populations.push_back(out);
  projection pr;
  pr.name = "in_out";
  pr.pre = net.populations[0].name;
  pr.post = net.populations[1].name;
  pr.connect.type = connector::kind::fixed_indegree;
  pr.connect.degree = 40;
  pr.weight = distribution::between(0.8 * w0, 1.2 * w0);
  pr.plasticity.scaling.enabled = true;
  pr.plasticity.scaling.target_hz = target_hz;
  pr.plasticity.scaling.eta = 0.1;
  pr.plasticity.scaling.period_ms = 100;
  pr.plasticity.scaling.max_step = 0.05;
  pr.plasticity.w_max = 1e5;
  net.projections.push_back(pr);
  return net;
}

double mean_rate(simulator& sim, uint64_t steps, uint32_t neurons) {
  sim.drain_spikes();
  sim.run_steps(steps);
  const auto r = sim.drain_spikes();
  uint64_t count = 0;
  for (uint32_t n : r.neuron) count += n >= 200;
  return count / (neurons * steps * sim.dt_ms() / 1000.0);
}

}  // namespace

TEST_CASE("synaptic scaling drives a population's rate to the target, from above and from below", "[plasticity][homeostasis]") {
  for (double w0 : {300.0, 2500.0}) {
    auto sim = test::cpu_simulator(scaling_network(w0));
    const double before = mean_rate(*sim, 2000, 60);
    sim->run_steps(30000);
    const double after = mean_rate(*sim, 5000, 60);
    INFO("w0 " << w0 << ": " << before << " Hz at first, " << after << " Hz after scaling");
    CHECK(std::fabs(before - target_hz) > 5.0);  // the start is far from the target
    CHECK(after == Approx(target_hz).epsilon(0.15));
  }
}

TEST_CASE("the adaptive threshold rises per spike, decays, and lowers the rate", "[plasticity][homeostasis]") {
  auto driven = [](bool adaptive) {
    network net;
    population p = izhikevich_population("n", 1, izhikevich_pattern::RS);
    p.homeostasis.adaptive_threshold = adaptive;
    p.homeostasis.theta_increment = 2.0;
    p.homeostasis.theta_tau_ms = 200;
    net.populations.push_back(p);
    input drive;
    drive.population = "n";
    drive.amplitude = 10;
    drive.stop_ms = 1000;
    net.inputs.push_back(drive);
    return net;
  };
  auto plain = test::cpu_simulator(driven(false));
  auto adaptive = test::cpu_simulator(driven(true));
  plain->run_steps(1000);
  adaptive->run_steps(1000);
  const auto fast = plain->drain_spikes(), slow = adaptive->drain_spikes();
  CHECK(slow.size() < fast.size() * 0.8);
  CHECK(slow.size() > 3);
  // theta = sum over spikes of 2 lambda^(999 - t)
  double theta = 0;
  for (uint64_t t : slow.step) theta += 2.0 * std::pow(std::exp(-1.0 / 200), 999.0 - t);
  CHECK(adaptive->export_state().plasticity.theta[0] == Approx(theta).epsilon(1e-4));
  adaptive->run_steps(2000);  // no drive: theta decays
  CHECK(adaptive->export_state().plasticity.theta[0] == Approx(theta * std::exp(-2000.0 / 200)).epsilon(1e-3));
}

TEST_CASE("normalisation rescales each neuron's incoming weights to the target sum", "[plasticity][homeostasis]") {
  network net = scaling_network(500.0);
  auto& c = net.projections[0].plasticity;
  c.scaling.enabled = false;
  c.normalise.enabled = true;
  c.normalise.target_sum = 12000;
  c.normalise.period_ms = 50;
  auto sim = test::cpu_simulator(net);
  sim->run_steps(50);
  const network_state s = sim->export_state();
  const synapse_table& t = s.projections[0];
  std::vector<double> sum(60, 0.0);
  for (uint64_t e = 0; e < t.size(); ++e) sum[t.target_of(e) - t.post_first] += t.weight[e];
  for (double x : sum) CHECK(x == Approx(12000).epsilon(1e-5));
}
