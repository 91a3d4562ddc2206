#pragma once
// Grid navigation by reward (docs/learning.md, "Grid navigation"): the cell is a one-hot input,
// four motor populations (up, right, down, left) read it out through R-STDP, and each step of an
// episode is one turn of the closed loop: present the cell, decide from spikes (epsilon-greedy on
// a seeded schedule), mark the chosen action with its teacher current, move, and release the
// shaped reward minus the cell's running expectation into the chosen action's channel only.
// Every `select_every` episodes the greedy policy is scored on seeded starts with learning off
// and the best weights are kept; the final figure is every start, spikes only.
#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "apps/models/model_params.hpp"
#include "apps/tasks/closed_loop.hpp"
#include "apps/tasks/grid_world.hpp"
#include "apps/tasks/task_run.hpp"
#include "host/io/snapshot.hpp"

namespace engram::tasks {

inline constexpr const char* grid_task_name = "grid-rstdp";

model_params grid_params();  // engram train grid --set key=value

// A greedy run from every start (or the given ones), learning off, spikes only: an action needs a
// strict winner (closed_loop.hpp); without one the agent stays where it is for that step.
struct policy_scores {
  uint32_t starts = 0, reached = 0;
  double mean_steps = 0;           // over the starts that reached a goal
  double optimal_steps = 0;        // mean shortest path over the same starts
  std::vector<int32_t> policy;     // per cell: the greedy action from a single presentation (-1: none, wall or goal)
  double rate() const { return starts ? static_cast<double>(reached) / starts : 0.0; }
};

struct grid_progress {
  uint64_t episode = 0;
  uint64_t trials = 0;                 // steps of the closed loop
  std::vector<double> expectation;     // per cell: running mean of the shaped reward
  std::vector<double> episode_steps;   // per episode
  std::vector<double> selection_log;   // triples (episode, success rate, mean steps)
  double best_score = -1e300;
  uint64_t best_episode = 0;           // 0: no selection yet
  std::vector<double> best_weights;
};

struct grid_summary {
  uint64_t episodes = 0, trials = 0, steps = 0;
  double wall_s = 0;
  bool finished = false;
};

class grid_trainer {
 public:
  grid_trainer(uint64_t seed, const model_params& params, backend_factory make_backend);
  grid_trainer(network_state state, const task_state& task, backend_factory make_backend);

  grid_summary train(const task_run_options& options);
  // Greedy runs, learning off, on the current weights; empty `starts`: every start of the world.
  policy_scores evaluate(const std::vector<uint32_t>& starts);
  // Every start with the kept (best) weights; with `untrained`, with the initial weights instead
  // (the ablation: what the network does without what it learnt).
  policy_scores final_scores(bool untrained);

  snapshot_info info() const;
  const grid_progress& progress() const { return progress_; }
  const grid_world& world() const { return *world_; }
  uint64_t seed() const { return seed_; }
  const model_params& params() const { return params_; }
  uint64_t snapshot_every() const { return snapshot_every_; }
  simulator& sim() { return *sim_; }

 private:
  void setup();
  void check_selection_log() const;  // throws invalid_parameter when the stored scorings contradict the run
  void start(std::unique_ptr<simulator> sim);
  void run_episode();
  uint32_t greedy_action(bool& decided);
  std::vector<double> readout_weights() const;
  policy_scores scores_with(network_state state, const std::vector<uint32_t>& starts);
  uint64_t steps(const char* key) const;

  uint64_t seed_;
  model_params params_;
  backend_factory make_backend_;
  std::unique_ptr<grid_world> world_;
  std::unique_ptr<simulator> sim_;
  std::unique_ptr<motor_agent> agent_;
  exploration explore_;
  grid_progress progress_;
  uint64_t snapshot_every_ = 0;
};

}  // namespace engram::tasks
