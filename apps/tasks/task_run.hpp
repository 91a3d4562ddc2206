#pragma once
// What every training task takes from the command line: how to make the backend of each simulator
// it builds (CPU or CUDA, threads), and how this process runs it (checkpoints, stopping, progress).
#include <cstdint>
#include <functional>
#include <memory>
#include <string>

#include "engine/backend.hpp"

namespace engram::tasks {

using backend_factory = std::function<std::unique_ptr<backend>()>;

struct task_run_options {
  std::string snapshot;         // written every snapshot_every units, on stop and at the end
  uint64_t snapshot_every = 0;  // samples or episodes (0: only on stop and at the end)
  uint64_t stop_after = 0;      // units in this process, then snapshot and stop (0: to the end)
  bool progress = true;
};

}  // namespace engram::tasks
