// growth_demo (docs/growth.md): a cortex that grows from a small seed under patterned input to a
// bounded size. Four input patterns (blocks of the input population) take turns; the cortex pool
// starts with `seed` of its `pool` neurons alive; pruning, synaptogenesis, apoptosis and
// neurogenesis (engine/growth_config.hpp) run every `interval` ms.
#include <fmt/format.h>

#include "apps/models/registry.hpp"
#include "engine/errors.hpp"

namespace engram {
namespace {

network build_growth_demo(const model_params& p, double dt_ms, uint64_t seed) {
  const uint32_t inputs = p.count("inputs"), pool = p.count("pool"), initial = p.count("seed");
  const uint32_t patterns = p.count("patterns");
  if (inputs < patterns || patterns == 0) throw invalid_parameter("growth_demo: inputs must be at least patterns (>= 1)");
  if (initial == 0 || initial > pool) throw invalid_parameter(fmt::format("growth_demo: seed must be in [1, pool = {}]", pool));
  network net;
  net.dt_ms = dt_ms;
  net.seed = seed;
  net.growth_interval_ms = p.get("interval");
  net.populations.push_back(izhikevich_population("in", inputs, izhikevich_pattern::RS));
  population cortex = izhikevich_population("cortex", pool, izhikevich_pattern::RS);
  neuron_growth& g = cortex.growth;
  g.enabled = true;
  g.initial_size = initial;
  g.apoptosis_min_age_ms = p.get("apoptosis_age");
  g.apoptosis_max_rate_hz = p.get("apoptosis_rate");
  g.neurogenesis_min_rate_hz = p.get("neurogenesis_rate");
  g.neurogenesis_max_per_phase = p.count("births");
  g.neighbour_min_rate_hz = p.get("neighbour_rate");
  net.populations.push_back(cortex);

  // Patterned input: pattern k drives its block of the input population for `present` ms in turn.
  const double present = p.get("present"), duration = p.get("schedule");
  const uint32_t block = inputs / patterns;
  for (uint32_t k = 0; present * k < duration; ++k) {
    input in;
    in.type = input::kind::current;
    in.population = "in";
    in.first = (k % patterns) * block;
    in.count = block;
    in.amplitude = p.get("drive");
    in.start_ms = present * k;
    in.stop_ms = present * (k + 1);
    net.inputs.push_back(in);
  }
  input noise;  // background, so that every input neuron fires now and then
  noise.type = input::kind::noise;
  noise.population = "in";
  noise.sd = 3.0;
  net.inputs.push_back(noise);

  auto grown = [&](const char* name, const char* pre, double prob, double w_hi) {
    projection pr;
    pr.name = name;
    pr.pre = pre;
    pr.post = "cortex";
    pr.connect.type = connector::kind::fixed_probability;
    pr.connect.probability = prob;
    pr.weight = distribution::between(0.0, w_hi);
    pr.delay_ms = distribution::between(1.0, 5.0);
    synapse_growth& s = pr.growth;
    s.enabled = true;
    s.prune_min_age_ms = p.get("prune_age");
    s.prune_max_weight = 0.1 * w_hi;
    s.prune_max_rate_hz = p.get("prune_rate");
    s.form_min_rate_hz = p.get("form_rate");
    s.form_max_per_phase = p.count("synapses");
    s.weight_low = 0.2 * w_hi;
    s.weight_high = w_hi;
    s.row_slack = p.count("slack");
    return pr;
  };
  net.projections.push_back(grown("in_cortex", "in", p.get("p_in"), p.get("w_in")));
  net.projections.push_back(grown("cortex_cortex", "cortex", p.get("p_rec"), p.get("w_rec")));
  return net;
}

}  // namespace

model_definition growth_demo_model() {
  return {"growth_demo",
          "structural plasticity: a cortex grows from a seed under patterned input (pruning, synaptogenesis, apoptosis, "
          "neurogenesis; docs/growth.md)",
          1.0,
          [] {
            model_params p;
            p.declare("inputs", 200, "input neurons (Izhikevich RS), split into the pattern blocks")
                .declare("patterns", 4, "input patterns, each driving its block in turn")
                .declare("present", 500, "ms each pattern is presented")
                .declare("schedule", 120000, "ms of patterned input (then only background noise)")
                .declare("drive", 15.0, "current into the presented block (Izhikevich units)")
                .declare("pool", 800, "cortex pool: the most neurons it can hold")
                .declare("seed", 100, "cortex neurons alive at the start")
                .declare("interval", 500, "ms between growth phases (A5: 500 steps)")
                .declare("p_in", 0.1, "input -> cortex connection probability at the start")
                .declare("w_in", 12.0, "input -> cortex largest weight")
                .declare("p_rec", 0.1, "cortex -> cortex connection probability at the start")
                .declare("w_rec", 2.0, "cortex -> cortex largest weight")
                .declare("prune_age", 3000, "ms before a synapse may be pruned (A5)")
                .declare("prune_rate", 2.0, "Hz: synapses of neurons firing slower are pruned when weak")
                .declare("form_rate", 8.0, "Hz: neurons at least this active form new synapses")
                .declare("synapses", 10, "new synapses per projection per phase (A5: 10)")
                .declare("slack", 32, "room per row beyond its largest initial length")
                .declare("apoptosis_age", 10000, "ms before a neuron may die (A5)")
                .declare("apoptosis_rate", 0.5, "Hz: older neurons firing slower die")
                .declare("neurogenesis_rate", 4.0, "Hz: mean cortex rate at which neurons are born")
                .declare("births", 3, "neurons born per phase at most (A5: 3)")
                .declare("neighbour_rate", 5.0, "Hz: a newborn's inputs come from neurons at least this active");
            return p;
          },
          build_growth_demo};
}

}  // namespace engram
