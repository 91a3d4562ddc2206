#include "apps/tasks/growth_mnist.hpp"

#include <chrono>
#include <fmt/format.h>

#include "apps/tasks/label_assignment.hpp"
#include "apps/tasks/mnist_task.hpp"
#include "engine/errors.hpp"

namespace engram::tasks {
namespace {

constexpr double present_ms = 350.0;  // diehl_cook_params' presentation

uint32_t alive_neurons(const network_state& s) {
  uint32_t n = 0;
  for (const auto& p : s.populations) {
    if (p.name != excitatory_population && p.name != inhibitory_population) continue;
    for (uint32_t i = p.first; i < p.first + p.size; ++i) n += s.growth.alive.empty() || s.growth.alive[i];
  }
  return n;
}

// The MNIST task's label assignment on the alive neurons only: a slot that was never born would
// take label 0 with a mean response of 0 and pull class 0's mean down.
double held_out_accuracy(const mnist_trainer& t, const labelled_dataset& data, const growth_mnist_setup& g,
                         const backend_factory& make_backend) {
  network_state s = t.export_state();
  const std::vector<uint32_t> alive = alive_excitatory(s);
  freeze_learning(s);
  freeze_growth(s);
  mnist_trainer runner(std::move(s), t.info().task, data, make_backend);
  const uint32_t pixels = data.train.rows * data.train.cols;
  response_table responses(static_cast<uint32_t>(alive.size()));
  for (uint64_t i = 0; i < g.label_samples; ++i)
    responses.add(data.train.labels[i], counts_of(runner.present(data.train.pixels.data() + i * pixels), alive));
  const std::vector<uint32_t> labels = assign_labels(responses);
  confusion_matrix confusion;
  const uint64_t first = data.train.count - g.validation;
  for (uint64_t k = first; k < first + g.test_samples; ++k)
    confusion.add(data.train.labels[k], predict(labels, counts_of(runner.present(data.train.pixels.data() + k * pixels), alive)));
  return confusion.accuracy();
}

void check(const labelled_dataset& data, const growth_mnist_setup& g) {
  auto fail = [](const std::string& m) { throw invalid_parameter("growth-mnist: " + m); };
  if (g.fixed_exc == 0 || g.start_exc == 0 || g.start_exc > g.max_exc || g.max_exc > 20000)
    fail(fmt::format("sizes must satisfy 0 < fixed_exc, 0 < start_exc <= max_exc <= 20000 (got {}, {}, {})", g.fixed_exc,
                     g.start_exc, g.max_exc));
  if (g.births_per_phase == 0 || g.grow_every == 0) fail("births and grow_every must be at least 1");
  if (g.checkpoint_every == 0 || g.train_samples == 0) fail("train_samples and checkpoint_every must be at least 1");
  if (g.validation == 0 || g.test_samples == 0 || g.test_samples > g.validation)
    fail(fmt::format("test_samples {} must be in [1, validation {}]", g.test_samples, g.validation));
  if (g.validation >= data.train.count) fail(fmt::format("validation {} leaves no training images", g.validation));
  const uint64_t split = data.train.count - g.validation;
  if (g.train_samples > split || g.label_samples == 0 || g.label_samples > split)
    fail(fmt::format("train_samples {} and label_samples {} must be in [1, {}] (the training split)", g.train_samples,
                     g.label_samples, split));
}

}  // namespace

std::vector<growth_arm> growth_mnist(const labelled_dataset& data, const growth_mnist_setup& g, const backend_factory& make_backend,
                                     bool progress) {
  check(data, g);
  std::vector<growth_arm> arms;
  struct plan {
    const char* name;
    uint32_t excitatory;
    bool growing;
  };
  std::vector<plan> plans = {{"fixed", g.fixed_exc, false}, {"growing", g.max_exc, true}};
  if (g.reference) plans.push_back({"fixed-max", g.max_exc, false});
  for (const auto& [name, excitatory, growing] : plans) {
    mnist_setup s;
    s.dataset = data.name;
    s.excitatory = excitatory;
    s.train_samples = g.train_samples;
    s.validation = g.validation;
    s.seed = g.seed;  // the same images in the same order for both arms
    if (growing) {
      s.grow_from = g.start_exc;
      s.growth_interval_ms = g.grow_every * present_ms;
      s.births_per_phase = g.births_per_phase;
    }
    growth_arm arm;
    arm.arm = name;
    mnist_trainer t(s, data, make_backend);
    double train_s = 0;
    {
      const network_state state = t.export_state();
      arm.start.excitatory = static_cast<uint32_t>(alive_excitatory(state).size());
      arm.start.neurons = alive_neurons(state);
      arm.start.synapses = state.synapse_count();
    }
    while (t.progress().samples_seen < g.train_samples) {
      task_run_options run;
      run.stop_after = std::min(g.checkpoint_every, g.train_samples - t.progress().samples_seen);
      run.progress = progress;
      train_s += t.train(run).wall_s;
      const network_state state = t.export_state();
      growth_checkpoint c;
      c.samples = t.progress().samples_seen;
      c.presentations = t.progress().presentations;
      c.excitatory = static_cast<uint32_t>(alive_excitatory(state).size());
      c.neurons = alive_neurons(state);
      c.synapses = state.synapse_count();
      c.synaptic_events = t.sim().synaptic_events();
      c.train_wall_s = train_s;
      c.accuracy = held_out_accuracy(t, data, g, make_backend);
      if (progress)
        fmt::print(stderr, "{:<9} {:>6} images: {:5.1f}% held out, {} neurons ({} excitatory), {} synapses\n", arm.arm, c.samples,
                   100 * c.accuracy, c.neurons, c.excitatory, c.synapses);
      arm.checkpoints.push_back(c);
    }
    arms.push_back(std::move(arm));
  }
  return arms;
}

}  // namespace engram::tasks
