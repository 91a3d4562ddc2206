#include "apps/engram/model_setup.hpp"

#include <cmath>
#include <fmt/format.h>

#include "apps/engram/duration.hpp"
#include "engine/errors.hpp"
#include "engine/limits.hpp"
#include "host/machine.hpp"

namespace engram {

namespace {

std::string gigabytes(double bytes) { return fmt::format("{:.1f} GB", bytes / 1e9); }

}  // namespace

void check_fits_in_memory(const size_estimate& e, const std::string& what) {
  const double needed = estimated_bytes(e), available = static_cast<double>(machine_memory_bytes());
  if (available > 0 && needed > available)
    throw invalid_parameter(fmt::format("{} needs about {} of memory ({:.4g} neurons, {:.4g} synapses), more than this machine's {}",
                                        what, gigabytes(needed), e.neurons, e.synapses, gigabytes(available)));
}

built_model build_model(const model_choice& choice) {
  built_model b;
  b.definition = &find_model(choice.model);
  b.params = b.definition->parameters();
  for (const auto& s : choice.sets) b.params.set(s, b.definition->name);
  const double dt = std::isnan(choice.dt_ms) ? b.definition->default_dt_ms : choice.dt_ms;
  if (!(dt > 0) || !std::isfinite(dt))
    throw invalid_parameter(fmt::format("--dt must be a positive number of ms, got {}", choice.dt_ms));
  if (dt < limits::min_dt_ms || dt > limits::max_dt_ms)
    throw invalid_parameter(fmt::format("--dt must be in [{:g}, {:g}] ms, got {}", limits::min_dt_ms, limits::max_dt_ms, dt));
  const std::string what = fmt::format("model '{}'", b.definition->name);
  if (b.definition->size) check_fits_in_memory(b.definition->size(b.params, dt), what);  // before its description exists
  b.net = b.definition->build(b.params, dt, choice.seed);
  check_fits_in_memory(estimate_size(b.net), what);  // before its synapses exist
  return b;
}

uint64_t steps_of(const std::string& duration, double dt_ms, uint64_t from_step) {
  const double steps = std::round(parse_duration_ms(duration) / dt_ms);
  if (steps < 1) throw invalid_parameter(fmt::format("duration '{}' is shorter than one step of {} ms", duration, dt_ms));
  if (!(steps <= static_cast<double>(limits::max_run_steps)))
    throw invalid_parameter(fmt::format("duration '{}' is {:.4g} steps of {} ms; at most {} (2^36) steps per command ({:.4g} s at this dt)",
                                        duration, steps, dt_ms, limits::max_run_steps, limits::max_run_steps * dt_ms / 1000));
  const auto n = static_cast<uint64_t>(steps);
  if (from_step > limits::max_step - n)
    throw invalid_parameter(fmt::format("duration '{}' would take the step counter from {} past {}", duration, from_step, limits::max_step));
  return n;
}

}  // namespace engram
