#pragma once
#include <string>

namespace engram {

// "10s", "500ms", "2min", "1h", "1.5s"; a bare number is milliseconds. Throws invalid_parameter.
double parse_duration_ms(const std::string& text);

}  // namespace engram
