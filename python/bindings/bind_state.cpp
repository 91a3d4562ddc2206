// Reading and writing a simulator's state from Python: spikes, weights, membranes, traces. Where
// the backend keeps its state in host memory (the CPU), arrays are read-only views of it, owned by
// the Simulator (no copy); elsewhere (CUDA) they are copies made through the backend.
#include <fmt/format.h>

#include "engine/errors.hpp"
#include "python/bindings/simulator_handle.hpp"

namespace engram::python {
namespace {

// A read-only numpy view of host memory that keeps `owner` (the Simulator) alive.
template <class T>
py::array view_of(const T* data, std::vector<py::ssize_t> shape, py::handle owner) {
  py::array_t<T> a(std::move(shape), data, owner);
  a.attr("setflags")(py::arg("write") = false);
  return a;
}
template <class T>
py::array view_of(const std::vector<T>& v, py::handle owner) {
  return view_of(v.data(), {static_cast<py::ssize_t>(v.size())}, owner);
}

const network_state* resident(const simulator_handle& h) { return h.sim->backend_ref().host_resident_state(); }

// The state the arrays come from: the backend's own (CPU), or an exported copy kept in `copy`.
const network_state& state_of(const simulator_handle& h, network_state& copy) {
  if (const network_state* s = resident(h)) return *s;
  copy = h.sim->export_state();
  return copy;
}

// An array of `s` as a view (resident state) or a numpy copy (an exported one).
template <class T>
py::array array_of(const simulator_handle& h, const network_state& s, const std::vector<T>& v, py::handle owner,
                   std::vector<py::ssize_t> shape = {}) {
  if (shape.empty()) shape = {static_cast<py::ssize_t>(v.size())};
  if (&s == resident(h)) return view_of(v.data(), std::move(shape), owner);
  py::array_t<T> a(std::move(shape), v.data());  // copies
  return a;
}

const plastic_projection& plastic_entry(const network_state& s, size_t projection) {
  for (const auto& p : s.plasticity.projections)
    if (p.projection == projection) return p;
  throw invalid_parameter(fmt::format("projection '{}' has no plasticity (no traces)", s.projections[projection].name));
}

}  // namespace

void bind_state(py::class_<simulator_handle>& cls) {
  cls.def_property_readonly("state_is_view", [](const simulator_handle& h) { return resident(h) != nullptr; },
                            "True when state arrays are views of the backend's host memory (CPU), False when they are copies (CUDA)");

  cls.def(
      "spikes",
      [](simulator_handle& h, bool clear, const std::string& population) {
        h.drain();
        const spike_record& r = h.pending;
        uint32_t first = 0, size = UINT32_MAX;
        if (!population.empty()) {
          const population_range& p = h.sim->population_named(population);
          first = p.first, size = p.size;
        }
        std::vector<double> times;
        std::vector<uint32_t> ids;
        for (size_t k = 0; k < r.size(); ++k)
          if (r.neuron[k] - first < size) {  // unsigned: below `first` wraps past size
            times.push_back(static_cast<double>(r.step[k]) * h.sim->dt_ms());
            ids.push_back(r.neuron[k] - first);
          }
        if (clear) h.pending = {};
        return py::make_tuple(copy_to_numpy(times), copy_to_numpy(ids));
      },
      py::arg("clear") = true, py::arg("population") = "",
      "(times_ms float64, ids uint32) of the spikes recorded since they were last taken, in time then id order. ids are "
      "global (Simulator.population(name)['first'] + local), or local with population=name (then only that population's). "
      "clear=False keeps them for the next call.");

  cls.def(
      "weights",
      [](const py::object& self, py::handle projection) -> py::array {
        const auto& h = self.cast<const simulator_handle&>();
        const size_t p = projection_of(*h.sim, projection);
        if (const network_state* s = resident(h)) return view_of(s->projections[p].weight, self);
        std::vector<float> w;
        h.sim->read_weights(p, w);
        return copy_to_numpy(w);
      },
      py::arg("projection"),
      "The signed weights (float32) of a projection (name or index), one per synapse in its CSR order (rows by "
      "presynaptic neuron; synapses() gives each one's pre, post and delay). A view on the CPU backend.");
  cls.def(
      "set_weights",
      [](simulator_handle& h, py::handle projection, py::handle weights) {
        h.sim->set_weights(projection_of(*h.sim, projection), floats_from<float>(weights, "weights"));
      },
      py::arg("projection"), py::arg("weights"),
      "Replaces a projection's weights (signed, in the order weights() gives). engram.InvalidParameter, and nothing "
      "changed, for a wrong length, NaN or infinity, the other sign, a plastic projection's bounds, or fixed-point overflow. "
      "In place on the CPU (views stay valid), by export and load elsewhere.");
  cls.def(
      "synapses",
      [](const simulator_handle& h, py::handle projection) {
        const synapse_table t = h.sim->projection_table(projection_of(*h.sim, projection));
        std::vector<uint32_t> pre(t.size()), post(t.size()), delay(t.size());
        for (uint32_t row = 0; row < t.pre_count; ++row)
          for (uint64_t e = t.row_ptr[row]; e < t.row_ptr[row + 1]; ++e) {
            pre[e] = row;
            post[e] = t.target_of(e) - t.post_first;
            delay[e] = t.delay_of(e);
          }
        py::dict d;
        d["pre"] = copy_to_numpy(pre);
        d["post"] = copy_to_numpy(post);
        d["delay_steps"] = copy_to_numpy(delay);
        d["pre_size"] = t.pre_count;
        d["post_size"] = t.post_count;
        return d;
      },
      py::arg("projection"),
      "{'pre', 'post' (local indices, uint32), 'delay_steps', 'pre_size', 'post_size'} of every synapse, in the order of "
      "weights(). A copy (the table is packed in memory).");

  cls.def_property_readonly(
      "v",
      [](const py::object& self) {
        const auto& h = self.cast<const simulator_handle&>();
        network_state copy;
        const network_state& s = state_of(h, copy);
        return array_of(h, s, s.neurons.v, self);
      },
      "membrane potential of every neuron (float32, mV; global ids)");
  cls.def_property_readonly(
      "u",
      [](const py::object& self) {
        const auto& h = self.cast<const simulator_handle&>();
        network_state copy;
        const network_state& s = state_of(h, copy);
        return array_of(h, s, s.neurons.u, self);
      },
      "Izhikevich recovery variable of every neuron (float32; 0 for other kinds)");
  cls.def_property_readonly(
      "theta",
      [](const py::object& self) -> py::object {
        const auto& h = self.cast<const simulator_handle&>();
        network_state copy;
        const network_state& s = state_of(h, copy);
        if (s.plasticity.theta.empty()) return py::none();
        return array_of(h, s, s.plasticity.theta, self);
      },
      "adaptive thresholds of every neuron (float32), or None when no population adapts its threshold");
  cls.def_property_readonly(
      "rate_hz",
      [](const py::object& self) -> py::object {
        const auto& h = self.cast<const simulator_handle&>();
        network_state copy;
        const network_state& s = state_of(h, copy);
        if (s.plasticity.rate_hz.empty()) return py::none();
        return array_of(h, s, s.plasticity.rate_hz, self);
      },
      "rate estimate of every neuron (Hz) that scaling and BCM read, or None when no rule reads rates");
  cls.def(
      "traces",
      [](const py::object& self, py::handle projection) {
        const auto& h = self.cast<const simulator_handle&>();
        const size_t p = projection_of(*h.sim, projection);
        network_state copy;
        const network_state& s = state_of(h, copy);
        const plastic_projection& e = plastic_entry(s, p);
        const synapse_table& t = s.projections[p];
        py::dict d;
        if (!e.pre_trace.empty())
          d["pre"] = array_of(h, s, e.pre_trace, self, {static_cast<py::ssize_t>(s.ring_slots), static_cast<py::ssize_t>(t.pre_count)});
        if (!e.post_trace.empty()) {
          const auto halves = static_cast<py::ssize_t>(e.post_trace.size() / t.post_count);
          d["post"] = array_of(h, s, e.post_trace, self, {halves, static_cast<py::ssize_t>(t.post_count)});
        }
        if (!e.synapse_aux.empty()) d[e.stdp.target == 2 ? "eligibility" : "derivative"] = array_of(h, s, e.synapse_aux, self);
        if (!e.stp_u.empty()) {
          d["stp_u"] = array_of(h, s, e.stp_u, self);
          d["stp_x"] = array_of(h, s, e.stp_x, self);
        }
        return d;
      },
      py::arg("projection"),
      "The plastic state of a projection, as far as its rules keep one: 'pre' (ring_slots x pre neurons; the row of step "
      "t is t % ring_slots), 'post' (1 x post neurons, 2 x with the triplet term: the slow trace second), 'eligibility' "
      "(R-STDP) or 'derivative' (spnet) per synapse in weights() order, 'stp_u' and 'stp_x' per presynaptic neuron.");
  cls.def("dopamine", [](const simulator_handle& h) {
    network_state copy;
    const network_state& s = state_of(h, copy);
    py::dict d;
    for (const auto& c : s.plasticity.dopamine) d[py::str(c.name)] = c.level;
    return d;
  }, "{channel: level} of every dopamine channel (baseline plus what is left of phasic dopamine).");
}

}  // namespace engram::python
