#pragma once
// The closed loop of a reward task (docs/learning.md, "Reward tasks"): the environment's
// observation sets the input rates, the network runs a window, an action is decoded from the
// motor populations' spike counts, the environment answers with a reward, and dopamine goes into
// the chosen action's channel only. Each motor population's readout projection learns by R-STDP
// from its own channel, so a reward or a punishment reaches only the synapses onto that action.
#include <cstdint>
#include <string>
#include <vector>

#include "engine/simulator.hpp"

namespace engram::tasks {

// What an environment says after an action.
struct outcome {
  double reward = 0;
  bool done = false;
};

class environment {
 public:
  virtual ~environment() = default;
  virtual uint32_t action_count() const = 0;
  virtual std::vector<float> observation() const = 0;  // rates of the input population (Hz)
  virtual outcome act(uint32_t action) = 0;            // throws invalid_parameter out of range
};

// The decoding rule: the action whose motor population fired most in the window. No action when
// every count is 0 (silence) or when two or more actions share the most spikes (tie): a
// prediction needs a strict winner, so evaluation counts silence and ties as wrong.
struct decision {
  int action = -1;  // -1: none
  bool silent = false, tie = false;
};
decision decide(const std::vector<uint64_t>& counts);

// Epsilon-greedy exploration on a seeded schedule: epsilon falls linearly from `start` to `end`
// over `episodes` and then stays. The draws are Philox keyed by (seed, episode, step), so the
// schedule has no state to save: a resumed run draws what the uninterrupted one would have.
struct exploration {
  uint64_t seed = 1;
  double start = 0.5, end = 0.1;
  uint64_t episodes = 300;

  double epsilon(uint64_t episode) const;
  // A random action with probability epsilon, or when the decision is none; else the decision.
  uint32_t choose(const decision& d, uint32_t actions, uint64_t episode, uint64_t step) const;
};

// The names in a motor network (apps/tasks/motor_network.hpp builds one).
struct motor_names {
  std::string input = "input";
  std::vector<std::string> motors;    // one population per action
  std::vector<std::string> readouts;  // input -> motor a, R-STDP
  std::vector<std::string> channels;  // dopamine channel of readout a
  std::vector<size_t> teachers;       // index in network::inputs of the current into motor a
};

// Drives a simulator through the trials of a reward task.
class motor_agent {
 public:
  motor_agent(simulator& sim, motor_names names);

  uint32_t actions() const { return static_cast<uint32_t>(names_.motors.size()); }
  void observe(const std::vector<float>& rates_hz) { sim_->set_rates(names_.input, rates_hz); }
  // Runs `steps` and returns the spikes of each motor population over them.
  std::vector<uint64_t> run(uint64_t steps);
  // Teacher current into motor `action` (the others off); -1 turns every teacher off.
  void teach(int action, double amplitude);
  // Dopamine into the action's channel: > 0 rewards, < 0 punishes.
  void reinforce(uint32_t action, double amount);
  void clear_eligibility() { sim_->clear_eligibility(names_.readouts); }
  // Between trials: every population back to rest, eligibility 0, dopamine at baseline, teachers off.
  void end_trial();
  void set_learning(bool on);
  simulator& sim() { return *sim_; }
  const motor_names& names() const { return names_; }

 private:
  simulator* sim_;
  motor_names names_;
  std::vector<std::string> populations_;
};

}  // namespace engram::tasks
