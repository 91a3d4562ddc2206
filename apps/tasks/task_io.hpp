#pragma once
// Reading a task's own state back from a snapshot's /task group (host/io/snapshot.hpp), with a
// clear error for a key that is missing, and the task's parameters stored beside it.
#include <cstdint>
#include <string>
#include <vector>

#include "apps/models/model_params.hpp"
#include "host/io/snapshot.hpp"

namespace engram::tasks {

uint64_t task_counter(const task_state& t, const std::string& key);
// A counter that must fit 32 bits (an epoch, a size): a larger one is refused, never truncated.
uint32_t task_counter32(const task_state& t, const std::string& key);
std::vector<double> task_values(const task_state& t, const std::string& key);  // empty when absent
std::vector<uint32_t> task_indices(const task_state& t, const std::string& key);  // empty when absent

// Parameters as values "param:<key>"; reading them back sets each declared one that is stored
// (a snapshot from before a parameter existed keeps its default).
void store_params(task_state& t, const model_params& p);
void load_params(const task_state& t, model_params& p);

// Throws invalid_parameter unless the snapshot's task is `name` (naming what it is instead).
void require_task(const task_state& t, const std::string& name);

}  // namespace engram::tasks
