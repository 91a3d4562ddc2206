#include "kernels/cuda/memory_plan.hpp"

#include <fmt/format.h>

#include "engine/errors.hpp"

namespace engram::cuda {
namespace {

constexpr uint64_t rounding_per_allocation = uint64_t{1} << 20;  // cudaMalloc rounds large blocks to 2 MiB pages
constexpr uint64_t fixed_margin = uint64_t{64} << 20;             // CUB launch metadata, graphs, the driver's slack

}  // namespace

uint64_t memory_need::total() const {
  return neurons + ring + synapses + plasticity + recording + scratch + allocations * rounding_per_allocation + fixed_margin;
}

std::string format_bytes(uint64_t bytes) {
  const double b = static_cast<double>(bytes);
  if (b >= 1e8) return fmt::format("{:.1f} GB", b / 1e9);
  return fmt::format("{:.1f} MB", b / 1e6);
}

void require_device_memory(const memory_need& need, uint64_t free_bytes, const std::string& device_name) {
  const uint64_t total = need.total();
  if (total <= free_bytes) return;
  throw error(fmt::format(
      "network needs {} of device memory (synapses {}, neurons and delay ring {}, plastic state {}, spike recording {}, "
      "scratch {}), but only {} are free on {}; make the network smaller or use --backend cpu",
      format_bytes(total), format_bytes(need.synapses), format_bytes(need.neurons + need.ring), format_bytes(need.plasticity),
      format_bytes(need.recording), format_bytes(need.scratch), format_bytes(free_bytes), device_name));
}

}  // namespace engram::cuda
