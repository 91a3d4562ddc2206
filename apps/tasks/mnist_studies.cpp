#include "apps/tasks/mnist_studies.hpp"

#include <algorithm>
#include <chrono>
#include <cmath>
#include <fmt/format.h>
#include <numeric>

#include "apps/tasks/baselines.hpp"
#include "apps/tasks/mnist_task.hpp"
#include "apps/tasks/progress_bar.hpp"
#include "engine/errors.hpp"
#include "engine/rng.hpp"

namespace engram::tasks {

image_set pick(const image_set& from, const std::vector<uint32_t>& indices) {
  image_set out;
  out.rows = from.rows;
  out.cols = from.cols;
  out.count = static_cast<uint32_t>(indices.size());
  const uint64_t pixels = uint64_t{from.rows} * from.cols;
  for (uint32_t i : indices) {
    out.pixels.insert(out.pixels.end(), from.pixels.begin() + static_cast<int64_t>(i * pixels),
                      from.pixels.begin() + static_cast<int64_t>((i + 1) * pixels));
    out.labels.push_back(from.labels[i]);
  }
  return out;
}

mnist_setup setup_for(const study_options& o, uint32_t epochs) {
  mnist_setup s;
  s.excitatory = o.excitatory;
  s.epochs = epochs;
  s.seed = o.seed;
  return s;
}

trained_study_network train_study_network(const labelled_dataset& data, const study_options& o, uint32_t train_per_class,
                                          const char* study, const backend_factory& make_backend) {
  trained_study_network out;
  out.data.name = data.name;
  out.data.train = pick(data.train, balanced_subset(data.train, train_per_class, o.seed, 3001));
  out.data.test = pick(data.test, balanced_subset(data.test, o.test_per_class, o.seed, 3000));
  if (o.progress) fmt::print(stderr, "{}: training on {} images\n", study, out.data.train.count);
  mnist_trainer t(setup_for(o, 1), out.data, make_backend);
  task_run_options run;
  run.progress = o.progress;
  t.train(run);
  out.state = t.export_state();
  out.task = t.info().task;
  return out;
}

namespace {

labelled_rows rows_of(const image_set& s) {
  labelled_rows r;
  r.features = s.rows * s.cols;
  r.classes = class_count;
  r.x.reserve(s.pixels.size());
  for (uint8_t p : s.pixels) r.x.push_back(static_cast<float>(p) / 255.0f);
  r.y.assign(s.labels.begin(), s.labels.end());
  return r;
}

// The order of balanced_subset interleaves the classes (one of each, then the next of each...), so
// that the first 10 L images of a subset are L per class.
std::vector<uint32_t> interleave(const std::vector<std::vector<uint32_t>>& per_class, uint32_t per) {
  std::vector<uint32_t> out;
  for (uint32_t k = 0; k < per; ++k)
    for (const auto& c : per_class) out.push_back(c[k]);
  return out;
}

}  // namespace

std::vector<uint32_t> balanced_subset(const image_set& images, uint32_t per_class, uint64_t seed, uint32_t stream) {
  std::vector<uint32_t> order(images.count);
  std::iota(order.begin(), order.end(), 0u);
  for (uint32_t i = images.count; i > 1; --i) {
    const philox_block b = random_block(seed, rng_purpose::task_draw, stream, i, 0);
    std::swap(order[i - 1], order[std::min(static_cast<uint32_t>(uniform_open1(b.x[0], b.x[1]) * i), i - 1)]);
  }
  std::vector<std::vector<uint32_t>> per(class_count);
  for (uint32_t i : order)
    if (per[images.labels[i]].size() < per_class) per[images.labels[i]].push_back(i);
  for (uint32_t c = 0; c < class_count; ++c)
    if (per[c].size() < per_class)
      throw invalid_parameter(fmt::format("class {} has {} images, {} per class asked", c, per[c].size(), per_class));
  return interleave(per, per_class);
}

std::vector<fewshot_row> fewshot_study(const labelled_dataset& data, const std::vector<uint32_t>& shots,
                                       uint32_t presentations, const study_options& o, backend_factory make_backend) {
  labelled_dataset d;
  d.name = data.name;
  d.test = pick(data.test, balanced_subset(data.test, o.test_per_class, o.seed, 3000));
  std::vector<fewshot_row> rows;
  for (uint32_t k : shots) {
    if (k == 0) throw invalid_parameter("few-shot: K must be at least 1 per class");
    const auto t0 = std::chrono::steady_clock::now();
    d.train = pick(data.train, balanced_subset(data.train, k, o.seed, 3001));
    fewshot_row r;
    r.per_class = k;
    r.epochs = std::max(1u, presentations / (class_count * k));
    if (o.progress) fmt::print(stderr, "few-shot K = {}: training on {} images for {} epochs\n", k, d.train.count, r.epochs);
    mnist_trainer t(setup_for(o, r.epochs), d, make_backend);
    task_run_options run;
    run.progress = o.progress;
    t.train(run);
    const mnist_evaluation e = evaluate_mnist(t.export_state(), t.info().task, d, make_backend, d.train.count, d.test.count,
                                              false, o.progress);
    r.network_accuracy = e.confusion.accuracy();
    mlp_options m;
    m.hidden = 128;
    m.seed = o.seed;
    r.mlp_accuracy = mlp_accuracy(train_mlp(rows_of(d.train), m), rows_of(d.test));
    r.wall_s = seconds_since(t0);
    rows.push_back(r);
  }
  return rows;
}

std::vector<lesion_row> lesion_study(const labelled_dataset& data, const std::vector<double>& fractions,
                                     uint32_t train_per_class, uint32_t label_per_class, const study_options& o,
                                     backend_factory make_backend) {
  if (label_per_class == 0 || label_per_class > train_per_class)
    throw invalid_parameter("lesions: label images must be 1 .. the training images per class");
  const trained_study_network net = train_study_network(data, o, train_per_class, "lesions", make_backend);
  const labelled_dataset& d = net.data;
  const network_state& trained = net.state;
  const task_state& task = net.task;

  mlp_options m;
  m.hidden = 256;
  m.epochs = 100;
  m.seed = o.seed;
  const mlp_model mlp = train_mlp(rows_of(d.train), m);
  const labelled_rows test_rows = rows_of(d.test);

  // One seeded order of the excitatory neurons: a larger lesion contains every smaller one.
  std::vector<uint32_t> order(o.excitatory);
  std::iota(order.begin(), order.end(), 0u);
  for (uint32_t i = o.excitatory; i > 1; --i) {
    const philox_block b = random_block(o.seed, rng_purpose::task_draw, 3002, i, 0);
    std::swap(order[i - 1], order[std::min(static_cast<uint32_t>(uniform_open1(b.x[0], b.x[1]) * i), i - 1)]);
  }
  std::vector<lesion_row> rows;
  for (double f : fractions) {
    if (!(f >= 0 && f <= 1)) throw invalid_parameter(fmt::format("lesion fraction {} must be in [0, 1]", f));
    lesion_row r;
    r.fraction = f;
    r.removed = static_cast<uint32_t>(std::lround(f * o.excitatory));
    simulator lesioned(trained, make_backend());
    lesioned.lesion(excitatory_population, std::vector<uint32_t>(order.begin(), order.begin() + r.removed));
    const mnist_evaluation e = evaluate_mnist(lesioned.export_state(), task, d, make_backend,
                                              uint64_t{label_per_class} * class_count, d.test.count, false, o.progress);
    r.network_accuracy = e.confusion.accuracy();
    r.mlp_accuracy = mlp_accuracy(mlp, test_rows, f, o.seed);
    rows.push_back(r);
  }
  return rows;
}

}  // namespace engram::tasks
