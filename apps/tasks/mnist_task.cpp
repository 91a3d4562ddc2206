#include "apps/tasks/mnist_task.hpp"

#include <algorithm>
#include <chrono>
#include <cmath>
#include <fmt/format.h>
#include <random>

#include "apps/tasks/progress_bar.hpp"
#include "apps/tasks/task_io.hpp"
#include "engine/errors.hpp"

namespace engram::tasks {
namespace {

constexpr uint32_t min_spikes = 5;          // fewer: show the sample again, brighter
constexpr double start_intensity = 2.0;
constexpr double max_intensity = 32.0;      // a blank image cannot hang the run
constexpr uint64_t block_samples = 1000;    // running accuracy and label blocks
constexpr size_t label_blocks = 10;         // assignments from the last 10,000 samples

diehl_cook_params params_for(const mnist_setup& s, const labelled_dataset& data) {
  diehl_cook_params p;
  p.excitatory = s.excitatory;
  p.inputs = data.train.rows * data.train.cols;
  p.rest_ms = s.rest_ms;
  p.protect = s.protect;
  p.grow_from = s.grow_from;
  p.growth_interval_ms = s.growth_interval_ms;
  p.births_per_phase = s.births_per_phase;
  p.teacher = s.teacher;
  return p;
}

std::vector<float> rates_of(const uint8_t* image, uint32_t pixels, double intensity) {
  std::vector<float> rates(pixels);
  for (uint32_t k = 0; k < pixels; ++k) rates[k] = pixel_rate_hz(image[k], intensity);
  return rates;
}

}  // namespace

void freeze_learning(network_state& s) {
  for (auto& p : s.plasticity.projections) p.frozen = 1;
  for (auto& h : s.plasticity.populations) {
    h.theta_increment = 0.0f;
    h.theta_decay = 1.0f;
  }
}

void freeze_growth(network_state& s) {
  for (growth_projection& e : s.growth.projections) e.prune = e.form = 0;
  for (growth_population& e : s.growth.populations) e.apoptosis = e.neurogenesis = 0;
}

std::vector<uint32_t> alive_excitatory(const network_state& s) {
  const population_range* r = nullptr;
  for (const auto& p : s.populations)
    if (p.name == excitatory_population) r = &p;
  if (r == nullptr) throw internal_error("the MNIST network has no excitatory population");
  std::vector<uint32_t> out;
  for (uint32_t i = 0; i < r->size; ++i)
    if (s.growth.alive.empty() || s.growth.alive[r->first + i]) out.push_back(i);
  return out;
}

std::vector<uint32_t> counts_of(const std::vector<uint32_t>& counts, const std::vector<uint32_t>& alive) {
  std::vector<uint32_t> out;
  out.reserve(alive.size());
  for (uint32_t i : alive) out.push_back(counts[i]);
  return out;
}

void check_setup(const mnist_setup& s, const labelled_dataset& data) {
  if (s.excitatory == 0 || s.excitatory > 20000) throw invalid_parameter(fmt::format("--exc {} must be in [1, 20000]", s.excitatory));
  if (s.grow_from > s.excitatory)
    throw invalid_parameter(fmt::format("the growing pool starts with {} neurons, more than its size {}", s.grow_from, s.excitatory));
  if (s.epochs == 0 || s.epochs > 1000) throw invalid_parameter(fmt::format("--epochs {} must be in [1, 1000]", s.epochs));
  if (!(s.rest_ms >= 0 && s.rest_ms <= 10000)) throw invalid_parameter(fmt::format("--rest-ms {} must be in [0, 10000]", s.rest_ms));
  if (s.validation >= data.train.count)
    throw invalid_parameter(fmt::format("--validation {} leaves no training images (the set has {})", s.validation, data.train.count));
  const uint64_t split = data.train.count - s.validation;
  if (s.train_samples > split)
    throw invalid_parameter(fmt::format("--train-samples {} exceeds the {} images of the training split", s.train_samples, split));
}

mnist_setup setup_of(const task_state& t) {
  if (t.name != mnist_task_name)
    throw invalid_parameter(t.name.empty() ? std::string("the snapshot holds no training task (it was written by `engram run`)")
                                           : fmt::format("the snapshot's task is '{}', not {}", t.name, mnist_task_name));
  mnist_setup s;
  const auto it = t.texts.find("dataset");
  if (it == t.texts.end()) throw invalid_parameter("the snapshot's task names no dataset");
  s.dataset = it->second;
  s.excitatory = task_counter32(t, "excitatory");
  s.train_samples = task_counter(t, "train_samples");
  s.epochs = task_counter32(t, "epochs");
  s.validation = task_counter32(t, "validation");
  s.seed = task_counter(t, "seed");
  const auto rest = t.counters.find("rest_us");
  s.rest_ms = rest == t.counters.end() ? 0.0 : static_cast<double>(rest->second) / 1000.0;
  if (t.counters.count("grow_from")) {  // absent: written before growth
    s.grow_from = task_counter32(t, "grow_from");
    s.growth_interval_ms = static_cast<double>(task_counter(t, "growth_interval_us")) / 1000.0;
    s.births_per_phase = task_counter32(t, "births_per_phase");
  }
  if (const auto b = t.counters.find("teacher"); b != t.counters.end()) s.teacher = b->second != 0;
  return s;
}

mnist_trainer::mnist_trainer(const mnist_setup& setup, const labelled_dataset& data, backend_factory make_backend)
    : setup_(setup), params_(params_for(setup, data)), data_(&data) {
  check_setup(setup_, data);
  sim_ = std::make_unique<simulator>(diehl_cook_network(params_, setup_.seed), make_backend());
  sim_->set_recording(false);
  present_steps_ = static_cast<uint64_t>(std::llround(params_.present_ms / params_.dt_ms));
  rest_steps_ = static_cast<uint64_t>(std::llround(setup_.rest_ms / params_.dt_ms));
  progress_.assignments.assign(setup_.excitatory, 0);
}

mnist_trainer::mnist_trainer(network_state state, const task_state& task, const labelled_dataset& data,
                             backend_factory make_backend)
    : setup_(setup_of(task)), params_(params_for(setup_, data)), data_(&data) {
  check_setup(setup_, data);
  if (data.name != setup_.dataset)
    throw invalid_parameter(fmt::format("the snapshot trains on '{}', not '{}'", setup_.dataset, data.name));
  progress_.epoch = task_counter32(task, "epoch");
  progress_.position = task_counter(task, "position");
  progress_.samples_seen = task_counter(task, "samples_seen");
  progress_.presentations = task_counter(task, "presentations");
  const auto every = task.counters.find("snapshot_every");
  snapshot_every_ = every == task.counters.end() ? 0 : every->second;
  // a finished sample past the epoch's last wraps to the next epoch: a stored position is inside one
  if (progress_.epoch > setup_.epochs || progress_.position >= samples_per_epoch() ||
      (progress_.epoch == setup_.epochs && progress_.position != 0))
    throw invalid_parameter("the snapshot's task position is beyond its own run");
  const std::vector<double> sums = task_values(task, "block_sums"), samples = task_values(task, "block_samples");
  const uint64_t per_block = uint64_t{class_count} * setup_.excitatory;
  // a block starts at every block_samples-th sample, the last label_blocks of them kept
  const uint64_t blocks = std::min<uint64_t>((progress_.samples_seen + block_samples - 1) / block_samples, label_blocks);
  if (sums.size() % per_block != 0 || samples.size() * setup_.excitatory != sums.size() || sums.size() / per_block != blocks)
    throw invalid_parameter("the snapshot's label statistics do not fit its network");
  auto whole = [](double v, double most) { return v >= 0 && v <= most && v == std::floor(v); };  // false for NaN
  for (size_t b = 0; b < blocks; ++b) {
    response_table r(setup_.excitatory);
    std::copy_n(sums.begin() + static_cast<int64_t>(b * per_block), per_block, r.sum.begin());
    for (uint32_t c = 0; c < class_count; ++c) {
      const double n = samples[b * class_count + c];
      if (!whole(n, block_samples)) throw invalid_parameter("the snapshot's label statistics count a class outside 0..1000");
      r.samples[c] = static_cast<uint64_t>(n);
    }
    progress_.blocks.push_back(std::move(r));
  }
  for (double v : sums)
    if (!(v >= 0 && std::isfinite(v))) throw invalid_parameter("the snapshot's label statistics hold a negative or non-finite sum");
  progress_.assignments = task_indices(task, "assignments");
  progress_.recent_correct = task_indices(task, "recent_correct");
  progress_.accuracy_log = task_values(task, "accuracy_log");
  if (progress_.recent_correct.size() > std::min(block_samples, progress_.samples_seen) ||
      std::any_of(progress_.recent_correct.begin(), progress_.recent_correct.end(), [](uint32_t c) { return c > 1; }))
    throw invalid_parameter("the snapshot's running accuracy holds more than its samples, or values other than 0 and 1");
  if (progress_.accuracy_log.size() % 2 != 0)
    throw invalid_parameter("the snapshot's accuracy log is not (samples, accuracy) pairs");
  if (progress_.assignments.size() != setup_.excitatory)
    throw invalid_parameter("the snapshot's neuron labels do not fit its network");
  for (uint32_t a : progress_.assignments)
    if (a >= class_count) throw invalid_parameter("the snapshot's neuron labels are outside 0..9");
  sim_ = std::make_unique<simulator>(std::move(state), make_backend());
  sim_->set_recording(false);
  if (sim_->population_named(excitatory_population).size != setup_.excitatory ||
      sim_->population_named(input_population).size != data.train.rows * data.train.cols)
    throw invalid_parameter("the snapshot's network does not match its task");
  present_steps_ = static_cast<uint64_t>(std::llround(params_.present_ms / params_.dt_ms));
  rest_steps_ = static_cast<uint64_t>(std::llround(setup_.rest_ms / params_.dt_ms));
}

uint64_t mnist_trainer::samples_per_epoch() const {
  return setup_.train_samples ? setup_.train_samples : data_->train.count - setup_.validation;
}

// The epoch's order: a Fisher-Yates shuffle of the training split driven by mt19937_64 (whose
// output the standard fixes), seeded by (seed, epoch): regenerated, never stored, on resume.
std::vector<uint32_t> mnist_trainer::epoch_order(uint32_t epoch) const {
  const uint32_t split = data_->train.count - setup_.validation;
  std::vector<uint32_t> order(split);
  for (uint32_t i = 0; i < split; ++i) order[i] = i;
  std::mt19937_64 rng(setup_.seed * 0x9E3779B97F4A7C15ull + epoch + 1);
  for (uint32_t i = split - 1; i > 0; --i) {
    const uint32_t j = static_cast<uint32_t>(rng() % (uint64_t{i} + 1));
    std::swap(order[i], order[j]);
  }
  return order;
}

std::vector<uint32_t> mnist_trainer::present(const uint8_t* image) {
  const uint32_t pixels = data_->train.rows * data_->train.cols;
  for (double intensity = start_intensity;; intensity += 1.0) {
    if (rest_steps_) {  // the paper's protocol: silent input for a while instead of a reset
      sim_->set_rates(input_population, std::vector<float>(pixels, 0.0f));
      sim_->run_steps(rest_steps_);
      sim_->take_spike_counts(excitatory_population);
    } else {
      sim_->reset({input_population, excitatory_population, inhibitory_population});
    }
    sim_->set_rates(input_population, rates_of(image, pixels, intensity));
    sim_->run_steps(present_steps_);
    ++progress_.presentations;
    std::vector<uint32_t> counts = sim_->take_spike_counts(excitatory_population);
    uint64_t total = 0;
    for (uint32_t c : counts) total += c;
    if (total >= min_spikes || intensity >= max_intensity) return counts;
  }
}

std::vector<uint32_t> mnist_trainer::present_taught(const uint8_t* image, uint32_t first, uint32_t count, double rate_hz,
                                                   uint32_t span_first, uint32_t span_count) {
  const uint32_t span_end = span_first + std::min(span_count, setup_.excitatory - std::min(span_first, setup_.excitatory));
  if (!setup_.teacher || count == 0 || first + count > setup_.excitatory || first < span_first || first + count > span_end)
    throw invalid_parameter(fmt::format("a teacher on excitatory neurons [{}, {}) of {}: {}", first, first + count,
                                        setup_.excitatory, setup_.teacher ? "out of range" : "the network has no teacher"));
  std::vector<float> rates(setup_.excitatory, 0.0f);
  std::fill(rates.begin() + span_first, rates.begin() + span_end, static_cast<float>(rate_hz));
  std::fill(rates.begin() + first, rates.begin() + first + count, 0.0f);
  sim_->set_rates(teacher_population, rates);
  std::vector<uint32_t> counts = present(image);
  sim_->set_rates(teacher_population, std::vector<float>(setup_.excitatory, 0.0f));
  return counts;
}

// The running accuracy: each sample is classified with the labels of the previous blocks before
// its response joins the statistics; the labels are renewed at every block boundary.
void mnist_trainer::observe(uint32_t label, const std::vector<uint32_t>& counts) {
  auto& p = progress_;
  const bool labelled = !p.blocks.empty() && p.samples_seen >= block_samples;
  if (labelled) {
    p.recent_correct.push_back(predict(p.assignments, counts) == label ? 1 : 0);
    if (p.recent_correct.size() > block_samples) p.recent_correct.erase(p.recent_correct.begin());
  }
  if (p.samples_seen % block_samples == 0) {
    p.blocks.emplace_back(setup_.excitatory);
    if (p.blocks.size() > label_blocks) p.blocks.erase(p.blocks.begin());
  }
  p.blocks.back().add(label, counts);
  ++p.samples_seen;
  if (p.samples_seen % block_samples == 0) {
    response_table all(setup_.excitatory);
    for (const auto& b : p.blocks) all.add(b);
    p.assignments = assign_labels(all);
    if (labelled) {
      double right = 0;
      for (uint32_t c : p.recent_correct) right += c;
      p.accuracy_log.push_back(static_cast<double>(p.samples_seen));
      p.accuracy_log.push_back(right / static_cast<double>(p.recent_correct.size()));
    }
  }
}

mnist_summary mnist_trainer::train(const mnist_run_options& options) {
  const auto t0 = std::chrono::steady_clock::now();
  const uint64_t per_epoch = samples_per_epoch();
  const uint64_t total = per_epoch * setup_.epochs;
  const uint64_t start_samples = progress_.samples_seen, start_presentations = progress_.presentations;
  const uint64_t start_step = sim_->current_step(), start_events = sim_->synaptic_events();
  const uint32_t pixels = data_->train.rows * data_->train.cols;
  snapshot_every_ = options.snapshot_every;
  progress_bar bar(options.progress, total);
  uint64_t done_here = 0, snapshot_at = UINT64_MAX;
  auto snapshot = [&] {
    if (options.snapshot.empty() || snapshot_at == progress_.samples_seen) return;
    write_snapshot(options.snapshot, sim_->export_state(), info());
    snapshot_at = progress_.samples_seen;
  };
  std::vector<uint32_t> order;
  uint32_t order_epoch = UINT32_MAX;
  while (progress_.epoch < setup_.epochs) {
    if (options.stop_after && done_here >= options.stop_after) break;
    if (order_epoch != progress_.epoch) {
      order = epoch_order(progress_.epoch);
      order_epoch = progress_.epoch;
    }
    const uint32_t index = order[progress_.position];
    const uint8_t* image = data_->train.pixels.data() + uint64_t{index} * pixels;
    observe(data_->train.labels[index], present(image));
    ++done_here;
    if (++progress_.position == per_epoch) {
      progress_.position = 0;
      ++progress_.epoch;
    }
    if (options.snapshot_every && progress_.samples_seen % options.snapshot_every == 0) snapshot();
    const auto& recent = progress_.recent_correct;
    double right = 0;
    for (uint32_t c : recent) right += c;
    bar.update(progress_.samples_seen, seconds_since(t0), done_here, recent.empty() ? 0.0 : right / recent.size(), !recent.empty());
  }
  bar.finish();
  snapshot();
  mnist_summary s;
  s.samples = progress_.samples_seen - start_samples;
  s.presentations = progress_.presentations - start_presentations;
  s.steps = sim_->current_step() - start_step;
  s.synaptic_events = sim_->synaptic_events() - start_events;
  s.wall_s = seconds_since(t0);
  double right = 0;
  for (uint32_t c : progress_.recent_correct) right += c;
  s.running_accuracy = progress_.recent_correct.empty() ? 0.0 : right / progress_.recent_correct.size();
  s.finished = progress_.epoch >= setup_.epochs;
  return s;
}

snapshot_info mnist_trainer::info() const {
  snapshot_info info;
  info.model = "diehl_cook";
  info.parameters = {{"exc", setup_.excitatory}, {"dt_ms", params_.dt_ms}, {"present_ms", params_.present_ms}};
  task_state& t = info.task;
  t.name = mnist_task_name;
  t.texts["dataset"] = setup_.dataset;
  t.counters = {{"excitatory", setup_.excitatory}, {"train_samples", setup_.train_samples}, {"epochs", setup_.epochs},
                {"validation", setup_.validation}, {"seed", setup_.seed},
                {"rest_us", static_cast<uint64_t>(std::llround(setup_.rest_ms * 1000.0))}, {"epoch", progress_.epoch},
                {"position", progress_.position}, {"samples_seen", progress_.samples_seen}, {"snapshot_every", snapshot_every_},
                {"presentations", progress_.presentations}};
  if (setup_.grow_from > 0) {
    t.counters["grow_from"] = setup_.grow_from;
    t.counters["growth_interval_us"] = static_cast<uint64_t>(std::llround(setup_.growth_interval_ms * 1000.0));
    t.counters["births_per_phase"] = setup_.births_per_phase;
  }
  if (setup_.teacher) t.counters["teacher"] = 1;
  std::vector<double>& sums = t.values["block_sums"];
  std::vector<double>& samples = t.values["block_samples"];
  for (const auto& b : progress_.blocks) {
    sums.insert(sums.end(), b.sum.begin(), b.sum.end());
    for (uint64_t c : b.samples) samples.push_back(static_cast<double>(c));
  }
  t.values["accuracy_log"] = progress_.accuracy_log;
  t.indices["assignments"] = progress_.assignments;
  t.indices["recent_correct"] = progress_.recent_correct;
  return info;
}

mnist_evaluation evaluate_mnist(network_state state, const task_state& task, const labelled_dataset& data,
                                backend_factory make_backend, uint64_t label_samples, uint64_t samples,
                                bool on_validation, bool progress) {
  const auto t0 = std::chrono::steady_clock::now();
  const mnist_setup setup = setup_of(task);
  check_setup(setup, data);
  if (data.name != setup.dataset) throw invalid_parameter(fmt::format("the snapshot was trained on '{}', not '{}'", setup.dataset, data.name));
  const uint32_t split = data.train.count - setup.validation;
  if (label_samples == 0 || label_samples > split)
    throw invalid_parameter(fmt::format("--label-samples must be in [1, {}] (the training split)", split));
  const image_set& target = on_validation ? data.train : data.test;
  const uint64_t first = on_validation ? split : 0;
  const uint64_t available = on_validation ? setup.validation : data.test.count;
  if (available == 0) throw invalid_parameter("the run holds out no validation images (train with --validation N)");
  if (samples == 0) samples = available;
  if (samples > available) throw invalid_parameter(fmt::format("--test-samples {} exceeds the {} images available", samples, available));

  freeze_learning(state);
  mnist_trainer runner(std::move(state), task, data, std::move(make_backend));
  const uint32_t pixels = data.train.rows * data.train.cols;
  progress_bar bar(progress, label_samples + samples);
  response_table responses(setup.excitatory);
  for (uint64_t i = 0; i < label_samples; ++i) {
    responses.add(data.train.labels[i], runner.present(data.train.pixels.data() + i * pixels));
    bar.update(i + 1, seconds_since(t0), i + 1, 0.0, false);
  }
  mnist_evaluation out;
  out.assignments = assign_labels(responses);
  out.label_samples = label_samples;
  for (uint64_t i = 0; i < samples; ++i) {
    const uint64_t k = first + i;
    const uint32_t predicted = predict(out.assignments, runner.present(target.pixels.data() + k * pixels));
    out.confusion.add(target.labels[k], predicted);
    bar.update(label_samples + i + 1, seconds_since(t0), label_samples + i + 1, out.confusion.accuracy(), true);
  }
  bar.finish();
  out.wall_s = seconds_since(t0);
  return out;
}

}  // namespace engram::tasks
