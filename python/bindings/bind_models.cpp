// The registry's models (apps/models): engram.models() lists them, engram.model(name, **params)
// returns the network the C++ registry builds, exactly as `engram run NAME --set k=v` does.
#include <cmath>
#include <fmt/format.h>

#include "apps/engram/model_setup.hpp"
#include "python/bindings/bindings.hpp"

namespace engram::python {

void bind_models(py::module_& m) {
  m.def("models", [] {
    py::list out;
    for (const auto& def : all_models()) {
      py::dict params;
      const model_params defaults = def.parameters();  // kept: entries() refers into it
      for (const auto& e : defaults.entries()) params[py::str(e.key)] = py::make_tuple(e.value, e.help);
      py::dict d;
      d["name"] = def.name;
      d["description"] = def.description;
      d["default_dt_ms"] = def.default_dt_ms;
      d["parameters"] = params;
      out.append(d);
    }
    return out;
  }, "The registry's models: [{'name', 'description', 'default_dt_ms', 'parameters': {key: (default, help)}}], as `engram models -v`.");

  m.def(
      "model",
      [](const std::string& name, uint64_t seed, py::object dt_ms, const py::kwargs& params) {
        model_choice choice;
        choice.model = name;
        choice.seed = seed;
        if (!dt_ms.is_none()) choice.dt_ms = dt_ms.cast<double>();
        for (const auto& [key, value] : params)
          choice.sets.push_back(fmt::format("{}={:.17g}", key.cast<std::string>(), value.cast<double>()));
        built_model b = build_model(choice);
        py::object net = py::cast(std::move(b.net));
        // What a snapshot records of the run (snapshot_info): the model and all its parameters.
        net.attr("model_name") = b.definition->name;
        py::dict values;
        for (const auto& e : b.params.entries()) values[py::str(e.key)] = e.value;
        net.attr("model_parameters") = values;
        return net;
      },
      py::arg("name"), py::arg("seed") = 1, py::arg("dt_ms") = py::none(),
      "The network the C++ registry builds for a model, e.g. model('izhikevich2003', n=1000, seed=1): keyword arguments are "
      "the model's parameters (engram.models() lists them; an unknown one raises engram.InvalidParameter listing the known), "
      "dt_ms defaults to the model's.");
}

}  // namespace engram::python
