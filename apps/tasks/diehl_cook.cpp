#include "apps/tasks/diehl_cook.hpp"

namespace engram::tasks {

float pixel_rate_hz(uint8_t pixel, double intensity) { return static_cast<float>(pixel / 8.0 * intensity); }

namespace {

void add_growth(network& net, const diehl_cook_params& p) {
  using nw = synapse_growth::newborn_wiring;
  net.growth_interval_ms = p.growth_interval_ms;
  neuron_growth& e = net.populations[1].growth;
  e.enabled = true;
  e.initial_size = p.grow_from;
  e.apoptosis = false;
  e.neurogenesis_min_rate_hz = 0;  // a fixed schedule: births_per_phase until the pool is full
  e.neurogenesis_max_per_phase = p.births_per_phase;
  e.twin = inhibitory_population;
  neuron_growth& i = net.populations[2].growth;
  i.enabled = true;
  i.initial_size = p.grow_from;
  i.apoptosis = i.neurogenesis = false;
  // The projections only carry newborns' synapses, at the weights the network is built with;
  // rows hold the whole pool.
  const auto carrier = synapse_growth::newborn_carrier;
  net.projections[0].growth = carrier(nw::all, 0.003, 0.303, p.excitatory);  // the build's (U + 0.01) x 0.3
  net.projections[1].growth = carrier(nw::partner, p.exc_inh_weight, p.exc_inh_weight, 1);
  net.projections[2].growth = carrier(nw::all_but_partner, p.inh_exc_weight, p.inh_exc_weight, p.excitatory);
  if (p.teacher) net.projections[3].growth = carrier(nw::partner, p.teacher_weight, p.teacher_weight, 1);
}

}  // namespace

network diehl_cook_network(const diehl_cook_params& p, uint64_t seed) {
  network net;
  net.dt_ms = p.dt_ms;
  net.seed = seed;
  net.populations.push_back(poisson_source_population(input_population, std::vector<float>(p.inputs, 0.0f)));

  lif_cond_params exc;  // tau_m = 100 ms, reversal 0 / -100 mV
  exc.c_m = 100.0;
  exc.g_leak = 1.0;
  exc.e_leak = -65.0;
  exc.e_exc = 0.0;
  exc.e_inh = -100.0;
  exc.tau_exc = 1.0;
  exc.tau_inh = 2.0;
  exc.v_reset = -65.0;
  exc.v_thresh = p.v_thresh_mv;
  exc.t_ref = 5.0;
  exc.t_lockout = p.exc_lockout_ms;
  exc.v_init = -65.0;
  population e = lif_cond_population(excitatory_population, p.excitatory, exc);
  e.homeostasis.adaptive_threshold = true;
  e.homeostasis.theta_increment = p.theta_plus_mv;
  e.homeostasis.theta_tau_ms = p.theta_tau_ms;
  e.homeostasis.theta_init = p.theta_init_mv;
  net.populations.push_back(std::move(e));

  lif_cond_params inh;  // tau_m = 10 ms, reversal 0 / -85 mV
  inh.c_m = 10.0;
  inh.g_leak = 1.0;
  inh.e_leak = -60.0;
  inh.e_exc = 0.0;
  inh.e_inh = -85.0;
  inh.tau_exc = 1.0;
  inh.tau_inh = 2.0;
  inh.v_reset = -45.0;
  inh.v_thresh = -40.0;
  inh.t_ref = 2.0;
  inh.v_init = -60.0;
  net.populations.push_back(lif_cond_population(inhibitory_population, p.excitatory, inh));

  projection in;
  in.name = plastic_projection_name;
  in.pre = input_population;
  in.post = excitatory_population;
  in.connect.type = connector::kind::all_to_all;
  in.weight = distribution::between(0.003, 0.303);  // the paper's (U + 0.01) x 0.3
  in.delay_ms = distribution::between(p.dt_ms, p.max_delay_ms);
  auto& rule = in.plasticity;
  rule.stdp.enabled = true;
  rule.stdp.pairs = stdp_rule::pairing::nearest;  // traces are set to 1 on a spike
  rule.stdp.bound = stdp_rule::bounds::additive;  // clipped to [0, w_max]
  rule.stdp.a_plus = p.nu_post;
  rule.stdp.a_minus = p.nu_pre;
  rule.stdp.tau_plus_ms = p.tau_pre_ms;
  rule.stdp.tau_minus_ms = p.tau_post_ms;
  rule.stdp.tau_triplet_ms = p.tau_post_slow_ms;
  rule.normalise.enabled = true;
  rule.normalise.target_sum = p.normalise_sum;
  rule.normalise.period_ms = p.present_ms + p.rest_ms;  // once per presentation, at its end
  rule.w_min = 0.0;
  rule.w_max = p.input_exc_w_max;
  rule.protect = p.protect;
  net.projections.push_back(std::move(in));

  projection ei;
  ei.name = "exc_inh";
  ei.pre = excitatory_population;
  ei.post = inhibitory_population;
  ei.connect.type = connector::kind::one_to_one;
  ei.weight = distribution::fixed(p.exc_inh_weight);
  ei.delay_ms = distribution::fixed(p.dt_ms);
  net.projections.push_back(std::move(ei));

  projection ie;  // inhibitory neuron k inhibits every excitatory neuron but k
  ie.name = inhibition_projection_name;
  ie.pre = inhibitory_population;
  ie.post = excitatory_population;
  ie.sign = transmitter::gaba;
  ie.connect.type = connector::kind::explicit_list;
  for (uint32_t k = 0; k < p.excitatory; ++k)
    for (uint32_t j = 0; j < p.excitatory; ++j)
      if (j != k) {
        ie.connect.pre.push_back(k);
        ie.connect.post.push_back(j);
      }
  ie.weight = distribution::fixed(p.inh_exc_weight);
  ie.delay_ms = distribution::fixed(p.dt_ms);
  net.projections.push_back(std::move(ie));
  if (p.teacher) {  // last, so the other populations and projections keep their places
    net.populations.push_back(poisson_source_population(teacher_population, std::vector<float>(p.excitatory, 0.0f)));
    projection teach;
    teach.name = "teacher_exc";
    teach.pre = teacher_population;
    teach.post = excitatory_population;
    teach.connect.type = connector::kind::one_to_one;
    teach.sign = transmitter::gaba;
    teach.weight = distribution::fixed(p.teacher_weight);
    teach.delay_ms = distribution::fixed(p.dt_ms);
    net.projections.push_back(std::move(teach));
  }
  if (p.grow_from > 0) add_growth(net, p);
  return net;
}

}  // namespace engram::tasks
