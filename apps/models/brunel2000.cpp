// Brunel (2000), "Dynamics of sparsely connected networks of excitatory and inhibitory spiking
// neurons", J Comput Neurosci 8:183 (model A): NE excitatory and NI = gamma NE inhibitory LIF
// neurons with delta synapses; each receives C_E = epsilon NE excitatory inputs of J and
// C_I = epsilon NI inhibitory ones of -g J (fixed in-degree), all with delay D, and C_E external
// Poisson inputs of J at eta x nu_thr each, nu_thr = theta / (J C_E tau_m) being the rate that
// brings the mean input to threshold. g and eta pick the regime; the presets are the paper's Fig. 8.
#include <cmath>
#include <fmt/format.h>

#include "apps/models/registry.hpp"
#include "engine/errors.hpp"

namespace engram {
namespace {

void require(bool ok, const std::string& what) {
  if (!ok) throw invalid_parameter("brunel2000: " + what);
}

network build(const model_params& p, double dt_ms, uint64_t seed) {
  const uint32_t n_exc = p.count("n_exc");
  const double gamma = p.get("gamma"), epsilon = p.get("epsilon"), g = p.get("g"), eta = p.get("eta");
  const double theta = p.get("theta"), tau_m = p.get("tau_m");
  require(gamma > 0 && gamma <= 1, fmt::format("gamma (NI / NE) must be in (0, 1], got {}", gamma));
  require(epsilon > 0 && epsilon <= 1, fmt::format("epsilon (connection probability) must be in (0, 1], got {}", epsilon));
  require(g >= 0, fmt::format("g must be >= 0, got {}", g));
  require(eta >= 0, fmt::format("eta must be >= 0, got {}", eta));
  require(theta > 0, fmt::format("theta must be > 0 mV, got {}", theta));
  const uint32_t n_inh = static_cast<uint32_t>(std::lround(gamma * n_exc));
  const uint32_t c_exc = static_cast<uint32_t>(std::lround(epsilon * n_exc));
  const uint32_t c_inh = static_cast<uint32_t>(std::lround(epsilon * n_inh));
  require(c_exc >= 1 && c_inh >= 1, fmt::format("n_exc = {} gives no inputs per neuron (C_E = {}, C_I = {})", n_exc, c_exc, c_inh));
  // j = 0: J C_E = 100 mV, the paper's (J = 0.1 mV at NE = 10,000), so that a smaller network
  // keeps the mean recurrent input, and with it the regime of its (g, eta).
  const double j = p.get("j") == 0 ? 100.0 / c_exc : p.get("j");
  require(j > 0, fmt::format("j must be > 0 mV (or 0: 100 mV / C_E), got {}", p.get("j")));

  network net;
  net.dt_ms = dt_ms;
  net.seed = seed;
  lif_params lif;
  lif.tau_m = tau_m;
  lif.tau_syn = 0.0;  // delta synapses: weights are jumps of v in mV
  lif.v_rest = 0.0;
  lif.v_reset = p.get("v_reset");
  lif.v_thresh = theta;
  lif.t_ref = p.get("t_ref");
  lif.v_init = 0.0;
  lif.v_init_range = p.get("v_init_range");  // the paper starts from its stationary state; a spread avoids a first common volley
  net.populations = {lif_population("exc", n_exc, lif), lif_population("inh", n_inh, lif)};

  for (const char* pre : {"exc", "inh"})
    for (const char* post : {"exc", "inh"}) {
      const bool excitatory = std::string(pre) == "exc";
      projection pr;
      pr.name = std::string(pre) + "_" + post;
      pr.pre = pre;
      pr.post = post;
      pr.connect.type = connector::kind::fixed_indegree;
      pr.connect.degree = excitatory ? c_exc : c_inh;
      pr.weight = distribution::fixed(excitatory ? j : g * j);
      pr.sign = excitatory ? transmitter::glutamate : transmitter::gaba;
      pr.delay_ms = distribution::fixed(p.get("delay"));
      net.projections.push_back(pr);
    }

  // C_E external neurons at eta nu_thr each: one Poisson stream of C_E eta nu_thr per neuron.
  const double nu_thr_hz = theta / (j * c_exc * tau_m) * 1000.0;
  for (const char* pop : {"exc", "inh"}) {
    input external;
    external.type = input::kind::poisson;
    external.population = pop;
    external.rate_hz = c_exc * eta * nu_thr_hz;
    external.weight = j;
    net.inputs.push_back(external);
  }
  return net;
}

size_estimate size(const model_params& p, double) {
  const double n_exc = p.count("n_exc"), n_inh = std::round(p.get("gamma") * n_exc);
  size_estimate e;
  e.neurons = static_cast<uint64_t>(n_exc + n_inh);
  e.synapses = static_cast<uint64_t>(e.neurons * std::round(p.get("epsilon") * n_exc) + e.neurons * std::round(p.get("epsilon") * n_inh));
  e.presynaptic_rows = 2 * e.neurons;
  return e;
}

model_definition preset(const std::string& name, const std::string& regime, double g, double eta) {
  return {name,
          fmt::format("Brunel 2000 sparse balanced LIF network (delta synapses), {}: g = {}, eta = {}", regime, g, eta),
          0.1,
          [g, eta] {
            model_params p;
            p.declare("n_exc", 10000, "excitatory neurons NE (the paper's 10,000)")
                .declare("gamma", 0.25, "inhibitory neurons per excitatory one (NI = gamma NE)")
                .declare("epsilon", 0.1, "connection probability: C_E = epsilon NE, C_I = epsilon NI inputs (fixed in-degree)")
                .declare("j", 0, "excitatory weight J (mV jump of v); 0: 100 mV / C_E (0.1 at NE = 10,000)")
                .declare("g", g, "relative inhibition: inhibitory weights are -g J")
                .declare("eta", eta, "external rate over nu_thr = theta / (J C_E tau_m)")
                .declare("delay", 1.5, "synaptic delay D (ms)")
                .declare("tau_m", 20.0, "membrane time constant (ms)")
                .declare("theta", 20.0, "threshold (mV above rest)")
                .declare("v_reset", 10.0, "reset potential (mV)")
                .declare("t_ref", 2.0, "refractory period (ms)")
                .declare("v_init_range", 20.0, "initial v uniform in [0, v_init_range) mV");
            return p;
          },
          build, size};
}

}  // namespace

std::vector<model_definition> brunel2000_models() {
  return {preset("brunel2000", "asynchronous irregular (AI)", 5.0, 2.0),
          preset("brunel2000_sr", "synchronous regular (SR)", 3.0, 2.0),
          preset("brunel2000_si_fast", "synchronous irregular, fast oscillation (SI fast)", 6.0, 4.0),
          preset("brunel2000_si_slow", "synchronous irregular, slow oscillation (SI slow)", 4.5, 0.9)};
}

}  // namespace engram
