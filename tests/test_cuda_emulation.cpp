// The CUDA backend's kernels emulated on the host (tests/cuda_emulation.hpp) give the CPU
// backend's spikes and state bit for bit: static models with every input kind and neuron model,
// plastic networks with every rule, phase-by-phase calls with rewards, freezes and exports in
// between, and states moving between the backends. These run in every build; where nvcc is
// present, ctest's gpu.emulated also runs the whole device suite (tests/gpu) on the emulation.
#include "tests/catch.hpp"
#include "tests/connectivity_cases.hpp"
#include "tests/cuda_emulation.hpp"
#include "tests/gpu/gpu_compare.hpp"
#include "tests/test_plasticity_networks.hpp"

using namespace engram;
using namespace engram::gpu_test;

namespace {

std::unique_ptr<backend> cpu_backend_one_thread() {
  backend_options o;
  o.threads = 1;
  return make_backend(backend_kind::cpu, o);
}

// The emulation lists each step's spikes out of neuron order, as the device does (its neuron step
// appends them in the order threads reach the counter); every consumer must be order-free, or
// restore the order (the record and the spike history are sorted when the host takes them). So
// the lists must really have come out unordered, and everything still match the CPU.
// Returns the eligibility periods the emulation left to the clocks (the CPU sweeps every one).
uint64_t check_identical(const network& net, uint64_t steps, bool reverse_threads = false, uint64_t warp_threads = 96) {
  const outcome cpu = simulate_rewarded(net, cpu_backend_one_thread(), steps);
  auto emulation = std::make_unique<test::emulated_cuda_backend>(reverse_threads, warp_threads);
  const test::emulated_cuda_backend& seen = *emulation;
  simulator sim(net, std::move(emulation));
  test::run_with_rewards(sim, steps);
  const outcome emulated = outcome_of(sim);
  INFO("first divergence: " << difference(cpu, emulated));
  REQUIRE(cpu.spikes.size() > 0);
  CHECK(seen.unordered_lists() > 0);
  CHECK(difference(cpu, emulated).empty());
  return seen.lazy_periods();
}

// rstdp_pavlovian without tonic dopamine: the level sits at the reference (0) between the
// contingent rewards, so the grid backend leaves most application periods to the clocks.
network pavlovian_at_reference() { return plastic_model("rstdp_pavlovian", 5, {"n=400", "tonic=0"}); }

}  // namespace

TEST_CASE("emulated CUDA: every synapse builder gives the CPU's tables", "[cuda-emulation][connectivity]") {
  const test::backend_factory emulated = [] { return std::make_unique<test::emulated_cuda_backend>(); };
  test::check_every_builder(emulated);
  test::check_explicit_lists(emulated);  // the large builds run in gpu.emulated (tests/gpu)
  test::check_truncated_distributions(emulated);
  // Threads in reverse: a multapse's value thread then finds its neighbours' words already packed.
  test::check_truncated_distributions([] { return std::make_unique<test::emulated_cuda_backend>(true); }, true);
}

TEST_CASE("emulated CUDA: static models match the CPU bit for bit", "[cuda-emulation]") {
  check_identical(model("izhikevich2003", 3), 500);                    // noise input, Izhikevich (published scheme)
  check_identical(model("izhikevich2003", 3, {"scheme=0"}), 500);      // Izhikevich, substep scheme
  check_identical(model("izhikevich2003", 5, {"n=400", "substeps=3"}), 500);  // published, 3 v steps
  check_identical(model("polychronization", 3), 1000);                 // random pulses, per-synapse delays
  check_identical(model("stdp_pairing", 3), 300);                      // spike sources (schedule)
  check_identical(model("brunel2000_sr", 3, {"n_exc=400"}), 600);    // LIF with delta synapses, Poisson input
  check_identical(model("brunel2000", 3, {"n_exc=400"}), 600);
  check_identical(model("theta_gamma", 3, {"free=1"}), 500);      // oscillation inputs, theta-gamma coupled
}

TEST_CASE("emulated CUDA: delivery spread over many warps per spike matches the CPU", "[cuda-emulation]") {
  // 2,048 threads share out among a step's few spikes: groups of up to 64 warps per spike.
  check_identical(model("izhikevich2003", 4, {"n=300"}), 300, false, 2048);
  check_identical(model("polychronization", 4), 400, true, 2048);  // per-synapse delays, threads backwards
  check_identical(test::every_rule_network(), 600, false, 2048);    // STP and modulated transmitters
}

TEST_CASE("emulated CUDA: every plasticity rule matches the CPU, whatever the thread order", "[cuda-emulation][plasticity]") {
  check_identical(test::every_rule_network(), 2500);        // LIF, Poisson sources, STP, all rules
  check_identical(test::every_rule_network(), 600, true);   // threads run backwards
}

