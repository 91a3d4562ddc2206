#pragma once
#include <cstdint>
#include <limits>
#include <string>
#include <vector>

namespace engram {

struct run_command {
  std::string model;
  std::string backend = "auto";
  std::string duration = "1s";
  double dt_ms = std::numeric_limits<double>::quiet_NaN();  // NaN: the model's default
  uint64_t seed = 1;
  int threads = 0;
  std::string out;
  std::vector<std::string> sets;
  bool quiet = false;
};

int run_model(const run_command& cmd);
int list_models(bool verbose);

}  // namespace engram
