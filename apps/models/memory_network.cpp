// The memory demonstration network (docs/memory.md): `n` excitatory Izhikevich RS neurons with
// plastic all-to-all recurrence (pair STDP, weak start) and a drive population of Poisson sources
// wired one to one onto them, through which host/memory_driver.hpp presents, replays and cues
// patterns; a pool of FS interneurons keeps the recurrence in check.
#include "apps/models/registry.hpp"

namespace engram {
namespace {

network build(const model_params& p, double dt_ms, uint64_t seed) {
  const uint32_t n = p.count("n");
  network net;
  net.dt_ms = dt_ms;
  net.seed = seed;
  net.populations = {poisson_source_population("drive", std::vector<float>(n, 0.0f)),
                     izhikevich_population("exc", n, izhikevich_pattern::RS),
                     izhikevich_population("inh", std::max<uint32_t>(1, n / 4), izhikevich_pattern::FS)};
  auto connect = [&](const char* pre, const char* post, connector c, double w, transmitter t) -> projection& {
    projection pr;
    pr.name = std::string(pre) + "_" + post;
    pr.pre = pre;
    pr.post = post;
    pr.connect = c;
    pr.weight = distribution::fixed(w);
    pr.sign = t;
    net.projections.push_back(pr);
    return net.projections.back();
  };
  connector one;
  one.type = connector::kind::one_to_one;
  connector all;
  connector sparse;
  sparse.type = connector::kind::fixed_probability;
  sparse.probability = 0.2;
  connect("drive", "exc", one, p.get("drive_weight"), transmitter::glutamate);
  projection& rec = connect("exc", "exc", all, p.get("w_start"), transmitter::glutamate);
  rec.delay_ms = distribution::between(1.0, 3.0);
  rec.plasticity.stdp.enabled = p.count("stdp") != 0;
  rec.plasticity.stdp.a_plus = p.get("a_plus");
  rec.plasticity.stdp.a_minus = p.get("a_minus");
  rec.plasticity.w_max = p.get("w_max");
  connect("exc", "inh", sparse, p.get("w_ei"), transmitter::glutamate);
  connect("inh", "exc", sparse, p.get("w_ie"), transmitter::gaba);
  input noise;  // spontaneous background: a few spikes per neuron and second
  noise.type = input::kind::noise;
  noise.population = "exc";
  noise.sd = p.get("noise");
  net.inputs.push_back(noise);
  return net;
}

}  // namespace

model_definition memory_model() {
  return {"memory",
          "pattern memory: drive sources one to one onto RS neurons with plastic (STDP) all-to-all recurrence, FS inhibition",
          1.0,
          [] {
            model_params p;
            p.declare("n", 100, "excitatory neurons (and drive sources)")
                .declare("drive_weight", 40, "drive -> excitatory weight")
                .declare("w_start", 0.5, "initial recurrent weight")
                .declare("w_max", 4, "largest recurrent weight")
                .declare("stdp", 1, "1: recurrent pair STDP on")
                .declare("a_plus", 0.05, "STDP potentiation per pairing")
                .declare("a_minus", 0.04, "STDP depression per pairing")
                .declare("w_ei", 2, "excitatory -> inhibitory weight")
                .declare("w_ie", 2, "inhibitory -> excitatory weight")
                .declare("noise", 3, "s.d. of a Gaussian background current into the excitatory neurons");
            return p;
          },
          build};
}

}  // namespace engram
