#pragma once
// ENGRAM_HD marks inline functions that compile for both host and device.
#if defined(__CUDACC__)
#define ENGRAM_HD __host__ __device__ __forceinline__
#else
#define ENGRAM_HD inline
#endif
