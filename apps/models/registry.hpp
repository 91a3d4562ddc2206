#pragma once
// The models `engram run` knows: a name, one line of description, parameters and a builder.
#include <functional>
#include <string>
#include <vector>

#include "apps/models/model_params.hpp"
#include "engine/memory_estimate.hpp"
#include "engine/network.hpp"

namespace engram {

struct model_definition {
  std::string name;
  std::string description;
  double default_dt_ms = 1.0;
  std::function<model_params()> parameters;
  std::function<network(const model_params&, double dt_ms, uint64_t seed)> build;
  // Optional: the size `build` would make, computed from the parameters alone, so that a network
  // too large for the machine is refused before its description is allocated.
  std::function<size_estimate(const model_params&, double dt_ms)> size = {};
};

const std::vector<model_definition>& all_models();
const model_definition& find_model(const std::string& name);  // throws invalid_parameter

// Registration functions, one per model file.
model_definition izhikevich2003_model();
model_definition polychronization_model();
model_definition rstdp_pavlovian_model();
model_definition stdp_pairing_model();
model_definition stdp_poisson_model();  // ground truth for rule inference
std::vector<model_definition> brunel2000_models();  // the network and its regime presets
model_definition coba_model();  // Vogels & Abbott 2005 as Brette et al. 2007's benchmarks 1 and 2
model_definition cuba_model();
model_definition microcircuit_model();  // Potjans & Diesmann 2014
model_definition theta_gamma_model();  // theta and theta-modulated gamma drives
model_definition memory_model();       // drive + plastic recurrence for the memory driver
model_definition growth_demo_model();   // structural plasticity (docs/growth.md)

}  // namespace engram
