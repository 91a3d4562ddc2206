#pragma once
// The CPU backend's innermost loops over blocks of neurons, written so that the compiler
// vectorises them: restrict pointers, no branch in the body (the shared math uses selects), no
// store that could alias an input. Each computes exactly what the per-neuron kernels/common
// functions give, so results match the emulated CUDA kernels bit for bit.
#include <cstdint>

#include "kernels/common/neuron_update.hpp"
#include "kernels/common/random_transforms.hpp"

namespace engram::cpu {

// The two normals of each of `count` consecutive noise pairs from pair `first` of the stream: a
// loop with no branch and no store the compiler must fear aliases its inputs, so it vectorises.
inline constexpr uint32_t noise_batch = 64;
inline void normals_of_pairs(const rng_stream& rng, uint32_t first, uint64_t step, uint32_t count,
                      double* __restrict cosine, double* __restrict sine) {
  for (uint32_t k = 0; k < count; ++k) {
    const normal_pair z = standard_normal_pair(stream_block(rng, rng_purpose::noise_current, first + k, step));
    cosine[k] = z.cosine;
    sine[k] = z.sine;
  }
}

// One round of izhikevich_update over `count` neurons (fired accumulates the crossings), as two
// loops without branches over restrict pointers, so that both vectorise: the round's v-only steps
// (none in the substep scheme), then its last v step with u and the threshold.
inline constexpr uint32_t neuron_block = 256;
inline void izhikevich_round(float* __restrict v, float* __restrict u, const float* __restrict a, const float* __restrict b,
                             const float* __restrict c, const float* __restrict d, const float* __restrict input,
                             uint8_t* __restrict fired, uint32_t count, const izhikevich_integration& k) {
  const float h = k.h, h_u = k.h_u, v_peak = k.v_peak;
  for (int32_t s = 1; s < k.v_steps; ++s)
    for (uint32_t j = 0; j < count; ++j) {
      float vj = v[j];
      izhikevich_v_step(vj, u[j], input[j], h);
      v[j] = vj;
    }
  for (uint32_t j = 0; j < count; ++j) {
    float vj = v[j], uj = u[j];
    const bool crossed = izhikevich_substep(vj, uj, a[j], b[j], c[j], d[j], input[j], h, h_u, v_peak);
    v[j] = vj;
    u[j] = uj;
    fired[j] = static_cast<uint8_t>(fired[j] | (crossed ? 1 : 0));
  }
}

}  // namespace engram::cpu
