// Every neuron model, source and input on both backends: LIF with currents, noise and Poisson
// events, Izhikevich, Poisson and spike sources, random pulses on part of the network.
#include "tests/catch.hpp"
#include "tests/gpu/gpu_compare.hpp"

using namespace engram;
using namespace engram::gpu_test;

namespace {

projection connect(const std::string& name, const std::string& pre, const std::string& post, connector::kind type,
                   double p_or_degree, distribution weight, distribution delay, transmitter sign = transmitter::glutamate) {
  projection pr;
  pr.name = name;
  pr.pre = pre;
  pr.post = post;
  pr.connect.type = type;
  pr.connect.probability = p_or_degree;
  pr.connect.degree = static_cast<uint32_t>(p_or_degree);
  pr.weight = weight;
  pr.delay_ms = delay;
  pr.sign = sign;
  return pr;
}

input make_input(input::kind type, const std::string& population) {
  input in;
  in.type = type;
  in.population = population;
  return in;
}

network mixed_network(double dt_ms) {
  network net;
  net.dt_ms = dt_ms;
  net.seed = 99;
  lif_params lp;
  lp.i_bias = 250.0;
  net.populations.push_back(lif_population("lif", 400, lp));
  net.populations.push_back(izhikevich_population("izh", 300, izhikevich_pattern::RS));
  std::vector<float> rates(150);
  for (size_t i = 0; i < rates.size(); ++i) rates[i] = 5.0f + static_cast<float>(i % 40);
  net.populations.push_back(poisson_source_population("poisson", rates));
  std::vector<std::pair<uint32_t, double>> spikes;
  for (uint32_t k = 0; k < 3000; ++k) spikes.emplace_back((k * 37u) % 60, dt_ms * ((k * 13u) % 900));
  spikes.emplace_back(3, 10 * dt_ms);  // duplicates collapse to one spike
  spikes.emplace_back(3, 10 * dt_ms);
  net.populations.push_back(spike_source_population("sources", 60, spikes));

  using ck = connector::kind;
  net.projections.push_back(connect("poisson_lif", "poisson", "lif", ck::fixed_probability, 0.1,
                                    distribution::between(20, 60), distribution::between(dt_ms, 8 * dt_ms)));
  net.projections.push_back(connect("sources_izh", "sources", "izh", ck::fixed_outdegree, 20, distribution::fixed(4),
                                    distribution::fixed(2 * dt_ms)));
  net.projections.push_back(connect("izh_lif", "izh", "lif", ck::fixed_indegree, 15, distribution::between(10, 40),
                                    distribution::spread(dt_ms, 12 * dt_ms)));
  net.projections.push_back(connect("lif_izh", "lif", "izh", ck::fixed_probability, 0.05, distribution::between(0.5, 3),
                                    distribution::fixed(dt_ms), transmitter::gaba));
  net.projections.push_back(connect("izh_izh", "izh", "izh", ck::fixed_probability, 0.1, distribution::between(0, 2),
                                    distribution::between(dt_ms, 5 * dt_ms)));

  input current = make_input(input::kind::current, "lif");
  current.amplitude = 120.0;
  current.start_ms = 20 * dt_ms;
  current.stop_ms = 600 * dt_ms;
  current.first = 50;
  current.count = 200;
  input noise = make_input(input::kind::noise, "lif");
  noise.mean = 30.0;
  noise.sd = 80.0;
  input poisson = make_input(input::kind::poisson, "lif");
  poisson.rate_hz = 800.0;
  poisson.weight = 35.0;
  poisson.first = 100;
  input izh_noise = make_input(input::kind::noise, "izh");
  izh_noise.sd = 4.0;
  input pulses = make_input(input::kind::random_pulse, "izh");
  pulses.amplitude = 9.0;
  pulses.pulses_per_step = 40;  // several pulses often hit one neuron in a step
  pulses.first = 10;
  pulses.count = 50;
  input more_pulses = make_input(input::kind::random_pulse, "lif");
  more_pulses.amplitude = 300.0;
  more_pulses.pulses_per_step = 3;
  input late_current = make_input(input::kind::current, "izh");  // after the pulses in input order
  late_current.amplitude = 0.3;
  input izh_uniform = make_input(input::kind::uniform_noise, "izh");
  izh_uniform.amplitude = 13.0;
  izh_uniform.first = 30;
  net.inputs = {current, noise, pulses, poisson, izh_noise, more_pulses, late_current, izh_uniform};
  return net;
}

}  // namespace

TEST_CASE("mixed network of every neuron kind and input: CPU and CUDA agree", "[gpu][identity]") {
  for (double dt : {0.1, 0.5}) {
    INFO("dt " << dt);
    const network net = mixed_network(dt);
    const outcome cpu = simulate(net, backend_kind::cpu, 3000, 700);
    const outcome gpu = simulate(net, backend_kind::cuda, 3000, 700);
    INFO("first divergence: " << difference(cpu, gpu));
    REQUIRE(cpu.spikes.size() > 1000);
    CHECK(difference(cpu, gpu).empty());
  }
}

TEST_CASE("an input on the whole network with many pulses per step", "[gpu][identity]") {
  network net = model("polychronization", 5);
  net.inputs[0].pulses_per_step = 300;
  input noise;
  noise.type = input::kind::noise;
  noise.sd = 2.0;
  net.inputs.push_back(noise);
  const outcome cpu = simulate(net, backend_kind::cpu, 500), gpu = simulate(net, backend_kind::cuda, 500);
  INFO("first divergence: " << difference(cpu, gpu));
  CHECK(difference(cpu, gpu).empty());
}
