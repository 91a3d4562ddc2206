#include "apps/tasks/sleep_study.hpp"

#include <chrono>
#include <cmath>
#include <fmt/format.h>

#include "apps/tasks/diehl_cook.hpp"
#include "apps/tasks/mnist_task.hpp"
#include "engine/errors.hpp"
#include "host/memory_driver.hpp"

namespace engram::tasks {
namespace {

// The pixels of image i above the threshold: the input population's pattern for that image.
std::vector<uint32_t> input_pattern(const image_set& s, uint32_t i, double threshold) {
  const uint64_t pixels = uint64_t{s.rows} * s.cols;
  std::vector<uint32_t> members;
  for (uint32_t p = 0; p < pixels; ++p)
    if (s.pixels[i * pixels + p] > threshold * 255) members.push_back(p);
  return members;
}

double mean_abs_change(const std::vector<float>& before, const std::vector<float>& after) {
  double sum = 0;
  for (size_t k = 0; k < before.size(); ++k) sum += std::fabs(after[k] - before[k]);
  return before.empty() ? 0.0 : sum / static_cast<double>(before.size());
}

}  // namespace

sleep_result sleep_study(const labelled_dataset& data, const sleep_setup& setup, const study_options& o,
                         backend_factory make_backend) {
  if (setup.label_per_class == 0 || setup.label_per_class > setup.train_per_class)
    throw invalid_parameter("sleep: label images must be 1 .. the training images per class");
  if (!(setup.downscale > 0 && setup.downscale <= 1)) throw invalid_parameter(fmt::format("sleep: downscale {} must be in (0, 1]", setup.downscale));
  validate(setup.memory);
  const trained_study_network net = train_study_network(data, o, setup.train_per_class, "sleep", make_backend);
  const labelled_dataset& d = net.data;
  const network_state& trained = net.state;
  const task_state& task = net.task;
  const uint64_t label_samples = uint64_t{setup.label_per_class} * class_count;

  // Traces of the input patterns in training order; a full store evicts the weakest, and with
  // equal strengths the oldest: it ends up holding the last `capacity` images, as the seed's.
  memory_state memory;
  memory.config = setup.memory;
  memory.seed = o.seed;
  for (uint32_t i = 0; i < d.train.count; ++i) capture_trace(memory, input_pattern(d.train, i, setup.capture_threshold), trained.step);

  sleep_result r;
  r.traces = static_cast<uint32_t>(memory.traces.size());
  r.accuracy_before = evaluate_mnist(trained, task, d, make_backend, label_samples, d.test.count, false, o.progress).confusion.accuracy();
  for (bool replay : {false, true})
    for (bool stdp : {false, true}) {
      const auto t0 = std::chrono::steady_clock::now();
      sleep_row row;
      row.replay = replay;
      row.stdp = stdp;
      row.arm = fmt::format("{}, STDP {}", replay ? "replay" : "no replay", stdp ? "on" : "frozen");
      simulator sim(trained, make_backend());
      if (!stdp) sim.freeze(plastic_projection_name);
      sim.reset({excitatory_population, inhibitory_population});
      const size_t p = sim.projection_index(plastic_projection_name);
      std::vector<float> before, after;
      sim.read_weights(p, before);
      memory_state m = memory;
      memory_driver_options mo;
      mo.population = mo.drive = input_population;
      mo.drive_rate_hz = pixel_rate_hz(255, 2.0);
      mo.replay_steps = setup.replay_steps;
      memory_driver driver(sim, m, mo);
      sim.set_rates(input_population, std::vector<float>(d.train.rows * d.train.cols, 0.0f));  // sleep: input off
      if (replay) driver.sleep(setup.sleep_steps, setup.consolidation_steps);
      else sim.run_steps(setup.sleep_steps);
      sim.read_weights(p, after);
      row.mean_weight_change = mean_abs_change(before, after);
      if (setup.downscale < 1) {
        for (float& w : after) w = static_cast<float>(w * setup.downscale);
        sim.set_weights(p, after);
      }
      for (const auto& tr : m.traces) row.replays += tr.replays;
      // Paired evaluation: every arm (and the baseline) is evaluated from the trained step, so
      // their Poisson inputs (Philox keyed by step) are the same draws and only what sleep changed
      // (weights, thresholds) differs. Evaluation resets the network before every sample.
      network_state slept = sim.export_state();
      slept.step = trained.step;
      row.accuracy = evaluate_mnist(std::move(slept), task, d, make_backend, label_samples, d.test.count, false, o.progress)
                         .confusion.accuracy();
      row.wall_s = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
      r.arms.push_back(row);
    }
  return r;
}

}  // namespace engram::tasks
