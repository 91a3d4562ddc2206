// Oscillatory drive (docs/rhythms.md): the current follows its formula, phases are exact functions
// of the step (locked or drawn), theta-gamma coupling modulates the gamma amplitude, and the
// modulation index (Tort et al. 2010) sees it: high for theta-modulated gamma, near zero without.
#include <cmath>
#include <numbers>

#include "apps/models/registry.hpp"
#include "engine/errors.hpp"
#include "engine/layout.hpp"
#include "host/analysis/rhythms.hpp"
#include "kernels/common/oscillation.hpp"
#include "tests/catch.hpp"
#include "tests/helpers.hpp"

using namespace engram;
constexpr double pi = std::numbers::pi;

namespace {

network theta_gamma(std::vector<std::string> sets = {}, uint64_t seed = 5) {
  const auto& m = find_model("theta_gamma");
  model_params p = m.parameters();
  for (const auto& s : sets) p.set(s, m.name);
  return m.build(p, m.default_dt_ms, seed);
}

// Spikes per step of neurons [first, first + count) over `steps` steps.
std::vector<double> population_rate(simulator& sim, uint32_t first, uint32_t count, uint64_t steps) {
  const uint64_t from = sim.current_step();
  sim.run_steps(steps);
  const spike_record r = sim.drain_spikes();
  std::vector<double> x(steps, 0.0);
  for (size_t k = 0; k < r.size(); ++k)
    if (r.neuron[k] >= first && r.neuron[k] < first + count) x[r.step[k] - from] += 1;
  return x;
}

}  // namespace

TEST_CASE("an oscillation input's current is mean + A sin(phase) times its theta envelope", "[oscillation]") {
  network net = theta_gamma({"coupling=0.8", "gamma_amp=5"});
  net.dt_ms = 0.5;
  net.inputs[2].oscillation.phase_rad = 1.0;  // theta
  net.inputs[3].oscillation.preferred_rad = 2.0;
  const network_state s = initial_state(net);
  const compiled_input &theta = s.inputs[2], &gamma = s.inputs[3];
  for (uint64_t step : {uint64_t{0}, uint64_t{1}, uint64_t{7}, uint64_t{333}, uint64_t{1} << 33}) {
    const double t_s = static_cast<double>(step) * 0.5e-3;
    const double theta_phase = 1.0 + 2 * pi * 6 * t_s, gamma_phase = 2 * pi * 40 * t_s;
    CHECK(oscillation_current(theta, step) == Approx(2 * std::sin(theta_phase)).margin(1e-5));
    const double envelope = 1 - 0.8 * (1 - std::cos(theta_phase - 2.0)) / 2;
    CHECK(oscillation_envelope(gamma, step) == Approx(envelope).margin(1e-9));
    CHECK(oscillation_current(gamma, step) == Approx(5 * std::sin(gamma_phase) * envelope).margin(1e-5));
  }
  // At the preferred theta phase the gamma amplitude is whole; opposite it, 1 - depth of it.
  compiled_input g = gamma;
  g.envelope_origin = g.envelope_preferred;
  CHECK(oscillation_envelope(g, 0) == 1.0);
  g.envelope_origin = g.envelope_preferred + (uint64_t{1} << 63);
  CHECK(oscillation_envelope(g, 0) == Approx(0.2).margin(1e-12));
}

TEST_CASE("locked phases start where they are told, free phases are drawn from the seed", "[oscillation]") {
  const auto origin = [](uint64_t seed, bool free) {
    return initial_state(theta_gamma({free ? "free=1" : "free=0"}, seed)).inputs[2].phase_origin;
  };
  CHECK(origin(1, false) == 0);
  CHECK(origin(2, false) == 0);
  CHECK(origin(1, true) != origin(2, true));
  CHECK(origin(1, true) == origin(1, true));
  // The gamma envelope follows the theta input's own (drawn) phase: the coupling survives.
  const network_state s = initial_state(theta_gamma({"free=1"}, 9));
  CHECK(s.inputs[3].envelope_origin == s.inputs[2].phase_origin);
  CHECK(s.inputs[3].envelope_step == s.inputs[2].phase_step);
}

TEST_CASE("bad oscillation parameters are refused with the reason", "[oscillation][errors]") {
  const auto error_of = [](const network& net) -> std::string {
    try {
      net.validate();
    } catch (const error& e) {
      return e.what();
    }
    return "no error";
  };
  network net = theta_gamma();
  net.inputs[3].oscillation.frequency_hz = 600;
  CHECK_THAT(error_of(net), Catch::Matchers::Contains("Nyquist"));
  net = theta_gamma();
  net.inputs[3].oscillation.envelope_depth = 1.5;
  CHECK_THAT(error_of(net), Catch::Matchers::Contains("envelope depth"));
  net = theta_gamma();
  net.inputs[3].oscillation.envelope_input = 0;  // a noise input
  CHECK_THAT(error_of(net), Catch::Matchers::Contains("not another oscillation input"));
  CHECK_THROWS_AS(band_frequency_hz("kappa"), invalid_parameter);
  CHECK(band_frequency_hz("theta") == 6);
  CHECK_THROWS_AS(parse_band("8-4"), invalid_parameter);
  CHECK(parse_band("30-80").high_hz == 80);
}

