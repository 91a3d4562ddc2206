// `engram train growth-mnist`: the A11 growth benchmark (apps/tasks/growth_mnist.hpp), a table on
// stdout and a results JSON (--out) that scripts/plot_growth_mnist.py draws.
#include <fmt/format.h>

#include "apps/engram/commands.hpp"
#include "apps/engram/train.hpp"
#include "apps/models/model_params.hpp"
#include "apps/tasks/growth_mnist.hpp"
#include "engine/errors.hpp"
#include "host/io/json_file.hpp"
#include "host/io/output_path.hpp"
#include "kernels/backend_factory.hpp"

namespace engram {
namespace {

model_params growth_params() {
  const tasks::growth_mnist_setup d;
  model_params p;
  p.declare("fixed_exc", d.fixed_exc, "fixed arm: excitatory neurons (and as many inhibitory)")
      .declare("start_exc", d.start_exc, "growing arm: excitatory neurons alive at the start (and their inhibitory twins)")
      .declare("max_exc", d.max_exc, "growing arm: the pool it grows into")
      .declare("reference", d.reference ? 1 : 0, "1: a third arm fixed at max_exc (the size the growing arm reaches)")
      .declare("births", d.births_per_phase, "growing arm: excitatory neurons born per growth phase")
      .declare("grow_every", d.grow_every, "growing arm: presentations (350 ms each) between growth phases")
      .declare("train_samples", static_cast<double>(d.train_samples), "training images, the same for both arms")
      .declare("checkpoint_every", static_cast<double>(d.checkpoint_every), "training images between evaluations")
      .declare("validation", d.validation, "the last images of the training split, held out")
      .declare("label_samples", d.label_samples, "labelling images at each checkpoint (the first of the training split)")
      .declare("test_samples", d.test_samples, "held-out images scored at each checkpoint");
  return p;
}

}  // namespace

int train_growth_mnist(const train_command& cmd) {
  check_output_paths({{"--out", cmd.out}});
  if (!cmd.snapshot.empty() || cmd.stop_after || cmd.snapshot_every)
    throw invalid_parameter("growth-mnist runs whole (minutes): it takes no --snapshot or --stop-after");
  model_params p = growth_params();
  for (const auto& s : cmd.sets) {
    if (s == "help") {
      for (const auto& e : p.entries()) fmt::print("  {:<16} {:<8g} {}\n", e.key, e.value, e.help);
      return 0;
    }
    p.set(s, cmd.task);
  }
  tasks::growth_mnist_setup g;
  g.fixed_exc = p.count("fixed_exc");
  g.start_exc = p.count("start_exc");
  g.max_exc = p.count("max_exc");
  g.reference = p.count("reference") != 0;
  g.births_per_phase = p.count("births");
  g.grow_every = p.count("grow_every");
  g.train_samples = p.count("train_samples");
  g.checkpoint_every = p.count("checkpoint_every");
  g.validation = p.count("validation");
  g.label_samples = p.count("label_samples");
  g.test_samples = p.count("test_samples");
  g.seed = cmd.setup.seed;
  const labelled_dataset data = load_dataset(cmd.setup.dataset, data_root(ENGRAM_SOURCE_DIR "/data/fetched"));
  const backend_kind kind = parse_backend_kind(cmd.backend);
  const int threads = cmd.threads;
  const tasks::backend_factory factory = [kind, threads] { return make_backend(kind, backend_options_for(threads, true)); };
  fmt::print("task         growth-mnist (A11) on {}, seed {}: fixed {}+{} vs growing {}+{} up to {}+{} ({} per phase every {} "
             "presentations)\n",
             data.name, g.seed, g.fixed_exc, g.fixed_exc, g.start_exc, g.start_exc, g.max_exc, g.max_exc, g.births_per_phase,
             g.grow_every);
  fmt::print("plan         {} training images, evaluation every {}: labels from {}, accuracy on {} held-out images\n",
             g.train_samples, g.checkpoint_every, g.label_samples, g.test_samples);
  const std::vector<tasks::growth_arm> arms = tasks::growth_mnist(data, g, factory, !cmd.quiet);
  nlohmann::json j = {{"task", "growth-mnist"}, {"dataset", data.name}, {"seed", g.seed}, {"engine_version", ENGRAM_VERSION}};
  for (const auto& e : p.entries()) j["parameters"][e.key] = e.value;
  fmt::print("  arm        images  held-out  neurons (exc)  synapses   train s\n");
  for (const auto& a : arms) {
    nlohmann::json rows = nlohmann::json::array();
    for (const auto& c : a.checkpoints) {
      fmt::print("  {:<9} {:>7}  {:6.1f}%  {:>7} ({:>4})  {:>9}  {:7.1f}\n", a.arm, c.samples, 100 * c.accuracy, c.neurons,
                 c.excitatory, c.synapses, c.train_wall_s);
      rows.push_back({{"samples", c.samples}, {"presentations", c.presentations}, {"accuracy", c.accuracy},
                      {"excitatory", c.excitatory}, {"neurons", c.neurons}, {"synapses", c.synapses},
                      {"synaptic_events", c.synaptic_events}, {"train_wall_s", c.train_wall_s}});
    }
    j["arms"].push_back({{"arm", a.arm},
                         {"start", {{"excitatory", a.start.excitatory}, {"neurons", a.start.neurons}, {"synapses", a.start.synapses}}},
                         {"checkpoints", rows}});
  }
  if (!cmd.out.empty()) {
    write_json_file(cmd.out, j);
    fmt::print("results      {} (plot: scripts/plot_growth_mnist.py {})\n", cmd.out, cmd.out);
  }
  return 0;
}

}  // namespace engram
