#include "host/run_loop.hpp"

#include <chrono>
#include <cstdio>
#include <fmt/format.h>
#include <spdlog/spdlog.h>
#include <unistd.h>

#include "host/streams/activity_monitor.hpp"

namespace engram {
namespace {

using clock_type = std::chrono::steady_clock;

double seconds_since(clock_type::time_point t0) {
  return std::chrono::duration<double>(clock_type::now() - t0).count();
}

class progress_line {
 public:
  progress_line(bool enabled, uint64_t total, double dt_ms)
      : enabled_(enabled), tty_(isatty(STDERR_FILENO)), total_(total), dt_ms_(dt_ms) {}

  void update(uint64_t done, double wall) {
    if (!enabled_ || wall < 2.0 || wall - last_ < (tty_ ? 0.5 : 10.0)) return;
    last_ = wall;
    const double frac = static_cast<double>(done) / total_;
    const double eta = frac > 0 ? wall / frac - wall : 0;
    const std::string line = fmt::format("[{:5.1f}%] {:.1f} / {:.1f} s simulated, RTF {:.3g}, ETA {:.0f} s", 100 * frac,
                                         done * dt_ms_ / 1000, total_ * dt_ms_ / 1000, wall / (done * dt_ms_ / 1000), eta);
    if (tty_) {
      std::fprintf(stderr, "\r%s   ", line.c_str());
      shown_ = true;
    } else {
      spdlog::info("{}", line);
    }
  }
  void finish() {
    if (shown_) std::fprintf(stderr, "\n");
  }

 private:
  bool enabled_, tty_;
  uint64_t total_;
  double dt_ms_, last_ = 0;
  bool shown_ = false;
};

}  // namespace

run_summary run(simulator& sim, const run_options& options, const std::vector<spike_consumer>& consumers) {
  activity_monitor activity(sim.populations(), sim.current_step(), sim.dt_ms());
  const uint64_t events_before = sim.synaptic_events();
  const uint64_t spikes_before = sim.spikes_total();
  auto drain = [&] {
    const spike_record batch = sim.drain_spikes();
    activity.add(batch);
    for (const auto& consume : consumers) consume(batch);
  };

  progress_line progress(options.progress, options.steps, sim.dt_ms());
  const auto t0 = clock_type::now();
  for (uint64_t done = 0; done < options.steps;) {
    uint64_t chunk = std::min(options.drain_every, options.steps - done);
    for (const auto& task : options.periodic)
      if (task.every > 0) chunk = std::min(chunk, task.every - sim.current_step() % task.every);
    if (options.after_each_step) {
      for (uint64_t i = 0; i < chunk; ++i) {
        sim.step();
        options.after_each_step(sim);
      }
    } else {
      sim.run_steps(chunk);
    }
    done += chunk;
    drain();
    for (const auto& task : options.periodic)
      if ((task.every > 0 && sim.current_step() % task.every == 0) || (done == options.steps && task.at_end))
        task.run(sim);
    progress.update(done, seconds_since(t0));
  }
  const double wall = seconds_since(t0);
  progress.finish();

  run_summary s;
  s.backend = sim.backend_ref().name();
  s.device = sim.backend_ref().device();
  s.neurons = sim.neuron_count();
  s.synapses = sim.synapse_count();
  s.synapse_bytes = sim.synapse_bytes();
  s.steps = options.steps;
  s.dt_ms = sim.dt_ms();
  s.simulated_s = options.steps * sim.dt_ms() / 1000.0;
  s.wall_s = wall;
  s.rtf = s.simulated_s > 0 ? wall / s.simulated_s : 0;
  s.spikes = sim.spikes_total() - spikes_before;
  s.synaptic_events = sim.synaptic_events() - events_before;
  s.events_per_s = wall > 0 ? s.synaptic_events / wall : 0;
  std::vector<size_t> all;
  for (size_t p = 0; p < sim.populations().size(); ++p) {
    const auto& r = sim.populations()[p];
    s.populations.push_back({r.name, r.size, activity.spikes(p), activity.mean_rate_hz(p, options.steps, sim.dt_ms())});
    all.push_back(p);
  }
  s.dominant_frequency_hz = activity.dominant_frequency_hz(all);
  s.bands = band_peaks(activity.rate_signal(all), sim.dt_ms());
  for (size_t p : all) s.population_rates.push_back(activity.rate_signal({p}));
  return s;
}

std::string format_summary(const run_summary& s) {
  std::string out = fmt::format(
      "backend      {} on {}\n"
      "network      {} neurons, {} synapses ({:.2f} bytes/synapse)\n"
      "simulated    {:.3f} s in {} steps of {} ms\n"
      "wall time    {:.3f} s (real-time factor {:.4g}: {:.1f}x {} than real time)\n"
      "spikes       {} ({:.3g} synaptic events, {:.3g} events/s)\n",
      s.backend, s.device, s.neurons, s.synapses, s.synapses ? double(s.synapse_bytes) / s.synapses : 0.0,
      s.simulated_s, s.steps, s.dt_ms, s.wall_s, s.rtf, s.rtf > 0 ? (s.rtf < 1 ? 1 / s.rtf : s.rtf) : 0.0,
      s.rtf < 1 ? "faster" : "slower", s.spikes, double(s.synaptic_events), s.events_per_s);
  for (const auto& p : s.populations)
    out += fmt::format("  {:<14} {:>8} neurons {:>10} spikes  {:7.2f} Hz\n", p.name, p.size, p.spikes, p.rate_hz);
  out += fmt::format("rhythm       dominant frequency of the population rate: {:.1f} Hz\n", s.dominant_frequency_hz);
  if (!s.bands.empty()) {
    out += "bands       ";
    for (const auto& b : s.bands) out += fmt::format(" {} {:g} Hz ({:.0f}%)", b.band, b.peak_hz, 100 * b.power_share);
    out += "  (peak, share of 1-150 Hz power)\n";
  }
  return out;
}

}  // namespace engram
