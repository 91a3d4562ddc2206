#pragma once
#include <cstdint>
#include <string>
#include <vector>

namespace engram {

struct run_command {
  std::string model;
  std::string backend = "auto";
  std::string duration = "1s";
  double dt_ms = 0;  // 0: the model's default
  uint64_t seed = 1;
  int threads = 0;
  std::string out;
  std::vector<std::string> sets;
  bool quiet = false;
};

int run_model(const run_command& cmd);
int list_models(bool verbose);

}  // namespace engram
