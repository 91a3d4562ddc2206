// `engram train fewshot|lesion`: the two MNIST studies of apps/tasks/mnist_studies.hpp, a table on
// stdout and a results JSON (--out) that scripts/plot_studies.py draws.
#include <fmt/format.h>

#include "apps/engram/commands.hpp"
#include "apps/engram/train.hpp"
#include "apps/models/model_params.hpp"
#include "apps/tasks/continual_task.hpp"
#include "apps/tasks/mnist_studies.hpp"
#include "apps/tasks/sleep_study.hpp"
#include "apps/tasks/sparsity_study.hpp"
#include "engine/errors.hpp"
#include "host/io/json_file.hpp"
#include "host/io/output_path.hpp"
#include "kernels/backend_factory.hpp"

namespace engram {
namespace {

model_params study_params(const std::string& task) {
  model_params p;
  p.declare("test_per_class", 30, "test images per class (a fixed, seeded, class-balanced subset)");
  if (task == "fewshot")
    p.declare("presentations", 500, "training presentations per K (epochs = presentations / (10 K), at least 1)");
  else if (task == "continual")
    p.declare("tasks", 0, "tasks (0: 2 for split-mnist, 10 for permuted-mnist)")
        .declare("train_per_class", 100, "training images per class and task")
        .declare("label_per_class", 10, "labelling images per class and task (the readout)")
        .declare("buffer_per_class", 20, "replay, trace-replay: images per class kept from each past task")
        .declare("mlp_epochs", 1, "mlp arms: passes over each task's images")
        .declare("probe_every", 0, "> 0: task 1's accuracy every this many training images of the later tasks")
        .declare("trace_gain", 0.1, "trace-replay: strength a replay adds to its trace (draws go by strength; 0: uniform)")
        .declare("born_per_task", 0, "> 0: neurogenesis: this many excitatory neurons (with inhibitory partners) born at every later task")
        .declare("teacher_hz", 0, "> 0: a teacher: while an image trains, every neuron but its class's share of its task's is inhibited at this rate")
        .declare("teacher_old", 1, "teacher: 1 silences every other neuron, 0 only the image's task's (old tasks' neurons compete freely)")
        .declare("theta_decay", 1, "0: the adaptive thresholds do not decay (old tasks' neurons stay as excitable as they were)")
        .declare("readout_inhibition", 1.0, "while measuring: inhibitory -> excitatory weights times this")
        .declare("measure_repeats", 1, "while measuring: presentations of each image, their spike counts summed (less noise)")
        .declare("validation", 0, "1: measure on held-out training images instead of the test set (for tuning)")
        .declare("readout_l2", 1e-3, "linear readout: L2 on its weights (standardised spike counts)")
        .declare("readout_iterations", 1000, "linear readout: full-batch gradient steps")
        .declare("rescore_label_per_class", 0, "--rescore: fit on at most this many labelling images per class and task (0: all)")
        .declare("rescore_last", 0, "--rescore: fit only the last N evaluations again (0: all; the average needs the last one)")
        .declare("readout_power", 1.0, "linear readout: its features are the spike counts to this power (0.5: square roots)")
        .declare("sharpness", 10, "protect: sharpness of the gate's fall around the threshold")
        .declare("quantile", 0.75, "protect: the threshold is this quantile of the non-zero importances")
        .declare("min_gate", 0.0, "protect: the gate of the most important synapses")
        .declare("warmup_ms", 0, "protect: the gates ramp in over this long after a consolidation")
        .declare("per_neuron", 0, "protect: 1 gates by the post neuron's mean importance (neuron-level protection)");
  else if (task == "sparsity")
    p.declare("train_per_class", 150, "training images per class, shown once over the whole schedule")
        .declare("validation_per_class", 30, "validation images per class (held out of training)")
        .declare("label_per_class", 30, "labelling images per class (the first training images)")
        .declare("prior_sigma", 0, "spatial prior width in pixels (0: prune by |w| alone)")
        .declare("test", 1, "1: also measure the test subset at every level")
        .declare("dense_control", 0, "1: the same schedule with nothing pruned (the dense network at each level's images trained)");
  else if (task == "sleep")
    p.declare("train_per_class", 100, "training images per class")
        .declare("label_per_class", 10, "labelling images per class")
        .declare("sleep_steps", 5000, "silent steps of sleep (the seed's 5,000)")
        .declare("consolidation_steps", 100, "steps between consolidations during sleep")
        .declare("replay_steps", 40, "steps each replayed trace drives its pixels")
        .declare("capture_threshold", 0.10, "pixel intensity (of 1) above which a pixel belongs to an image's trace")
        .declare("capacity", 100, "memory traces kept (the last images trained)")
        .declare("replays", 5, "traces replayed per consolidation")
        .declare("downscale", 1.0, "< 1: input weights times this after sleep (synaptic down-scaling)");
  else
    p.declare("train_per_class", 100, "training images per class").declare("label_per_class", 10, "labelling images per class");
  return p;
}

nlohmann::json matrix_json(const tasks::accuracy_matrix& m) {
  nlohmann::json rows = nlohmann::json::array();
  for (uint32_t i = 0; i < m.tasks; ++i) {
    nlohmann::json row = nlohmann::json::array();
    for (uint32_t k = 0; k < m.tasks; ++k) row.push_back(k <= i ? nlohmann::json(m.at(i, k)) : nlohmann::json(nullptr));
    rows.push_back(row);
  }
  return {{"matrix", rows}, {"average", m.average()}, {"forgetting", m.forgetting()}, {"backward_transfer", m.backward_transfer()}};
}

tasks::continual_setup continual_setup_of(const train_command& cmd, const model_params& p, const tasks::study_options& o) {
  tasks::continual_setup s;
  s.protocol = cmd.protocol;
  s.tasks = p.count("tasks");
  s.excitatory = o.excitatory;
  s.train_per_class = p.count("train_per_class");
  s.label_per_class = p.count("label_per_class");
  s.test_per_class = o.test_per_class;
  s.buffer_per_class = p.count("buffer_per_class");
  s.replay = cmd.arm == "replay" || cmd.arm == "both" || cmd.arm == "mlp-replay";
  s.protect = cmd.arm == "protect" || cmd.arm == "both";
  s.trace_replay = cmd.arm == "trace-replay";
  s.trace_gain = p.get("trace_gain");
  s.probe_every = p.count("probe_every");
  s.protection.sharpness = p.get("sharpness");
  s.protection.quantile = p.get("quantile");
  s.protection.min_gate = p.get("min_gate");
  s.protection.warmup_ms = p.get("warmup_ms");
  s.protection.per_neuron = p.get("per_neuron") != 0;
  s.born_per_task = p.count("born_per_task");
  s.teacher_hz = p.get("teacher_hz");
  s.theta_decay = p.get("theta_decay") != 0;
  s.teacher_silences_old = p.get("teacher_old") != 0;
  s.readout_l2 = p.get("readout_l2");
  s.readout_inhibition = p.get("readout_inhibition");
  s.measure_repeats = p.count("measure_repeats");
  s.validation = p.get("validation") != 0;
  s.readout_iterations = p.count("readout_iterations");
  s.readout_power = p.get("readout_power");
  s.keep_counts = !cmd.counts.empty();
  s.seed = o.seed;
  return s;
}

// The matrices on stdout; with `out`, the results JSON `j` completed and written.
void report_continual(const tasks::continual_result& r, const tasks::continual_setup& s, const std::string& arm, bool mlp,
                      const std::string& out, nlohmann::json& j) {
  const std::pair<const tasks::accuracy_matrix*, const char*> shown[] = {
      {&r.class_incremental, mlp ? "class-incremental (one readout over every class, no task label):"
                                 : "class-incremental, vote readout (one readout over every class, no task label):"},
      {&r.task_incremental, mlp ? "task-incremental (the task known: its own readout, its classes):"
                                : "task-incremental, vote readout (the task known: its own readout, its classes):"},
      {&r.linear_class_incremental, "class-incremental, linear readout:"},
      {&r.linear_task_incremental, "task-incremental, linear readout:"}};
  for (const auto& [m, title] : shown) {
    if (m->tasks == 0) continue;  // the MLP has no separate readout
    fmt::print("{}\n", title);
    for (uint32_t i = 0; i < m->tasks; ++i) {
      std::string row;
      for (uint32_t k = 0; k <= i; ++k) row += fmt::format(" {:5.1f}", 100 * m->at(i, k));
      fmt::print("  after task {:>2}:{}\n", i + 1, row);
    }
    fmt::print("  average {:.1f}%, forgetting {:.1f} points, backward transfer {:+.1f}\n", 100 * m->average(),
               100 * m->forgetting(), 100 * m->backward_transfer());
  }
  if (s.born_per_task > 0) fmt::print("neurogenesis {} excitatory neurons at the start, {} at the end\n", s.excitatory, r.excitatory);
  if (s.trace_replay)
    fmt::print("trace replay {} offline phases, {} traces stored at the end ({:.0f} input neurons each on average)\n", r.replays,
               r.traces, r.trace_members);
  fmt::print("time         {:.1f} s, {} presentations\n", r.wall_s, r.presentations);
  if (out.empty()) return;
  j["protocol"] = s.protocol;
  j["arm"] = arm;
  j["measured_on"] = s.validation ? "validation (held-out training images)" : "test";
  if (!mlp) j["excitatory_at_end"] = r.excitatory;
  j["class_incremental"] = matrix_json(r.class_incremental);
  j["task_incremental"] = matrix_json(r.task_incremental);
  if (!mlp) {
    j["linear_class_incremental"] = matrix_json(r.linear_class_incremental);
    j["linear_task_incremental"] = matrix_json(r.linear_task_incremental);
    j["readout_inhibition"] = s.readout_inhibition;
    j["measure_repeats"] = s.measure_repeats;
  }
  if (!mlp || arm == "pixels") j["readout_l2"] = s.readout_l2;  // the pixel baseline is the same readout
  j["readout_iterations"] = s.readout_iterations;
  if (!mlp) j["readout_power"] = s.readout_power;
  j["probes"] = r.probes;
  j["wall_s"] = r.wall_s;
  j["presentations"] = r.presentations;
  write_json_file(out, j);
  fmt::print("results      {} (plot: scripts/plot_continual.py {})\n", out, out);
}

int run_continual_study(const train_command& cmd, const model_params& p, const labelled_dataset& data,
                        const tasks::study_options& o, const tasks::backend_factory& factory, nlohmann::json& j) {
  const tasks::continual_setup s = continual_setup_of(cmd, p, o);
  const bool pixels = cmd.arm == "pixels";
  const bool mlp = cmd.arm == "mlp" || cmd.arm == "mlp-replay" || pixels;  // a non-spiking baseline
  fmt::print("protocol     {}, arm {}{}\n", s.protocol, cmd.arm,
             pixels ? " (the linear readout on the pixels of the labelling images)"
                    : mlp ? " (MLP 784-256-10, minibatch Adam)" : "");
  tasks::continual_result r = pixels ? tasks::run_continual_pixels(data, s)
                              : mlp  ? tasks::run_continual_mlp(data, s, p.count("mlp_epochs"))
                                     : tasks::run_continual(data, s, factory, o.progress);
  if (s.keep_counts) {
    r.counts.arm = cmd.arm;
    tasks::write_continual_counts(cmd.counts, r.counts);
    fmt::print("counts       {} (refit the readouts: engram train continual --rescore {})\n", cmd.counts, cmd.counts);
  }
  j["train_per_class"] = s.train_per_class;
  j["label_per_class"] = s.label_per_class;
  j["buffer_per_class"] = s.buffer_per_class;
  j["born_per_task"] = s.born_per_task;
  j["teacher_hz"] = s.teacher_hz;
  j["theta_decay"] = s.theta_decay;
  if (s.trace_replay) {
    j["trace_replays"] = r.replays;
    j["traces"] = r.traces;
    j["trace_members"] = r.trace_members;
    j["trace_gain"] = s.trace_gain;
  }
  report_continual(r, s, cmd.arm, mlp, cmd.out, j);
  return 0;
}

// `--rescore FILE`: the readouts fitted again on a run's saved counts; no data, no network.
int rescore_continual_study(const train_command& cmd, const model_params& p) {
  const uint32_t per_class = p.count("rescore_label_per_class");
  const tasks::continual_counts c = per_class ? tasks::fewer_label_rows(tasks::read_continual_counts(cmd.rescore), per_class)
                                              : tasks::read_continual_counts(cmd.rescore);
  tasks::study_options o;
  o.seed = c.seed;
  tasks::continual_setup s = continual_setup_of(cmd, p, o);
  s.protocol = c.protocol;
  s.tasks = c.tasks;
  s.validation = c.measured_on == "validation";
  s.readout_inhibition = c.readout_inhibition;
  s.measure_repeats = c.measure_repeats;
  s.keep_counts = false;
  fmt::print("rescore      {}: {}, arm {}, seed {}, {} tasks, measured on {}\n", cmd.rescore, c.protocol, c.arm, c.seed, c.tasks,
             c.measured_on);
  const uint32_t last = p.count("rescore_last");
  const tasks::continual_result r = tasks::rescore_continual(c, s, last);
  if (last && last < c.tasks)
    fmt::print("rows         only the last {} refitted: forgetting and backward transfer need every row\n", last);
  nlohmann::json j = {{"task", "continual"}, {"seed", c.seed}, {"rescored_from", cmd.rescore}, {"engine_version", ENGRAM_VERSION}};
  if (per_class) j["label_per_class_at_most"] = per_class;
  report_continual(r, s, c.arm, false, cmd.out, j);
  return 0;
}

int run_sleep_study(const model_params& p, const labelled_dataset& data, const tasks::study_options& o,
                    const tasks::backend_factory& factory, const std::string& out, nlohmann::json& j) {
  tasks::sleep_setup s;
  s.train_per_class = p.count("train_per_class");
  s.label_per_class = p.count("label_per_class");
  s.sleep_steps = p.count("sleep_steps");
  s.consolidation_steps = p.count("consolidation_steps");
  s.replay_steps = p.count("replay_steps");
  s.capture_threshold = p.get("capture_threshold");
  s.memory.capacity = p.count("capacity");
  s.memory.replays_per_consolidation = p.count("replays");
  s.downscale = p.get("downscale");
  const tasks::sleep_result r = tasks::sleep_study(data, s, o, factory);
  fmt::print("sleep        {} silent steps, consolidation every {}, {} traces, downscale {:g}\n", s.sleep_steps,
             s.consolidation_steps, r.traces, s.downscale);
  fmt::print("  before sleep                 {:6.1f}%\n", 100 * r.accuracy_before);
  for (const auto& a : r.arms) {
    fmt::print("  {:<28} {:6.1f}%  ({:+.1f})  replays {:>4}  mean |dw| {:.2e}  {:.0f} s\n", a.arm, 100 * a.accuracy,
               100 * (a.accuracy - r.accuracy_before), a.replays, a.mean_weight_change, a.wall_s);
    j["arms"].push_back({{"arm", a.arm}, {"replay", a.replay}, {"stdp", a.stdp}, {"accuracy", a.accuracy}, {"replays", a.replays},
                         {"mean_weight_change", a.mean_weight_change}, {"wall_s", a.wall_s}});
  }
  if (!out.empty()) {
    j["accuracy_before"] = r.accuracy_before;
    j["traces"] = r.traces;
    for (const auto& e : p.entries()) j["parameters"][e.key] = e.value;
    write_json_file(out, j);
    fmt::print("results      {}\n", out);
  }
  return 0;
}

}  // namespace

int train_study(const train_command& cmd) {
  check_output_paths({{"--out", cmd.out}, {"--counts", cmd.counts}});
  if (!cmd.snapshot.empty() || cmd.stop_after || cmd.snapshot_every)
    throw invalid_parameter(fmt::format("the {} study runs whole (minutes): it takes no --snapshot or --stop-after", cmd.task));
  model_params p = study_params(cmd.task);
  for (const auto& s : cmd.sets) {
    if (s == "help") {
      for (const auto& e : p.entries()) fmt::print("  {:<16} {:<8g} {}\n", e.key, e.value, e.help);
      return 0;
    }
    p.set(s, cmd.task);
  }
  if (!cmd.rescore.empty()) {
    if (!cmd.counts.empty()) throw invalid_parameter("--rescore reads a counts file: it takes no --counts");
    return rescore_continual_study(cmd, p);
  }
  if (!cmd.counts.empty() && (cmd.arm == "mlp" || cmd.arm == "mlp-replay" || cmd.arm == "pixels"))
    throw invalid_parameter(fmt::format("--counts: the {} arm has no spike counts", cmd.arm));
  const labelled_dataset data = load_dataset(cmd.setup.dataset, data_root(ENGRAM_SOURCE_DIR "/data/fetched"));
  tasks::study_options o;
  o.seed = cmd.setup.seed;
  o.excitatory = cmd.setup.excitatory;
  o.test_per_class = p.count("test_per_class");
  o.progress = !cmd.quiet;
  const backend_kind kind = parse_backend_kind(cmd.backend);
  const int threads = cmd.threads;
  const tasks::backend_factory factory = [kind, threads] { return make_backend(kind, backend_options_for(threads, true)); };
  nlohmann::json j = {{"task", cmd.task}, {"dataset", data.name}, {"seed", o.seed}, {"excitatory", o.excitatory},
                      {"test_images", o.test_per_class * 10}, {"engine_version", ENGRAM_VERSION}};
  fmt::print("task         {} study on {}, {} excitatory neurons, seed {}, {} test images\n", cmd.task, data.name, o.excitatory,
             o.seed, o.test_per_class * 10);
  if (cmd.task == "continual") return run_continual_study(cmd, p, data, o, factory, j);
  if (cmd.task == "sleep") return run_sleep_study(p, data, o, factory, cmd.out, j);
  if (cmd.task == "sparsity") {
    tasks::sparsity_options s;
    s.train_per_class = p.count("train_per_class");
    s.validation_per_class = p.count("validation_per_class");
    s.label_per_class = p.count("label_per_class");
    s.prior_sigma = p.get("prior_sigma");
    s.test = p.get("test") != 0;
    const std::vector<double> levels = p.get("dense_control") != 0 ? std::vector<double>(6, 0.0)
                                                                   : std::vector<double>{0.0, 0.5, 0.7, 0.8, 0.9, 0.95};
    const auto rows = tasks::sparsity_study(data, levels, s, o, factory);
    fmt::print("  target  sparsity  trained  validation  test\n");
    for (const auto& r : rows) {
      fmt::print("  {:5.2f}  {:8.3f}  {:7}  {:9.1f}%  {:5.1f}%\n", r.target, r.sparsity, r.images_trained, 100 * r.validation_accuracy,
                 100 * r.test_accuracy);
      j["rows"].push_back({{"target", r.target}, {"sparsity", r.sparsity}, {"images_trained", r.images_trained},
                           {"validation", r.validation_accuracy}, {"test", r.test_accuracy}});
    }
    for (const auto& e : p.entries()) j["parameters"][e.key] = e.value;
    if (!cmd.out.empty()) write_json_file(cmd.out, j);
    return 0;
  }
  if (cmd.task == "fewshot") {
    const auto rows = tasks::fewshot_study(data, {1, 5, 10, 50}, p.count("presentations"), o, factory);
    fmt::print("  K/class  epochs  network  MLP 784-128-10   wall\n");
    for (const auto& r : rows) {
      fmt::print("  {:>7}  {:>6}  {:6.1f}%  {:6.1f}%   {:6.1f} s\n", r.per_class, r.epochs, 100 * r.network_accuracy,
                 100 * r.mlp_accuracy, r.wall_s);
      j["rows"].push_back({{"per_class", r.per_class}, {"epochs", r.epochs}, {"network", r.network_accuracy},
                           {"mlp", r.mlp_accuracy}, {"wall_s", r.wall_s}});
    }
  } else {
    const auto rows = tasks::lesion_study(data, {0.0, 0.1, 0.2, 0.3, 0.5}, p.count("train_per_class"),
                                          p.count("label_per_class"), o, factory);
    fmt::print("  removed  network  MLP 784-256-10 (same fraction of hidden units)\n");
    for (const auto& r : rows) {
      fmt::print("  {:>6.0f}%  {:6.1f}%  {:6.1f}%\n", 100 * r.fraction, 100 * r.network_accuracy, 100 * r.mlp_accuracy);
      j["rows"].push_back({{"fraction", r.fraction}, {"removed", r.removed}, {"network", r.network_accuracy},
                           {"mlp", r.mlp_accuracy}});
    }
    j["train_per_class"] = p.count("train_per_class");
    j["label_per_class"] = p.count("label_per_class");
  }
  if (!cmd.out.empty()) {
    write_json_file(cmd.out, j);
    fmt::print("results      {} (plot: scripts/plot_studies.py {})\n", cmd.out, cmd.out);
  }
  return 0;
}

}  // namespace engram
