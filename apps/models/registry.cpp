#include "apps/models/registry.hpp"

#include <fmt/format.h>

#include "engine/errors.hpp"

namespace engram {

const std::vector<model_definition>& all_models() {
  static const std::vector<model_definition> models = [] {
    std::vector<model_definition> all = {izhikevich2003_model(), polychronization_model(), rstdp_pavlovian_model(),
                                         stdp_pairing_model(), stdp_poisson_model()};
    for (auto& m : brunel2000_models()) all.push_back(std::move(m));
    all.push_back(coba_model());
    all.push_back(cuba_model());
    all.push_back(microcircuit_model());
    all.push_back(theta_gamma_model());
    all.push_back(memory_model());
    all.push_back(growth_demo_model());
    return all;
  }();
  return models;
}

const model_definition& find_model(const std::string& name) {
  for (const auto& m : all_models())
    if (m.name == name) return m;
  std::string known;
  for (const auto& m : all_models()) known += (known.empty() ? "" : ", ") + m.name;
  throw invalid_parameter(fmt::format("unknown model '{}' (known: {}; see `engram models`)", name, known));
}

}  // namespace engram
