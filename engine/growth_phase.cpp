// One growth phase on the plain state (engine/growth.hpp; rules in docs/growth.md): every rule
// planned in A5's order, then applied. The rules live in growth_synapses.cpp and growth_neurons.cpp.
#include "engine/growth.hpp"
#include "engine/growth_plan.hpp"

namespace engram {

using namespace growth_detail;

std::vector<growth_record> grow(network_state& s, uint64_t step, growth_changes* changes) {
  growth_state& g = s.growth;
  if (!g.active()) return {};
  if (s.plasticity.rate_hz.size() != s.neuron_count()) throw internal_error("growth needs the rate estimate of every neuron");
  open_row_slack(s);
  if (changes) changes->assign(s.projections.size(), {});
  // Plan everything in A5's order (prune, apoptosis, synaptogenesis, neurogenesis) before
  // changing anything, so that a capacity error leaves the state as it was.
  const uint32_t phase = g.phases + 1;
  g.phases = phase;  // births of this phase; restored if planning throws
  phase_plan plan;
  try {
    for (const growth_projection& e : g.projections) plan.projections.push_back(start_changes(s, e, step));
    for (size_t i = 0; i < g.projections.size(); ++i)
      if (g.projections[i].prune) plan_pruning(s, g.projections[i], plan.projections[i]);
    if (!g.populations.empty()) plan.excluded.assign(s.neuron_count(), 0);
    for (const growth_population& e : g.populations) {
      plan.populations.push_back({step, e.population, 0, 0, 0, 1});
      if (e.apoptosis) plan_apoptosis(s, e, step, plan, plan.populations.back());
    }
    if (!plan.deaths.empty()) remove_synapses_of_excluded(s, plan);
    for (size_t i = 0; i < g.projections.size(); ++i)
      if (g.projections[i].form) plan_formation(s, g.projections[i], plan.projections[i], plan);
    for (size_t q = 0; q < g.populations.size(); ++q)
      if (g.populations[q].neurogenesis) plan_neurogenesis(s, g.populations[q], step, plan, plan.populations[q]);
  } catch (...) {
    g.phases = phase - 1;
    throw;
  }
  for (uint32_t n : plan.deaths) {
    g.alive[n] = 0;
    g.died[n] = step + 1;
    park_dead_neuron(s, n);
  }
  for (auto [n, regular] : plan.births) {
    g.alive[n] = 1;
    g.born[n] = step + 1;
    g.died[n] = growth_state::never_died;
    start_newborn(s, n, regular);
  }
  // A parked LIF slot's adaptive threshold decays like every neuron's; set back at every phase, it
  // stays above the slot's rest (validate_growth).
  for (const growth_population& e : g.populations) {
    if (e.theta_init == 0 || s.plasticity.theta.empty()) continue;
    const population_range& r = s.populations[e.population];
    for (uint32_t i = r.first; i < r.first + r.size; ++i)
      if (!g.alive[i]) s.plasticity.theta[i] = e.theta_init;
  }
  std::vector<growth_record> records;
  for (size_t i = 0; i < g.projections.size(); ++i) {
    const projection_changes& c = plan.projections[i];
    if (c.record.made + c.record.pruned > 0)
      commit(s, g.projections[i], c, phase, changes ? &(*changes)[g.projections[i].projection] : nullptr);
    records.push_back(c.record);
  }
  records.insert(records.end(), plan.populations.begin(), plan.populations.end());
  g.log.insert(g.log.end(), records.begin(), records.end());
  return records;
}

}  // namespace engram
