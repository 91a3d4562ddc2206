#pragma once
// From a SONATA node type (model_type, model_template, dynamics_params with NEST's names and
// units) to an Engram neuron model; docs/sonata.md has the table. Anything Engram would simulate
// differently from NEST is refused with the reason, never approximated silently.
#include <nlohmann/json.hpp>
#include <string>

#include "engine/network.hpp"

namespace engram {

struct sonata_neuron_model {
  neuron_kind kind = neuron_kind::spike_source;
  lif_params lif;
  lif_cond_params lif_cond;
  float a = 0, b = 0, c = 0, d = 0;  // izhikevich
  float v_init = 0, v_peak = 0;      // izhikevich
  double i_e = 0;                    // izhikevich: NEST's I_e, a constant current input
  std::string template_name;         // "iaf_psc_exp", ... or "virtual"
  std::string key;                   // equal keys: the same model and parameters (one population)
  std::string note;                  // a choice the user should hear about (logged by the CLI)
};

// `where` names the node type in errors. `params` is the dynamics_params object (null: none).
sonata_neuron_model map_node_type(const std::string& model_type, const std::string& model_template, const nlohmann::json& params,
                                  const std::string& where);

// What a synapse weight means for a target of this model (for docs and messages).
const char* weight_units(const sonata_neuron_model& m);

// "nest:iaf_psc_exp, nest:iaf_psc_delta, ..." for error messages.
std::string supported_node_models();

// An edge type's model_template and dynamics_params: only static synapses.
void check_edge_model(const std::string& model_template, const nlohmann::json& params, const std::string& where);

}  // namespace engram
