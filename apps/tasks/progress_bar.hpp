#pragma once
// A progress line on stderr for training runs: redrawn in place on a terminal, a line every 10%
// otherwise, with the rate, the ETA and the running figure of merit.
#include <chrono>
#include <cstdint>
#include <string>

namespace engram::tasks {

double seconds_since(std::chrono::steady_clock::time_point t0);
std::string clock_text(double seconds);  // "1h02m" or "3m07s"

class progress_bar {
 public:
  // `unit`: what is counted ("samples", "episodes"); `metric`: the label of the figure shown.
  progress_bar(bool enabled, uint64_t total, std::string unit = "samples", std::string metric = "accuracy (last 1000)");
  // `done` of total so far, `done_here` of them in this process (for the rate); `figure` in [0, 1].
  void update(uint64_t done, double elapsed_s, uint64_t done_here, double figure, bool have_figure);
  void finish();

 private:
  bool enabled_, tty_;
  uint64_t total_;
  std::string unit_, metric_;
  double last_draw_s_ = -1;
  uint64_t last_tenth_ = UINT64_MAX;
};

}  // namespace engram::tasks
