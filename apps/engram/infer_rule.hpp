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
  // --stdp: recover pair-based STDP from a spiking run's spikes and weight stream instead
  bool stdp = false;
  std::string pre = "pre", post = "post";
  double delay_ms = 1.0;
};

int infer_rule(const infer_rule_command& cmd);

}  // namespace engram
