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
  // Added to the built model (docs/rhythms.md): "exc:theta:2" or "exc:6.5:2:90" (population,
  // band or Hz, amplitude, phase in degrees); "exc=pyramidal"; "exc_exc=distal,apical".
  std::vector<std::string> oscillations, morphologies, dendrites;
};

struct built_model {
  const model_definition* definition = nullptr;
  model_params params;
  network net;
};

// Adds --oscillation, --morphology and --dendrites to `net`; throws invalid_parameter naming a bad one.
void add_rhythms_and_dendrites(network& net, const model_choice& choice);

// Finds the model, applies --set, checks dt and that the network fits in this machine's memory;
// throws invalid_parameter with the reason.
built_model build_model(const model_choice& choice);

// Throws invalid_parameter, with both numbers, when `e` needs more memory than the machine has.
void check_fits_in_memory(const size_estimate& e, const std::string& what);

// Steps in `duration` ("10s", "500ms") at dt, run from step `from_step`; throws for a bad,
// too-short or too-long duration (limits::max_run_steps), or one that overflows the step counter.
uint64_t steps_of(const std::string& duration, double dt_ms, uint64_t from_step = 0);

}  // namespace engram
