// GPU test runner: exits 77 (ctest SKIP_RETURN_CODE) on a machine without a CUDA device. With
// ENGRAM_GPU_TESTS_EMULATE=1 it runs the other way round: only without a device, with the host
// emulation of the CUDA kernels standing in for the CUDA backend (tests/cuda_emulation.hpp), so
// that CI runs every GPU test but the [device] ones (ctest's gpu.emulated).
#if __has_include(<catch2/catch_session.hpp>)
#include <catch2/catch_session.hpp>
#else
#define CATCH_CONFIG_RUNNER
#include <catch2/catch.hpp>
#endif
#include <cstdio>
#include <cstdlib>

#include "kernels/cuda_entry.hpp"

int main(int argc, char** argv) {
  const bool emulate = std::getenv("ENGRAM_GPU_TESTS_EMULATE") != nullptr;
  const bool device = engram::cuda::device_count() > 0;
  if (emulate && device) {
    std::puts("engram_gpu_tests: a CUDA device is present; the emulated run is skipped (gpu.all runs on it)");
    return 77;
  }
  if (!emulate && !device) {
    std::puts("engram_gpu_tests: no CUDA device on this machine; GPU tests skipped");
    return 77;
  }
  return Catch::Session().run(argc, argv);
}
