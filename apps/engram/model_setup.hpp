#pragma once
// Turning command-line model options into a network: shared by run, bench and compare.
#include <cstdint>
#include <limits>
#include <string>
#include <vector>

#include "apps/models/registry.hpp"
#include "engine/network.hpp"

namespace engram {

struct model_choice {
  std::string model;
  double dt_ms = std::numeric_limits<double>::quiet_NaN();  // NaN: the model's default
  uint64_t seed = 1;
  std::vector<std::string> sets;
};

struct built_model {
  const model_definition* definition = nullptr;
  model_params params;
  network net;
};

// Finds the model, applies --set, checks dt; throws invalid_parameter with the reason.
built_model build_model(const model_choice& choice);

// Steps in `duration` ("10s", "500ms") at dt; throws for a bad or too-short duration.
uint64_t steps_of(const std::string& duration, double dt_ms);

}  // namespace engram
