// Short-term plasticity (Tsodyks-Markram) and transmitter modulation: what a spike delivers.
#include <cmath>

#include "kernels/common/fixed_point.hpp"
#include "tests/catch.hpp"
#include "tests/test_plasticity_networks.hpp"

using namespace engram;

namespace {

// A regular train of `spikes` spikes every `interval_ms` into one weak synapse (delay 2 steps);
// returns what each spike delivered, read from the ring buffer.
std::vector<double> delivered(const stp_rule& stp, double interval_ms, int spikes, transmitter t = transmitter::glutamate) {
  std::vector<std::pair<uint32_t, double>> train;
  for (int k = 0; k < spikes; ++k) train.emplace_back(0, 10.0 + k * interval_ms);
  network net;
  net.populations.push_back(spike_source_population("src", 1, train));
  net.populations.push_back(izhikevich_population("dst", 1, izhikevich_pattern::RS));
  projection pr;
  pr.name = "p";
  pr.pre = "src";
  pr.post = "dst";
  pr.connect.type = connector::kind::one_to_one;
  pr.weight = distribution::fixed(1.0);
  pr.delay_ms = distribution::fixed(2.0);
  pr.sign = t;
  pr.plasticity.stp = stp;
  net.projections.push_back(pr);
  auto sim = test::cpu_simulator(net);
  std::vector<double> out;
  for (const auto& [neuron, ms] : train) {
    const uint64_t step = static_cast<uint64_t>(ms);
    sim->run_steps(step + 1 - sim->current_step());  // through the spike's step
    const network_state s = sim->export_state();
    out.push_back(from_fixed(s.ring[((step + 2) % s.ring_slots) * s.neuron_count() + 1]));
  }
  return out;
}

}  // namespace

TEST_CASE("STP depression: a regular train settles at the analytic steady state", "[plasticity][stp]") {
  stp_rule stp;
  stp.enabled = true;
  stp.U = 0.5;
  stp.tau_rec_ms = 200;
  const double interval = 20, e = std::exp(-interval / stp.tau_rec_ms);
  const auto d = delivered(stp, interval, 40);
  CHECK(d.front() == Approx(0.5).epsilon(1e-6));  // the first spike finds x = 1: w U
  const double x_ss = (1 - e) / (1 - (1 - stp.U) * e);
  CHECK(d.back() == Approx(stp.U * x_ss).epsilon(1e-4));
  CHECK(d.back() / d.front() == Approx(x_ss).epsilon(1e-4));  // steady-state depression ratio
}

TEST_CASE("STP facilitation and depression: steady state of u and x", "[plasticity][stp]") {
  stp_rule stp;
  stp.enabled = true;
  stp.U = 0.1;
  stp.tau_rec_ms = 100;
  stp.tau_fac_ms = 500;
  const double interval = 20, ed = std::exp(-interval / stp.tau_rec_ms), ef = std::exp(-interval / stp.tau_fac_ms);
  const auto d = delivered(stp, interval, 120);
  const double u_ss = stp.U / (1 - (1 - stp.U) * ef);
  const double x_ss = (1 - ed) / (1 - (1 - u_ss) * ed);
  CHECK(d.front() == Approx(0.1).epsilon(1e-6));
  CHECK(d[1] > d[0]);  // facilitation first
  CHECK(d.back() == Approx(u_ss * x_ss).epsilon(1e-4));
}

TEST_CASE("transmitters: the sign scales the weight, the modulation the delivered current", "[plasticity][stp]") {
  stp_rule off;
  CHECK(delivered(off, 20, 2, transmitter::glutamate).back() == Approx(1.0));
  CHECK(delivered(off, 20, 2, transmitter::gaba).back() == Approx(-1.0));
  CHECK(delivered(off, 20, 2, transmitter::serotonin).back() == Approx(0.3 * 0.8).epsilon(1e-6));
  CHECK(delivered(off, 20, 2, transmitter::acetylcholine).back() == Approx(0.5 * 1.2).epsilon(1e-6));
  CHECK(delivered(off, 20, 2, transmitter::dopamine).back() == Approx(1.5).epsilon(1e-6));
}
