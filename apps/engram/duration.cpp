#include "apps/engram/duration.hpp"

#include <cmath>
#include <fmt/format.h>

#include "engine/errors.hpp"

namespace engram {

double parse_duration_ms(const std::string& text) {
  size_t used = 0;
  double value = 0;
  try {
    value = std::stod(text, &used);
  } catch (const std::exception&) {
    throw invalid_parameter(fmt::format("invalid duration '{}' (examples: 500ms, 10s, 2min, 1h)", text));
  }
  const std::string unit = text.substr(used);
  double scale = 0;
  if (unit.empty() || unit == "ms") scale = 1;
  else if (unit == "s") scale = 1000;
  else if (unit == "min") scale = 60000;
  else if (unit == "h") scale = 3600000;
  else throw invalid_parameter(fmt::format("invalid duration unit '{}' in '{}' (use ms, s, min or h)", unit, text));
  const double ms = value * scale;
  if (!std::isfinite(ms) || ms <= 0) throw invalid_parameter(fmt::format("duration must be positive, got '{}'", text));
  return ms;
}

}  // namespace engram
