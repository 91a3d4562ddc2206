#include "tests/helpers.hpp"

#include <array>
#include <cstdio>
#include <filesystem>
#include <sys/wait.h>

namespace engram::test {

command_result run_command(const std::string& command) {
  command_result r{-1, {}};
  FILE* pipe = popen((command + " 2>&1").c_str(), "r");
  if (!pipe) return r;
  std::array<char, 4096> buf;
  size_t n;
  while ((n = fread(buf.data(), 1, buf.size(), pipe)) > 0) r.output.append(buf.data(), n);
  const int status = pclose(pipe);
  r.exit_code = WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
  return r;
}

std::string temp_path(const std::string& name) {
  std::filesystem::create_directories(ENGRAM_TEST_TMP);
  return std::string(ENGRAM_TEST_TMP) + "/" + name;
}

network mixed_network(const mixed_spec& spec) {
  network net;
  net.dt_ms = 0.5;
  net.seed = spec.seed;
  net.populations.push_back(poisson_source_population("poisson", std::vector<float>(spec.poisson, 40.0f)));
  net.populations.push_back(spike_source("cue", spec.cue, spec.cue_spikes));
  lif_params l;
  if (spec.lif_tau_syn >= 0) l.tau_syn = spec.lif_tau_syn;
  net.populations.push_back(lif_population("lif", spec.lif, l));
  net.populations.push_back(izhikevich_population("izh", spec.izh, izhikevich_pattern::CH));
  auto connect = [&](const char* pre, const char* post, double w, transmitter t) {
    projection pr;
    pr.name = std::string(pre) + "_" + post;
    pr.pre = pre;
    pr.post = post;
    pr.connect.type = connector::kind::fixed_probability;
    pr.connect.probability = 0.3;
    pr.weight = distribution::between(0.2 * w, w);
    pr.delay_ms = distribution::between(spec.delay_low_ms, spec.delay_high_ms);
    pr.sign = t;
    net.projections.push_back(pr);
  };
  connect("poisson", "lif", 300, transmitter::glutamate);
  connect("cue", "izh", 20, transmitter::glutamate);
  connect("lif", "izh", 5, transmitter::glutamate);
  connect("izh", "lif", 200, transmitter::gaba);
  input noise, events, pulses, step;
  noise.type = input::kind::noise;
  noise.population = "izh";
  noise.mean = 3;
  noise.sd = 4;
  events.type = input::kind::poisson;
  events.population = "lif";
  events.rate_hz = 300;
  events.weight = 150;
  pulses.type = input::kind::random_pulse;
  pulses.population = "izh";
  pulses.amplitude = 15;
  pulses.pulses_per_step = 2;
  step.type = input::kind::current;
  step.population = "lif";
  step.amplitude = 200;
  step.start_ms = spec.step_start_ms;
  step.stop_ms = spec.step_stop_ms;
  net.inputs = {noise, events, pulses, step};
  return net;
}

// A dense recurrent network with STDP, per-synapse delays, noise, and growth: random grow/prune
// sequences for the identity and consistency checks.
network growing_network(double interval_ms) {
  network net;
  net.seed = 5;
  net.growth_interval_ms = interval_ms;
  net.populations.push_back(izhikevich_population("exc", 120, izhikevich_pattern::RS));
  input noise;
  noise.type = input::kind::noise;
  noise.population = "exc";
  noise.mean = 3.0;
  noise.sd = 5.0;
  net.inputs.push_back(noise);
  projection rec;
  rec.name = "rec";
  rec.pre = rec.post = "exc";
  rec.connect.type = connector::kind::fixed_probability;
  rec.connect.probability = 0.08;
  rec.weight = distribution::between(0.0, 2.0);
  rec.delay_ms = distribution::between(1.0, 8.0);
  rec.plasticity.stdp.enabled = true;
  rec.plasticity.stdp.a_plus = 0.05;
  rec.plasticity.stdp.a_minus = 0.06;
  rec.plasticity.w_max = 4.0;
  rec.growth.enabled = true;
  rec.growth.prune_min_age_ms = 100;
  rec.growth.prune_max_weight = 0.5;
  rec.growth.prune_max_rate_hz = 6.0;
  rec.growth.form_min_rate_hz = 4.0;
  rec.growth.form_max_per_phase = 8;
  rec.growth.weight_low = 0.2;
  rec.growth.weight_high = 1.0;
  net.projections.push_back(rec);
  return net;
}

}  // namespace engram::test
