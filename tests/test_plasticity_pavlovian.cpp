// Izhikevich 2007 instrumental conditioning (model rstdp_pavlovian), shrunk to run in seconds:
// 200 neurons, rewards 0.1-0.3 s after each coincidence. The rewarded synapse climbs to the
// maximum while the others stay where they were on average; without the reward it stays near 0.
// docs/plasticity.md shows the published-size run (1000 neurons, 1-3 s delays, one hour).
#include <algorithm>

#include "apps/models/registry.hpp"
#include "tests/catch.hpp"
#include "tests/helpers.hpp"

using namespace engram;

namespace {

struct outcome {
  float conditioned;
  double others_mean, others_near_max;  // fraction of the other synapses above 3.5
  uint64_t rewards;
};

outcome condition(double reward) {
  const auto& m = find_model("rstdp_pavlovian");
  model_params p = m.parameters();
  for (const char* s : {"n=200", "m=20", "reward_delay_min=100", "reward_delay_max=300"}) p.set(s, m.name);
  p.set("reward=" + std::to_string(reward), m.name);
  auto sim = test::cpu_simulator(m.build(p, m.default_dt_ms, 1));
  sim->set_recording(false);
  sim->run_steps(100000);
  const network_state s = sim->export_state();
  outcome o{};
  uint64_t count = 0, near_max = 0;
  double sum = 0;
  for (const auto& t : s.projections) {
    if (t.name == "conditioned") o.conditioned = t.weight[0];
    if (t.name != "exc_exc" && t.name != "exc_inh") continue;
    for (float w : t.weight) sum += w, near_max += w > 3.5f, ++count;
  }
  o.others_mean = sum / count;
  o.others_near_max = double(near_max) / count;
  o.rewards = s.plasticity.contingencies[0].released;
  return o;
}

}  // namespace

TEST_CASE("rstdp_pavlovian: the rewarded synapse grows to the maximum, the others stay", "[plasticity][rstdp][pavlovian]") {
  const outcome rewarded = condition(1.0), control = condition(0.0);
  INFO("rewarded: conditioned " << rewarded.conditioned << ", others mean " << rewarded.others_mean << ", near max "
                                << rewarded.others_near_max << ", rewards " << rewarded.rewards);
  INFO("control: conditioned " << control.conditioned << ", others mean " << control.others_mean);
  CHECK(rewarded.rewards >= 3);
  CHECK(rewarded.conditioned >= 3.9f);      // w_max = 4, from 0
  CHECK(rewarded.others_mean <= 1.0);       // they started at 1
  CHECK(rewarded.others_near_max < 0.01);   // the conditioned synapse is among the top 1%
  CHECK(control.conditioned < 0.5f);        // no reward, no growth
  CHECK(control.others_mean == Approx(1.0).margin(0.1));
}
