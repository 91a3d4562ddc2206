#pragma once
// What a growth phase plans before it changes anything (engine/growth_phase.cpp runs the phase):
// the changes per growing projection and population, and the rules' planning functions,
// synapses in growth_synapses.cpp, neurons in growth_neurons.cpp. Internal to the engine.
#include <cstdint>
#include <unordered_set>
#include <vector>

#include "engine/growth.hpp"
#include "engine/rng.hpp"

namespace engram::growth_detail {

// A synapse to insert: row (local pre), target (local post), packed word, signed weight.
struct new_synapse {
  uint32_t row = 0, target = 0, word = 0;
  float weight = 0;
};

struct projection_changes {
  std::unordered_set<uint64_t> pruned;  // storage positions
  std::vector<uint32_t> pruned_rows;    // the row of each, in the order marked
  std::vector<new_synapse> made;
  std::vector<uint32_t> length;  // per row, after the changes planned so far
  growth_record record;
};

// Everything a phase will change, planned before anything changes.
struct phase_plan {
  std::vector<projection_changes> projections;  // per growing projection
  std::vector<uint32_t> deaths;                 // global neurons
  std::vector<std::pair<uint32_t, bool>> births;  // global neuron, regular spiking (else fast spiking)
  std::vector<growth_record> populations;       // per growing population
  std::vector<uint8_t> excluded;                // per global neuron: dead or dying, joins no new synapse
  std::vector<uint8_t> wired;                   // per global neuron: born and wired in this phase
};

inline bool usable(const phase_plan& plan, uint32_t neuron) { return plan.excluded.empty() || !plan.excluded[neuron]; }

// Synapses (growth_synapses.cpp).
philox_block pair_draw(const network_state& s, const growth_projection& e, uint32_t a, uint32_t b, uint32_t phase);
bool add_synapse(const network_state& s, const growth_projection& e, projection_changes& c, uint32_t a, uint32_t b,
                 const philox_block& x);
projection_changes start_changes(const network_state& s, const growth_projection& e, uint64_t step);
void plan_pruning(const network_state& s, const growth_projection& e, projection_changes& c);
void plan_formation(const network_state& s, const growth_projection& e, projection_changes& c, const phase_plan& plan);
void remove_synapses_of_excluded(const network_state& s, phase_plan& plan);
// Applies the plan to one projection's rows in place (they have slack), recording each changed row.
void commit(network_state& s, growth_projection& e, const projection_changes& c, uint32_t phase, std::vector<row_change>* changes);

// Neurons (growth_neurons.cpp).
void plan_apoptosis(const network_state& s, const growth_population& e, uint64_t step, phase_plan& plan, growth_record& record);
void plan_neurogenesis(const network_state& s, const growth_population& e, uint64_t step, phase_plan& plan, growth_record& record);
void clear_neuron_state(network_state& s, uint32_t n);
uint32_t population_of(const network_state& s, uint32_t neuron);
const growth_population* population_rule(const growth_state& g, uint32_t population);  // null: not growing

}  // namespace engram::growth_detail
