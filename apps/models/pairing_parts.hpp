#pragma once
// The two projections the STDP ground-truth models share (stdp_pairing, stdp_poisson): a plastic
// one-to-one projection with pair STDP and weights in [0, 1], and a teacher that makes each post
// neuron fire one step after its teacher spikes.
#include "apps/models/model_params.hpp"
#include "engine/network.hpp"

namespace engram {

// Reads w0, delay, a_plus, a_minus, tau_plus and tau_minus from `p`.
inline projection one_to_one_stdp(const std::string& name, const std::string& pre, const std::string& post,
                                  const model_params& p, stdp_rule::pairing pairs, stdp_rule::bounds bound) {
  projection pr;
  pr.name = name;
  pr.pre = pre;
  pr.post = post;
  pr.connect.type = connector::kind::one_to_one;
  pr.weight = distribution::fixed(p.get("w0"));
  pr.delay_ms = distribution::fixed(p.get("delay"));
  auto& c = pr.plasticity;
  c.stdp.enabled = true;
  c.stdp.pairs = pairs;
  c.stdp.bound = bound;
  c.stdp.a_plus = p.get("a_plus");
  c.stdp.a_minus = p.get("a_minus");
  c.stdp.tau_plus_ms = p.get("tau_plus");
  c.stdp.tau_minus_ms = p.get("tau_minus");
  c.w_min = 0.0;
  c.w_max = 1.0;
  return pr;
}

// Weight 2000 in one step: the post neuron fires the step after each teacher spike.
inline projection teacher_projection(const std::string& teacher, const std::string& post, double dt_ms) {
  projection teach;
  teach.name = "teach";
  teach.pre = teacher;
  teach.post = post;
  teach.connect.type = connector::kind::one_to_one;
  teach.weight = distribution::fixed(2000.0);
  teach.delay_ms = distribution::fixed(dt_ms);
  return teach;
}

}  // namespace engram