TEST_CASE("emulated CUDA: overlapping contingent rewards are released in order", "[cuda-emulation][plasticity]") {
  // Poisson pre and post neurons and delays of 10-400 ms: many releases pending at once, queued
  // out of order, so the device's sorted insertion must match the CPU's sort.
  network net = test::every_rule_network();
  reward_contingency& r = net.contingencies.at(0);
  r.pre_population = r.post_population = "in";
  r.pre_neuron = 3;
  r.post_neuron = 4;
  r.delay_min_ms = 10;
  r.delay_max_ms = 400;
  check_identical(net, 2000);
}

TEST_CASE("emulated CUDA: STDP variants and the learning models match the CPU", "[cuda-emulation][plasticity]") {
  for (auto pairs : {stdp_rule::pairing::all_to_all, stdp_rule::pairing::nearest})
    for (auto bound : {stdp_rule::bounds::additive, stdp_rule::bounds::multiplicative}) {
      plasticity_config c = test::additive_stdp(0.02, 0.021, 16.0, 33.0);
      c.stdp.pairs = pairs;
      c.stdp.bound = bound;
      std::vector<test::pairing> pairings;
      for (uint16_t d : {1, 4, 9, 17}) pairings.push_back({{20.0, 60.0, 95.0}, {25.0, 52.0, 101.0}, d});
      INFO("nearest " << (pairs == stdp_rule::pairing::nearest) << ", multiplicative " << (bound == stdp_rule::bounds::multiplicative));
      check_identical(test::pairing_network(pairings, c, 0.5f, 3), 400);
    }
  check_identical(plastic_model("polychronization", 5), 1500);
  check_identical(plastic_model("rstdp_pavlovian", 5, {"n=400"}), 1500);
}

TEST_CASE("emulated CUDA: R-STDP periods at the dopamine reference touch no synapse and match the CPU's sweeps", "[cuda-emulation][plasticity]") {
  // The device keeps eligibilities lazily (kernels/common/plasticity_eligibility.hpp), the CPU
  // sweeps every period: over 600 periods, most of them skipped and the rest catching up, the
  // weights, the (exported, brought up to date) eligibilities and the spikes are the same bits.
  CHECK(check_identical(pavlovian_at_reference(), 6000) > 300);
}

TEST_CASE("emulated CUDA: one rule alone (the other arrays empty) matches the CPU", "[cuda-emulation][plasticity]") {
  // every_rule_network with all plasticity removed, then one rule put back at a time.
  const network all = test::every_rule_network();
  network bare = all;
  for (auto& p : bare.projections) p.plasticity = {};
  for (auto& pop : bare.populations) pop.homeostasis = {};
  bare.contingencies.clear();
  bare.dopamine.clear();
  auto with = [&](auto&& change) {
    network n = bare;
    change(n);
    return n;
  };
  SECTION("adaptive thresholds only") {
    check_identical(with([&](network& n) { n.populations = all.populations; }), 800);
  }
  SECTION("STP with a modulated transmitter only") {
    check_identical(with([&](network& n) {
      n.projections[2].plasticity.stp = all.projections[2].plasticity.stp;
    }), 800);
  }
  SECTION("scaling only") {
    check_identical(with([&](network& n) {
      n.projections[1].plasticity.scaling = all.projections[1].plasticity.scaling;
      n.projections[1].plasticity.w_max = all.projections[1].plasticity.w_max;
    }), 800);
  }
  SECTION("a dopamine channel and a contingency, no plastic synapse") {
    check_identical(with([&](network& n) {
      n.dopamine = all.dopamine;
      n.contingencies = all.contingencies;
    }), 800);
  }
}

