// Bad plasticity parameters give a clear invalid_network message; a backend without plasticity
// refuses plastic networks; snapshots with and without /plasticity load.
#include <hdf5.h>

#include "engine/errors.hpp"
#include "engine/layout.hpp"
#include "host/io/hdf5_handle.hpp"
#include "host/io/snapshot.hpp"
#include "tests/catch.hpp"
#include "tests/test_plasticity_networks.hpp"

using namespace engram;

namespace {

std::string error_of(const network& net) {
  try {
    initial_state(net);
  } catch (const invalid_network& e) {
    return e.what();
  }
  return "no error";
}

network with_rule(void (*edit)(network&)) {
  network net = test::pairing_network({{{10.0}, {12.0}, 2}}, test::additive_stdp(0.01, 0.01, 20, 20), 0.5f);
  edit(net);
  return net;
}

// A backend that only knows static networks, like a new backend before it implements plasticity.
class static_only : public backend {
 public:
  std::string name() const override { return "static-only"; }
  std::string device() const override { return "none"; }
  void build(const network&, network_state s) override { state_ = std::move(s); }
  void load(network_state s) override { state_ = std::move(s); }
  network_state export_state() const override { return state_; }
  void apply_inputs(uint64_t) override {}
  void integrate(uint64_t) override {}
  void deliver(uint64_t) override {}
  void record(uint64_t) override {}
  uint32_t spike_count_last_step() const override { return 0; }
  spike_record drain_recorded() override { return {}; }
  uint64_t synaptic_events() const override { return 0; }

 private:
  network_state state_;
};

}  // namespace

TEST_CASE("bad plasticity parameters name the projection and the parameter", "[plasticity][errors]") {
  CHECK(error_of(with_rule([](network& n) { n.projections[0].plasticity.stdp.tau_plus_ms = 0; }))
            .find("projection 'plastic' plasticity stdp tau_plus_ms must be > 0") != std::string::npos);
  CHECK(error_of(with_rule([](network& n) { n.projections[0].plasticity.w_max = std::nan(""); }))
            .find("needs the bound w_max") != std::string::npos);
  CHECK(error_of(with_rule([](network& n) { n.projections[0].plasticity.w_max = 0.1; }))
            .find("initial weight magnitudes [0.5, 0.5] lie outside the plasticity bounds") != std::string::npos);
  CHECK(error_of(with_rule([](network& n) { n.projections[0].plasticity.stdp.a_minus = -1; }))
            .find("a_minus must be >= 0") != std::string::npos);
  CHECK(error_of(with_rule([](network& n) {
          n.projections[0].plasticity.stdp.applies_to = stdp_rule::target::eligibility;
          n.projections[0].plasticity.rstdp.dopamine = "vta";
        })).find("unknown dopamine channel 'vta'") != std::string::npos);
  CHECK(error_of(with_rule([](network& n) {
          n.projections[1].plasticity.stp.enabled = true;
          n.projections[1].plasticity.stp.U = 1.5;
        })).find("projection 'teach' plasticity stp U must be in (0, 1]") != std::string::npos);
  CHECK(error_of(with_rule([](network& n) {
          n.projections[0].plasticity.scaling.enabled = true;
          n.projections[0].plasticity.scaling.period_ms = 0.2;
        })).find("scaling period_ms (0.2 ms) is shorter than one step") != std::string::npos);
  CHECK(error_of(with_rule([](network& n) { n.projections[0].plasticity.bcm.enabled = true, n.projections[0].plasticity.stdp.enabled = false; }))
            .find("bcm modulates STDP") != std::string::npos);
  CHECK(error_of(with_rule([](network& n) { n.populations[0].homeostasis.adaptive_threshold = true; }))
            .find("population 'pre' homeostasis: an adaptive threshold needs Izhikevich or LIF neurons") != std::string::npos);
  CHECK(error_of(with_rule([](network& n) { n.dopamine = {{"a", 0, 100}, {"a", 0, 100}}; }))
            .find("dopamine channel 'a' is declared twice") != std::string::npos);
  CHECK(error_of(with_rule([](network& n) {
          reward_contingency r;
          r.pre_population = "pre";
          r.post_population = "post";
          r.post_neuron = 9;
          n.contingencies.push_back(r);
        })).find("reward contingency 0: neuron 9 outside population 'post'") != std::string::npos);
}

TEST_CASE("a backend without plasticity refuses plastic networks with a clear message", "[plasticity][errors]") {
  const network plastic = with_rule([](network&) {});
  try {
    simulator sim(plastic, std::make_unique<static_only>());
    FAIL("expected backend_unavailable");
  } catch (const backend_unavailable& e) {
    CHECK(std::string(e.what()).find("which the static-only backend does not implement yet; use --backend cpu") != std::string::npos);
  }
  network fixed = plastic;
  fixed.projections[0].plasticity = {};
  CHECK_NOTHROW(simulator(fixed, std::make_unique<static_only>()));
}

TEST_CASE("snapshots load with and without a /plasticity group", "[plasticity][snapshot]") {
  const std::string path = test::temp_path("plastic_roundtrip.h5");
  auto sim = test::cpu_simulator(test::every_rule_network());
  test::run_with_rewards(*sim, 300);
  const network_state before = sim->export_state();
  write_snapshot(path, before, {});
  const network_state after = read_snapshot(path);
  CHECK(after.plasticity.projections.size() == before.plasticity.projections.size());
  CHECK(after.plasticity.dopamine.size() == 2);
  CHECK(after.plasticity.dopamine[1].name == "striatum");
  CHECK(after.plasticity.spike_history == before.plasticity.spike_history);

  auto error_after = [&](const char* deleted_attribute) {
    {
      h5::handle file(H5Fopen(path.c_str(), H5F_ACC_RDWR, H5P_DEFAULT), H5Fclose, "open");
      if (H5Lexists(file, "/plasticity", H5P_DEFAULT) > 0) REQUIRE(H5Ldelete(file, "/plasticity", H5P_DEFAULT) >= 0);
      if (deleted_attribute) REQUIRE(H5Adelete(file, deleted_attribute) >= 0);
    }
    try {
      read_snapshot(path);
    } catch (const error& e) {
      return std::string(e.what());
    }
    return std::string();
  };
  // The root declares plasticity: a file that lost its /plasticity group is refused, not run static.
  CHECK(error_after(nullptr).find("the file declares some plasticity but /plasticity holds none") != std::string::npos);
  // A file written before plasticity existed has neither (or an empty group): it loads as static;
  // without its plastic state, the sorted STDP rows are still valid static synapses.
  CHECK(error_after("plasticity") == "");
}
