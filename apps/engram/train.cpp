#include "apps/engram/train.hpp"

#include <filesystem>
#include <fmt/format.h>

#include "apps/engram/commands.hpp"
#include "engine/errors.hpp"
#include "host/io/idx_reader.hpp"
#include "host/io/output_path.hpp"
#include "host/io/snapshot.hpp"
#include "host/io/training_report.hpp"
#include "kernels/backend_factory.hpp"

namespace engram {
namespace {

labelled_dataset load_data(const std::string& name) {
  if (name != "mnist" && name != "fashion-mnist")
    throw invalid_parameter(fmt::format("unknown data set '{}' (known: mnist, fashion-mnist)", name));
  return load_dataset(name, data_root(ENGRAM_SOURCE_DIR "/data/fetched"));
}

tasks::backend_factory factory(const std::string& backend, int threads) {
  const backend_kind kind = parse_backend_kind(backend);
  return [kind, threads] { return make_backend(kind, backend_options_for(threads, true)); };
}


training_report report_of(tasks::mnist_trainer& t, const labelled_dataset& data) {
  training_report r;
  r.task = tasks::mnist_task_name;
  r.dataset = data.name;
  r.neurons = t.setup().excitatory;
  r.image_rows = data.train.rows;
  r.image_cols = data.train.cols;
  r.samples_seen = t.progress().samples_seen;
  const network_state s = t.export_state();
  const synapse_table* in = nullptr;
  for (const auto& p : s.projections)
    if (p.name == tasks::plastic_projection_name) in = &p;
  if (!in) throw internal_error("the MNIST network has no input projection");
  const uint32_t pixels = r.image_rows * r.image_cols;
  r.receptive_fields.assign(uint64_t{r.neurons} * pixels, 0.0f);
  for (uint32_t row = 0; row < in->pre_count; ++row)
    for (uint64_t e = in->row_ptr[row]; e < in->row_ptr[row + 1]; ++e)
      r.receptive_fields[uint64_t{in->target_of(e) - in->post_first} * pixels + row] = in->weight[e];
  for (const auto& p : s.populations)
    if (p.name == tasks::excitatory_population && !s.plasticity.theta.empty())
      r.theta.assign(s.plasticity.theta.begin() + p.first, s.plasticity.theta.begin() + p.first + p.size);
  r.assignments = t.progress().assignments;
  r.accuracy_log = t.progress().accuracy_log;
  return r;
}

int run_training(tasks::mnist_trainer& trainer, const labelled_dataset& data, const train_command& cmd, bool resumed) {
  const auto& s = trainer.setup();
  fmt::print("task         unsupervised {} (Diehl & Cook 2015), {} excitatory neurons, seed {}\n", data.name, s.excitatory, s.seed);
  fmt::print("backend      {}\n", trainer.sim().backend_ref().device());
  fmt::print("network      {} neurons, {} synapses\n", trainer.sim().neuron_count(), trainer.sim().synapse_count());
  const uint64_t per_epoch = s.train_samples ? s.train_samples : data.train.count - s.validation;
  fmt::print("plan         {} epoch(s) of {} samples{}{}\n", s.epochs, per_epoch,
             s.validation ? fmt::format(", {} held out for validation", s.validation) : "",
             resumed ? fmt::format(", resumed at sample {}", trainer.progress().samples_seen) : "");
  tasks::mnist_run_options run;
  run.snapshot = cmd.snapshot;
  run.snapshot_every = cmd.snapshot_every ? cmd.snapshot_every : trainer.snapshot_every();  // a resume keeps the period
  run.stop_after = cmd.stop_after;
  run.progress = !cmd.quiet;
  const tasks::mnist_summary sum = trainer.train(run);
  const double per_s = sum.wall_s > 0 ? sum.samples / sum.wall_s : 0.0;
  fmt::print("trained      {} samples ({} presentations) in {:.1f} s: {:.2f} samples/s, {:.3g} synaptic events/s\n",
             sum.samples, sum.presentations, sum.wall_s, per_s, sum.wall_s > 0 ? sum.synaptic_events / sum.wall_s : 0.0);
  if (!trainer.progress().recent_correct.empty())
    fmt::print("accuracy     {:.1f}% over the last {} training samples (labels from the samples before them)\n",
               100.0 * sum.running_accuracy, trainer.progress().recent_correct.size());
  fmt::print("status       {}\n", sum.finished ? "finished" : fmt::format("stopped at sample {}", trainer.progress().samples_seen));
  if (!cmd.snapshot.empty()) fmt::print("snapshot     {}{}\n", cmd.snapshot, sum.finished ? "" : " (continue with: engram resume " + cmd.snapshot + ")");
  if (!cmd.out.empty()) {
    write_training_report(cmd.out, report_of(trainer, data));
    fmt::print("run file     {} (plot: scripts/plot_mnist.py {})\n", cmd.out, cmd.out);
  }
  return 0;
}

}  // namespace

int train_model(const train_command& cmd) {
  if ((!cmd.counts.empty() || !cmd.rescore.empty()) && cmd.task != "continual")
    throw invalid_parameter(fmt::format("--counts and --rescore are for the continual task, not {}", cmd.task));
  if (cmd.task == "iris" || cmd.task == "grid") return train_reward_task(cmd);
  if (cmd.task == "fewshot" || cmd.task == "lesion" || cmd.task == "continual" || cmd.task == "sleep" ||
      cmd.task == "sparsity")
    return train_study(cmd);
  if (cmd.task == "growth-mnist") return train_growth_mnist(cmd);
  if (cmd.task != "mnist")
    throw invalid_parameter(
        fmt::format("unknown task '{}' (known: mnist, iris, grid, fewshot, lesion, continual, sleep, sparsity, growth-mnist)", cmd.task));
  if (!cmd.sets.empty()) throw invalid_parameter("--set is for the reward tasks (iris, grid); mnist has its own options");
  check_output_paths({{"--snapshot", cmd.snapshot}, {"--out", cmd.out}});  // before hours of training, not after
  if (cmd.snapshot_every && cmd.snapshot.empty()) throw invalid_parameter("--snapshot-every needs --snapshot PATH");
  const labelled_dataset data = load_data(cmd.setup.dataset);
  tasks::mnist_trainer trainer(cmd.setup, data, factory(cmd.backend, cmd.threads));
  return run_training(trainer, data, cmd, false);
}

int resume_training(const std::string& snapshot_file, network_state state, const snapshot_info& info,
                    const train_command& options) {
  if (info.task.name != tasks::mnist_task_name) return resume_reward_task(snapshot_file, std::move(state), info, options);
  const tasks::mnist_setup setup = tasks::setup_of(info.task);
  train_command cmd = options;
  if (cmd.snapshot.empty()) cmd.snapshot = snapshot_file;  // keep checkpointing where it was
  check_output_paths({{"--snapshot", cmd.snapshot}, {"--out", cmd.out}});
  const labelled_dataset data = load_data(setup.dataset);
  tasks::mnist_trainer trainer(std::move(state), info.task, data, factory(cmd.backend, cmd.threads));
  return run_training(trainer, data, cmd, true);
}

int evaluate_model(const evaluate_command& cmd) {
  check_output_paths({{"--out", cmd.out}});
  snapshot_info info;
  network_state state = read_snapshot(cmd.snapshot_file, &info);
  const tasks::mnist_setup setup = tasks::setup_of(info.task);
  const labelled_dataset data = load_data(setup.dataset);
  const auto factory_fn = factory(cmd.backend, cmd.threads);
  tasks::mnist_evaluation e = tasks::evaluate_mnist(state, info.task, data, factory_fn, cmd.label_samples, cmd.test_samples,
                                                    cmd.validation, !cmd.quiet);
  const char* on = cmd.validation ? "validation" : "test";
  fmt::print("labels       from {} training samples (learning off)\n", e.label_samples);
  fmt::print("accuracy     {:.2f}% on {} {} samples ({:.1f} s)\n", 100.0 * e.confusion.accuracy(), e.confusion.total(), on, e.wall_s);
  fmt::print("confusion    rows: true class, columns: predicted\n");
  for (uint32_t t = 0; t < tasks::class_count; ++t) {
    std::string row;
    for (uint32_t p = 0; p < tasks::class_count; ++p) row += fmt::format("{:6}", e.confusion.counts[t * tasks::class_count + p]);
    fmt::print("        {}  {}\n", t, row);
  }
  if (!cmd.out.empty()) {
    tasks::mnist_trainer view(std::move(state), info.task, data, factory_fn);
    training_report r = report_of(view, data);
    r.assignments = e.assignments;
    r.confusion = e.confusion.counts;
    r.accuracy = e.confusion.accuracy();
    r.evaluated_on = on;
    write_training_report(cmd.out, r);
    fmt::print("run file     {} (plot: scripts/plot_mnist.py {})\n", cmd.out, cmd.out);
  }
  return 0;
}

}  // namespace engram