TEST_CASE("emulated CUDA: phase by phase with rewards, freezes and exports in between", "[cuda-emulation][plasticity]") {
  const network net = test::every_rule_network();
  auto drive = [&](backend* b) {
    b->build(net, initial_state(net));
    std::vector<network_state> states;
    std::vector<uint32_t> counts;
    spike_record spikes;
    for (uint64_t s = 0; s < 1200; ++s) {
      if (s % 97 == 13) b->add_dopamine(1, 0.4f);
      if (s == 400) b->set_frozen(1, true);
      if (s == 800) b->set_frozen(1, false);
      b->apply_inputs(s);
      if (s % 300 == 7) states.push_back(b->export_state());  // between inputs and integrate
      b->integrate(s);
      counts.push_back(b->spike_count_last_step());
      b->deliver(s);
      if (s % 300 == 9) states.push_back(b->export_state());  // between deliver and plasticity
      b->plasticity(s);
      if (s % 4 != 0) b->record(s);
    }
    spikes = b->drain_recorded();
    states.push_back(b->export_state());
    return std::tuple{states, counts, spikes, b->synaptic_events()};
  };
  const auto [cpu_states, cpu_counts, cpu_spikes, cpu_events] = drive(cpu_backend_one_thread().get());
  test::emulated_cuda_backend emulation;
  const auto [emu_states, emu_counts, emu_spikes, emu_events] = drive(&emulation);
  CHECK(emulation.unordered_lists() > 0);  // the device's spike lists: not in neuron order
  CHECK(cpu_counts == emu_counts);
  CHECK(raster_difference(cpu_spikes, emu_spikes).empty());
  CHECK(cpu_events == emu_events);
  const std::string d = states_difference(cpu_states, emu_states);
  INFO("first divergence: " << d);
  CHECK(d.empty());
}

TEST_CASE("emulated CUDA: a plastic state moves between the backends exactly", "[cuda-emulation][plasticity]") {
  // Eligibilities leave the device brought up to date and arrive current: lazily kept
  // eligibilities (pavlovian_at_reference, moved mid-way between catch-ups) resume exactly too.
  const network net = GENERATE(test::every_rule_network(), pavlovian_at_reference());
  const uint64_t half = 700;
  simulator straight(net, cpu_backend_one_thread());
  test::run_with_rewards(straight, 2 * half);
  const network_state expected = straight.export_state();
  for (bool cpu_first : {true, false}) {
    auto first = cpu_first ? cpu_backend_one_thread() : std::unique_ptr<backend>(new test::emulated_cuda_backend());
    auto second = cpu_first ? std::unique_ptr<backend>(new test::emulated_cuda_backend()) : cpu_backend_one_thread();
    simulator a(net, std::move(first));
    test::run_with_rewards(a, half);
    simulator b(a.export_state(), std::move(second));
    test::run_with_rewards(b, half);
    const std::string d = state_difference(expected, b.export_state());
    INFO((cpu_first ? "cpu then emulated" : "emulated then cpu") << ": " << d);
    CHECK(d.empty());
  }
}

TEST_CASE("emulated CUDA: the cost model's counts (kernels per step, host waits per chunk)", "[cuda-emulation][cost]") {
  // docs/gpu-cost-model.md quotes these numbers; a change in the launch sequence shows up here.
  struct counted {
    uint64_t launches, waits;
  };
  auto count = [](const network& net, uint64_t steps, bool chunked, bool record) {
    auto b = std::make_unique<test::emulated_cuda_backend>();
    const test::emulated_cuda_backend* raw = b.get();
    simulator sim(net, std::move(b));
    sim.set_recording(record);
    sim.run_steps(1);  // warm-up: the first step may set the step index
    const uint64_t launches = raw->launches(), waits = raw->host_waits();
    if (chunked) {
      sim.run_steps(steps);
    } else {
      for (uint64_t k = 0; k < steps; ++k) sim.step();
    }
    return counted{raw->launches() - launches, raw->host_waits() - waits};
  };
  const network izh = model("izhikevich2003", 3);
  const network poly = plastic_model("polychronization", 3);  // STDP on, random thalamic pulses
  const counted izh_steps = count(izh, 100, false, false), izh_chunk = count(izh, 100, true, false);
  const counted poly_steps = count(poly, 100, false, false), poly_chunk = count(poly, 100, true, false);
  const counted poly_recorded = count(poly, 100, true, true);
  INFO("izhikevich2003 kernels/step " << izh_chunk.launches / 100.0 << ", polychronization "
                                      << poly_chunk.launches / 100.0 << ", recording " << poly_recorded.launches / 100.0);
  CHECK(izh_steps.launches == izh_chunk.launches);    // the same kernels either way
  CHECK(poly_steps.launches == poly_chunk.launches);
  CHECK(izh_chunk.launches == 100 * 3);                // neuron_step (which lists the spikes), deliver, end_of_step
  // + pulse_hits, then potentiate and depress for each of the two plastic projections (exc->exc,
  // exc->inh), and the phase's tail (both projections' traces and the spike history in one
  // launch): 9 (the 1 s derivative period is not due here).
  CHECK(poly_chunk.launches == 100 * 9);
  CHECK(poly_recorded.launches == 100 * 10);           // + record
  CHECK(izh_steps.waits == 100);                       // step(): one wait per step for its count
  CHECK(izh_chunk.waits == 1);                         // run_steps: one per chunk
  CHECK(poly_chunk.waits == 1);
  CHECK(poly_recorded.waits == 1);
}
