#include "host/io/sonata_models.hpp"

#include <cmath>
#include <fmt/format.h>
#include <limits>
#include <optional>
#include <set>

#include "engine/errors.hpp"

namespace engram {
namespace {

using json = nlohmann::json;

// Reads NEST parameters by name with NEST's defaults; finish() refuses any name it was not asked
// for, so a parameter Engram does not model never goes unnoticed.
class nest_params {
 public:
  nest_params(const json& params, std::string model, std::string where)
      : params_(params), model_(std::move(model)), where_(std::move(where)) {
    if (!params_.is_null() && !params_.is_object())
      throw error(fmt::format("{}: dynamics_params must be a JSON object of NEST parameters", where_));
  }
  double number(const char* name, double fallback) {
    known_.insert(name);
    if (!present(name)) return fallback;
    const json& v = params_[name];
    if (!v.is_number() || !std::isfinite(v.get<double>()))
      throw error(fmt::format("{}: {} parameter {} must be a finite number, got {}", where_, model_, name, v.dump()));
    return v.get<double>();
  }
  // NEST flags: JSON true/false (or 1/0).
  std::optional<bool> flag(const char* name) {
    known_.insert(name);
    if (!present(name)) return std::nullopt;
    const json& v = params_[name];
    if (v.is_boolean()) return v.get<bool>();
    if (v.is_number() && (v.get<double>() == 0 || v.get<double>() == 1)) return v.get<double>() == 1;
    throw error(fmt::format("{}: {} parameter {} must be true or false, got {}", where_, model_, name, v.dump()));
  }
  // A parameter Engram has no counterpart for: accepted only at the value that makes it inert.
  void only(const char* name, double inert, const char* why) {
    const double v = number(name, inert);
    if (v != inert) throw error(fmt::format("{}: {} parameter {} = {} is not supported ({})", where_, model_, name, v, why));
  }
  void finish() const {
    if (!params_.is_object()) return;
    for (const auto& [name, value] : params_.items())
      if (!known_.count(name)) {
        std::string known;
        for (const auto& k : known_) known += (known.empty() ? "" : ", ") + k;
        throw error(fmt::format("{}: unknown {} parameter '{}' (Engram reads: {})", where_, model_, name, known));
      }
  }
  bool present(const char* name) const { return params_.is_object() && params_.contains(name); }

