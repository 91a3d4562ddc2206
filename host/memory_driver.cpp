#include "host/memory_driver.hpp"

#include <algorithm>
#include <fmt/format.h>

#include "engine/errors.hpp"

namespace engram {

memory_driver::memory_driver(simulator& sim, memory_state& memory, memory_driver_options options)
    : sim_(sim), memory_(memory), options_(std::move(options)) {
  validate(memory_.config);
  const population_range& p = sim_.population_named(options_.population);
  const population_range& d = sim_.population_named(options_.drive);
  if (d.kind != neuron_kind::poisson_source)
    throw invalid_parameter(fmt::format("memory: the drive population '{}' must be a poisson_source", options_.drive));
  if (d.size != p.size)
    throw invalid_parameter(fmt::format("memory: the drive '{}' has {} sources for {} neurons of '{}' (one to one)", options_.drive, d.size,
                                        p.size, options_.population));
  if (!(options_.drive_rate_hz > 0)) throw invalid_parameter(fmt::format("memory: drive_rate_hz {} must be > 0", options_.drive_rate_hz));
  size_ = p.size;
  if (!(options_.downscale > 0 && options_.downscale <= 1))
    throw invalid_parameter(fmt::format("memory: downscale {} must be in (0, 1]", options_.downscale));
  if (options_.downscale < 1) sim_.projection_index(options_.downscale_projection);  // throws for an unknown name
}

void memory_driver::drive(const std::vector<uint32_t>& members, uint64_t steps) {
  std::vector<float> rates(size_, 0.0f);
  for (uint32_t m : members) {
    if (m >= size_) throw invalid_parameter(fmt::format("memory: neuron {} is outside '{}' ({} neurons)", m, options_.population, size_));
    rates[m] = static_cast<float>(options_.drive_rate_hz);
  }
  sim_.set_rates(options_.drive, rates);
  sim_.run_steps(steps);
  sim_.set_rates(options_.drive, std::vector<float>(size_, 0.0f));
}

void memory_driver::begin_capture() { sim_.take_spike_counts(options_.population); }

int memory_driver::end_capture() {
  const std::vector<uint32_t> counts = sim_.take_spike_counts(options_.population);
  std::vector<uint32_t> members;
  for (uint32_t i = 0; i < counts.size(); ++i)
    if (counts[i] >= options_.capture_min_spikes) members.push_back(i);
  return capture_trace(memory_, std::move(members), sim_.current_step());
}

void memory_driver::sleep(uint64_t steps, uint64_t interval) {
  if (interval == 0) throw invalid_parameter("memory: the consolidation interval must be >= 1 step");
  // Consolidations fall every `interval` steps from the phase's start (their replays included);
  // replays cut short by the phase's end stop there.
  const uint64_t end = sim_.current_step() + steps;
  uint64_t next = sim_.current_step() + interval;
  while (sim_.current_step() < end) {
    if (sim_.current_step() < next) {
      sim_.run_steps(std::min(next, end) - sim_.current_step());
      continue;
    }
    for (uint32_t k : consolidate_traces(memory_, sim_.current_step()))
      if (sim_.current_step() < end) drive(memory_.traces[k].members, std::min(options_.replay_steps, end - sim_.current_step()));
    if (options_.downscale < 1) {
      const size_t p = sim_.projection_index(options_.downscale_projection);
      std::vector<float> w;
      sim_.read_weights(p, w);
      for (float& x : w) x = static_cast<float>(x * options_.downscale);
      sim_.set_weights(p, w);
    }
    next += interval;
  }
}

completion memory_driver::cue(const std::vector<uint32_t>& partial) {
  completion c = complete_pattern(memory_, partial);
  std::vector<uint32_t> driven = partial;
  driven.insert(driven.end(), c.missing.begin(), c.missing.end());
  drive(driven, options_.replay_steps);
  return c;
}

}  // namespace engram
