#include "apps/engram/model_setup.hpp"

#include <algorithm>
#include <cctype>
#include <cmath>
#include <numbers>
#include <fmt/format.h>

#include "apps/engram/duration.hpp"
#include "engine/errors.hpp"
#include "engine/limits.hpp"
#include "host/machine.hpp"

namespace engram {

namespace {

std::string gigabytes(double bytes) { return fmt::format("{:.1f} GB", bytes / 1e9); }

std::vector<std::string> split(const std::string& text, char by) {
  std::vector<std::string> parts;
  size_t start = 0;
  for (size_t at; (at = text.find(by, start)) != std::string::npos; start = at + 1) parts.push_back(text.substr(start, at - start));
  parts.push_back(text.substr(start));
  return parts;
}

double number_in(const std::string& text, const std::string& option, const std::string& spec) {
  size_t used = 0;
  double x = 0;
  try {
    x = std::stod(text, &used);
  } catch (const std::exception&) {
    used = 0;
  }
  if (text.empty() || used != text.size() || !std::isfinite(x))
    throw invalid_parameter(fmt::format("{}: '{}' is not a number in '{}'", option, text, spec));
  return x;
}

// "exc:theta:2[:phase_deg]" -> a locked oscillation input.
input oscillation_of(const std::string& spec) {
  const auto parts = split(spec, ':');
  if (parts.size() < 3 || parts.size() > 4 || parts[0].empty())
    throw invalid_parameter(fmt::format("--oscillation expects POPULATION:BAND_OR_HZ:AMPLITUDE[:PHASE_DEG], e.g. exc:theta:2, got '{}'", spec));
  const bool named = !parts[1].empty() && std::isalpha(static_cast<unsigned char>(parts[1][0]));
  const double f = named ? band_frequency_hz(parts[1]) : number_in(parts[1], "--oscillation", spec);
  const double phase = parts.size() == 4 ? number_in(parts[3], "--oscillation", spec) * std::numbers::pi / 180 : 0.0;
  return oscillation_input(parts[0], f, number_in(parts[2], "--oscillation", spec), phase);
}

// "name=value" with both sides non-empty.
std::pair<std::string, std::string> assignment(const std::string& spec, const std::string& option, const std::string& example) {
  const auto eq = spec.find('=');
  if (eq == std::string::npos || eq == 0 || eq + 1 == spec.size())
    throw invalid_parameter(fmt::format("{} expects NAME=VALUE (e.g. {}), got '{}'", option, example, spec));
  return {spec.substr(0, eq), spec.substr(eq + 1)};
}

}  // namespace

void add_rhythms_and_dendrites(network& net, const model_choice& choice) {
  for (const auto& spec : choice.oscillations) net.inputs.push_back(oscillation_of(spec));
  for (const auto& spec : choice.morphologies) {
    const auto [name, shape] = assignment(spec, "--morphology", "exc=pyramidal");
    const int p = net.population_index(name);
    if (p < 0) throw invalid_parameter(fmt::format("--morphology: no population '{}'", name));
    net.populations[p].shape = parse_morphology(shape);
  }
  for (const auto& spec : choice.dendrites) {
    const auto [name, list] = assignment(spec, "--dendrites", "exc_exc=proximal,distal");
    auto it = std::find_if(net.projections.begin(), net.projections.end(), [&](const projection& pr) { return pr.name == name; });
    if (it == net.projections.end()) throw invalid_parameter(fmt::format("--dendrites: no projection '{}'", name));
    it->compartments.clear();
    for (const auto& c : split(list, ',')) it->compartments.push_back(parse_compartment(c));
  }
  try {
    net.validate();
  } catch (const invalid_network& e) {
    throw invalid_parameter(e.what());
  }
}

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
  add_rhythms_and_dendrites(b.net, choice);
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
