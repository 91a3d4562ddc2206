// A theta-gamma network (docs/rhythms.md): excitatory Izhikevich RS and inhibitory FS neurons with
// noisy input, a theta drive on the excitatory population and a gamma drive whose amplitude
// follows the theta phase (Tort et al. 2010's phase-amplitude coupling, set by `coupling`).
// With coupling=0 the gamma drive is unmodulated: the control for the modulation index.
#include <fmt/format.h>

#include "apps/models/registry.hpp"
#include "engine/errors.hpp"

namespace engram {
namespace {

network build(const model_params& p, double dt_ms, uint64_t seed) {
  if (p.get("coupling") < 0 || p.get("coupling") > 1)
    throw invalid_parameter(fmt::format("theta_gamma: coupling must be in [0, 1], got {}", p.get("coupling")));
  network net;
  net.dt_ms = dt_ms;
  net.seed = seed;
  net.populations = {izhikevich_population("exc", p.count("n_exc"), izhikevich_pattern::RS),
                     izhikevich_population("inh", p.count("n_inh"), izhikevich_pattern::FS)};
  auto connect = [&](const char* pre, const char* post, double probability, double weight, transmitter t) {
    projection pr;
    pr.name = std::string(pre) + "_" + post;
    pr.pre = pre;
    pr.post = post;
    pr.connect.type = connector::kind::fixed_probability;
    pr.connect.probability = probability;
    pr.weight = distribution::between(0.5 * weight, weight);
    pr.delay_ms = distribution::fixed(1.0);
    pr.sign = t;
    net.projections.push_back(pr);
  };
  connect("exc", "inh", 0.1, p.get("w_ei"), transmitter::glutamate);
  connect("inh", "exc", 0.2, p.get("w_ie"), transmitter::gaba);
  for (const char* pop : {"exc", "inh"}) {
    input noise;
    noise.type = input::kind::noise;
    noise.population = pop;
    noise.mean = p.get("bias");
    noise.sd = p.get("noise");
    net.inputs.push_back(noise);
  }
  input theta = oscillation_input("exc", p.get("theta_hz"), p.get("theta_amp"));
  input gamma = oscillation_input("exc", p.get("gamma_hz"), p.get("gamma_amp"));
  theta.oscillation.locked = gamma.oscillation.locked = p.count("free") == 0;
  gamma.oscillation.envelope_input = 2;  // the theta input
  gamma.oscillation.envelope_depth = p.get("coupling");
  net.inputs.push_back(theta);
  net.inputs.push_back(gamma);
  return net;
}

}  // namespace

model_definition theta_gamma_model() {
  return {"theta_gamma",
          "theta drive and theta-phase-modulated gamma drive on an Izhikevich E/I network (phase-amplitude coupling)",
          1.0,
          [] {
            model_params p;
            p.declare("n_exc", 400, "excitatory RS neurons")
                .declare("n_inh", 100, "inhibitory FS neurons")
                .declare("theta_hz", 6, "theta drive frequency (Hz)")
                .declare("gamma_hz", 40, "gamma drive frequency (Hz)")
                .declare("theta_amp", 2, "theta drive amplitude (Izhikevich units)")
                .declare("gamma_amp", 6, "gamma drive amplitude at the preferred theta phase")
                .declare("coupling", 1, "depth of the theta modulation of the gamma amplitude, in [0, 1]; 0: none")
                .declare("free", 0, "1: phases at t = 0 drawn from the seed instead of 0")
                .declare("bias", 2, "mean input current")
                .declare("noise", 3, "s.d. of the input current noise")
                .declare("w_ei", 4, "largest excitatory-to-inhibitory weight")
                .declare("w_ie", 4, "largest inhibitory-to-excitatory weight");
            return p;
          },
          build};
}

}  // namespace engram
