#pragma once
// A trainer resumed from a snapshot whose task state a test forges first: how the task checks
// (tests/test_training.cpp, tests/test_reward_tasks.cpp) meet a state that contradicts itself.
#include <string>
#include <utility>

#include "host/io/snapshot.hpp"

namespace engram::test {

template <class Trainer, class Edit, class... Args>
Trainer resume_forged(const std::string& snapshot, Edit&& edit, Args&&... args) {
  snapshot_info info;
  network_state state = read_snapshot(snapshot, &info);
  edit(info.task);
  return Trainer(std::move(state), info.task, std::forward<Args>(args)...);
}

}  // namespace engram::test
