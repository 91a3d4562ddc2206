#include "apps/tasks/motor_network.hpp"

#include <algorithm>
#include <fmt/format.h>

#include "engine/errors.hpp"

namespace engram::tasks {

motor_names motor_names_of(uint32_t actions) {
  motor_names n;
  for (uint32_t a = 0; a < actions; ++a) {
    n.motors.push_back(fmt::format("motor{}", a));
    n.readouts.push_back(fmt::format("readout{}", a));
    n.channels.push_back(fmt::format("reward{}", a));
    n.teachers.push_back(a);  // the teacher inputs come first in network::inputs
  }
  return n;
}

void declare_motor_params(model_params& p, uint32_t motor_size) {
  p.declare("motor_size", motor_size, "LIF neurons per action")
      .declare("w_init", 0.5, "readout weights start uniform in [0, w_init] (mV)")
      .declare("w_max", 6.0, "largest readout weight (mV)")
      .declare("a_plus", 0.1, "STDP potentiation into the eligibility")
      .declare("a_minus", 0.05, "STDP depression into the eligibility")
      .declare("tau_e", 200, "eligibility time constant (ms)")
      .declare("gain", 1.0, "weight change per unit of dopamine and eligibility")
      .declare("inhibition", 5.0, "lateral inhibition between the motor populations (mV per spike)");
}

motor_params motor_params_of(const model_params& p, uint32_t inputs, uint32_t actions, uint64_t seed) {
  motor_params m;
  m.inputs = inputs;
  m.actions = actions;
  m.motor_size = p.count("motor_size");
  m.w_init_min = 0.0;
  m.w_init_max = p.get("w_init");
  m.w_max = p.get("w_max");
  m.a_plus = p.get("a_plus");
  m.a_minus = p.get("a_minus");
  m.tau_e_ms = p.get("tau_e");
  m.gain = p.get("gain");
  m.inhibition = p.get("inhibition");
  m.seed = seed;
  return m;
}

std::vector<double> readout_weights(const simulator& sim, const motor_names& names) {
  std::vector<double> out;
  std::vector<float> w;
  const auto& all = sim.projection_names();
  for (const auto& name : names.readouts) {
    sim.read_weights(static_cast<size_t>(std::find(all.begin(), all.end(), name) - all.begin()), w);
    out.insert(out.end(), w.begin(), w.end());
  }
  return out;
}

void set_readout_weights(network_state& s, const motor_names& names, const std::vector<double>& w) {
  size_t k = 0;
  for (const auto& name : names.readouts)
    for (auto& t : s.projections)
      if (t.name == name)
        for (float& x : t.weight) x = static_cast<float>(w.at(k++));
  if (k != w.size()) throw internal_error("readout weights do not fit the network");
}

network motor_network(const motor_params& p) {
  if (p.inputs == 0 || p.actions < 2 || p.motor_size == 0)
    throw invalid_parameter("a motor network needs inputs, at least two actions and motor neurons");
  const motor_names names = motor_names_of(p.actions);
  network net;
  net.dt_ms = p.dt_ms;
  net.seed = p.seed;
  net.populations.push_back(poisson_source_population(names.input, std::vector<float>(p.inputs, 0.0f)));
  lif_params motor;  // NEST iaf_psc_delta's defaults: weights are jumps of v in mV
  motor.tau_syn = 0.0;
  motor.tau_m = 10.0;
  motor.v_rest = motor.v_reset = motor.v_init = -70.0;
  motor.v_thresh = -55.0;
  motor.t_ref = 2.0;
  for (uint32_t a = 0; a < p.actions; ++a) {
    net.populations.push_back(lif_population(names.motors[a], p.motor_size, motor));
    net.dopamine.push_back({names.channels[a], 0.0, p.dopamine_tau_ms});

    projection r;
    r.name = names.readouts[a];
    r.pre = names.input;
    r.post = names.motors[a];
    r.connect.type = connector::kind::all_to_all;
    r.weight = distribution::between(p.w_init_min, p.w_init_max);
    r.delay_ms = distribution::fixed(p.dt_ms);
    auto& c = r.plasticity;
    c.stdp.enabled = true;
    c.stdp.applies_to = stdp_rule::target::eligibility;
    c.stdp.a_plus = p.a_plus;
    c.stdp.a_minus = p.a_minus;
    c.stdp.tau_plus_ms = c.stdp.tau_minus_ms = p.tau_stdp_ms;
    c.rstdp.tau_e_ms = p.tau_e_ms;
    c.rstdp.dopamine = names.channels[a];
    c.rstdp.reference = 0.0;
    c.rstdp.gain = p.gain;
    c.w_min = 0.0;
    c.w_max = p.w_max;
    net.projections.push_back(r);

    input teacher;  // off until a task turns it on (simulator::set_input_amplitude)
    teacher.type = input::kind::current;
    teacher.population = names.motors[a];
    net.inputs.push_back(teacher);
  }
  for (uint32_t a = 0; a < p.actions; ++a)
    for (uint32_t b = 0; b < p.actions; ++b) {
      if (a == b || p.inhibition <= 0) continue;
      projection inh;
      inh.name = fmt::format("inhibit{}_{}", a, b);
      inh.pre = names.motors[a];
      inh.post = names.motors[b];
      inh.connect.type = connector::kind::all_to_all;
      inh.weight = distribution::fixed(p.inhibition);
      inh.delay_ms = distribution::fixed(p.dt_ms);
      inh.sign = transmitter::gaba;
      net.projections.push_back(inh);
    }
  return net;
}

}  // namespace engram::tasks
