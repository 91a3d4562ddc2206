#pragma once
// engram sweep: a grid of a model's parameters x seeds run as batched replicas in one simulator
// (or, with --separate, one simulator per replica), with each replica's topology metrics
// (docs/research.md, "Batched replicas").
#include <cstdint>
#include <string>
#include <vector>

namespace engram {

struct sweep_command {
  std::string model;
  std::vector<std::string> grids;  // "key=v1,v2,...": the product of all grids, in order, x seeds
  std::vector<std::string> sets;   // "key=value" for every replica
  std::vector<uint64_t> seeds{1};
  std::string duration = "1s";
  std::string backend = "auto";
  int threads = 0;
  float threshold = 5.0f;  // strong synapses: |w| at least this
  bool separate = false;   // one simulator per replica instead of one batch (for timing and checks)
  std::string json;
  bool quiet = false;
};

int run_sweep(const sweep_command& cmd);

}  // namespace engram