TEST_CASE("the modulation index is high for theta-modulated gamma and near zero for independent phases", "[oscillation][pac]") {
  const double dt = 1.0;
  const size_t n = 20000;
  std::vector<double> coupled(n), independent(n);
  for (size_t t = 0; t < n; ++t) {
    const double s = t * dt / 1000;
    const double theta = std::sin(2 * pi * 6 * s);
    coupled[t] = theta + (1 + std::cos(2 * pi * 6 * s - pi / 2)) / 2 * std::sin(2 * pi * 40 * s);
    // Gamma modulated by a 2.3 Hz rhythm: nothing to do with the theta phase.
    independent[t] = theta + (1 + std::cos(2 * pi * 2.3 * s)) / 2 * std::sin(2 * pi * 40 * s);
  }
  const frequency_band theta = parse_band("theta"), gamma = parse_band("gamma");
  const phase_amplitude high = phase_amplitude_coupling(coupled, dt, theta, gamma);
  const phase_amplitude none = phase_amplitude_coupling(independent, dt, theta, gamma);
  CHECK(high.modulation_index > 0.05);
  CHECK(none.modulation_index < 0.003);
  // Gamma peaks where theta (a sine) does: at its Hilbert phase 0, the middle bins.
  const auto peak = std::max_element(high.mean_amplitude.begin(), high.mean_amplitude.end()) - high.mean_amplitude.begin();
  CHECK(std::abs(peak - 8.5) <= 1.5);
}

TEST_CASE("a network driven by coupled theta and gamma shows it in its spikes, uncoupled, it does not", "[oscillation][pac]") {
  const auto mi = [](const std::vector<std::string>& sets) {
    const network net = theta_gamma(sets);
    auto sim = test::cpu_simulator(net, 1);
    const std::vector<double> x = population_rate(*sim, 0, 400, 4000);
    return phase_amplitude_coupling(x, 1.0, parse_band("theta"), parse_band("gamma")).modulation_index;
  };
  const double coupled = mi({"coupling=1"}), uncoupled = mi({"coupling=0"});
  INFO("coupled " << coupled << ", uncoupled " << uncoupled);
  CHECK(coupled > 0.01);
  // Uncoupled, the theta drive still gates when neurons can follow the gamma drive (rectification):
  // a small index remains (docs/rhythms.md).
  CHECK(coupled > 3 * uncoupled);
}

TEST_CASE("band peaks find a rhythm in its band", "[oscillation]") {
  std::vector<double> x(5000);
  for (size_t t = 0; t < x.size(); ++t) x[t] = 2 + std::sin(2 * pi * 10 * t / 1000.0) + 0.5 * std::sin(2 * pi * 42 * t / 1000.0);
  const auto peaks = band_peaks(x, 1.0);
  REQUIRE(peaks.size() == 5);
  CHECK(peaks[2].band == "alpha");
  CHECK(peaks[2].peak_hz == 10);
  CHECK(peaks[2].power_share > 0.7);
  CHECK(peaks[4].peak_hz == 42);
}

TEST_CASE("engram run reports band peaks and the modulation index, --oscillation adds a drive", "[oscillation][cli]") {
  const std::string bin = ENGRAM_BINARY;
  const auto r = test::run_command(bin + " run theta_gamma --duration 3s --backend cpu --threads 1 --quiet --pac theta:gamma --pac-population exc");
  INFO(r.output);
  REQUIRE(r.exit_code == 0);
  CHECK(r.output.find("gamma 40 Hz") != std::string::npos);
  CHECK(r.output.find("theta phase x gamma amplitude of exc: modulation index") != std::string::npos);
  const auto added = test::run_command(bin + " run izhikevich2003 --set n=200 --duration 200ms --quiet --oscillation exc:theta:2:90 "
                                             "--morphology exc=pyramidal --dendrites exc_exc=proximal,apical");
  INFO(added.output);
  CHECK(added.exit_code == 0);
  for (const char* bad : {"--oscillation exc:kappa:2", "--oscillation nope:theta:2", "--pac theta", "--dendrites exc_exc=axon",
                          "--dendrites exc_inh=apical --morphology inh=interneuron"}) {
    const auto e = test::run_command(bin + " run izhikevich2003 --set n=200 --duration 10ms --quiet " + bad);
    INFO(bad << ": " << e.output);
    CHECK(e.exit_code == 2);
  }
}
