// engram.Simulator: building a network on a backend, running it, the experiment and plasticity
// APIs, and snapshots (host/io/snapshot.hpp) that resume exactly as `engram resume` does. The
// numpy views of the state are in bind_state.cpp.
#include <cmath>
#include <fmt/format.h>

#include "engine/errors.hpp"
#include "engine/limits.hpp"
#include "engine/plasticity_layout.hpp"
#include "host/run_loop.hpp"
#include "kernels/backend_factory.hpp"
#include "python/bindings/simulator_handle.hpp"

namespace engram::python {
namespace {

backend_options options_for(int threads, bool needs_plasticity) {
  if (threads < 0) throw invalid_parameter(fmt::format("threads must be >= 0 (0: OpenMP's default), got {}", threads));
  backend_options o;
  o.threads = threads;
  o.needs_plasticity = needs_plasticity;
  return o;
}

// The model name and parameters engram.model() left on a network, for the snapshot.
snapshot_info info_of(const py::object& net) {
  snapshot_info info;
  if (py::hasattr(net, "model_name")) info.model = net.attr("model_name").cast<std::string>();
  if (py::hasattr(net, "model_parameters"))
    for (const auto& [k, v] : net.attr("model_parameters").cast<py::dict>())
      info.parameters.emplace_back(k.cast<std::string>(), v.cast<double>());
  return info;
}

uint64_t steps_for(const simulator& s, double duration_ms) {
  if (!std::isfinite(duration_ms) || duration_ms < 0)
    throw invalid_parameter(fmt::format("duration must be a finite number of ms >= 0, got {}", duration_ms));
  const double steps = std::round(duration_ms / s.dt_ms());
  if (steps > static_cast<double>(limits::max_run_steps))
    throw invalid_parameter(fmt::format("{} ms is {:.4g} steps of {} ms; at most {} (2^36) per call", duration_ms, steps, s.dt_ms(),
                                        limits::max_run_steps));
  return static_cast<uint64_t>(steps);
}

py::dict summary_dict(const run_summary& r) {
  py::dict d;
  d["steps"] = r.steps;
  d["simulated_s"] = r.simulated_s;
  d["wall_s"] = r.wall_s;
  d["rtf"] = r.rtf;
  d["spikes"] = r.spikes;
  d["synaptic_events"] = r.synaptic_events;
  d["dominant_frequency_hz"] = r.dominant_frequency_hz;
  py::dict rates;
  for (const auto& p : r.populations) rates[py::str(p.name)] = p.rate_hz;
  d["rates_hz"] = rates;
  return d;
}

py::dict run_for(simulator_handle& h, uint64_t steps, bool progress) {
  run_options o;
  o.steps = steps;
  o.progress = progress;
  run_summary r;
  {
    py::gil_scoped_release release;  // other Python threads run meanwhile; nothing here touches Python
    r = run(*h.sim, o, {[&h](const spike_record& batch) { h.keep(batch); }});
  }
  return summary_dict(r);
}

std::vector<std::string> names_from(py::handle names) {
  if (py::isinstance<py::str>(names)) return {names.cast<std::string>()};
  return names.cast<std::vector<std::string>>();
}

py::dict population_dict(const population_range& p) {
  py::dict d;
  d["name"] = p.name;
  d["first"] = p.first;
  d["size"] = p.size;
  d["kind"] = py::cast(p.kind);
  return d;
}

}  // namespace

size_t projection_of(const simulator& s, py::handle projection) {
  if (py::isinstance<py::str>(projection)) return s.projection_index(projection.cast<std::string>());
  const auto index = projection.cast<int64_t>();
  if (index < 0 || static_cast<size_t>(index) >= s.projection_names().size())
    throw invalid_parameter(fmt::format("projection {} out of range ({} projections)", index, s.projection_names().size()));
  return static_cast<size_t>(index);
}

void bind_simulator(py::module_& m) {
  py::class_<simulator_handle> cls(m, "Simulator", R"(A network built on a backend (engram::simulator).

Simulator(network, backend="auto", threads=0): backend "cpu", "cuda" or "auto" (CUDA when a device
can run the network, else the CPU); threads: OpenMP threads of the CPU backend (0: OpenMP's
default). Results are bit-identical whatever the backend and thread count.

State comes back as numpy arrays: on the CPU backend they are read-only views of the state itself
(no copy; they change as the simulation runs, so keep .copy() of a value you want to keep); on
the CUDA backend they are copies.)");

  cls.def(py::init([](const py::object& net_obj, const std::string& backend, int threads) {
            const network& net = net_obj.cast<const network&>();
            auto h = std::make_unique<simulator_handle>();
            h->info = info_of(net_obj);
            auto b = make_backend(parse_backend_kind(backend), options_for(threads, network_needs_plasticity(net)));
            h->sim = std::make_unique<simulator>(net, std::move(b));
            return h;
          }),
          py::arg("network"), py::arg("backend") = "auto", py::arg("threads") = 0,
          "Validates the network (engram.InvalidNetwork names the first problem) and builds it on the backend.");
  cls.def_static(
      "load",
      [](const std::string& path, const std::string& backend, int threads) {
        auto h = std::make_unique<simulator_handle>();
        network_state state = read_snapshot(path, &h->info);
        auto b = make_backend(parse_backend_kind(backend), options_for(threads, state.plasticity.active()));
        h->sim = std::make_unique<simulator>(std::move(state), std::move(b));
        return h;
      },
      py::arg("path"), py::arg("backend") = "auto", py::arg("threads") = 0,
      "A simulator continuing from a snapshot (Simulator.save or `engram run --snapshot`), exactly where it stopped: "
      "as `engram resume` does. Raises engram.Error for a missing, damaged or foreign file.");
  cls.def(
      "save",
      [](simulator_handle& h, const std::string& path) {
        const network_state state = h.sim->export_state();
        write_snapshot(path, state, h.info);
      },
      py::arg("path"),
      "Writes an HDF5 snapshot (docs/hdf5-schema.md) atomically: everything the next step reads. Recorded spikes and "
      "spike counts are observations, not state, and are not in it.");

  cls.def("run", [](simulator_handle& h, double ms, bool progress) { return run_for(h, steps_for(*h.sim, ms), progress); },
          py::arg("duration_ms"), py::arg("progress") = false,
          "Simulates duration_ms (rounded to whole steps) and returns a summary dict (steps, wall_s, rtf, spikes, "
          "rates_hz per population, ...). Spikes are kept for spikes(). progress: a progress line on stderr for long runs.");
  cls.def("run_steps", [](simulator_handle& h, uint64_t n, bool progress) { return run_for(h, n, progress); }, py::arg("steps"),
          py::arg("progress") = false, "As run(), in steps.");
  cls.def(
      "step",
      [](simulator_handle& h) {
        h.sim->step();
        if (h.sim->current_step() % 1000 == 0) h.drain();  // the backend's record buffer stays small
      },
      "One step; the state can be read between steps.");

  cls.def_property_readonly("current_step", [](const simulator_handle& h) { return h.sim->current_step(); }, "the next step to simulate");
  cls.def_property_readonly("time_ms", [](const simulator_handle& h) { return h.sim->time_ms(); });
  cls.def_property_readonly("dt_ms", [](const simulator_handle& h) { return h.sim->dt_ms(); });
  cls.def_property_readonly("neuron_count", [](const simulator_handle& h) { return h.sim->neuron_count(); });
  cls.def_property_readonly("synapse_count", [](const simulator_handle& h) { return h.sim->synapse_count(); });
  cls.def_property_readonly("spikes_total", [](const simulator_handle& h) { return h.sim->spikes_total(); },
                            "spikes since the simulator was made (recorded or not)");
  cls.def_property_readonly("backend", [](const simulator_handle& h) { return h.sim->backend_ref().name(); });
  cls.def_property_readonly("device", [](const simulator_handle& h) { return h.sim->backend_ref().device(); });
  cls.def_property_readonly("plastic", [](const simulator_handle& h) { return h.sim->plastic(); }, "does a step run the plasticity phase?");
  cls.def_property_readonly("model", [](const simulator_handle& h) { return h.info.model; },
                            "the registry model it was built from ('' for a network built in Python)");
  cls.def_property_readonly("parameters", [](const simulator_handle& h) {
    py::dict d;
    for (const auto& [k, v] : h.info.parameters) d[py::str(k)] = v;
    return d;
  }, "the model's parameters, as in snapshots");
  cls.def_property(
      "recording", [](const simulator_handle& h) { return h.recording; },
      [](simulator_handle& h, bool on) {
        h.sim->set_recording(on);
        h.recording = on;
      },
      "whether steps record spikes for spikes() (default True); spike counts and spikes_total run either way");
  cls.def_property_readonly("population_names", [](const simulator_handle& h) {
    std::vector<std::string> names;
    for (const auto& p : h.sim->populations()) names.push_back(p.name);
    return names;
  });
  cls.def_property_readonly("projection_names", [](const simulator_handle& h) { return h.sim->projection_names(); });
  cls.def_property_readonly("dopamine_channels", [](const simulator_handle& h) { return h.sim->dopamine_channels(); },
                            "names of the dopamine channels ('' is the global one)");
  cls.def("population", [](const simulator_handle& h, const std::string& name) { return population_dict(h.sim->population_named(name)); },
          py::arg("name"), "{'name', 'first', 'size', 'kind'}: the population's range of global neuron ids.");

  // The experiment API (docs/experiments.md).
  cls.def("set_rates", [](simulator_handle& h, const std::string& pop, py::handle rates) {
    h.sim->set_rates(pop, floats_from<float>(rates, "rates_hz"));
  }, py::arg("population"), py::arg("rates_hz"), "New rates (Hz, one per neuron) of a poisson_source population, from the next step.");
  cls.def("set_input_amplitude", [](simulator_handle& h, size_t input, double a) { h.sim->set_input_amplitude(input, a); },
          py::arg("input"), py::arg("amplitude"),
          "New amplitude of network.inputs[input]: a current's pA (0: off), uniform noise's width, a random pulse's current.");
  cls.def("reset", [](simulator_handle& h, py::handle pops) { h.sim->reset(names_from(pops)); }, py::arg("populations"),
          "Dynamic state of the populations (a name or a list) back to rest; weights and learned thresholds stay.");
  cls.def("take_spike_counts", [](simulator_handle& h, const std::string& pop) { return copy_to_numpy(h.sim->take_spike_counts(pop)); },
          py::arg("population"), "Spikes per neuron (uint32) since the counts were last taken; taking clears them.");
  cls.def("clear_eligibility", [](simulator_handle& h, py::handle projections) { h.sim->clear_eligibility(names_from(projections)); },
          py::arg("projections"), "Eligibility traces of R-STDP projections (a name or a list) back to 0.");
  cls.def("reset_dopamine", [](simulator_handle& h, py::handle channels) { h.sim->reset_dopamine(names_from(channels)); },
          py::arg("channels"), "Dopamine channels (a name or a list; '' is the global one) back to their baseline.");
  cls.def("lesion", [](simulator_handle& h, const std::string& pop, py::handle neurons) {
    h.sim->lesion(pop, indices_from<uint32_t>(neurons, "neurons"));
  }, py::arg("population"), py::arg("neurons"), "Every synapse in or out of the neurons (local indices) set to weight 0.");

  // Plasticity (docs/plasticity.md).
  cls.def("reward", [](simulator_handle& h, double amount, const std::string& channel) { h.sim->reward(amount, channel); },
          py::arg("amount"), py::arg("channel") = "", "Adds dopamine to a channel ('' is the global one) before the next step.");
  cls.def("punish", [](simulator_handle& h, double amount, const std::string& channel) { h.sim->punish(amount, channel); },
          py::arg("amount"), py::arg("channel") = "", "Removes dopamine: reward(-amount).");
  cls.def("freeze", [](simulator_handle& h, const std::string& p) { h.sim->freeze(p); }, py::arg("projection"),
          "Stops every weight change of a plastic projection; traces keep running.");
  cls.def("unfreeze", [](simulator_handle& h, const std::string& p) { h.sim->unfreeze(p); }, py::arg("projection"));
  cls.def("consolidate", [](simulator_handle& h, py::handle projections) { h.sim->consolidate(names_from(projections)); },
          py::arg("projections"), "Selective plasticity: the importance gathered so far becomes each synapse's gate.");
  cls.def("set_surprise", [](simulator_handle& h, const std::string& p, double s) { h.sim->set_surprise(p, s); },
          py::arg("projection"), py::arg("surprise"), "Selective plasticity: 0..1, how far plasticity is reopened.");

  bind_state(cls);
}

}  // namespace engram::python
