#pragma once
// engram infer-rule: fit a Taylor plasticity rule to a recorded run (docs/research.md).
#include <cstdint>
#include <string>

#include "apps/research/rule_inference.hpp"

namespace engram {

struct infer_rule_command {
  std::string file, projection = "oja", json;
  bool make_oja = false;  // write an Oja rate network's ground-truth run to `file` first
  uint32_t oja_steps = 2000;
  uint64_t oja_seed = 1;
  research::inference_options options;
};

int infer_rule(const infer_rule_command& cmd);

}  // namespace engram
