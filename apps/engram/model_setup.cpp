#include "apps/engram/model_setup.hpp"

#include <cmath>
#include <fmt/format.h>

#include "apps/engram/duration.hpp"
#include "engine/errors.hpp"

namespace engram {

built_model build_model(const model_choice& choice) {
  built_model b;
  b.definition = &find_model(choice.model);
  b.params = b.definition->parameters();
  for (const auto& s : choice.sets) b.params.set(s, b.definition->name);
  const double dt = std::isnan(choice.dt_ms) ? b.definition->default_dt_ms : choice.dt_ms;
  if (!(dt > 0) || !std::isfinite(dt))
    throw invalid_parameter(fmt::format("--dt must be a positive number of ms, got {}", choice.dt_ms));
  b.net = b.definition->build(b.params, dt, choice.seed);
  return b;
}

uint64_t steps_of(const std::string& duration, double dt_ms) {
  const uint64_t steps = static_cast<uint64_t>(std::llround(parse_duration_ms(duration) / dt_ms));
  if (steps == 0) throw invalid_parameter(fmt::format("duration '{}' is shorter than one step of {} ms", duration, dt_ms));
  return steps;
}

}  // namespace engram
