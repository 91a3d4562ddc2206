// The CUDA backend's plasticity phase, emulated on the host: the flat arrays
// (kernels/cuda/plasticity_arrays.hpp), the plan and launch sequence (plasticity_plan.hpp) and
// the thread bodies (plasticity_bodies.hpp) the device runs, each launch run thread by thread
// (forwards, and backwards to show the order of threads does not matter). On the spikes of a
// real run it must match the CPU backend's plasticity phase bit for bit. What this cannot check
// (CUDA launches, warps in lockstep, delivery's STP, graphs) the device tests in tests/gpu do.
#include <algorithm>

#include "kernels/cpu/cpu_plasticity.hpp"
#include "kernels/cuda/plasticity_bodies.hpp"
#include "kernels/cuda/plasticity_plan.hpp"
#include "tests/catch.hpp"
#include "tests/gpu/gpu_compare.hpp"
#include "tests/helpers.hpp"
#include "tests/test_plasticity_networks.hpp"

using namespace engram;
using namespace engram::cuda;

namespace {

// run_plasticity_phase's runner on the host: every thread of a launch, one after another.
struct host_launches {
  uint64_t warp_threads = 96;    // three warps: the warp loops stride
  uint64_t dense_threads = 200;  // not a multiple of anything in particular
  bool reverse = false;

  template <class Body>
  void each(uint64_t threads, Body&& body) const {
    for (uint64_t k = 0; k < threads; ++k) body(thread_position{reverse ? threads - 1 - k : k, threads});
  }
  void contingencies(const plasticity_view& v) { contingencies_thread(v); }
  void potentiate(const plasticity_view& v, const plastic_entry_view& p) {
    each(warp_threads, [&](thread_position t) { potentiate_thread(v, p, t); });
  }
  void depress(const plasticity_view& v, const plastic_entry_view& p) {
    each(warp_threads, [&](thread_position t) { depress_thread(v, p, t); });
  }
  void traces(const plasticity_view& v, const plastic_entry_view& p) {
    each(dense_threads, [&](thread_position t) { traces_thread(v, p, t); });
  }
  void derivative(const plastic_entry_view& p) {
    each(dense_threads, [&](thread_position t) { derivative_thread(p, t); });
  }
  void eligibility(const plasticity_view& v, const plastic_entry_view& p) {
    each(dense_threads, [&](thread_position t) { eligibility_thread(v, p, t); });
  }
  void scaling(const plasticity_view& v, const plastic_entry_view& p) {
    each(dense_threads, [&](thread_position t) { scaling_thread(v, p, t); });
  }
  void normalise(const plastic_entry_view& p) {
    each(dense_threads, [&](thread_position t) { normalise_thread(p, t); });
  }
  void homeostasis(const plasticity_view& v, const homeostasis_view& h) {
    each(dense_threads, [&](thread_position t) { homeostasis_thread(v, h, t); });
  }
  void stp_recover(const plastic_entry_view& p) {
    each(dense_threads, [&](thread_position t) { stp_recover_thread(p, t); });
  }
  void dopamine_decay(const plasticity_view& v) {
    each(32, [&](thread_position t) { dopamine_decay_thread(v, t); });
  }
  void history(const plasticity_view& v) {
    each(dense_threads, [&](thread_position t) { history_thread(v, t); });
  }
};

// The CPU backend's plasticity phase and its emulated CUDA counterpart, each on its own copy of
// one state, fed the same spikes, rewards and freezes.
class lockstep {
 public:
  lockstep(const network_state& start, bool reverse)
      : reference_(start), emulated_(start), constants_(constants_of(start.plasticity)) {
    cpu_.load(reference_, 1, 1);
    arrays_ = flatten_plasticity(emulated_);
    const uint32_t n = start.neuron_count();
    fired_.assign(n, 0);
    spikes_.assign(n, 0);
    std::vector<table_pointers> tables;
    for (auto& t : emulated_.projections)
      tables.push_back({t.row_ptr.data(), t.target.data(), t.weight.data(), t.delay.empty() ? nullptr : t.delay.data()});
    plan_ = make_plan(emulated_, pointers_of(arrays_), tables, {&counters_, fired_.data(), spikes_.data()});
    run_.reverse = reverse;
  }

  // The plasticity phase of `step` on both sides; `spikes` ascending.
  void step(uint64_t step, const std::vector<uint32_t>& spikes) {
    std::fill(fired_.begin(), fired_.end(), uint8_t{0});
    for (uint32_t i : spikes) fired_[i] = 1;
    std::copy(spikes.begin(), spikes.end(), spikes_.begin());
    counters_.step = step;
    counters_.spike_count = static_cast<uint32_t>(spikes.size());
    cpu_.run(reference_, step, fired_, spikes);
    run_plasticity_phase(plan_, due_flags(plan_, step), run_);
  }

  void reward(uint32_t channel, float amount) {
    auto& level = reference_.plasticity.dopamine[channel].level;
    level = level + amount;
    add_dopamine_thread(plan_.view.dopamine_level, channel, amount);
  }

  void set_frozen(uint32_t entry, bool frozen) {
    reference_.plasticity.projections[entry].frozen = frozen;
    constants_.projections[entry].frozen = frozen;
    plan_.entries[entry].frozen = frozen;
  }

