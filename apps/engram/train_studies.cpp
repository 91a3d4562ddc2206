// `engram train fewshot|lesion`: the two MNIST studies of apps/tasks/mnist_studies.hpp, a table on
// stdout and a results JSON (--out) that scripts/plot_studies.py draws.
#include <fmt/format.h>

#include "apps/engram/commands.hpp"
#include "apps/engram/train.hpp"
#include "apps/models/model_params.hpp"
#include "apps/tasks/mnist_studies.hpp"
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
  else
    p.declare("train_per_class", 100, "training images per class").declare("label_per_class", 10, "labelling images per class");
  return p;
}

}  // namespace

int train_study(const train_command& cmd) {
  check_output_paths({{"--out", cmd.out}});
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