 private:
  const json& params_;
  std::string model_, where_;
  std::set<std::string> known_;
};

std::string key_of(const sonata_neuron_model& m) {
  switch (m.kind) {
    case neuron_kind::lif: {
      const auto& l = m.lif;
      return fmt::format("{} {} {} {} {} {} {} {} {} {}", m.template_name, l.tau_m, l.c_m, l.tau_syn, l.v_rest, l.v_reset, l.v_thresh,
                         l.t_ref, l.i_bias, l.v_init);
    }
    case neuron_kind::lif_cond: {
      const auto& l = m.lif_cond;
      return fmt::format("{} {} {} {} {} {} {} {} {} {} {} {} {}", m.template_name, l.c_m, l.g_leak, l.e_leak, l.e_exc, l.e_inh,
                         l.tau_exc, l.tau_inh, l.v_reset, l.v_thresh, l.t_ref, l.i_bias, l.v_init);
    }
    case neuron_kind::izhikevich:
      return fmt::format("{} {} {} {} {} {} {} {}", m.template_name, m.a, m.b, m.c, m.d, m.v_init, m.v_peak, m.i_e);
    default: return m.template_name;
  }
}

// iaf_psc_exp and iaf_psc_delta share NEST's membrane parameters and defaults.
void read_membrane(nest_params& p, lif_params& l) {
  l.v_rest = p.number("E_L", -70.0);
  l.c_m = p.number("C_m", 250.0);
  l.tau_m = p.number("tau_m", 10.0);
  l.t_ref = p.number("t_ref", 2.0);
  l.v_thresh = p.number("V_th", -55.0);
  l.v_reset = p.number("V_reset", -70.0);
  l.i_bias = p.number("I_e", 0.0);
  l.v_init = p.number("V_m", -70.0);
}

}  // namespace

std::string supported_node_models() {
  return "point_neuron with nest:iaf_psc_exp, nest:iaf_psc_delta, nest:iaf_cond_exp or nest:izhikevich; virtual";
}

const char* weight_units(const sonata_neuron_model& m) {
  switch (m.kind) {
    case neuron_kind::lif: return m.lif.tau_syn == 0 ? "mV" : "pA";
    case neuron_kind::lif_cond: return "nS";
    case neuron_kind::izhikevich: return "Izhikevich current units";
    default: return "-";
  }
}

sonata_neuron_model map_node_type(const std::string& model_type, const std::string& model_template, const json& params,
                                  const std::string& where) {
  sonata_neuron_model m;
  if (model_type == "virtual") {
    m.kind = neuron_kind::spike_source;
    m.template_name = "virtual";
    m.key = "virtual";
    return m;
  }
  if (model_type != "point_neuron")
    throw error(fmt::format("{}: model_type '{}' is not supported (supported: {})", where, model_type, supported_node_models()));
  // "nest:iaf_psc_exp"; a bare NEST name is read the same way.
  const std::string name = model_template.rfind("nest:", 0) == 0 ? model_template.substr(5) : model_template;
  m.template_name = name;
  nest_params p(params, "nest:" + name, where);
  if (name == "iaf_psc_exp") {
    m.kind = neuron_kind::lif;
    read_membrane(p, m.lif);
    const double ex = p.number("tau_syn_ex", 2.0), in = p.number("tau_syn_in", 2.0);
    if (ex != in)
      throw error(fmt::format("{}: nest:iaf_psc_exp with tau_syn_ex {} != tau_syn_in {} ms is not supported (Engram's LIF has one "
                              "synaptic time constant)", where, ex, in));
    if (!(ex > 0)) throw error(fmt::format("{}: nest:iaf_psc_exp tau_syn_ex must be > 0 ms, got {}", where, ex));
    m.lif.tau_syn = ex;
    if (m.lif.tau_syn == m.lif.tau_m)
      throw error(fmt::format("{}: nest:iaf_psc_exp with tau_syn = tau_m = {} ms is not supported (Engram's exact propagator "
                              "needs them to differ)", where, m.lif.tau_m));
    p.only("delta", 0.0, "escape noise");
    p.only("rho", 0.01, "escape noise; inert while delta = 0");
    p.number("tau_minus", 20.0);  // STDP traces of NEST's plastic synapses: none here
  } else if (name == "iaf_psc_delta") {
    m.kind = neuron_kind::lif;
    read_membrane(p, m.lif);
    m.lif.tau_syn = 0.0;  // delta synapses
    if (p.flag("refractory_input").value_or(false))
      throw error(fmt::format("{}: nest:iaf_psc_delta with refractory_input = true is not supported (Engram drops input that "
                              "arrives while refractory, NEST's default)", where));
    if (p.present("V_min")) p.only("V_min", -std::numeric_limits<double>::max(), "no lower bound on V_m");
    p.number("tau_minus", 20.0);
  } else if (name == "iaf_cond_exp") {
    m.kind = neuron_kind::lif_cond;
    auto& l = m.lif_cond;
    l.v_init = p.number("V_m", -70.0);
    l.e_leak = p.number("E_L", -70.0);
    l.c_m = p.number("C_m", 250.0);
    l.t_ref = p.number("t_ref", 2.0);
    l.v_thresh = p.number("V_th", -55.0);
    l.v_reset = p.number("V_reset", -60.0);
    l.e_exc = p.number("E_ex", 0.0);
    l.e_inh = p.number("E_in", -85.0);
    l.g_leak = p.number("g_L", 16.6667);
    l.tau_exc = p.number("tau_syn_ex", 0.2);
    l.tau_inh = p.number("tau_syn_in", 2.0);
    l.i_bias = p.number("I_e", 0.0);
    l.t_lockout = 0.0;
    p.number("tau_minus", 20.0);
  } else if (name == "izhikevich") {
    m.kind = neuron_kind::izhikevich;
    m.a = static_cast<float>(p.number("a", 0.02));
    m.b = static_cast<float>(p.number("b", 0.2));
    m.c = static_cast<float>(p.number("c", -65.0));
    m.d = static_cast<float>(p.number("d", 8.0));
    m.v_peak = static_cast<float>(p.number("V_th", 30.0));
    m.v_init = static_cast<float>(p.number("V_m", -65.0));
    m.i_e = p.number("I_e", 0.0);
    const double u = p.number("U_m", static_cast<double>(m.b) * m.v_init);
    if (std::abs(u - static_cast<double>(m.b) * m.v_init) > 1e-6 * std::max(1.0, std::abs(u)))
      throw error(fmt::format("{}: nest:izhikevich U_m {} differs from b * V_m = {} (Engram starts u at b * V_m)", where, u,
                              static_cast<double>(m.b) * m.v_init));
    const auto consistent = p.flag("consistent_integration");
    if (!consistent)
      m.note = "nest:izhikevich without consistent_integration: NEST defaults to true, which Engram does not implement; "
               "it runs Izhikevich 2003's scheme (consistent_integration = false)";
    if (consistent.value_or(false))
      throw error(fmt::format("{}: nest:izhikevich with consistent_integration = true is not supported; Engram integrates "
                              "Izhikevich 2003's scheme (consistent_integration = false)", where));
    if (p.present("V_min")) p.only("V_min", -std::numeric_limits<double>::max(), "no lower bound on V_m");
    p.number("tau_minus", 20.0);
  } else {
    throw error(fmt::format("{}: model_template '{}' is not supported (supported: {})", where, model_template, supported_node_models()));
  }
  p.finish();
  m.key = key_of(m);
  return m;
}

void check_edge_model(const std::string& model_template, const json& params, const std::string& where) {
  const std::string name = model_template.rfind("nest:", 0) == 0 ? model_template.substr(5) : model_template;
  if (!name.empty() && name != "static_synapse")
    throw error(fmt::format("{}: synapse model_template '{}' is not supported (supported: static_synapse)", where, model_template));
  if (!params.is_null() && !params.is_object())
    throw error(fmt::format("{}: dynamics_params must be a JSON object", where));
  if (params.is_object())
    for (const auto& [key, value] : params.items())
      throw error(fmt::format("{}: synapse dynamics_params '{}' is not supported (a static synapse takes syn_weight and delay only)",
                              where, key));
}

}  // namespace engram
