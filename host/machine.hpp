#pragma once
// What the machine offers, for refusing work it cannot hold.
#include <cstdint>

namespace engram {

// Physical memory in bytes (0 when unknown).
uint64_t machine_memory_bytes();
// Hardware threads (at least 1).
unsigned hardware_threads();
// The most memory this process has held resident so far, in bytes (getrusage's ru_maxrss).
uint64_t peak_resident_bytes();

}  // namespace engram
