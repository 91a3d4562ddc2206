#pragma once
// `engram run` and `engram resume` under mpirun (docs/distributed.md): what a distributed run can
// record, and the communication summary (kernels/backend_factory.hpp gives each rank its backend).
// Without mpirun these change nothing.
#include <memory>
#include <string>

#include "apps/engram/commands.hpp"
#include "engine/backend.hpp"
#include "engine/simulator.hpp"

namespace engram {

// Throws invalid_parameter for what a distributed run cannot record yet (weights, probes,
// metrics read the state by global index, which no rank holds whole).
void check_distributed_options(const execution_options& e);

// Collective: every rank's exchange counts summed on rank 0, as summary lines ("" elsewhere and
// in one process).
std::string distributed_summary(const simulator& sim, double wall_s);

}  // namespace engram
