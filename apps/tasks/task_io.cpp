#include "apps/tasks/task_io.hpp"

#include <fmt/format.h>

#include "engine/errors.hpp"

namespace engram::tasks {

uint64_t task_counter(const task_state& t, const std::string& key) {
  const auto it = t.counters.find(key);
  if (it == t.counters.end()) throw invalid_parameter(fmt::format("the snapshot's task has no '{}'", key));
  return it->second;
}

uint32_t task_counter32(const task_state& t, const std::string& key) {
  const uint64_t v = task_counter(t, key);
  if (v > UINT32_MAX) throw invalid_parameter(fmt::format("the snapshot's task counter '{}' is {}: more than 32 bits", key, v));
  return static_cast<uint32_t>(v);
}

std::vector<double> task_values(const task_state& t, const std::string& key) {
  const auto it = t.values.find(key);
  return it == t.values.end() ? std::vector<double>{} : it->second;
}

std::vector<uint32_t> task_indices(const task_state& t, const std::string& key) {
  const auto it = t.indices.find(key);
  return it == t.indices.end() ? std::vector<uint32_t>{} : it->second;
}

void store_params(task_state& t, const model_params& p) {
  for (const auto& e : p.entries()) t.values["param:" + e.key] = {e.value};
}

void load_params(const task_state& t, model_params& p) {
  for (const auto& e : p.entries()) {
    const auto it = t.values.find("param:" + e.key);
    if (it == t.values.end()) continue;
    if (it->second.size() != 1) throw invalid_parameter(fmt::format("the snapshot's task parameter '{}' is not one number", e.key));
    p.set(fmt::format("{}={:.17g}", e.key, it->second[0]), t.name);
  }
}

void require_task(const task_state& t, const std::string& name) {
  if (t.name == name) return;
  throw invalid_parameter(t.name.empty() ? std::string("the snapshot holds no training task (it was written by `engram run`)")
                                         : fmt::format("the snapshot's task is '{}', not {}", t.name, name));
}

}  // namespace engram::tasks
