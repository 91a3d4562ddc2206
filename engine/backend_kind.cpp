#include <fmt/format.h>

#include "engine/backend.hpp"
#include "engine/errors.hpp"

namespace engram {

backend_kind parse_backend_kind(const std::string& name) {
  if (name == "cpu") return backend_kind::cpu;
  if (name == "cuda") return backend_kind::cuda;
  if (name == "auto") return backend_kind::automatic;
  throw invalid_parameter(fmt::format("unknown backend '{}' (expected cpu, cuda or auto)", name));
}

}  // namespace engram
