#pragma once
// Where a thread stands in its launch. The .cu kernels pass their CUDA coordinates (here()); the
// host emulation in tests runs every position of a launch in turn. Bodies written against this
// (step_bodies.hpp, plasticity_bodies.hpp) never read what another thread of the same launch
// writes, except through the atomic helpers below, so the two compute the same thing.
#include <cstdint>

#include "engine/hd.hpp"

namespace engram::cuda {

struct thread_position {
  uint64_t index;  // this thread in the launch
  uint64_t count;  // threads in the launch (the grid-stride)

  ENGRAM_HD uint32_t lane() const { return static_cast<uint32_t>(index & 31u); }
  ENGRAM_HD uint64_t warp() const { return index >> 5; }
  ENGRAM_HD uint64_t warps() const { return count >> 5; }  // warp bodies need count % 32 == 0
};

#if defined(__CUDACC__)
__device__ inline thread_position here() {
  return {static_cast<uint64_t>(blockIdx.x) * blockDim.x + threadIdx.x, static_cast<uint64_t>(gridDim.x) * blockDim.x};
}
#endif

// Integer additions that many threads of a launch make to one place. Integer addition is
// associative, so the order (device atomics, or the host's sequence) cannot change the sum.
ENGRAM_HD void add_shared(uint64_t* at, uint64_t x) {
#if defined(__CUDA_ARCH__)
  atomicAdd(reinterpret_cast<unsigned long long*>(at), static_cast<unsigned long long>(x));
#else
  *at += x;
#endif
}
ENGRAM_HD void add_shared(int64_t* at, int64_t x) {  // two's complement: exact for negative x too
  add_shared(reinterpret_cast<uint64_t*>(at), static_cast<uint64_t>(x));
}
ENGRAM_HD void add_shared(uint32_t* at, uint32_t x) {
#if defined(__CUDA_ARCH__)
  atomicAdd(at, x);
#else
  *at += x;
#endif
}

// An addition that also returns the value before it: each caller gets its own range of `x` places
// (a list's append). Which caller gets which range depends on the order; the ranges never overlap.
ENGRAM_HD uint32_t fetch_add_shared(uint32_t* at, uint32_t x) {
#if defined(__CUDA_ARCH__)
  return atomicAdd(at, x);
#else
  const uint32_t before = *at;
  *at += x;
  return before;
#endif
}
ENGRAM_HD uint32_t exchange_shared(uint32_t* at, uint32_t x) {
#if defined(__CUDA_ARCH__)
  return atomicExch(at, x);
#else
  const uint32_t before = *at;
  *at = x;
  return before;
#endif
}

// The least and the greatest of values many threads offer to one place (order-free, like the sums).
ENGRAM_HD void min_shared(uint32_t* at, uint32_t x) {
#if defined(__CUDA_ARCH__)
  atomicMin(at, x);
#else
  if (x < *at) *at = x;
#endif
}
ENGRAM_HD void max_shared(uint32_t* at, uint32_t x) {
#if defined(__CUDA_ARCH__)
  atomicMax(at, x);
#else
  if (x > *at) *at = x;
#endif
}

}  // namespace engram::cuda
