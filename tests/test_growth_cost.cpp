// The cost of one growth phase against network size (docs/benchmarks.md, "Growth"): hidden,
// run by hand with `build/tests/engram_tests "[.growth-cost]" -s`. Each network is a recurrent
// Izhikevich population with noise, grown for a while so that rates and candidates are settled;
// then phases are timed on their own (engram::grow on the plain state, its rows given slack
// first, as the CPU backend keeps them) and as the CPU backend runs them (grow in place, then the
// index columns the changed rows touch).
#include <algorithm>
#include <chrono>
#include <fmt/format.h>

#include "engine/growth.hpp"
#include "tests/catch.hpp"
#include "tests/helpers.hpp"

using namespace engram;

namespace {

network sized(uint32_t neurons, double probability, bool stdp, double quiet) {
  network net;
  net.seed = 17;
  net.growth_interval_ms = 500;
  net.populations.push_back(izhikevich_population("exc", neurons, izhikevich_pattern::RS));
  input noise;
  noise.type = input::kind::noise;
  noise.population = "exc";
  noise.count = static_cast<uint32_t>(neurons * (1 - quiet));  // the rest is quiet: its rows' synapses are pruning candidates
  noise.mean = 3.0;
  noise.sd = 5.0;
  net.inputs.push_back(noise);
  projection rec;
  rec.name = "rec";
  rec.pre = rec.post = "exc";
  rec.connect.type = connector::kind::fixed_probability;
  rec.connect.probability = probability;
  rec.weight = distribution::between(0.0, 0.5);
  rec.delay_ms = distribution::between(1.0, 10.0);
  rec.plasticity.stdp.enabled = stdp;  // STDP keeps a transposed index, which each phase updates
  rec.plasticity.w_max = 1.0;
  rec.growth.enabled = true;
  rec.growth.prune_min_age_ms = 500;
  rec.growth.prune_max_weight = 0.02;
  rec.growth.prune_max_rate_hz = 2.0;
  rec.growth.form_min_rate_hz = 5.0;
  rec.growth.weight_low = 0.1;
  rec.growth.weight_high = 0.5;
  net.projections.push_back(rec);
  return net;
}

double seconds_since(std::chrono::steady_clock::time_point t0) {
  return std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
}

}  // namespace

TEST_CASE("growth cost per phase against network size", "[.growth-cost]") {
  fmt::print("| synapses | neurons | STDP | quiet rows | their synapses | made | pruned | engram::grow (ms) | CPU backend phase (ms) | rewrite and reload (ms) | 1,000 steps (ms) |\n");
  fmt::print("|---:|---:|---|---:|---:|---:|---:|---:|---:|---:|---:|\n");
  struct size {
    uint32_t n;
    double p;
    bool stdp;
    double quiet;  // fraction of neurons without input
  };
  for (auto [n, p, stdp, quiet_fraction] :
       {size{1000, 0.01, false, 0.5}, {1000, 0.1, false, 0.5}, {10000, 0.01, false, 0.5}, {10000, 0.03, false, 0.5},
        {10000, 0.01, false, 0.05}, {10000, 0.03, false, 0.05}, {1000, 0.1, true, 0.5}, {10000, 0.01, true, 0.5}}) {
    const network net = sized(n, p, stdp, quiet_fraction);
    auto sim = test::cpu_simulator(net, 1);
    sim->set_recording(false);
    sim->run_steps(1999);  // phases after steps 499, 999, 1499; the next after 1999
    auto t0 = std::chrono::steady_clock::now();
    sim->run_steps(1000);  // includes the phase after step 1999
    const double steps_ms = 1000 * seconds_since(t0);
    network_state s = sim->export_state();
    const uint64_t synapses = s.synapse_count();
    uint32_t quiet = 0;
    uint64_t quiet_synapses = 0;  // what pruning looks at
    const synapse_table& t = s.projections[0];
    for (uint32_t i = 0; i < n; ++i)
      if (s.plasticity.rate_hz[i] < 2.0f) ++quiet, quiet_synapses += t.row_ptr[i + 1] - t.row_ptr[i];
    const int reps = 5;
    std::vector<growth_record> r;
    double grow_s = 0;
    for (int k = 0; k < reps; ++k) {
      network_state copy = s;
      open_row_slack(copy);
      const auto c0 = std::chrono::steady_clock::now();
      r = grow(copy, s.step - 1);
      grow_s += seconds_since(c0);
    }
    const double grow_ms = 1000 * grow_s / reps;
    // The same phase with everything rebuilt, as a phase cost before rows had slack (and as the
    // CUDA backend's host path still does): compact rows rewritten, then a backend loaded afresh.
    double rebuild_s = 0;
    for (int k = 0; k < reps; ++k) {
      network_state copy = s;
      open_row_slack(copy);
      auto b = make_backend(backend_kind::cpu, {});
      const auto c0 = std::chrono::steady_clock::now();
      grow(copy, s.step - 1);
      close_row_slack(copy);
      b->load(std::move(copy));
      rebuild_s += seconds_since(c0);
    }
    const double rebuild_ms = 1000 * rebuild_s / reps;
    // The backend's phase: the simulator runs up to the next phase boundary.
    auto sim2 = test::cpu_simulator(net, 1);
    sim2->set_recording(false);
    sim2->run_steps(2499);
    std::vector<double> phases;  // one step plus the phase, at three phases: the median
    for (int k = 0; k < 3; ++k) {
      t0 = std::chrono::steady_clock::now();
      sim2->run_steps(1);
      phases.push_back(1000 * seconds_since(t0));
      sim2->run_steps(499);
    }
    std::sort(phases.begin(), phases.end());
    const double phase_ms = phases[1];
    fmt::print("| {} | {} | {} | {} | {} | {} | {} | {:.3f} | {:.3f} | {:.1f} | {:.0f} |\n", synapses, n, stdp ? "yes" : "no", quiet,
               quiet_synapses, r[0].made, r[0].pruned, grow_ms, phase_ms, rebuild_ms, steps_ms);
  }
}
