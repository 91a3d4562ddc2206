// GPU test runner: exits 77 (ctest SKIP_RETURN_CODE) on a machine without a CUDA device.
#if __has_include(<catch2/catch_session.hpp>)
#include <catch2/catch_session.hpp>
#else
#define CATCH_CONFIG_RUNNER
#include <catch2/catch.hpp>
#endif
#include <cstdio>

#include "kernels/cuda_entry.hpp"

int main(int argc, char** argv) {
  if (engram::cuda::device_count() == 0) {
    std::puts("engram_gpu_tests: no CUDA device on this machine; GPU tests skipped");
    return 77;
  }
  return Catch::Session().run(argc, argv);
}
