#include "apps/tasks/grid_task.hpp"

#include <algorithm>
#include <chrono>
#include <cmath>
#include <fmt/format.h>

#include "apps/tasks/motor_network.hpp"
#include "apps/tasks/progress_bar.hpp"
#include "apps/tasks/task_io.hpp"
#include "engine/errors.hpp"
#include "engine/rng.hpp"

namespace engram::tasks {
namespace {

constexpr uint32_t actions = 4;

// A start drawn uniformly from the world's starts, keyed by (seed, stream, index).
uint32_t draw_start(const std::vector<uint32_t>& starts, uint64_t seed, uint32_t stream, uint64_t index) {
  const philox_block b = random_block(seed, rng_purpose::task_draw, stream, 0, index);
  const auto k = static_cast<size_t>(uniform_open1(b.x[0], b.x[1]) * starts.size());
  return starts[std::min(k, starts.size() - 1)];
}

}  // namespace

model_params grid_params() {
  model_params p;
  p.declare("larger", 0, "0: the 5x5 world, goal in the far corner; 1: 10x10, goal behind a wall (docs/learning.md)")
      .declare("episodes", 500, "training episodes")
      .declare("max_steps", 20, "moves per episode (training and evaluation)")
      .declare("inputs_per_cell", 4, "Poisson inputs per cell (one-hot)")
      .declare("rate_hz", 400, "rate of the current cell's inputs (Hz)")
      .declare("decide_ms", 30, "presentation of the cell: the decision window")
      .declare("mark_ms", 8, "teacher current into the chosen action's motor population")
      .declare("teacher_pa", 600, "marking current (pA)")
      .declare("settle_ms", 10, "steps for the dopamine to act")
      .declare("reward_goal", 0.4, "reward for reaching a goal")
      .declare("reward_closer", 0.08, "reward for a move closer to the goal (shortest path)")
      .declare("reward_bump", -0.015, "reward for bumping into the border or a wall")
      .declare("reward_farther", -0.03, "reward for a move away from the goal")
      .declare("expectation_rate", 0.05, "per-cell running mean of the reward, subtracted (0: none)")
      .declare("dopamine_scale", 1.0, "dopamine released per unit of (reward - expectation)")
      .declare("eps_start", 0.5, "exploration at the first episode")
      .declare("eps_end", 0.1, "exploration from eps_episodes on")
      .declare("eps_episodes", 300, "episodes over which exploration falls")
      .declare("select_every", 50, "episodes between scorings of the greedy policy")
      .declare("select_starts", 40, "seeded starts per scoring");
  declare_motor_params(p, 10);
  return p;
}

grid_trainer::grid_trainer(uint64_t seed, const model_params& params, backend_factory make_backend)
    : seed_(seed), params_(params), make_backend_(std::move(make_backend)) {
  setup();
  progress_.expectation.assign(world_->cells(), 0.0);
  start(std::make_unique<simulator>(motor_network(motor_params_of(params_, world_->inputs(), actions, seed_)), make_backend_()));
}

grid_trainer::grid_trainer(network_state state, const task_state& task, backend_factory make_backend)
    : seed_(task_counter(task, "seed")), params_(grid_params()), make_backend_(std::move(make_backend)) {
  require_task(task, grid_task_name);
  load_params(task, params_);
  setup();
  progress_.episode = task_counter(task, "episode");
  progress_.trials = task_counter(task, "trials");
  progress_.best_episode = task_counter(task, "best_episode");
  const auto every = task.counters.find("snapshot_every");
  snapshot_every_ = every == task.counters.end() ? 0 : every->second;
  progress_.expectation = task_values(task, "expectation");
  progress_.episode_steps = task_values(task, "episode_steps");
  progress_.selection_log = task_values(task, "selection_log");
  progress_.best_weights = task_values(task, "best_weights");
  const std::vector<double> best = task_values(task, "best_score");
  if (!best.empty()) progress_.best_score = best[0];
  if (progress_.expectation.size() != world_->cells() || progress_.episode_steps.size() != progress_.episode ||
      progress_.episode > params_.count("episodes") || progress_.best_episode > progress_.episode)
    throw invalid_parameter("the snapshot's grid task does not fit its own run");
  check_selection_log();
  start(std::make_unique<simulator>(std::move(state), make_backend_()));
  if (sim_->population_named(agent_->names().input).size != world_->inputs())
    throw invalid_parameter("the snapshot's network does not match its grid world (input size)");
  if ((progress_.best_episode > 0 || !progress_.best_weights.empty()) && progress_.best_weights.size() != readout_weights().size())
    throw invalid_parameter("the snapshot's best weights do not fit its network");
}

// The scorings of the stored log are the schedule's (every select_every episodes and the last),
// and the kept one is the log's best (of scores as good, the last): derived again, so a forged
// best score or episode is refused here instead of freezing the kept weights for the rest of the run.
void grid_trainer::check_selection_log() const {
  const grid_progress& p = progress_;
  const uint64_t total = params_.count("episodes"), every = params_.count("select_every");
  const uint64_t scorings = p.episode / every + (p.episode == total && total % every != 0 ? 1 : 0);
  const std::vector<double>& log = p.selection_log;
  if (log.size() != 3 * scorings) throw invalid_parameter("the snapshot's grid scorings do not fit its own run");
  uint64_t kept = 0;
  double kept_score = -1e300;
  for (uint64_t k = 0; k < scorings; ++k) {
    const double episode = log[3 * k], rate = log[3 * k + 1], steps = log[3 * k + 2];
    const uint64_t due = std::min((k + 1) * every, total);
    if (episode != static_cast<double>(due) || !(rate >= 0 && rate <= 1) || !(steps >= 0 && std::isfinite(steps)))
      throw invalid_parameter(fmt::format("the snapshot's grid scoring {} is not the schedule's (episode {})", k + 1, due));
    const double score = 100.0 * rate - steps;  // as the run computes it
    if (score >= kept_score) kept_score = score, kept = due;
  }
  if (p.best_episode != kept || p.best_score != kept_score)
    throw invalid_parameter(fmt::format("the snapshot's kept episode {} is not its best scoring's (episode {})", p.best_episode, kept));
}

void grid_trainer::setup() {
  grid_rewards r;
  r.goal = params_.get("reward_goal");
  r.closer = params_.get("reward_closer");
  r.bump = params_.get("reward_bump");
  r.farther = params_.get("reward_farther");
  const double larger = params_.get("larger");
  if (larger != 0 && larger != 1) throw invalid_parameter("--set larger must be 0 or 1");
  world_ = std::make_unique<grid_world>(
      grid_world::standard(larger == 1, r, params_.count("inputs_per_cell"), params_.get("rate_hz")));
  explore_.seed = seed_;
  explore_.start = params_.get("eps_start");
  explore_.end = params_.get("eps_end");
  explore_.episodes = params_.count("eps_episodes");
  if (params_.count("max_steps") == 0 || params_.count("select_every") == 0 || params_.count("select_starts") == 0)
    throw invalid_parameter("max_steps, select_every and select_starts must be at least 1");
}

void grid_trainer::start(std::unique_ptr<simulator> sim) {
  sim_ = std::move(sim);
  sim_->set_recording(false);
  agent_ = std::make_unique<motor_agent>(*sim_, motor_names_of(actions));
}

uint64_t grid_trainer::steps(const char* key) const {
  return static_cast<uint64_t>(std::llround(params_.get(key) / sim_->dt_ms()));
}

void grid_trainer::run_episode() {
  motor_agent& a = *agent_;
  grid_world& w = *world_;
  w.place(draw_start(w.starts(), seed_, 1, progress_.episode));
  const double alpha = params_.get("expectation_rate"), scale = params_.get("dopamine_scale");
  uint32_t t = 0;
  for (; t < params_.count("max_steps"); ++t) {
    a.end_trial();
    a.observe(w.observation());
    const decision d = decide(a.run(steps("decide_ms")));
    const uint32_t action = explore_.choose(d, actions, progress_.episode, t);
    a.teach(static_cast<int>(action), params_.get("teacher_pa"));
    a.run(steps("mark_ms"));
    a.teach(-1, 0.0);
    const uint32_t cell = w.cell();
    const outcome o = w.act(action);
    double& expected = progress_.expectation[cell];
    const double surprise = o.reward - (alpha > 0 ? expected : 0.0);
    if (alpha > 0) expected += alpha * (o.reward - expected);
    if (surprise != 0) a.reinforce(action, scale * surprise);
    a.run(steps("settle_ms"));
    ++progress_.trials;
    if (o.done) {
      ++t;
      break;
    }
  }
  progress_.episode_steps.push_back(t);
  ++progress_.episode;
}

uint32_t grid_trainer::greedy_action(bool& decided) {
  motor_agent& a = *agent_;
  a.end_trial();
  a.observe(world_->observation());
  const decision d = decide(a.run(steps("decide_ms")));
  decided = d.action >= 0;
  return decided ? static_cast<uint32_t>(d.action) : 0;
}

policy_scores grid_trainer::evaluate(const std::vector<uint32_t>& chosen) {
  grid_world& w = *world_;
  const std::vector<uint32_t> starts = chosen.empty() ? w.starts() : chosen;
  agent_->set_learning(false);
  policy_scores s;
  double steps_sum = 0, optimal_sum = 0;
  for (uint32_t start : starts) {
    w.place(start);
    ++s.starts;
    optimal_sum += w.distance(start);
    for (uint32_t t = 0; t < params_.count("max_steps"); ++t) {
      bool decided = false;
      const uint32_t action = greedy_action(decided);
      if (decided && w.act(action).done) {
        ++s.reached;
        steps_sum += t + 1;
        break;
      }
    }
  }
  s.mean_steps = s.reached ? steps_sum / s.reached : 0.0;
  s.optimal_steps = s.starts ? optimal_sum / s.starts : 0.0;
  if (chosen.empty()) {
    s.policy.assign(w.cells(), -1);
    for (uint32_t c : w.starts()) {
      w.place(c);
      bool decided = false;
      const uint32_t action = greedy_action(decided);
      s.policy[c] = decided ? static_cast<int32_t>(action) : -1;
    }
  }
  agent_->end_trial();
  agent_->set_learning(true);
  return s;  // the world is left anywhere: every episode places it anew
}

std::vector<double> grid_trainer::readout_weights() const { return tasks::readout_weights(*sim_, agent_->names()); }

grid_summary grid_trainer::train(const task_run_options& options) {
  const auto t0 = std::chrono::steady_clock::now();
  const uint64_t total = params_.count("episodes"), every = params_.count("select_every");
  const uint64_t start_episode = progress_.episode, start_trials = progress_.trials, start_step = sim_->current_step();
  snapshot_every_ = options.snapshot_every;
  progress_bar bar(options.progress, total, "episodes", "greedy success (best)");
  uint64_t done_here = 0, snapshot_at = UINT64_MAX;
  auto snapshot = [&] {
    if (options.snapshot.empty() || snapshot_at == progress_.episode) return;
    write_snapshot(options.snapshot, sim_->export_state(), info());
    snapshot_at = progress_.episode;
  };
  double best_rate = 0;  // of the kept scoring (a resumed run finds it in the log)
  for (size_t k = 0; k + 2 < progress_.selection_log.size(); k += 3)
    if (progress_.selection_log[k] == static_cast<double>(progress_.best_episode)) best_rate = progress_.selection_log[k + 1];
  while (progress_.episode < total) {
    if (options.stop_after && done_here >= options.stop_after) break;
    run_episode();
    ++done_here;
    if (progress_.episode % every == 0 || progress_.episode == total) {
      std::vector<uint32_t> starts;
      for (uint32_t k = 0; k < params_.count("select_starts"); ++k)
        starts.push_back(draw_start(world_->starts(), seed_, 2, progress_.episode * 1000 + k));
      const policy_scores s = evaluate(starts);
      const double score = 100.0 * s.rate() - s.mean_steps;
      progress_.selection_log.insert(progress_.selection_log.end(), {double(progress_.episode), s.rate(), s.mean_steps});
      if (score >= progress_.best_score) {  // of scorings as good, the last (longest trained) is kept
        progress_.best_score = score;
        progress_.best_episode = progress_.episode;
        progress_.best_weights = readout_weights();
        best_rate = s.rate();
      }
    }
    if (options.snapshot_every && progress_.episode % options.snapshot_every == 0) snapshot();
    bar.update(progress_.episode, seconds_since(t0), done_here, best_rate, progress_.best_episode > 0);
  }
  bar.finish();
  snapshot();
  grid_summary s;
  s.episodes = progress_.episode - start_episode;
  s.trials = progress_.trials - start_trials;
  s.steps = sim_->current_step() - start_step;
  s.wall_s = seconds_since(t0);
  s.finished = progress_.episode >= total;
  return s;
}

policy_scores grid_trainer::scores_with(network_state state, const std::vector<uint32_t>& starts) {
  std::unique_ptr<simulator> trained = std::move(sim_);
  std::unique_ptr<motor_agent> trained_agent = std::move(agent_);
  start(std::make_unique<simulator>(std::move(state), make_backend_()));
  const policy_scores s = evaluate(starts);
  sim_ = std::move(trained);
  agent_ = std::move(trained_agent);
  return s;
}

policy_scores grid_trainer::final_scores(bool untrained) {
  if (untrained) {
    const network initial = motor_network(motor_params_of(params_, world_->inputs(), actions, seed_));
    return scores_with(simulator(initial, make_backend_()).export_state(), {});
  }
  if (progress_.best_episode == 0) throw invalid_parameter("no scoring has happened yet: nothing to evaluate");
  network_state state = sim_->export_state();
  set_readout_weights(state, agent_->names(), progress_.best_weights);
  return scores_with(std::move(state), {});
}

snapshot_info grid_trainer::info() const {
  snapshot_info info;
  info.model = "motor_network";
  info.parameters = {{"inputs", world_->inputs()}, {"actions", actions}, {"motor_size", params_.get("motor_size")}};
  task_state& t = info.task;
  t.name = grid_task_name;
  t.counters = {{"seed", seed_}, {"episode", progress_.episode}, {"trials", progress_.trials},
                {"best_episode", progress_.best_episode}, {"snapshot_every", snapshot_every_}};
  t.values["expectation"] = progress_.expectation;
  t.values["episode_steps"] = progress_.episode_steps;
  t.values["selection_log"] = progress_.selection_log;
  t.values["best_score"] = {progress_.best_score};
  t.values["best_weights"] = progress_.best_weights;
  store_params(t, params_);
  return info;
}

}  // namespace engram::tasks
