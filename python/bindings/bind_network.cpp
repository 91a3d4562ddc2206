// The network description (engine/network.hpp): populations, projections, inputs and the network
// itself, field for field, with per-neuron and per-synapse arrays as numpy. Descriptions are plain
// values: what a list property returns is a copy (assign a whole list, or use Network.add_*).
#include <fmt/format.h>

#include "engine/network.hpp"
#include "python/bindings/bindings.hpp"

namespace engram::python {
namespace {

void set_spikes(population& p, py::handle neurons_in, py::handle times_in) {
  const auto neurons = indices_from<uint32_t>(neurons_in, "spikes neurons");
  const auto times = floats_from<double>(times_in, "spikes times_ms");
  if (neurons.size() != times.size()) throw py::value_error(fmt::format("spikes: {} neurons but {} times", neurons.size(), times.size()));
  p.spikes.clear();
  for (size_t k = 0; k < neurons.size(); ++k) p.spikes.emplace_back(neurons[k], times[k]);
}

void bind_populations(py::module_& m) {
  py::enum_<neuron_kind> kind(m, "NeuronKind");
  kind.value("izhikevich", neuron_kind::izhikevich)
      .value("lif", neuron_kind::lif)
      .value("poisson_source", neuron_kind::poisson_source)
      .value("spike_source", neuron_kind::spike_source)
      .value("lif_cond", neuron_kind::lif_cond);
  named_by_strings(kind);
  py::enum_<izhikevich_scheme> scheme(m, "IzhikevichScheme", "How a step of an Izhikevich neuron is integrated (docs/architecture.md).");
  scheme.value("substep", izhikevich_scheme::substep).value("published", izhikevich_scheme::published);
  named_by_strings(scheme);
  py::enum_<izhikevich_pattern> pattern(m, "IzhikevichPattern", "The firing patterns of Izhikevich 2003, Fig. 2.");
  pattern.value("RS", izhikevich_pattern::RS)
      .value("IB", izhikevich_pattern::IB)
      .value("CH", izhikevich_pattern::CH)
      .value("FS", izhikevich_pattern::FS)
      .value("LTS", izhikevich_pattern::LTS)
      .value("TC", izhikevich_pattern::TC)
      .value("RZ", izhikevich_pattern::RZ);
  named_by_strings(pattern);

  py::class_<izhikevich_params> izh(m, "IzhikevichParams", "Per-neuron a, b, c, d (float32 arrays of the population's size) and integration settings.");
  keyword_init<izhikevich_params>(izh);
  float_array_property(izh, "a", &izhikevich_params::a, "recovery time scale, per neuron");
  float_array_property(izh, "b", &izhikevich_params::b, "recovery sensitivity, per neuron");
  float_array_property(izh, "c", &izhikevich_params::c, "reset potential (mV), per neuron");
  float_array_property(izh, "d", &izhikevich_params::d, "recovery jump at a spike, per neuron");
  izh.def_readwrite("v_init", &izhikevich_params::v_init)
      .def_readwrite("v_peak", &izhikevich_params::v_peak)
      .def_readwrite("substeps", &izhikevich_params::substeps)
      .def_readwrite("scheme", &izhikevich_params::scheme);

  py::class_<lif_params> lif(m, "LifParams", "Current-based LIF (NEST iaf_psc_exp; tau_syn = 0: iaf_psc_delta). ms, mV, pA, pF.");
  keyword_init<lif_params>(lif);
  lif.def_readwrite("tau_m", &lif_params::tau_m)
      .def_readwrite("c_m", &lif_params::c_m)
      .def_readwrite("tau_syn", &lif_params::tau_syn)
      .def_readwrite("v_rest", &lif_params::v_rest)
      .def_readwrite("v_reset", &lif_params::v_reset)
      .def_readwrite("v_thresh", &lif_params::v_thresh)
      .def_readwrite("t_ref", &lif_params::t_ref)
      .def_readwrite("i_bias", &lif_params::i_bias)
      .def_readwrite("v_init", &lif_params::v_init)
      .def_readwrite("v_init_range", &lif_params::v_init_range);

  py::class_<lif_cond_params> cond(m, "LifCondParams", "Conductance-based LIF (NEST iaf_cond_exp; Diehl & Cook 2015). ms, mV, nS, pA, pF.");
  keyword_init<lif_cond_params>(cond);
  cond.def_readwrite("c_m", &lif_cond_params::c_m)
      .def_readwrite("g_leak", &lif_cond_params::g_leak)
      .def_readwrite("e_leak", &lif_cond_params::e_leak)
      .def_readwrite("e_exc", &lif_cond_params::e_exc)
      .def_readwrite("e_inh", &lif_cond_params::e_inh)
      .def_readwrite("tau_exc", &lif_cond_params::tau_exc)
      .def_readwrite("tau_inh", &lif_cond_params::tau_inh)
      .def_readwrite("v_reset", &lif_cond_params::v_reset)
      .def_readwrite("v_thresh", &lif_cond_params::v_thresh)
      .def_readwrite("t_ref", &lif_cond_params::t_ref)
      .def_readwrite("t_lockout", &lif_cond_params::t_lockout)
      .def_readwrite("i_bias", &lif_cond_params::i_bias)
      .def_readwrite("v_init", &lif_cond_params::v_init);

  py::class_<population> pop(m, "Population", "A population (engram::population): name, size, kind and the kind's parameters.");
  keyword_init<population>(pop);
  pop.def_readwrite("name", &population::name)
      .def_readwrite("size", &population::size)
      .def_readwrite("kind", &population::kind)
      .def_readwrite("izhikevich", &population::izhikevich)
      .def_readwrite("lif", &population::lif)
      .def_readwrite("lif_cond", &population::lif_cond)
      .def_readwrite("homeostasis", &population::homeostasis)
      .def_property(
          "shape", [](const population& p) { return name_of(p.shape); },
          [](population& p, const std::string& name) { p.shape = parse_morphology(name); },
          "dendritic template: none, pyramidal, interneuron or stellate (docs/rhythms.md#dendrites)");
  float_array_property(pop, "rates_hz", &population::rates_hz, "poisson_source: one rate per neuron (Hz)");
  pop.def_property(
      "spikes",
      [](const population& p) {
        std::vector<uint32_t> neurons;
        std::vector<double> times;
        for (const auto& [n, t] : p.spikes) neurons.push_back(n), times.push_back(t);
        return py::make_tuple(copy_to_numpy(neurons), copy_to_numpy(times));
      },
      [](population& p, const py::tuple& spikes) {
        if (spikes.size() != 2) throw py::value_error("spikes: expected (neurons, times_ms)");
        set_spikes(p, spikes[0], spikes[1]);
      },
      "spike_source: (neurons, times_ms), two arrays of equal length (local indices, ms)");
  pop.def("__repr__", [](const population& p) {
    return fmt::format("Population('{}', {} x {})", p.name, p.size, py::str(py::cast(p.kind)).cast<std::string>());
  });

  m.def("izhikevich_population", &izhikevich_population, py::arg("name"), py::arg("size"), py::arg("pattern") = izhikevich_pattern::RS,
        "Izhikevich neurons of one firing pattern ('RS', 'FS', ...): a, b, c, d the pattern's for every neuron.");
  m.def("lif_population", &lif_population, py::arg("name"), py::arg("size"), py::arg("params") = lif_params{});
  m.def("lif_cond_population", &lif_cond_population, py::arg("name"), py::arg("size"), py::arg("params") = lif_cond_params{});
  m.def(
      "poisson_source_population",
      [](const std::string& name, py::handle rates) { return poisson_source_population(name, floats_from<float>(rates, "rates_hz")); },
      py::arg("name"), py::arg("rates_hz"), "Poisson sources, one per rate (Hz).");
  m.def(
      "spike_source_population",
      [](const std::string& name, uint32_t size, py::handle neurons, py::handle times) {
        population p = spike_source_population(name, size, {});
        set_spikes(p, neurons, times);
        return p;
      },
      py::arg("name"), py::arg("size"), py::arg("neurons"), py::arg("times_ms"),
      "Sources that fire the given spikes: neurons[k] (local index) at times_ms[k].");
  m.def(
      "rate_encoder",
      [](const std::string& name, py::handle values, double max_rate_hz, uint32_t per_value) {
        return rate_encoder(name, floats_from<float>(values, "values"), max_rate_hz, per_value);
      },
      py::arg("name"), py::arg("values"), py::arg("max_rate_hz"), py::arg("neurons_per_value") = 1,
      "Poisson sources at values in [0, 1] times max_rate_hz, each value on a block of neurons_per_value sources.");
  m.def(
      "pattern_parameters",
      [](izhikevich_pattern p) {
        const izhikevich_abcd x = pattern_parameters(p);
        return py::make_tuple(x.a, x.b, x.c, x.d);
      },
      py::arg("pattern"), "(a, b, c, d) of an Izhikevich firing pattern.");
}

void bind_projections(py::module_& m) {
  py::enum_<transmitter> tx(m, "Transmitter", "Gives a projection's sign and modulation (docs/plasticity.md).");
  tx.value("glutamate", transmitter::glutamate)
      .value("gaba", transmitter::gaba)
      .value("dopamine", transmitter::dopamine)
      .value("serotonin", transmitter::serotonin)
      .value("acetylcholine", transmitter::acetylcholine);
  named_by_strings(tx);

  py::class_<connector> c(m, "Connector", "Which pairs are connected (engram::connector); explicit lists are local indices.");
  py::enum_<connector::kind> ck(c, "Kind");
  ck.value("all_to_all", connector::kind::all_to_all)
      .value("one_to_one", connector::kind::one_to_one)
      .value("fixed_probability", connector::kind::fixed_probability)
      .value("fixed_indegree", connector::kind::fixed_indegree)
      .value("fixed_outdegree", connector::kind::fixed_outdegree)
      .value("explicit_list", connector::kind::explicit_list)
      .value("fixed_total_number", connector::kind::fixed_total_number)
      .value("gaussian_distance", connector::kind::gaussian_distance);
  named_by_strings(ck);
  keyword_init<connector>(c);
  c.def_readwrite("type", &connector::type)
      .def_readwrite("probability", &connector::probability)
      .def_readwrite("sigma", &connector::sigma)
      .def_readwrite("periodic", &connector::periodic)
      .def_readwrite("degree", &connector::degree)
      .def_readwrite("total", &connector::total)
      .def_readwrite("autapses", &connector::autapses);
  index_array_property(c, "pre", &connector::pre, "explicit_list: presynaptic neurons (local indices)");
  index_array_property(c, "post", &connector::post, "explicit_list: postsynaptic neurons (local indices)");
  float_array_property(c, "weights", &connector::weights, "explicit_list: weight magnitudes (empty: drawn from the projection's weight)");
  index_array_property(c, "delays", &connector::delays, "explicit_list: delays in steps, [1, 255] (empty: drawn)");

  py::class_<distribution> d(m, "Distribution", "A value drawn per synapse (engram::distribution); bounds are required.");
  py::enum_<distribution::kind> dk(d, "Kind");
  dk.value("constant", distribution::kind::constant)
      .value("uniform", distribution::kind::uniform)
      .value("row_spread", distribution::kind::row_spread)
      .value("normal", distribution::kind::normal)
      .value("lognormal", distribution::kind::lognormal);
  named_by_strings(dk);
  keyword_init<distribution>(d);
  d.def_readwrite("type", &distribution::type)
      .def_readwrite("low", &distribution::low)
      .def_readwrite("high", &distribution::high)
      .def_readwrite("mu", &distribution::mu)
      .def_readwrite("sigma", &distribution::sigma)
      .def_static("fixed", &distribution::fixed, py::arg("value"), "every synapse the same value")
      .def_static("between", &distribution::between, py::arg("low"), py::arg("high"), "uniform in [low, high] (integer steps for delays)")
      .def_static("spread", &distribution::spread, py::arg("low"), py::arg("high"), "spread evenly over each row (Izhikevich 2006 delays)")
      .def_static("normal", &distribution::normal, py::arg("mean"), py::arg("sd"), py::arg("low"), py::arg("high"),
                  "normal, redrawn until inside [low, high]")
      .def_static("lognormal", &distribution::lognormal, py::arg("mu"), py::arg("sigma"), py::arg("low"), py::arg("high"),
                  "e^(mu + sigma N), redrawn until inside [low, high]")
      .def("__repr__", [](const distribution& x) {
        return fmt::format("Distribution({}, low={}, high={}, mu={}, sigma={})", py::str(py::cast(x.type)).cast<std::string>(), x.low,
                           x.high, x.mu, x.sigma);
      });
  py::implicitly_convertible<py::float_, distribution>();  // a number is a constant
  py::implicitly_convertible<py::int_, distribution>();
  d.def(py::init([](double v) { return distribution::fixed(v); }), py::arg("value"), "A constant.");

  py::class_<projection> p(m, "Projection", "Synapses from one population to another (engram::projection).");
  keyword_init<projection>(p);
  p.def_readwrite("name", &projection::name)
      .def_readwrite("pre", &projection::pre)
      .def_readwrite("post", &projection::post)
      .def_readwrite("connect", &projection::connect)
      .def_readwrite("weight", &projection::weight, "weight magnitude; the transmitter gives the sign")
      .def_readwrite("delay_ms", &projection::delay_ms)
      .def_readwrite("sign", &projection::sign, "the transmitter")
      .def_readwrite("plasticity", &projection::plasticity)
      .def_property(
          "compartments",
          [](const projection& p) {
            std::vector<std::string> names;
            for (compartment c : p.compartments) names.push_back(name_of(c));
            return names;
          },
          [](projection& p, const std::vector<std::string>& names) {
            p.compartments.clear();
            for (const auto& n : names) p.compartments.push_back(parse_compartment(n));
          },
          "compartments of the post morphology its synapses land on: soma, proximal, distal, apical")
      .def("__repr__", [](const projection& x) { return fmt::format("Projection('{}', '{}' -> '{}')", x.name, x.pre, x.post); });
}

void bind_inputs(py::module_& m) {
  py::class_<input> in(m, "Input", "A direct input (engram::input): current, noise, Poisson events, random pulses, uniform noise.");
  py::enum_<input::kind> kind(in, "Kind");
  kind.value("current", input::kind::current)
      .value("noise", input::kind::noise)
      .value("poisson", input::kind::poisson)
      .value("random_pulse", input::kind::random_pulse)
      .value("uniform_noise", input::kind::uniform_noise)
      .value("oscillation", input::kind::oscillation);
  named_by_strings(kind);
  py::class_<oscillation_drive> osc(m, "OscillationDrive", "An oscillation input's rhythm (docs/rhythms.md).");
  keyword_init<oscillation_drive>(osc);
  osc.def_readwrite("frequency_hz", &oscillation_drive::frequency_hz)
      .def_readwrite("phase_rad", &oscillation_drive::phase_rad, "phase at t = 0 when locked")
      .def_readwrite("locked", &oscillation_drive::locked, "False: the phase at t = 0 is drawn from the seed")
      .def_readwrite("envelope_input", &oscillation_drive::envelope_input, "index of the modulating oscillation input; -1 none")
      .def_readwrite("envelope_depth", &oscillation_drive::envelope_depth, "in [0, 1]")
      .def_readwrite("preferred_rad", &oscillation_drive::preferred_rad, "phase of the modulating rhythm at which the amplitude peaks");
  m.def("band_frequency_hz", &band_frequency_hz, "delta 2, theta 6, alpha 10, beta 20, gamma 40 Hz");
  keyword_init<input>(in);
  in.def_readwrite("type", &input::type)
      .def_readwrite("population", &input::population, "'' : the whole network")
      .def_readwrite("first", &input::first)
      .def_readwrite("count", &input::count, "neurons from `first` (default: all)")
      .def_readwrite("amplitude", &input::amplitude)
      .def_readwrite("start_ms", &input::start_ms)
      .def_readwrite("stop_ms", &input::stop_ms)
      .def_readwrite("mean", &input::mean)
      .def_readwrite("sd", &input::sd)
      .def_readwrite("rate_hz", &input::rate_hz)
      .def_readwrite("weight", &input::weight)
      .def_readwrite("pulses_per_step", &input::pulses_per_step)
      .def_readwrite("oscillation", &input::oscillation, "kind 'oscillation': mean + amplitude sin(phase) envelope");
}

void bind_network_class(py::module_& m) {
  // dynamic_attr: engram.model() records the model's name and parameters on the network it returns,
  // and a Simulator writes them into its snapshots.
  py::class_<network> net(m, "Network", py::dynamic_attr(),
                          "What is simulated (engram::network). List properties return copies: build with add_population, "
                          "add_projection and add_input, or assign a whole list.");
  keyword_init<network>(net);
  net.def_readwrite("dt_ms", &network::dt_ms)
      .def_readwrite("seed", &network::seed)
      .def_readwrite("populations", &network::populations)
      .def_readwrite("projections", &network::projections)
      .def_readwrite("inputs", &network::inputs)
      .def_readwrite("dopamine", &network::dopamine, "extra or redefined dopamine channels")
      .def_readwrite("contingencies", &network::contingencies, "closed-loop rewards")
      .def("add_population", [](network& n, const population& p) { n.populations.push_back(p); }, py::arg("population"))
      .def("add_projection", [](network& n, const projection& p) { n.projections.push_back(p); }, py::arg("projection"))
      .def("add_input", [](network& n, const input& i) { n.inputs.push_back(i); return n.inputs.size() - 1; }, py::arg("input"),
           "Appends an input; returns its index (what Simulator.set_input_amplitude takes).")
      .def("add_dopamine_channel", [](network& n, const dopamine_channel& c) { n.dopamine.push_back(c); }, py::arg("channel"))
      .def("add_contingency", [](network& n, const reward_contingency& c) { n.contingencies.push_back(c); }, py::arg("contingency"))
      .def("validate", &network::validate, "Raises engram.InvalidNetwork naming the first problem found.")
      .def("neuron_count", &network::neuron_count)
      .def("population_index", &network::population_index, py::arg("name"), "-1 if absent")
      .def("__repr__", [](const network& n) {
        return fmt::format("Network({} populations, {} neurons, {} projections, {} inputs, dt {} ms, seed {})", n.populations.size(),
                           n.neuron_count(), n.projections.size(), n.inputs.size(), n.dt_ms, n.seed);
      });
}

}  // namespace

void bind_network(py::module_& m) {
  bind_populations(m);
  bind_projections(m);
  bind_inputs(m);
  bind_network_class(m);
}

}  // namespace engram::python
