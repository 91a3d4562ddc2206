#include "apps/models/model_params.hpp"

#include <cmath>
#include <fmt/format.h>

#include "engine/errors.hpp"

namespace engram {

model_params& model_params::declare(const std::string& key, double value, const std::string& help) {
  entries_.push_back({key, value, help});
  return *this;
}

void model_params::set(const std::string& assignment, const std::string& model) {
  const auto eq = assignment.find('=');
  if (eq == std::string::npos || eq == 0)
    throw invalid_parameter(fmt::format("--set expects key=value, got '{}'", assignment));
  const std::string key = assignment.substr(0, eq), text = assignment.substr(eq + 1);
  for (auto& e : entries_) {
    if (e.key != key) continue;
    size_t used = 0;
    double v = 0;
    try {
      v = std::stod(text, &used);
    } catch (const std::exception&) {
      used = 0;
    }
    if (used == 0 || used != text.size())
      throw invalid_parameter(fmt::format("--set {}: '{}' is not a number", key, text));
    if (!std::isfinite(v)) throw invalid_parameter(fmt::format("--set {}: value must be finite, got '{}'", key, text));
    e.value = v;
    return;
  }
  std::string known;
  for (const auto& e : entries_) known += (known.empty() ? "" : ", ") + e.key;
  throw invalid_parameter(fmt::format("unknown parameter '{}' for model '{}' (known: {})", key, model, known));
}

double model_params::get(const std::string& key) const {
  for (const auto& e : entries_)
    if (e.key == key) return e.value;
  throw internal_error("model parameter '" + key + "' was never declared");
}

uint32_t model_params::count(const std::string& key) const {
  const double v = get(key);
  if (v < 0 || v != std::floor(v) || v > 4.0e9)
    throw invalid_parameter(fmt::format("parameter '{}' must be a non-negative integer, got {}", key, v));
  return static_cast<uint32_t>(v);
}

}  // namespace engram
