#pragma once
#include <stdexcept>
#include <string>

namespace engram {

// Something the user asked for is wrong (a parameter, a model name, a file): say exactly what.
struct error : std::runtime_error {
  using std::runtime_error::runtime_error;
};
struct invalid_network : error {
  using error::error;
};
struct invalid_parameter : error {
  using error::error;
};
struct backend_unavailable : error {
  using error::error;
};
// A data file is missing or not what its format says (truncated, wrong magic, bad values).
struct invalid_data : error {
  using error::error;
};
// A bug in Engram itself, never the user's fault.
struct internal_error : std::logic_error {
  using std::logic_error::logic_error;
};

}  // namespace engram
