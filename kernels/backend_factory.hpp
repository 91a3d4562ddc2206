#pragma once
// The one place a backend is chosen: the CPU backend, the CUDA backend, or (automatic) CUDA when
// a device is there and can run the network, else the CPU. The engine only knows the interface
// (engine/backend.hpp); callers above it (apps, tests) pick the implementation here.
#include <memory>

#include "engine/backend.hpp"

namespace engram {

std::unique_ptr<backend> make_backend(backend_kind kind, const backend_options& options = {});

}  // namespace engram
