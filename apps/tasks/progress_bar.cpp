#include "apps/tasks/progress_bar.hpp"

#include <cstdio>
#include <fmt/format.h>
#include <unistd.h>

namespace engram::tasks {

double seconds_since(std::chrono::steady_clock::time_point t0) {
  return std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
}

std::string clock_text(double s) {
  const auto t = static_cast<uint64_t>(s);
  return t >= 3600 ? fmt::format("{}h{:02}m", t / 3600, t / 60 % 60) : fmt::format("{}m{:02}s", t / 60, t % 60);
}

progress_bar::progress_bar(bool enabled, uint64_t total, std::string unit, std::string metric)
    : enabled_(enabled), tty_(isatty(STDERR_FILENO)), total_(total), unit_(std::move(unit)), metric_(std::move(metric)) {}

void progress_bar::update(uint64_t done, double elapsed_s, uint64_t done_here, double figure, bool have_figure) {
  if (!enabled_ || total_ == 0) return;
  const uint64_t tenth = done * 10 / total_;
  if (tty_ ? elapsed_s - last_draw_s_ < 0.5 && done < total_ : tenth == last_tenth_) return;
  last_draw_s_ = elapsed_s;
  last_tenth_ = tenth;
  const double rate = elapsed_s > 0 ? done_here / elapsed_s : 0.0;
  const double eta = rate > 0 ? (total_ - done) / rate : 0.0;
  const int width = 24, filled = static_cast<int>(width * done / total_);
  const std::string fig = have_figure ? fmt::format("{:.1f}%", 100.0 * figure) : std::string("--");
  fmt::print(stderr, "{}[{}{}] {}/{} {}  {:.1f} {}/s  ETA {}  {} {}{}", tty_ ? "\r" : "", std::string(filled, '='),
             std::string(width - filled, ' '), done, total_, unit_, rate, unit_, clock_text(eta), metric_, fig, tty_ ? "   " : "\n");
  std::fflush(stderr);
}

void progress_bar::finish() {
  if (enabled_ && tty_) fmt::print(stderr, "\n");
}

}  // namespace engram::tasks
