// The Vogels & Abbott (2005) balanced network as benchmarks 1 (COBA) and 2 (CUBA) of Brette et
// al. (2007), "Simulation of networks of spiking neurons: a review of tools and strategies",
// J Comput Neurosci 23:349, with the parameters of Brian's versions of them: 4000 LIF neurons,
// 80 % excitatory, each pair connected with probability 2 %, tau_m 20 ms, threshold -50 mV, reset
// -60 mV, refractory 5 ms, synaptic time constants 5 ms (excitatory) and 10 ms (inhibitory).
// COBA: conductance jumps of 6 and 67 nS toward 0 and -80 mV, rest -60 mV, started by a short
// Poisson kick. CUBA: current synapses with the rest at -49 mV, above threshold, so that the
// network starts by itself. docs/models.md has the departures.
#include <cmath>
#include <fmt/format.h>

#include "apps/models/registry.hpp"
#include "engine/errors.hpp"

namespace engram {
namespace {

void require(bool ok, const std::string& model, const std::string& what) {
  if (!ok) throw invalid_parameter(model + ": " + what);
}

struct sizes {
  uint32_t exc, inh;
};

sizes split(const model_params& p, const std::string& model) {
  const uint32_t n = p.count("n");
  const double f = p.get("exc_fraction"), prob = p.get("p");
  require(f > 0 && f < 1, model, fmt::format("exc_fraction must be in (0, 1), got {}", f));
  require(prob > 0 && prob <= 1, model, fmt::format("p (connection probability) must be in (0, 1], got {}", prob));
  const uint32_t exc = static_cast<uint32_t>(std::lround(f * n));
  require(exc >= 1 && exc < n, model, fmt::format("n = {} leaves a population empty", n));
  return {exc, n - exc};
}

// Every pair (autapses included, as Brian's connect(p=...)) with probability p, one step of delay.
void connect_all(network& net, double p, double w_exc, double w_inh) {
  for (const char* pre : {"exc", "inh"})
    for (const char* post : {"exc", "inh"}) {
      const bool excitatory = std::string(pre) == "exc";
      projection pr;
      pr.name = std::string(pre) + "_" + post;
      pr.pre = pre;
      pr.post = post;
      pr.connect.type = connector::kind::fixed_probability;
      pr.connect.probability = p;
      pr.connect.autapses = true;
      pr.weight = distribution::fixed(excitatory ? w_exc : w_inh);
      pr.sign = excitatory ? transmitter::glutamate : transmitter::gaba;
      pr.delay_ms = distribution::fixed(net.dt_ms);
      net.projections.push_back(pr);
    }
}

network build_coba(const model_params& p, double dt_ms, uint64_t seed) {
  const sizes s = split(p, "coba");
  require(p.get("g_exc") >= 0 && p.get("g_inh") >= 0, "coba", "g_exc and g_inh are conductances (nS), >= 0");
  require(p.get("kick_rate") >= 0 && p.get("kick_ms") >= 0, "coba", "kick_rate and kick_ms must be >= 0");
  network net;
  net.dt_ms = dt_ms;
  net.seed = seed;
  lif_cond_params c;
  c.c_m = 200.0;     // 1 uF/cm^2 over 20,000 um^2
  c.g_leak = 10.0;   // nS: tau_m = 20 ms
  c.e_leak = -60.0;
  c.e_exc = 0.0;
  c.e_inh = -80.0;
  c.tau_exc = 5.0;
  c.tau_inh = 10.0;
  c.v_thresh = -50.0;
  c.v_reset = -60.0;
  c.t_ref = 5.0;
  c.v_init = -60.0;
  net.populations = {lif_cond_population("exc", s.exc, c), lif_cond_population("inh", s.inh, c)};
  connect_all(net, p.get("p"), p.get("g_exc"), p.get("g_inh"));
  // The kick: independent Poisson conductance jumps of g_exc on every neuron for kick_ms.
  for (const char* pop : {"exc", "inh"}) {
    input kick;
    kick.type = input::kind::poisson;
    kick.population = pop;
    kick.rate_hz = p.get("kick_rate");
    kick.weight = p.get("g_exc");
    kick.stop_ms = p.get("kick_ms");
    net.inputs.push_back(kick);
  }
  return net;
}

network build_cuba(const model_params& p, double dt_ms, uint64_t seed) {
  const sizes s = split(p, "cuba");
  const double tau_m = p.get("tau_m"), c_m = 200.0, tau_syn = 5.0;
  require(tau_m > 0, "cuba", fmt::format("tau_m must be > 0, got {}", tau_m));
  require(p.get("w_exc") >= 0 && p.get("w_inh") >= 0, "cuba", "w_exc and w_inh are magnitudes (mV), >= 0");
  network net;
  net.dt_ms = dt_ms;
  net.seed = seed;
  lif_params l;
  l.tau_m = tau_m;
  l.c_m = c_m;
  l.tau_syn = tau_syn;
  l.v_rest = p.get("v_rest");
  l.v_thresh = -50.0;
  l.v_reset = -60.0;
  l.t_ref = 5.0;
  l.v_init = -60.0;
  l.v_init_range = 10.0;  // uniform between reset and threshold
  net.populations = {lif_population("exc", s.exc, l), lif_population("inh", s.inh, l)};
  // A jump w (mV) of a synaptic variable decaying with tau_x that enters dv/dt as w / tau_m moves
  // v by w tau_x / tau_m in all; a current J (pA) decaying with tau_syn moves it by J tau_syn / C.
  // Equal areas: J = w (tau_x / tau_syn) C / tau_m. Excitation has tau_x = tau_syn; inhibition's
  // 10 ms becomes 5 ms with twice the current (Engram's LIF has one synaptic time constant).
  const double per_mv = c_m / tau_m;  // pA per mV
  connect_all(net, p.get("p"), p.get("w_exc") * per_mv, p.get("w_inh") * (10.0 / tau_syn) * per_mv);
  return net;
}

size_estimate size_of(const model_params& p, double) {
  const double n = p.count("n");
  size_estimate e;
  e.neurons = static_cast<uint64_t>(n);
  e.synapses = static_cast<uint64_t>(p.get("p") * n * n);
  e.presynaptic_rows = 2 * e.neurons;
  return e;
}

model_params common() {
  model_params p;
  p.declare("n", 4000, "neurons (Brette et al. 2007: 4000)")
      .declare("exc_fraction", 0.8, "excitatory share of the neurons")
      .declare("p", 0.02, "connection probability of every pair (fixed_probability, autapses included)");
  return p;
}

}  // namespace

model_definition coba_model() {
  return {"coba",
          "Vogels & Abbott 2005 / Brette et al. 2007 benchmark 1: 4000 conductance-based LIF neurons (lif_cond), 2 % connectivity",
          0.1,
          [] {
            model_params p = common();
            p.declare("g_exc", 6.0, "excitatory conductance jump (nS), toward 0 mV, decaying with 5 ms")
                .declare("g_inh", 67.0, "inhibitory conductance jump (nS), toward -80 mV, decaying with 10 ms")
                .declare("kick_rate", 200.0, "rate (Hz) of the Poisson jumps of g_exc that start the activity")
                .declare("kick_ms", 50.0, "duration of the kick (ms)");
            return p;
          },
          build_coba, size_of};
}

model_definition cuba_model() {
  return {"cuba",
          "Vogels & Abbott 2005 / Brette et al. 2007 benchmark 2: 4000 current-based LIF neurons, 2 % connectivity",
          0.1,
          [] {
            model_params p = common();
            p.declare("w_exc", 1.62, "excitatory PSP weight (mV: 60 mV x 0.27 nS / 10 nS), as a 5 ms current")
                .declare("w_inh", 9.0, "inhibitory PSP weight (mV: 20 mV x 4.5 nS / 10 nS), tau 10 ms, sign negative")
                .declare("tau_m", 20.0, "membrane time constant (ms)")
                .declare("v_rest", -49.0, "resting potential (mV), above the -50 mV threshold: the network drives itself");
            return p;
          },
          build_cuba, size_of};
}

}  // namespace engram
