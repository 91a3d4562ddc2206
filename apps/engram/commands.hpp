#pragma once
#include <cstdint>
#include <limits>
#include <string>
#include <vector>

namespace engram {

// Options shared by `run` and `resume`: how long, where, what to write.
struct execution_options {
  std::string backend = "auto";
  std::string duration = "1s";
  int threads = 0;
  std::string out;              // SONATA spike file
  std::string snapshot;         // snapshot file (written at the end, and every snapshot_every)
  std::string snapshot_every;   // e.g. "10s"; empty: only at the end
  bool quiet = false;
};

struct run_command {
  std::string model;
  double dt_ms = std::numeric_limits<double>::quiet_NaN();  // NaN: the model's default
  uint64_t seed = 1;
  std::vector<std::string> sets;
  execution_options exec;
};

struct resume_command {
  std::string snapshot_file;
  execution_options exec;
};

int run_model(const run_command& cmd);
int resume_model(const resume_command& cmd);
int list_models(bool verbose);

}  // namespace engram