  // The first difference between the two states, "" when they agree bit for bit.
  std::string difference() const {
    const plasticity_state emulated =
        unflatten_plasticity(constants_, arrays_, emulated_.neuron_count(), emulated_.ring_slots);
    if (auto d = gpu_test::plasticity_difference(reference_.plasticity, emulated); !d.empty()) return d;
    for (size_t p = 0; p < reference_.projections.size(); ++p)
      if (auto d = gpu_test::table_difference(reference_.projections[p], emulated_.projections[p]); !d.empty()) return d;
    return "";
  }

  const network_state& reference() const { return reference_; }

 private:
  network_state reference_, emulated_;
  cpu::plasticity_phase cpu_;
  plasticity_state constants_;
  plasticity_arrays<host_array> arrays_;
  plasticity_plan plan_;
  step_counters counters_{};
  std::vector<uint8_t> fired_;
  std::vector<uint32_t> spikes_;
  host_launches run_;
};

// Runs `net` on the CPU for `warmup` steps, then drives a lockstep pair with its spikes for
// `steps` more, with the shared reward schedule and a freeze and unfreeze of entry 0 half-way.
// Returns the first difference and how many weights changed over the lockstep part.
std::pair<std::string, uint64_t> compare(const network& net, uint64_t warmup, uint64_t steps, bool reverse) {
  backend_options one_thread;
  one_thread.threads = 1;
  simulator driver(net, make_backend(backend_kind::cpu, one_thread));
  driver.set_recording(true);
  test::run_with_rewards(driver, warmup);
  driver.drain_spikes();
  const network_state start = driver.export_state();
  lockstep pair(start, reverse);
  const auto& channels = driver.dopamine_channels();
  const auto striatum = std::find(channels.begin(), channels.end(), "striatum");
  for (uint64_t k = 0; k < steps; ++k) {
    const uint64_t t = driver.current_step();
    driver.step();
    const spike_record r = driver.drain_spikes();
    pair.step(t, r.neuron);
    if (striatum != channels.end() && t % 89 == 3) pair.reward(static_cast<uint32_t>(striatum - channels.begin()), 0.35f);
    if (!channels.empty() && t % 61 == 30) pair.reward(0, -0.15f);
    if (k == steps / 3) pair.set_frozen(0, true);
    if (k == 2 * steps / 3) pair.set_frozen(0, false);
  }
  uint64_t changed = 0;
  for (size_t p = 0; p < start.projections.size(); ++p) {
    const auto& before = start.projections[p].weight;
    const auto& after = pair.reference().projections[p].weight;
    for (size_t e = 0; e < before.size(); ++e) changed += before[e] != after[e];
  }
  return {pair.difference(), changed};
}

void check(const network& net, uint64_t warmup, uint64_t steps) {
  for (bool reverse : {false, true}) {
    const auto [difference, changed] = compare(net, warmup, steps, reverse);
    INFO("threads " << (reverse ? "backwards" : "forwards") << "; first difference: " << difference);
    CHECK(changed > 0);
    CHECK(difference.empty());
  }
}

}  // namespace

TEST_CASE("emulated CUDA plasticity: every rule at once matches the CPU bit for bit", "[plasticity][cuda-emulation]") {
  check(test::every_rule_network(), 300, 1500);
}

TEST_CASE("emulated CUDA plasticity: overlapping contingent rewards are released in order", "[plasticity][cuda-emulation]") {
  // Poisson pre and post neurons and delays of 10-400 ms: many releases pending at once, queued
  // out of order, so the device's sorted insertion must match the CPU's sort.
  network net = test::every_rule_network();
  reward_contingency& r = net.contingencies.at(0);
  r.pre_population = r.post_population = "in";
  r.pre_neuron = 3;
  r.post_neuron = 4;
  r.delay_min_ms = 10;
  r.delay_max_ms = 400;
  check(net, 100, 1500);
}

TEST_CASE("emulated CUDA plasticity: STDP variants with mixed delays match the CPU", "[plasticity][cuda-emulation]") {
  for (auto pairs : {stdp_rule::pairing::all_to_all, stdp_rule::pairing::nearest})
    for (auto bound : {stdp_rule::bounds::additive, stdp_rule::bounds::multiplicative}) {
      plasticity_config c = test::additive_stdp(0.02, 0.021, 16.0, 33.0);
      c.stdp.pairs = pairs;
      c.stdp.bound = bound;
      std::vector<test::pairing> pairings;
      for (uint16_t d : {1, 4, 9, 17}) pairings.push_back({{20.0, 60.0, 95.0}, {25.0, 52.0, 101.0}, d});
      INFO("nearest " << (pairs == stdp_rule::pairing::nearest) << ", multiplicative " << (bound == stdp_rule::bounds::multiplicative));
      check(test::pairing_network(pairings, c, 0.5f, 3), 0, 400);
    }
}

TEST_CASE("emulated CUDA plasticity: the learning models match the CPU", "[plasticity][cuda-emulation]") {
  check(gpu_test::plastic_model("polychronization", 5, {"n=400"}), 200, 1200);  // uniform rows, per-synapse delays
  check(gpu_test::plastic_model("rstdp_pavlovian", 5, {"n=400"}), 200, 1200);   // contingency, eligibility
}
