// `engram train iris|grid` and their resume: the reward tasks of apps/tasks, a summary on stdout
// and a results JSON (--out) that scripts/plot_reward.py draws.
#include <fmt/format.h>

#include "apps/engram/commands.hpp"
#include "apps/engram/train.hpp"
#include "apps/tasks/baselines.hpp"
#include "apps/tasks/grid_task.hpp"
#include "apps/tasks/iris_task.hpp"
#include "engine/errors.hpp"
#include "host/io/iris_reader.hpp"
#include "host/io/json_file.hpp"
#include "host/io/output_path.hpp"
#include "host/io/idx_reader.hpp"
#include "kernels/backend_factory.hpp"

namespace engram {
namespace {

tasks::backend_factory factory_for(const train_command& cmd) {
  const backend_kind kind = parse_backend_kind(cmd.backend);
  const int threads = cmd.threads;
  return [kind, threads] { return make_backend(kind, backend_options_for(threads, true)); };
}

tasks::task_run_options run_options(const train_command& cmd, uint64_t kept_every) {
  tasks::task_run_options o;
  o.snapshot = cmd.snapshot;
  o.snapshot_every = cmd.snapshot_every ? cmd.snapshot_every : kept_every;  // a resume keeps the period
  o.stop_after = cmd.stop_after;
  o.progress = !cmd.quiet;
  return o;
}

// `--set help` lists the parameters; anything else sets one.
bool apply_sets(model_params& p, const std::vector<std::string>& sets, const std::string& task) {
  for (const auto& s : sets) {
    if (s != "help") continue;
    fmt::print("parameters of the {} task (--set key=value):\n", task);
    for (const auto& e : p.entries()) fmt::print("  {:<14} {:<10g} {}\n", e.key, e.value, e.help);
    return false;
  }
  for (const auto& s : sets) p.set(s, task);
  return true;
}

nlohmann::json params_json(const model_params& p) {
  nlohmann::json j = nlohmann::json::object();
  for (const auto& e : p.entries()) j[e.key] = e.value;
  return j;
}

nlohmann::json scores_json(const tasks::class_scores& s) {
  return {{"accuracy", s.accuracy()}, {"correct", s.correct}, {"total", s.total}, {"silent", s.silent}, {"ties", s.ties},
          {"confusion", s.confusion}};
}

tabular_dataset iris_data() { return load_iris(data_root(ENGRAM_SOURCE_DIR "/data/fetched")); }

tasks::labelled_rows rows_of(const tabular_dataset& d, const std::vector<uint32_t>& samples) {
  tasks::labelled_rows r;
  r.features = d.features;
  r.classes = static_cast<uint32_t>(d.classes.size());
  for (uint32_t i : samples) {
    for (uint32_t k = 0; k < d.features; ++k) r.x.push_back(static_cast<float>(d.values[uint64_t{i} * d.features + k]));
    r.y.push_back(d.labels[i]);
  }
  return r;
}

int run_iris(tasks::iris_trainer& t, const tabular_dataset& data, const train_command& cmd, bool resumed) {
  const auto& p = t.params();
  fmt::print("task         Iris by reward (R-STDP readout, per-class dopamine), seed {}\n", t.seed());
  fmt::print("backend      {}\n", t.sim().backend_ref().device());
  fmt::print("network      {} neurons ({} place-field inputs, 3 x {} motor), {} synapses\n", t.sim().neuron_count(),
             t.sim().population_named("input").size, p.count("motor_size"), t.sim().synapse_count());
  fmt::print("plan         {} epochs of {} samples; validation {}, test {} (stratified){}\n", p.count("epochs"),
             t.split().train.size(), t.split().validation.size(), t.split().test.size(),
             resumed ? fmt::format(", resumed at epoch {} sample {}", t.progress().epoch, t.progress().position) : "");
  const tasks::iris_summary sum = t.train(run_options(cmd, t.snapshot_every()));
  const auto& pr = t.progress();
  fmt::print("trained      {} trials in {:.1f} s ({} steps)\n", sum.trials, sum.wall_s, sum.steps);
  const bool validated = !t.split().validation.empty();  // refit: no validation split
  for (size_t e = 0; e < pr.train_accuracy.size(); ++e)
    fmt::print("  epoch {:>2}  decisions before the teacher {:5.1f}%{}{}\n", e + 1, 100 * pr.train_accuracy[e],
               validated ? fmt::format("  validation {:5.1f}%", 100 * pr.validation_accuracy[e]) : "",
               e + 1 == pr.best_epoch && pr.averaged_epochs == 0 ? "  <- kept" : "");
  if (!sum.finished) {
    fmt::print("status       stopped at epoch {} sample {}{}\n", pr.epoch, pr.position,
               cmd.snapshot.empty() ? "" : " (continue with: engram resume " + cmd.snapshot + ")");
    return 0;
  }
  const bool tested = p.count("test") != 0;
  const bool averaged = pr.averaged_epochs > 0;
  const std::string kept = averaged  ? fmt::format("the readout averaged over epochs {}-{}", p.count("average_from"), pr.epoch)
                           : validated ? fmt::format("epoch {}'s weights", pr.best_epoch)
                                       : fmt::format("the last epoch's weights (refit on {} samples)", t.split().train.size());
  const tasks::class_scores kept_validation = validated ? t.evaluate_kept(t.split().validation) : tasks::class_scores{};
  if (validated) fmt::print("validation   {:.1f}% with {}\n", 100 * kept_validation.accuracy(), kept);
  const tasks::class_scores test = tested ? t.test() : tasks::class_scores{};
  const double logistic =
      tested ? tasks::logistic_regression_accuracy(rows_of(data, t.split().train), rows_of(data, t.split().test)) : 0.0;
  const double logistic_validation =
      validated ? tasks::logistic_regression_accuracy(rows_of(data, t.split().train), rows_of(data, t.split().validation)) : 0.0;
  if (tested) {
    fmt::print("test         {:.1f}% ({}/{}; silent {}, ties {}) with {}, spikes only\n", 100 * test.accuracy(),
               test.correct, test.total, test.silent, test.ties, kept);
    fmt::print("baseline     logistic regression on the same split: {:.1f}%\n", 100 * logistic);
  } else {
    fmt::print("test         not run (test=0); logistic regression on the validation split: {:.1f}%\n",
               100 * logistic_validation);
  }
  if (!cmd.snapshot.empty()) fmt::print("snapshot     {}\n", cmd.snapshot);
  if (!cmd.out.empty()) {
    nlohmann::json j = {{"task", tasks::iris_task_name},
                        {"seed", t.seed()},
                        {"engine_version", ENGRAM_VERSION},
                        {"params", params_json(p)},
                        {"split", {{"train", t.split().train.size()}, {"validation", t.split().validation.size()}, {"test", t.split().test.size()}}},
                        {"train_accuracy", pr.train_accuracy},
                        {"validation_accuracy", pr.validation_accuracy},
                        {"best_epoch", pr.best_epoch},
                        {"kept", kept},
                        {"baselines", {{"seed_simulator", 0.900}, {"swat", 0.953}}},
                        {"wall_s", sum.wall_s},
                        {"resumed", resumed}};
    if (validated) {
      j["best_validation"] = pr.best_validation;
      j["kept_validation"] = kept_validation.accuracy();
      j["baselines"]["logistic_regression_validation"] = logistic_validation;
    }
    if (tested) {
      j["test"] = scores_json(test);
      j["baselines"]["logistic_regression"] = logistic;
    }
    write_json_file(cmd.out, j);
    fmt::print("results      {} (plot: scripts/plot_reward.py {})\n", cmd.out, cmd.out);
  }
  return 0;
}

nlohmann::json policy_json(const tasks::policy_scores& s) {
  return {{"starts", s.starts}, {"reached", s.reached}, {"mean_steps", s.mean_steps}, {"optimal_steps", s.optimal_steps},
          {"policy", s.policy}};
}

// The greedy policy as arrows, one row of the world per line ('G' goal, '#' wall, '.' no decision).
void print_policy(const tasks::grid_world& w, const std::vector<int32_t>& policy) {
  static const char* arrows[] = {"^", ">", "v", "<"};
  for (uint32_t y = 0; y < w.height(); ++y) {
    std::string row = "             ";
    for (uint32_t x = 0; x < w.width(); ++x) {
      const uint32_t c = y * w.width() + x;
      row += w.goal(c) ? "G" : !w.open(c) ? "#" : policy[c] < 0 ? "." : arrows[policy[c]];
      row += ' ';
    }
    fmt::print("{}\n", row);
  }
}

int run_grid(tasks::grid_trainer& t, const train_command& cmd, bool resumed) {
  const auto& p = t.params();
  const auto& w = t.world();
  fmt::print("task         grid navigation by reward ({}x{}{}), seed {}\n", w.width(), w.height(),
             p.get("larger") == 1 ? ", the goal behind a wall" : "", t.seed());
  fmt::print("backend      {}\n", t.sim().backend_ref().device());
  fmt::print("network      {} neurons ({} inputs, 4 x {} motor), {} synapses\n", t.sim().neuron_count(), w.inputs(),
             p.count("motor_size"), t.sim().synapse_count());
  fmt::print("plan         {} episodes of at most {} moves; greedy scoring every {} episodes{}\n", p.count("episodes"),
             p.count("max_steps"), p.count("select_every"),
             resumed ? fmt::format(", resumed at episode {}", t.progress().episode) : "");
  const tasks::grid_summary sum = t.train(run_options(cmd, t.snapshot_every()));
  const auto& pr = t.progress();
  fmt::print("trained      {} episodes ({} moves) in {:.1f} s ({} steps)\n", sum.episodes, sum.trials, sum.wall_s, sum.steps);
  for (size_t k = 0; k + 2 < pr.selection_log.size(); k += 3)
    fmt::print("  episode {:>4}  greedy success {:5.1f}%  mean moves {:.2f}{}\n", pr.selection_log[k], 100 * pr.selection_log[k + 1],
               pr.selection_log[k + 2], pr.selection_log[k] == pr.best_episode ? "  <- kept" : "");
  if (!sum.finished) {
    fmt::print("status       stopped at episode {}{}\n", pr.episode,
               cmd.snapshot.empty() ? "" : " (continue with: engram resume " + cmd.snapshot + ")");
    return 0;
  }
  const tasks::policy_scores learnt = t.final_scores(false), ablated = t.final_scores(true);
  fmt::print("every start  {}/{} reach the goal, mean moves {:.3f} (optimum {:.3f}), spikes only, episode {}'s weights\n",
             learnt.reached, learnt.starts, learnt.mean_steps, learnt.optimal_steps, pr.best_episode);
  print_policy(w, learnt.policy);
  fmt::print("ablation     initial weights: {}/{} reach the goal\n", ablated.reached, ablated.starts);
  if (!cmd.snapshot.empty()) fmt::print("snapshot     {}\n", cmd.snapshot);
  if (!cmd.out.empty()) {
    nlohmann::json j = {{"task", tasks::grid_task_name},
                        {"seed", t.seed()},
                        {"engine_version", ENGRAM_VERSION},
                        {"params", params_json(p)},
                        {"world", {{"width", w.width()}, {"height", w.height()}, {"walls", [&] {
                                      std::vector<uint32_t> v;
                                      for (uint32_t c = 0; c < w.cells(); ++c)
                                        if (!w.open(c)) v.push_back(c);
                                      return v;
                                    }()}}},
                        {"episode_steps", pr.episode_steps},
                        {"selection_log", pr.selection_log},
                        {"best_episode", pr.best_episode},
                        {"learnt", policy_json(learnt)},
                        {"ablation_initial_weights", policy_json(ablated)},
                        {"baselines", {{"seed_simulator_mean_steps", 4.25}, {"optimum_mean_steps", learnt.optimal_steps}}},
                        {"wall_s", sum.wall_s},
                        {"resumed", resumed}};
    write_json_file(cmd.out, j);
    fmt::print("results      {} (plot: scripts/plot_reward.py {})\n", cmd.out, cmd.out);
  }
  return 0;
}

}  // namespace

int train_reward_task(const train_command& cmd) {
  check_output_paths({{"--snapshot", cmd.snapshot}, {"--out", cmd.out}});
  if (cmd.snapshot_every && cmd.snapshot.empty()) throw invalid_parameter("--snapshot-every needs --snapshot PATH");
  if (cmd.task == "iris") {
    model_params p = tasks::iris_params();
    if (cmd.epochs_given) p.set(fmt::format("epochs={}", cmd.setup.epochs), cmd.task);
    if (!apply_sets(p, cmd.sets, cmd.task)) return 0;
    const tabular_dataset data = iris_data();
    tasks::iris_trainer t(cmd.setup.seed, p, data, factory_for(cmd));
    return run_iris(t, data, cmd, false);
  }
  if (cmd.task == "grid") {
    model_params p = tasks::grid_params();
    if (cmd.epochs_given) throw invalid_parameter("the grid task counts episodes: --set episodes=N");
    if (!apply_sets(p, cmd.sets, cmd.task)) return 0;
    tasks::grid_trainer t(cmd.setup.seed, p, factory_for(cmd));
    return run_grid(t, cmd, false);
  }
  throw invalid_parameter(fmt::format("unknown task '{}' (known: mnist, iris, grid, fewshot, lesion, continual, sleep, growth-mnist)", cmd.task));
}

int resume_reward_task(const std::string& snapshot_file, network_state state, const snapshot_info& info,
                       const train_command& options) {
  train_command cmd = options;
  if (cmd.snapshot.empty()) cmd.snapshot = snapshot_file;
  check_output_paths({{"--snapshot", cmd.snapshot}, {"--out", cmd.out}});
  if (info.task.name == tasks::iris_task_name) {
    const tabular_dataset data = iris_data();
    tasks::iris_trainer t(std::move(state), info.task, data, factory_for(cmd));
    return run_iris(t, data, cmd, true);
  }
  if (info.task.name == tasks::grid_task_name) {
    tasks::grid_trainer t(std::move(state), info.task, factory_for(cmd));
    return run_grid(t, cmd, true);
  }
  throw invalid_parameter(fmt::format("the snapshot's task '{}' is not one Engram trains", info.task.name));
}

}  // namespace engram
