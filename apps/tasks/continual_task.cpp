#include "apps/tasks/continual_task.hpp"

#include <algorithm>
#include <chrono>
#include <cmath>
#include <fmt/format.h>
#include <limits>
#include <memory>
#include <numeric>
#include <optional>
#include <unordered_set>

#include "apps/tasks/baselines.hpp"
#include "apps/tasks/label_assignment.hpp"
#include "apps/tasks/mnist_studies.hpp"
#include "apps/tasks/mnist_task.hpp"
#include "apps/tasks/progress_bar.hpp"
#include "engine/errors.hpp"
#include "engine/memory_traces.hpp"
#include "engine/rng.hpp"
#include "host/memory_driver.hpp"

namespace engram::tasks {
namespace {

constexpr double nan = std::numeric_limits<double>::quiet_NaN();

struct task_spec {
  std::vector<uint8_t> classes;       // class_count flags
  std::vector<uint32_t> permutation;  // of the pixels; empty: the identity
  std::vector<uint32_t> train, label, test, buffer;  // indices: train, label, buffer in mnist.train; test in mnist.test
};

uint32_t draw(uint64_t seed, uint32_t stream, uint64_t index, uint32_t n) {
  const philox_block b = random_block(seed, rng_purpose::task_draw, stream, 0, index);
  return std::min(static_cast<uint32_t>(uniform_open1(b.x[0], b.x[1]) * n), n - 1);
}

void shuffle(std::vector<uint32_t>& v, uint64_t seed, uint32_t stream) {
  for (uint32_t i = static_cast<uint32_t>(v.size()); i > 1; --i) std::swap(v[i - 1], v[draw(seed, stream, i, i)]);
}

std::vector<uint32_t> only(const std::vector<uint32_t>& indices, const image_set& s, const std::vector<uint8_t>& classes) {
  std::vector<uint32_t> out;
  for (uint32_t i : indices)
    if (classes[s.labels[i]]) out.push_back(i);
  return out;
}

void check_readout(const continual_setup& s) {
  if (!(s.readout_l2 >= 0.0) || s.readout_iterations == 0 || !(s.readout_power > 0.0 && s.readout_power <= 4.0))
    throw invalid_parameter("the linear readout needs readout_l2 >= 0, readout_iterations >= 1 and readout_power in (0, 4]");
}

uint32_t task_count(const continual_setup& s) { return s.tasks ? s.tasks : (s.protocol == "split-mnist" ? 2 : 10); }

uint32_t classes_per_task(const continual_setup& s) { return s.protocol == "split-mnist" ? 5 : class_count; }

void check_teacher(const continual_setup& s) {
  if (!(s.teacher_hz >= 0.0 && s.teacher_hz <= 1000.0))
    throw invalid_parameter(fmt::format("teacher_hz {} must be in [0, 1000] (0: no teacher)", s.teacher_hz));
  if (s.teacher_hz == 0.0) return;
  const uint32_t c = s.born_per_task > 0 ? classes_per_task(s) : class_count;
  if (s.excitatory % c != 0 || s.born_per_task % c != 0)
    throw invalid_parameter(fmt::format("a teacher splits {} among {} classes: --exc {} and born_per_task {} must be multiples of {}",
                                        s.born_per_task > 0 ? "each task's neurons" : "the neurons", c, s.excitatory,
                                        s.born_per_task, c));
}

// Task t's own excitatory neurons (first, count): with births, the start's for task 1 and its
// newborns for a later task (births fill the pool's free slots in index order); without, all.
std::pair<uint32_t, uint32_t> task_neurons(const continual_setup& s, uint32_t t) {
  if (s.born_per_task == 0 || t == 0) return {0, s.excitatory};
  return {s.excitatory + (t - 1) * s.born_per_task, s.born_per_task};
}

// The excitatory neurons an image of class `label` in task t may train: with births, the task's
// own neurons split among its classes in their order; without, the neurons split among the ten
// digits (split-MNIST's tasks then own disjoint halves, permuted-MNIST's share each digit's).
std::pair<uint32_t, uint32_t> taught_neurons(const continual_setup& s, const std::vector<uint8_t>& classes, uint32_t t,
                                             uint32_t label) {
  if (s.born_per_task == 0) return {label * (s.excitatory / class_count), s.excitatory / class_count};
  const auto [first, count] = task_neurons(s, t);
  const uint32_t share = count / classes_per_task(s);
  const auto ordinal = static_cast<uint32_t>(std::count(classes.begin(), classes.begin() + label, 1));
  return {first + ordinal * share, share};
}

std::vector<task_spec> make_tasks(const labelled_dataset& d, const continual_setup& s) {
  const bool split = s.protocol == "split-mnist";
  if (!split && s.protocol != "permuted-mnist")
    throw invalid_parameter(fmt::format("unknown protocol '{}' (known: split-mnist, permuted-mnist)", s.protocol));
  const uint32_t count = task_count(s);
  if (split && count != 2) throw invalid_parameter("split-mnist has 2 tasks (digits 0-4, then 5-9)");
  if (count < 2 || count > 50) throw invalid_parameter(fmt::format("{} tasks: must be 2..50", count));
  if (s.label_per_class == 0 || s.label_per_class > s.train_per_class || s.test_per_class == 0 ||
      s.buffer_per_class > s.train_per_class)
    throw invalid_parameter("per class: 1 <= label <= train, buffer <= train, test >= 1");
  if ((s.replay || s.trace_replay) && s.buffer_per_class == 0)
    throw invalid_parameter("replay and trace replay need buffer_per_class >= 1 (the images kept from each task)");
  if (!(s.readout_inhibition >= 0.0 && s.readout_inhibition <= 10.0))
    throw invalid_parameter(fmt::format("readout_inhibition {} must be in [0, 10] (a factor on the inhibitory weights)",
                                        s.readout_inhibition));
  if (s.measure_repeats < 1 || s.measure_repeats > 16)
    throw invalid_parameter(fmt::format("measure_repeats {} must be 1..16 (presentations summed per measured image)",
                                        s.measure_repeats));
  check_readout(s);
  check_teacher(s);
  if (uint64_t{s.excitatory} + uint64_t{s.born_per_task} * (count - 1) > 20000)
    throw invalid_parameter(fmt::format("{} neurons and {} born for each of {} later tasks: more than 20,000 excitatory neurons",
                                        s.excitatory, s.born_per_task, count - 1));
  const uint32_t pixels = d.train.rows * d.train.cols;
  const std::vector<uint32_t> test_all = s.validation ? validation_images(d.train, s) : balanced_subset(d.test, s.test_per_class, s.seed, 3000);
  std::vector<task_spec> tasks(count);
  for (uint32_t t = 0; t < count; ++t) {
    task_spec& k = tasks[t];
    k.classes.assign(class_count, split ? 0 : 1);
    if (split)
      for (uint32_t c = 5 * t; c < 5 * t + 5; ++c) k.classes[c] = 1;
    if (!split && t > 0) {
      k.permutation.resize(pixels);
      std::iota(k.permutation.begin(), k.permutation.end(), 0u);
      shuffle(k.permutation, s.seed, 3200 + t);
    }
    // each task its own images (split: disjoint classes anyway), interleaved by class
    const std::vector<uint32_t> mine = only(balanced_subset(d.train, s.train_per_class, s.seed, 3100 + t), d.train, k.classes);
    const uint32_t classes = static_cast<uint32_t>(std::count(k.classes.begin(), k.classes.end(), 1));
    k.label.assign(mine.begin(), mine.begin() + uint64_t{s.label_per_class} * classes);
    k.buffer.assign(mine.begin(), mine.begin() + uint64_t{s.buffer_per_class} * classes);
    k.train = mine;
    shuffle(k.train, s.seed, 3300 + t);  // training order: no fixed class cycle
    k.test = only(test_all, s.validation ? d.train : d.test, k.classes);
  }
  return tasks;
}

std::vector<uint8_t> image_of(const image_set& s, uint32_t index, const task_spec& t) {
  const uint64_t pixels = uint64_t{s.rows} * s.cols;
  const uint8_t* p = s.pixels.data() + index * pixels;
  std::vector<uint8_t> out(p, p + pixels);
  if (!t.permutation.empty())
    for (uint64_t k = 0; k < pixels; ++k) out[k] = p[t.permutation[k]];
  return out;
}

// A training image of task t, with the teacher on its class's neurons when there is one.
void present_for_training(mnist_trainer& net, const labelled_dataset& d, const continual_setup& s,
                          const std::vector<task_spec>& tasks, uint32_t t, uint32_t index) {
  const std::vector<uint8_t> image = image_of(d.train, index, tasks[t]);
  if (s.teacher_hz == 0.0) {
    net.present(image.data());
    return;
  }
  const auto [first, count] = taught_neurons(s, tasks[t].classes, t, d.train.labels[index]);
  const auto [own_first, own_count] = s.teacher_silences_old ? std::pair<uint32_t, uint32_t>{0, UINT32_MAX} : task_neurons(s, t);
  net.present_taught(image.data(), first, count, s.teacher_hz, own_first, own_count);
}

accuracy_matrix empty_matrix(uint32_t tasks) {
  accuracy_matrix m;
  m.tasks = tasks;
  m.a.assign(uint64_t{tasks} * tasks, nan);
  return m;
}

void append(labelled_rows& to, const labelled_rows& from) {
  to.features = from.features;
  to.classes = from.classes;
  to.x.insert(to.x.end(), from.x.begin(), from.x.end());
  to.y.insert(to.y.end(), from.y.begin(), from.y.end());
}

// Births on or off in the excitatory pool (its inhibitory twins follow).
void set_neurogenesis(network_state& state, bool on) {
  uint32_t excitatory = 0;
  while (excitatory < state.populations.size() && state.populations[excitatory].name != excitatory_population) ++excitatory;
  for (growth_population& g : state.growth.populations)
    if (g.population == excitatory) g.neurogenesis = on;
}

// Exactly one growth phase with births on, after one silent step (a presentation may hold more
// than one phase when it is repeated at a higher intensity): births_per_phase newborns. The run
// then goes on from there with births off; the network is reset before every presentation.
void give_birth(std::unique_ptr<mnist_trainer>& net, const labelled_dataset& d, const backend_factory& make_backend) {
  const task_state task = net->info().task;
  network_state state = net->export_state();
  const uint32_t interval = state.growth.interval_steps;
  set_neurogenesis(state, true);
  state.growth.interval_steps = 1;
  mnist_trainer birth(std::move(state), task, d, make_backend);
  birth.sim().set_rates(input_population, std::vector<float>(uint64_t{d.train.rows} * d.train.cols, 0.0f));
  birth.sim().step();
  state = birth.export_state();
  set_neurogenesis(state, false);
  state.growth.interval_steps = interval;
  net = std::make_unique<mnist_trainer>(std::move(state), task, d, make_backend);
}

// Trace replay: the store keeps every buffer image of every task as its own trace (none merged,
// none faded within the run), and each consolidation replays one, drawn in proportion to strength
// (validate() refuses a negative gain).
memory_state trace_store(const continual_setup& s, uint32_t tasks) {
  memory_state m;
  m.config.capacity = s.buffer_per_class * class_count * tasks;
  m.config.refresh_overlap = 1.0;
  m.config.fade_steps = 1e18;
  m.config.replays_per_consolidation = 1;
  m.config.replay_gain = s.trace_gain;
  m.seed = s.seed;
  return m;
}

uint64_t presentation_steps(mnist_trainer& net) {
  return static_cast<uint64_t>(std::llround(diehl_cook_params{}.present_ms / net.sim().dt_ms()));
}

// A memory driver on the network as it is now (births rebuild it): the patterns live in the input
// layer, which is both the remembered population and its drive (as in the sleep study); a member
// is driven at a full-intensity pixel's rate for one presentation's length.
memory_driver input_memory(mnist_trainer& net, memory_state& m) {
  memory_driver_options o;
  o.population = o.drive = input_population;
  o.drive_rate_hz = pixel_rate_hz(255, 2.0);
  o.replay_steps = presentation_steps(net);
  return memory_driver(net.sim(), m, o);
}

// One offline phase: the network reset, the input silent for a step, then one trace drawn by
// strength and driven (memory_driver::sleep); learning stays on, so the replayed spikes train.
void replay_one_trace(mnist_trainer& net, memory_driver& driver, uint32_t pixels) {
  net.sim().reset({input_population, excitatory_population, inhibitory_population});
  net.sim().set_rates(input_population, std::vector<float>(pixels, 0.0f));
  driver.sleep(1 + presentation_steps(net), 1);
}

// After task i (or during it, with `only_first`: task 0's held-out images alone), the network
// (learning off) on the labelling images of every task so far, then on their held-out images.
evaluation_counts measure_network(mnist_trainer& trained, const labelled_dataset& d, const continual_setup& s,
                                  const std::vector<task_spec>& tasks, uint32_t i, backend_factory make_backend,
                                  continual_result& out, bool only_first = false) {
  network_state frozen = trained.export_state();
  freeze_learning(frozen);
  freeze_growth(frozen);
  if (s.readout_inhibition != 1.0)
    for (synapse_table& t : frozen.projections)
      if (t.name == inhibition_projection_name)
        for (float& w : t.weight) w = static_cast<float>(w * s.readout_inhibition);
  const std::vector<uint32_t> alive = alive_excitatory(frozen);
  const image_set& held = s.validation ? d.train : d.test;
  mnist_trainer eval(std::move(frozen), trained.info().task, d, std::move(make_backend));
  evaluation_counts e;
  e.after_task = i;
  e.neurons = static_cast<uint32_t>(alive.size());
  const auto present = [&](const image_set& from, uint32_t idx, uint32_t t, std::vector<uint32_t>& counts,
                           std::vector<uint32_t>& cls, std::vector<uint32_t>& task) {
    const std::vector<uint8_t> image = image_of(from, idx, tasks[t]);
    std::vector<uint32_t> sum(alive.size(), 0);
    for (uint32_t r = 0; r < s.measure_repeats; ++r) {
      const std::vector<uint32_t> c = counts_of(eval.present(image.data()), alive);
      for (size_t k = 0; k < c.size(); ++k) sum[k] += c[k];
      ++out.presentations;
    }
    counts.insert(counts.end(), sum.begin(), sum.end());
    cls.push_back(from.labels[idx]);
    task.push_back(t);
  };
  for (uint32_t t = 0; t <= i; ++t)
    for (uint32_t idx : tasks[t].label) present(d.train, idx, t, e.label_counts, e.label_class, e.label_task);
  for (uint32_t t = 0; t <= (only_first ? 0 : i); ++t)
    for (uint32_t idx : tasks[t].test) present(held, idx, t, e.test_counts, e.test_class, e.test_task);
  return e;
}

std::vector<uint32_t> row(const std::vector<uint32_t>& counts, uint32_t r, uint32_t n) {
  return {counts.begin() + uint64_t{r} * n, counts.begin() + uint64_t{r + 1} * n};
}

// The linear readout's features: counts to the power p (p = 0.5 steadies a Poisson count's variance).
std::vector<float> features_of(const std::vector<uint32_t>& counts, double p) {
  std::vector<float> x(counts.begin(), counts.end());
  if (p != 1.0)
    for (float& v : x) v = static_cast<float>(std::pow(static_cast<double>(v), p));
  return x;
}

// The vote's class-incremental accuracy on the held-out rows (a probe: task 0's alone).
double vote_accuracy(const evaluation_counts& e) {
  response_table all(e.neurons);
  for (uint32_t r = 0; r < e.label_rows(); ++r) all.add(e.label_class[r], row(e.label_counts, r, e.neurons));
  const std::vector<uint32_t> labels = assign_labels(all);
  uint32_t right = 0;
  for (uint32_t r = 0; r < e.test_rows(); ++r) right += predict(labels, row(e.test_counts, r, e.neurons)) == e.test_class[r];
  return static_cast<double>(right) / e.test_rows();
}

// Row `e.after_task` of the four matrices: the vote and the linear readout, fitted on the
// labelling rows, class-incremental (every class seen) and task-incremental (the task's own).
void score_evaluation(const evaluation_counts& e, const std::vector<std::vector<uint8_t>>& task_classes,
                      const continual_setup& s, continual_result& out) {
  const uint32_t i = e.after_task, n = e.neurons, T = static_cast<uint32_t>(task_classes.size());
  if (i >= T || e.label_counts.size() != uint64_t{e.label_rows()} * n || e.label_task.size() != e.label_rows() ||
      e.test_counts.size() != uint64_t{e.test_rows()} * n || e.test_task.size() != e.test_rows())
    throw invalid_parameter(fmt::format("continual: the counts of the evaluation after task {} do not fit their rows", i + 1));
  response_table all(n);
  std::vector<response_table> per_task(i + 1, response_table(n));
  std::vector<labelled_rows> label_rows(i + 1, labelled_rows{n, class_count, {}, {}});
  std::vector<uint8_t> seen(class_count, 0);
  for (uint32_t t = 0; t <= i; ++t)
    for (uint32_t c = 0; c < class_count; ++c) seen[c] |= task_classes[t][c];
  for (uint32_t r = 0; r < e.label_rows(); ++r) {
    const std::vector<uint32_t> counts = row(e.label_counts, r, n);
    const uint32_t t = e.label_task[r];
    if (t > i || e.label_class[r] >= class_count)
      throw invalid_parameter(fmt::format("continual: labelling row {} (task {}, class {}) after task {}", r, t + 1, e.label_class[r], i + 1));
    all.add(e.label_class[r], counts);
    per_task[t].add(e.label_class[r], counts);
    const std::vector<float> x = features_of(counts, s.readout_power);
    label_rows[t].x.insert(label_rows[t].x.end(), x.begin(), x.end());
    label_rows[t].y.push_back(e.label_class[r]);
  }
  const std::vector<uint32_t> labels = assign_labels(all);
  labelled_rows every_task = label_rows[0];
  for (uint32_t t = 1; t <= i; ++t) append(every_task, label_rows[t]);
  const softmax_readout linear = train_softmax_readout(every_task, s.readout_iterations, 0.5, s.readout_l2);
  for (uint32_t j = 0; j <= i; ++j) {
    if (label_rows[j].rows() == 0)
      throw invalid_parameter(fmt::format("continual: task {} has no labelling rows after task {}", j + 1, i + 1));
    const std::vector<uint32_t> own = assign_labels(per_task[j]);
    const softmax_readout own_linear = train_softmax_readout(label_rows[j], s.readout_iterations, 0.5, s.readout_l2);
    uint32_t size = 0, right_class = 0, right_task = 0, right_linear_class = 0, right_linear_task = 0;
    for (uint32_t r = 0; r < e.test_rows(); ++r) {
      if (e.test_task[r] != j) continue;
      const std::vector<uint32_t> counts = row(e.test_counts, r, n);
      const std::vector<float> x = features_of(counts, s.readout_power);
      const uint32_t truth = e.test_class[r];
      ++size;
      right_class += predict(labels, counts) == truth;
      right_task += predict_among(own, counts, task_classes[j]) == truth;
      right_linear_class += readout_predict(linear, x.data(), seen) == truth;
      right_linear_task += readout_predict(own_linear, x.data(), task_classes[j]) == truth;
    }
    if (size == 0) throw invalid_parameter(fmt::format("continual: task {} has no held-out rows after task {}", j + 1, i + 1));
    const uint64_t at = uint64_t{i} * T + j;
    out.class_incremental.a[at] = static_cast<double>(right_class) / size;
    out.task_incremental.a[at] = static_cast<double>(right_task) / size;
    out.linear_class_incremental.a[at] = static_cast<double>(right_linear_class) / size;
    out.linear_task_incremental.a[at] = static_cast<double>(right_linear_task) / size;
  }
}

labelled_rows rows_for(const labelled_dataset& d, const image_set& s, const std::vector<uint32_t>& indices,
                       const task_spec& t) {
  labelled_rows r;
  r.features = d.train.rows * d.train.cols;
  r.classes = class_count;
  for (uint32_t idx : indices) {
    for (uint8_t p : image_of(s, idx, t)) r.x.push_back(static_cast<float>(p) / 255.0f);
    r.y.push_back(s.labels[idx]);
  }
  return r;
}

}  // namespace

std::vector<uint32_t> validation_images(const image_set& train, const continual_setup& s) {
  const uint32_t tasks = task_count(s);
  std::unordered_set<uint32_t> trained;
  for (uint32_t t = 0; t < tasks; ++t)
    for (uint32_t i : balanced_subset(train, s.train_per_class, s.seed, 3100 + t)) trained.insert(i);
  std::vector<uint32_t> out, taken(class_count, 0), size(class_count, 0);
  for (uint32_t i = 0; i < train.count; ++i) ++size[train.labels[i]];
  for (uint32_t i : balanced_subset(train, *std::min_element(size.begin(), size.end()), s.seed, 3050))
    if (!trained.count(i) && taken[train.labels[i]] < s.test_per_class) {
      ++taken[train.labels[i]];
      out.push_back(i);
    }
  for (uint32_t c = 0; c < class_count; ++c)
    if (taken[c] < s.test_per_class)
      throw invalid_parameter(fmt::format("validation: class {} has {} images left beside the training images, {} asked", c,
                                          taken[c], s.test_per_class));
  return out;
}

double accuracy_matrix::average() const {
  double s = 0;
  for (uint32_t j = 0; j < tasks; ++j) s += at(tasks - 1, j);
  return s / tasks;
}

double accuracy_matrix::forgetting() const {
  double s = 0;
  for (uint32_t j = 0; j + 1 < tasks; ++j) {
    double best = at(j, j);
    for (uint32_t i = j; i < tasks; ++i) best = std::max(best, at(i, j));
    s += best - at(tasks - 1, j);
  }
  return tasks > 1 ? s / (tasks - 1) : 0.0;
}

double accuracy_matrix::backward_transfer() const {
  double s = 0;
  for (uint32_t j = 0; j + 1 < tasks; ++j) s += at(tasks - 1, j) - at(j, j);
  return tasks > 1 ? s / (tasks - 1) : 0.0;
}

continual_result run_continual(const labelled_dataset& d, const continual_setup& s, backend_factory make_backend,
                               bool progress) {
  const auto t0 = std::chrono::steady_clock::now();
  const std::vector<task_spec> tasks = make_tasks(d, s);
  const auto T = static_cast<uint32_t>(tasks.size());
  continual_result out;
  out.class_incremental = out.task_incremental = empty_matrix(T);
  out.linear_class_incremental = out.linear_task_incremental = empty_matrix(T);
  std::vector<std::vector<uint8_t>> task_classes;
  for (const task_spec& t : tasks) task_classes.push_back(t.classes);
  if (s.keep_counts) {
    out.counts.protocol = s.protocol;
    out.counts.measured_on = s.validation ? "validation" : "test";
    out.counts.seed = s.seed;
    out.counts.tasks = T;
    out.counts.readout_inhibition = s.readout_inhibition;
    out.counts.measure_repeats = s.measure_repeats;
    for (const task_spec& t : tasks) out.counts.task_classes.insert(out.counts.task_classes.end(), t.classes.begin(), t.classes.end());
  }
  mnist_setup setup;
  setup.excitatory = s.excitatory + s.born_per_task * (T - 1);
  setup.seed = s.seed;
  if (s.protect) {
    setup.protect = s.protection;
    setup.protect.enabled = true;
  }
  setup.teacher = s.teacher_hz > 0.0;
  if (s.born_per_task > 0) {  // a pool; births only from give_birth, at the start of every later task
    setup.grow_from = s.excitatory;
    setup.growth_interval_ms = diehl_cook_params{}.present_ms;
    setup.births_per_phase = s.born_per_task;
  }
  auto net = std::make_unique<mnist_trainer>(setup, d, make_backend);
  if (s.born_per_task > 0 || !s.theta_decay) {  // births only from give_birth; thresholds held
    network_state state = net->export_state();
    if (s.born_per_task > 0) set_neurogenesis(state, false);
    if (!s.theta_decay)
      for (auto& h : state.plasticity.populations) h.theta_decay = 1.0f;
    net = std::make_unique<mnist_trainer>(std::move(state), net->info().task, d, make_backend);
  }
  std::vector<std::pair<uint32_t, uint32_t>> buffer;  // (task, image) of the tasks done
  memory_state traces = trace_store(s, T);             // trace replay: the activity of the tasks done
  const uint32_t pixels = d.train.rows * d.train.cols;
  for (uint32_t i = 0; i < T; ++i) {
    const task_spec& task = tasks[i];
    const auto task_t0 = std::chrono::steady_clock::now();
    progress_bar bar(progress, task.train.size(), "samples", fmt::format("task {}/{}", i + 1, T));
    if (i > 0 && s.born_per_task > 0) {
      give_birth(net, d, make_backend);
      const std::vector<uint32_t> alive = alive_excitatory(net->export_state());
      if (alive.size() != s.excitatory + i * s.born_per_task || alive.back() + 1 != alive.size())  // the pool's first slots
        throw internal_error(fmt::format("continual: {} excitatory neurons alive after task {}'s births, not the first {}",
                                         alive.size(), i + 1, s.excitatory + i * s.born_per_task));
    }
    const std::unordered_set<uint32_t> kept(task.buffer.begin(), task.buffer.end());
    memory_state captured = trace_store(s, 1);  // this task's traces, replayed once it is done
    std::optional<memory_driver> recorder, replayer;  // trace replay, on the network after this task's births
    if (s.trace_replay) {
      recorder.emplace(input_memory(*net, captured));
      replayer.emplace(input_memory(*net, traces));
    }
    for (uint32_t k = 0; k < task.train.size(); ++k) {
      const bool capture = s.trace_replay && kept.count(task.train[k]) > 0;
      if (capture) recorder->begin_capture();
      present_for_training(*net, d, s, tasks, i, task.train[k]);
      ++out.presentations;
      if (capture) recorder->end_capture();
      if (s.trace_replay && !traces.traces.empty()) {  // one past task's trace after every new image
        replay_one_trace(*net, *replayer, pixels);
        ++out.replays;
      }
      if (s.replay && !buffer.empty()) {  // one past image after every new one: half the presentations
        const auto& [t, idx] = buffer[draw(s.seed, 3400 + i, k, static_cast<uint32_t>(buffer.size()))];
        present_for_training(*net, d, s, tasks, t, idx);
        ++out.presentations;
      }
      bar.update(k + 1, seconds_since(task_t0), k + 1, 0.0, false);
      if (s.probe_every && i > 0 && (k + 1) % s.probe_every == 0 && k + 1 < task.train.size())
        out.probes.insert(out.probes.end(),
                          {double(i), double(k + 1), vote_accuracy(measure_network(*net, d, s, tasks, i, make_backend, out, true))});
    }
    bar.finish();
    for (uint32_t idx : task.buffer) buffer.emplace_back(i, idx);
    for (const memory_trace& t : captured.traces) capture_trace(traces, t.members, t.created_step);
    if (s.protect) net->sim().consolidate({plastic_projection_name});  // what task i needed is now held
    evaluation_counts measured = measure_network(*net, d, s, tasks, i, make_backend, out);
    score_evaluation(measured, task_classes, s, out);
    if (s.keep_counts) out.counts.evaluations.push_back(std::move(measured));
    out.probes.insert(out.probes.end(), {double(i), double(task.train.size()), out.class_incremental.at(i, 0)});
    if (progress) {
      std::string row;
      std::string linear;
      for (uint32_t j = 0; j <= i; ++j) {
        row += fmt::format(" {:5.1f}", 100 * out.class_incremental.at(i, j));
        linear += fmt::format(" {:5.1f}", 100 * out.linear_class_incremental.at(i, j));
      }
      fmt::print(stderr, "after task {}: class-incremental accuracy per task, vote:{}, linear:{}\n", i + 1, row, linear);
    }
  }
  out.excitatory = static_cast<uint32_t>(alive_excitatory(net->export_state()).size());
  out.traces = static_cast<uint32_t>(traces.traces.size());
  for (const memory_trace& t : traces.traces) out.trace_members += static_cast<double>(t.members.size()) / out.traces;
  out.wall_s = seconds_since(t0);
  return out;
}

continual_result rescore_continual(const continual_counts& c, const continual_setup& s, uint32_t last) {
  const auto t0 = std::chrono::steady_clock::now();
  if (c.evaluations.size() != c.tasks || c.task_classes.size() != uint64_t{c.tasks} * class_count)
    throw invalid_parameter(fmt::format("rescore: {} evaluations and {} class flags for {} tasks", c.evaluations.size(),
                                        c.task_classes.size(), c.tasks));
  check_readout(s);
  continual_result out;
  out.class_incremental = out.task_incremental = empty_matrix(c.tasks);
  out.linear_class_incremental = out.linear_task_incremental = empty_matrix(c.tasks);
  std::vector<std::vector<uint8_t>> task_classes;
  for (uint32_t t = 0; t < c.tasks; ++t)
    task_classes.emplace_back(c.task_classes.begin() + uint64_t{t} * class_count, c.task_classes.begin() + uint64_t{t + 1} * class_count);
  for (uint32_t i = last && last < c.tasks ? c.tasks - last : 0; i < c.tasks; ++i) {
    if (c.evaluations[i].after_task != i) throw invalid_parameter(fmt::format("rescore: evaluation {} is not after task {}", i, i + 1));
    score_evaluation(c.evaluations[i], task_classes, s, out);
  }
  out.excitatory = c.evaluations.back().neurons;
  out.wall_s = seconds_since(t0);
  return out;
}

continual_result run_continual_mlp(const labelled_dataset& d, const continual_setup& s, uint32_t epochs) {
  const auto t0 = std::chrono::steady_clock::now();
  const std::vector<task_spec> tasks = make_tasks(d, s);
  const auto T = static_cast<uint32_t>(tasks.size());
  continual_result out;
  out.class_incremental = out.task_incremental = empty_matrix(T);
  mlp_model m = initial_mlp(d.train.rows * d.train.cols, 256, class_count, s.seed);
  labelled_rows buffer;
  for (uint32_t i = 0; i < T; ++i) {
    mlp_sequence_options o;
    o.epochs = epochs;
    o.seed = s.seed;
    o.stream = i;
    continue_mlp(m, rows_for(d, d.train, tasks[i].train, tasks[i]), s.replay ? &buffer : nullptr, o);
    out.presentations += uint64_t{epochs} * tasks[i].train.size() * (s.replay && i > 0 ? 2 : 1);
    append(buffer, rows_for(d, d.train, tasks[i].buffer, tasks[i]));
    for (uint32_t j = 0; j <= i; ++j) {
      const labelled_rows test = rows_for(d, s.validation ? d.train : d.test, tasks[j].test, tasks[j]);
      uint32_t right_class = 0, right_task = 0;
      for (uint32_t r = 0; r < test.rows(); ++r) {
        right_class += mlp_predict(m, test, r) == test.y[r];
        right_task += mlp_predict(m, test, r, tasks[j].classes) == test.y[r];
      }
      out.class_incremental.a[uint64_t{i} * T + j] = static_cast<double>(right_class) / test.rows();
      out.task_incremental.a[uint64_t{i} * T + j] = static_cast<double>(right_task) / test.rows();
    }
  }
  out.wall_s = seconds_since(t0);
  return out;
}

continual_result run_continual_pixels(const labelled_dataset& d, const continual_setup& s) {
  const auto t0 = std::chrono::steady_clock::now();
  const std::vector<task_spec> tasks = make_tasks(d, s);
  const auto T = static_cast<uint32_t>(tasks.size());
  const image_set& held = s.validation ? d.train : d.test;
  continual_result out;
  out.class_incremental = out.task_incremental = empty_matrix(T);
  labelled_rows every_task;
  std::vector<uint8_t> seen(class_count, 0);
  for (uint32_t i = 0; i < T; ++i) {
    const labelled_rows own = rows_for(d, d.train, tasks[i].label, tasks[i]);
    append(every_task, own);
    for (uint32_t c = 0; c < class_count; ++c) seen[c] |= tasks[i].classes[c];
    const softmax_readout all = train_softmax_readout(every_task, s.readout_iterations, 0.5, s.readout_l2);
    for (uint32_t j = 0; j <= i; ++j) {
      const softmax_readout mine = train_softmax_readout(rows_for(d, d.train, tasks[j].label, tasks[j]), s.readout_iterations,
                                                         0.5, s.readout_l2);
      const labelled_rows test = rows_for(d, held, tasks[j].test, tasks[j]);
      uint32_t right_class = 0, right_task = 0;
      for (uint32_t r = 0; r < test.rows(); ++r) {
        const float* x = test.x.data() + uint64_t{r} * test.features;
        right_class += readout_predict(all, x, seen) == test.y[r];
        right_task += readout_predict(mine, x, tasks[j].classes) == test.y[r];
      }
      out.class_incremental.a[uint64_t{i} * T + j] = static_cast<double>(right_class) / test.rows();
      out.task_incremental.a[uint64_t{i} * T + j] = static_cast<double>(right_task) / test.rows();
    }
  }
  out.wall_s = seconds_since(t0);
  return out;
}

}  // namespace engram::tasks
