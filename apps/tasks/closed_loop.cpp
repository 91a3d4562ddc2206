#include "apps/tasks/closed_loop.hpp"

#include <algorithm>
#include <fmt/format.h>

#include "engine/errors.hpp"
#include "engine/rng.hpp"

namespace engram::tasks {

decision decide(const std::vector<uint64_t>& counts) {
  decision d;
  if (counts.empty()) return d;
  const uint64_t most = *std::max_element(counts.begin(), counts.end());
  if (most == 0) {
    d.silent = true;
    return d;
  }
  if (std::count(counts.begin(), counts.end(), most) > 1) {
    d.tie = true;
    return d;
  }
  d.action = static_cast<int>(std::find(counts.begin(), counts.end(), most) - counts.begin());
  return d;
}

double exploration::epsilon(uint64_t episode) const {
  if (episodes == 0 || episode >= episodes) return end;
  return start + (end - start) * static_cast<double>(episode) / static_cast<double>(episodes);
}

uint32_t exploration::choose(const decision& d, uint32_t actions, uint64_t episode, uint64_t step) const {
  const philox_block b = random_block(seed, rng_purpose::exploration, 0, static_cast<uint32_t>(step), episode);
  const bool explore = d.action < 0 || uniform_open1(b.x[0], b.x[1]) < epsilon(episode);
  if (!explore) return static_cast<uint32_t>(d.action);
  const auto a = static_cast<uint32_t>(uniform_open1(b.x[2], b.x[3]) * actions);
  return std::min(a, actions - 1);
}

motor_agent::motor_agent(simulator& sim, motor_names names) : sim_(&sim), names_(std::move(names)) {
  const size_t n = names_.motors.size();
  if (n < 2 || names_.readouts.size() != n || names_.channels.size() != n || names_.teachers.size() != n)
    throw invalid_parameter("a motor network needs at least two actions, each with a readout, a channel and a teacher");
  for (const auto& p : sim.populations()) populations_.push_back(p.name);
}

std::vector<uint64_t> motor_agent::run(uint64_t steps) {
  for (const auto& m : names_.motors) sim_->take_spike_counts(m);  // count from here
  sim_->run_steps(steps);
  std::vector<uint64_t> out;
  for (const auto& m : names_.motors) {
    uint64_t total = 0;
    for (uint32_t c : sim_->take_spike_counts(m)) total += c;
    out.push_back(total);
  }
  return out;
}

void motor_agent::teach(int action, double amplitude) {
  if (action >= static_cast<int>(actions()))
    throw invalid_parameter(fmt::format("action {} out of range ({} actions)", action, actions()));
  for (uint32_t a = 0; a < actions(); ++a)
    sim_->set_input_amplitude(names_.teachers[a], static_cast<int>(a) == action ? amplitude : 0.0);
}

void motor_agent::reinforce(uint32_t action, double amount) {
  if (action >= actions()) throw invalid_parameter(fmt::format("action {} out of range ({} actions)", action, actions()));
  sim_->reward(amount, names_.channels[action]);
}

void motor_agent::end_trial() {
  sim_->reset(populations_);
  sim_->clear_eligibility(names_.readouts);
  sim_->reset_dopamine(names_.channels);
  teach(-1, 0.0);
}

void motor_agent::set_learning(bool on) {
  for (const auto& r : names_.readouts) on ? sim_->unfreeze(r) : sim_->freeze(r);
}

}  // namespace engram::tasks
