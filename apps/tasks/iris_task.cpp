#include "apps/tasks/iris_task.hpp"

#include <algorithm>
#include <chrono>
#include <cmath>
#include <fmt/format.h>

#include "apps/tasks/margin_rule.hpp"
#include "apps/tasks/motor_network.hpp"
#include "apps/tasks/progress_bar.hpp"
#include "apps/tasks/task_io.hpp"
#include "engine/errors.hpp"
#include "engine/rng.hpp"

namespace engram::tasks {
namespace {

constexpr uint32_t classes = 3;
constexpr uint32_t per_class_train = 32, per_class_validation = 8, per_class_test = 10;
constexpr uint32_t folds = (per_class_train + per_class_validation) / per_class_validation;
constexpr uint32_t petal_length = 2, petal_width = 3;  // Fisher's column order

place_field_layout layout_of(const model_params& p) {
  return {p.count("fields"), p.get("sigma"), p.get("peak_hz"), p.count("grid"), p.get("grid_sigma")};
}

// Fisher-Yates driven by Philox keyed by (seed, stream, position): the same on every machine.
void shuffle(std::vector<uint32_t>& v, uint64_t seed, uint32_t stream) {
  for (uint32_t i = static_cast<uint32_t>(v.size()); i > 1; --i) {
    const philox_block b = random_block(seed, rng_purpose::task_draw, stream, i, 0);
    const auto j = std::min(static_cast<uint32_t>(uniform_open1(b.x[0], b.x[1]) * i), i - 1);
    std::swap(v[i - 1], v[j]);
  }
}

std::vector<uint64_t> sum(std::vector<uint64_t> a, const std::vector<uint64_t>& b) {
  for (size_t k = 0; k < a.size(); ++k) a[k] += b[k];
  return a;
}

}  // namespace

model_params iris_params() {
  model_params p;
  p.declare("epochs", 15, "passes over the 96 training samples")
      .declare("fields", 20, "Gaussian place fields per feature")
      .declare("sigma", 0.08, "width of a place field (features scaled to [0, 1] on the training split)")
      .declare("peak_hz", 200, "rate of an input at the centre of its field (Hz)")
      .declare("grid", 0, "> 0: also grid x grid 2-D place fields over petal length x petal width")
      .declare("grid_sigma", 0.1, "width of a 2-D field in each of its two features")
      .declare("decide_ms", 20, "window before the teacher: the network's own decision")
      .declare("teach_ms", 20, "teacher current into the right class's motor population")
      .declare("teacher_pa", 600, "teacher current (pA)")
      .declare("reward", 0.05, "dopamine into the right class's channel after the teacher")
      .declare("punish", 0.1, "dopamine taken from the wrongly chosen class's channel")
      .declare("settle_ms", 10, "steps for the dopamine to act after a reward or punishment")
      .declare("expectation_rate", 0.05, "> 0: the reward is scaled by 1 - the class's running success rate (this rate)")
      .declare("margin", 0.0, "> 0: a right decision whose rival fires over (1 - margin) of its spikes is trained like an error")
      .declare("reward_unconfident", 0, "1: the reward only after a decision that was wrong or within the margin")
      .declare("halve_epoch", 10, "from this epoch (0-based) the reward and punishment are halved")
      .declare("eval_ms", 80, "window of a test presentation (learning off)")
      .declare("eval_repeats", 6, "presentations summed per test sample, reset between them")
      .declare("average_from", 0, "> 0: test with the readout weights averaged over epochs from this one (1-based) to the last")
      .declare("test", 1, "0: skip the test split (cross-validation runs never see it)")
      .declare("fold", 4, "which fifth of the 120 non-test samples validates (0-4; 4 is the standard split)")
      .declare("refit", 0, "1: train on all 120 non-test samples for the fixed epochs and test the last (no validation)");
  declare_motor_params(p, 20);
  return p;
}

sample_split stratified_split(const tabular_dataset& data, uint64_t seed, uint32_t fold) {
  if (fold >= folds) throw invalid_parameter(fmt::format("fold {} does not exist: the folds are 0 to {}", fold, folds - 1));
  sample_split s;
  for (uint32_t c = 0; c < data.classes.size(); ++c) {
    std::vector<uint32_t> members;
    for (uint32_t i = 0; i < data.count(); ++i)
      if (data.labels[i] == c) members.push_back(i);
    if (members.size() != per_class_train + per_class_validation + per_class_test)
      throw invalid_parameter(fmt::format("class '{}' has {} samples, the split needs 50", data.classes[c], members.size()));
    shuffle(members, seed, c);
    const auto fold_begin = members.begin() + fold * per_class_validation, fold_end = fold_begin + per_class_validation;
    const auto test_begin = members.begin() + per_class_train + per_class_validation;
    s.train.insert(s.train.end(), members.begin(), fold_begin);
    s.train.insert(s.train.end(), fold_end, test_begin);
    s.validation.insert(s.validation.end(), fold_begin, fold_end);
    s.test.insert(s.test.end(), test_begin, members.end());
  }
  return s;
}

namespace {

sample_split refit_split(sample_split s) {
  s.train.insert(s.train.end(), s.validation.begin(), s.validation.end());
  s.validation.clear();
  return s;
}

// The split a run trains on: with refit, the validation split joins the training split.
sample_split split_of(const tabular_dataset& data, uint64_t seed, const model_params& p) {
  const bool refit = p.count("refit") != 0;
  if (refit && p.count("fold") != 4)
    throw invalid_parameter("refit trains on every non-test sample: it has no fold (leave fold at 4)");
  if (refit && p.count("test") == 0)
    throw invalid_parameter("refit has no validation split: with test=0 nothing would be evaluated");
  if (refit && p.count("average_from") > 0)
    throw invalid_parameter("refit tests the last epoch's weights: it does not combine with average_from");
  sample_split s = stratified_split(data, seed, p.count("fold"));
  return refit ? refit_split(std::move(s)) : s;
}

}  // namespace

place_field_encoder::place_field_encoder(const tabular_dataset& data, const std::vector<uint32_t>& fit_on,
                                         const place_field_layout& layout)
    : lo_(data.features, INFINITY), hi_(data.features, -INFINITY), layout_(layout) {
  if (layout.fields < 2 || !(layout.sigma > 0) || !(layout.peak_hz > 0))
    throw invalid_parameter("place fields need fields >= 2, sigma > 0, peak_hz > 0");
  if (layout.grid == 1 || (layout.grid > 0 && !(layout.grid_sigma > 0)))
    throw invalid_parameter("a petal grid needs grid >= 2 and grid_sigma > 0 (grid 0: none)");
  if (layout.grid > 0 && data.features <= petal_width)
    throw invalid_parameter("a petal grid needs the petal length and width (features 3 and 4)");
  for (uint32_t i : fit_on)
    for (uint32_t f = 0; f < data.features; ++f) {
      lo_[f] = std::min(lo_[f], data.values[uint64_t{i} * data.features + f]);
      hi_[f] = std::max(hi_[f], data.values[uint64_t{i} * data.features + f]);
    }
}

double place_field_encoder::scaled(const tabular_dataset& data, uint32_t sample, uint32_t f) const {
  const double span = hi_[f] > lo_[f] ? hi_[f] - lo_[f] : 1.0;
  return (data.values[uint64_t{sample} * data.features + f] - lo_[f]) / span;
}

std::vector<float> place_field_encoder::rates(const tabular_dataset& data, uint32_t sample) const {
  std::vector<float> out(size());
  const uint32_t n = layout_.fields;
  auto bump = [](double d) { return std::exp(-0.5 * d * d); };
  for (uint32_t f = 0; f < lo_.size(); ++f) {
    const double x = scaled(data, sample, f);
    for (uint32_t k = 0; k < n; ++k)
      out[f * n + k] = static_cast<float>(layout_.peak_hz * bump((x - static_cast<double>(k) / (n - 1)) / layout_.sigma));
  }
  const uint32_t g = layout_.grid;
  if (g == 0) return out;
  const double length = scaled(data, sample, petal_length), width = scaled(data, sample, petal_width);
  for (uint32_t i = 0; i < g; ++i)
    for (uint32_t j = 0; j < g; ++j) {
      const double dl = (length - static_cast<double>(i) / (g - 1)) / layout_.grid_sigma;
      const double dw = (width - static_cast<double>(j) / (g - 1)) / layout_.grid_sigma;
      out[lo_.size() * n + i * g + j] = static_cast<float>(layout_.peak_hz * bump(dl) * bump(dw));
    }
  return out;
}

iris_trainer::iris_trainer(uint64_t seed, const model_params& params, const tabular_dataset& data,
                           backend_factory make_backend)
    : seed_(seed), params_(params), data_(&data), make_backend_(std::move(make_backend)) {
  split_ = split_of(data, seed_, params_);
  encoder_ = std::make_unique<place_field_encoder>(data, split_.train, layout_of(params_));
  start(std::make_unique<simulator>(motor_network(motor_params_of(params_, encoder_->size(), classes, seed_)), make_backend_()));
}

iris_trainer::iris_trainer(network_state state, const task_state& task, const tabular_dataset& data,
                           backend_factory make_backend)
    : seed_(task_counter(task, "seed")), params_(iris_params()), data_(&data), make_backend_(std::move(make_backend)) {
  require_task(task, iris_task_name);
  load_params(task, params_);
  split_ = split_of(data, seed_, params_);
  encoder_ = std::make_unique<place_field_encoder>(data, split_.train, layout_of(params_));
  progress_.epoch = task_counter32(task, "epoch");
  progress_.position = task_counter32(task, "position");
  progress_.trials = task_counter(task, "trials");
  progress_.epoch_right = task_counter32(task, "epoch_right");
  progress_.best_epoch = task_counter32(task, "best_epoch");
  const auto every = task.counters.find("snapshot_every");
  snapshot_every_ = every == task.counters.end() ? 0 : every->second;
  progress_.train_accuracy = task_values(task, "train_accuracy");
  progress_.validation_accuracy = task_values(task, "validation_accuracy");
  progress_.best_weights = task_values(task, "best_weights");
  progress_.expectation = task_values(task, "expectation");
  progress_.weight_sum = task_values(task, "weight_sum");
  progress_.averaged_epochs = task.counters.count("averaged_epochs") ? task_counter32(task, "averaged_epochs") : 0;
  if (progress_.expectation.size() != classes) throw invalid_parameter("the snapshot's Iris task has no expectation per class");
  const std::vector<double> best = task_values(task, "best_validation");
  progress_.best_validation = best.empty() ? -1.0 : best[0];
  check_restored_progress();
  start(std::make_unique<simulator>(std::move(state), make_backend_()));
  if (sim_->population_named(agent_->names().input).size != encoder_->size())
    throw invalid_parameter("the snapshot's network does not match its Iris task (input size)");
  if ((progress_.averaged_epochs > 0 && progress_.weight_sum.empty()) ||
      (!progress_.weight_sum.empty() && progress_.weight_sum.size() != readout_weights().size()))
    throw invalid_parameter("the snapshot's averaged weights do not fit its network");
  if ((progress_.best_epoch > 0 || !progress_.best_weights.empty()) && progress_.best_weights.size() != readout_weights().size())
    throw invalid_parameter("the snapshot's best weights do not fit its network");
}

// Everything later code relies on, derived again from the stored history: a forged or damaged
// task state is refused here, not met as a wrong index or a wrong kept epoch later.
void iris_trainer::check_restored_progress() const {
  const iris_progress& p = progress_;
  const uint32_t epochs = params_.count("epochs");
  const bool validated = !split_.validation.empty();
  auto fraction = [](double v) { return v >= 0 && v <= 1; };  // false for NaN
  const bool inside = p.epoch <= epochs && p.position < split_.train.size() && (p.epoch < epochs || p.position == 0) &&
                      p.epoch_right <= p.position && p.train_accuracy.size() == p.epoch &&
                      p.validation_accuracy.size() == (validated ? p.epoch : 0);
  if (!inside) throw invalid_parameter("the snapshot's Iris task position does not fit its own run");
  const auto all_fractions = [&](const std::vector<double>& v) { return std::all_of(v.begin(), v.end(), fraction); };
  if (!all_fractions(p.train_accuracy) || !all_fractions(p.validation_accuracy) || !all_fractions(p.expectation))
    throw invalid_parameter("the snapshot's Iris accuracies or expectations are outside [0, 1]");
  // the kept epoch: of the best validations the last; with refit (no validation) the last epoch
  uint32_t kept = validated ? 0 : p.epoch;
  double kept_validation = -1;
  for (uint32_t e = 0; validated && e < p.epoch; ++e)
    if (p.validation_accuracy[e] >= kept_validation) kept_validation = p.validation_accuracy[e], kept = e + 1;
  if (p.best_epoch != kept || p.best_validation != kept_validation)
    throw invalid_parameter(fmt::format("the snapshot's kept epoch {} is not its best validation's (epoch {})", p.best_epoch, kept));
  const uint32_t from = params_.count("average_from");
  if (p.averaged_epochs != (from > 0 && p.epoch >= from ? p.epoch - from + 1 : 0))
    throw invalid_parameter("the snapshot's averaged epochs do not fit its run");
}

void iris_trainer::start(std::unique_ptr<simulator> sim) {
  sim_ = std::move(sim);
  sim_->set_recording(false);
  agent_ = std::make_unique<motor_agent>(*sim_, motor_names_of(classes));
}

uint64_t iris_trainer::steps(const char* key) const {
  return static_cast<uint64_t>(std::llround(params_.get(key) / sim_->dt_ms()));
}

std::vector<uint32_t> iris_trainer::epoch_order(uint32_t epoch) const {
  std::vector<uint32_t> order = split_.train;
  shuffle(order, seed_, 100 + epoch);
  return order;
}

bool iris_trainer::train_sample(uint32_t sample) {
  const uint32_t y = data_->labels[sample];
  const double scale = progress_.epoch >= params_.count("halve_epoch") ? 0.5 : 1.0;
  const double margin = params_.get("margin");
  motor_agent& a = *agent_;
  a.end_trial();
  a.observe(encoder_->rates(*data_, sample));
  const std::vector<uint64_t> counts = a.run(steps("decide_ms"));
  const bool right = decide(counts).action == static_cast<int>(y);
  const bool confident = check_margin(counts, y, margin).confident;  // with margin 0: right
  a.teach(static_cast<int>(y), params_.get("teacher_pa"));
  a.run(steps("teach_ms"));
  a.teach(-1, 0.0);
  // with an expectation, dopamine signals the surprise of success: little once a class is learnt
  const double alpha = params_.get("expectation_rate");
  const double surprise = alpha > 0 ? 1.0 - progress_.expectation[y] : 1.0;
  const bool rewarded = !(params_.count("reward_unconfident") && confident);  // a perceptron learns from its mistakes only
  if (rewarded) a.reinforce(y, scale * surprise * params_.get("reward"));
  a.run(steps("settle_ms"));
  if (alpha > 0) progress_.expectation[y] += alpha * ((right ? 1.0 : 0.0) - progress_.expectation[y]);
  if (!confident) {  // show it again without the teacher; punish the class that wins then, if wrong
    a.clear_eligibility();
    const std::vector<uint64_t> again = a.run(steps("decide_ms"));
    int punished = -1;
    if (margin > 0) {  // or the strongest rival, when it comes within the margin
      const margin_check m = check_margin(again, y, margin);
      if (!m.confident) punished = m.rival;
    } else {
      const decision d = decide(again);
      if (d.action != static_cast<int>(y)) punished = d.action;
    }
    if (punished >= 0) {
      a.reinforce(static_cast<uint32_t>(punished), -scale * params_.get("punish"));
      a.run(steps("settle_ms"));
    }
  }
  ++progress_.trials;
  return right;
}

class_scores iris_trainer::evaluate(const std::vector<uint32_t>& samples) {
  motor_agent& a = *agent_;
  a.set_learning(false);
  class_scores s;
  s.confusion.assign(classes * (classes + 1), 0);
  for (uint32_t sample : samples) {
    std::vector<uint64_t> counts(classes, 0);
    for (uint32_t r = 0; r < params_.count("eval_repeats"); ++r) {
      a.end_trial();
      a.observe(encoder_->rates(*data_, sample));
      counts = sum(counts, a.run(steps("eval_ms")));
    }
    const decision d = decide(counts);
    const uint32_t y = data_->labels[sample];
    ++s.total;
    s.correct += d.action == static_cast<int>(y);
    s.silent += d.silent;
    s.ties += d.tie;
    ++s.confusion[y * (classes + 1) + (d.action < 0 ? classes : static_cast<uint32_t>(d.action))];
  }
  a.end_trial();
  a.set_learning(true);
  return s;
}

std::vector<double> iris_trainer::readout_weights() const { return tasks::readout_weights(*sim_, agent_->names()); }

iris_summary iris_trainer::train(const task_run_options& options) {
  const auto t0 = std::chrono::steady_clock::now();
  const uint32_t epochs = params_.count("epochs");
  const uint64_t per_epoch = split_.train.size(), total = per_epoch * epochs;
  const uint64_t start_trials = progress_.trials, start_step = sim_->current_step();
  snapshot_every_ = options.snapshot_every;
  progress_bar bar(options.progress, total, "samples", "validation (best epoch)");
  uint64_t done_here = 0, snapshot_at = UINT64_MAX;
  auto snapshot = [&] {
    if (options.snapshot.empty() || snapshot_at == progress_.trials) return;
    write_snapshot(options.snapshot, sim_->export_state(), info());
    snapshot_at = progress_.trials;
  };
  while (progress_.epoch < epochs) {
    if (options.stop_after && done_here >= options.stop_after) break;
    const std::vector<uint32_t> order = epoch_order(progress_.epoch);
    progress_.epoch_right += train_sample(order[progress_.position]);
    ++done_here;
    if (++progress_.position == per_epoch) {
      progress_.train_accuracy.push_back(static_cast<double>(progress_.epoch_right) / per_epoch);
      progress_.epoch_right = 0;
      const bool validated = !split_.validation.empty();
      const double v = validated ? evaluate(split_.validation).accuracy() : -1.0;
      if (validated) progress_.validation_accuracy.push_back(v);
      progress_.position = 0;
      ++progress_.epoch;
      // of epochs as good, the last (longest trained) is kept; with refit (no validation), the last
      if (v >= progress_.best_validation) {
        progress_.best_validation = v;
        progress_.best_epoch = progress_.epoch;
        progress_.best_weights = readout_weights();
      }
      const uint32_t average_from = params_.count("average_from");
      if (average_from > 0 && progress_.epoch >= average_from) {  // Polyak averaging of the drifting readout
        const std::vector<double> w = readout_weights();
        if (progress_.weight_sum.empty()) progress_.weight_sum.assign(w.size(), 0.0);
        for (size_t k = 0; k < w.size(); ++k) progress_.weight_sum[k] += w[k];
        ++progress_.averaged_epochs;
      }
    }
    if (options.snapshot_every && progress_.trials % options.snapshot_every == 0) snapshot();
    bar.update(progress_.epoch * per_epoch + progress_.position, seconds_since(t0), done_here,
               std::max(0.0, progress_.best_validation), progress_.best_epoch > 0);
  }
  bar.finish();
  snapshot();
  iris_summary s;
  s.trials = progress_.trials - start_trials;
  s.steps = sim_->current_step() - start_step;
  s.wall_s = seconds_since(t0);
  s.finished = progress_.epoch >= epochs;
  return s;
}

std::vector<double> iris_trainer::kept_weights() const {
  if (progress_.averaged_epochs == 0) return progress_.best_weights;
  std::vector<double> w = progress_.weight_sum;
  for (double& v : w) v /= progress_.averaged_epochs;
  return w;
}

class_scores iris_trainer::evaluate_kept(const std::vector<uint32_t>& samples) {
  if (progress_.best_epoch == 0) throw invalid_parameter("no epoch has finished: nothing to test");
  network_state state = sim_->export_state();
  set_readout_weights(state, agent_->names(), kept_weights());
  std::unique_ptr<simulator> trained = std::move(sim_);
  std::unique_ptr<motor_agent> trained_agent = std::move(agent_);
  start(std::make_unique<simulator>(std::move(state), make_backend_()));
  const class_scores s = evaluate(samples);
  sim_ = std::move(trained);
  agent_ = std::move(trained_agent);
  return s;
}

snapshot_info iris_trainer::info() const {
  snapshot_info info;
  info.model = "motor_network";
  info.parameters = {{"inputs", encoder_->size()}, {"classes", classes}, {"motor_size", params_.get("motor_size")}};
  task_state& t = info.task;
  t.name = iris_task_name;
  t.texts["dataset"] = data_->name;
  t.counters = {{"seed", seed_}, {"epoch", progress_.epoch}, {"position", progress_.position}, {"trials", progress_.trials},
                {"epoch_right", progress_.epoch_right},
                {"best_epoch", progress_.best_epoch}, {"snapshot_every", snapshot_every_},
                {"averaged_epochs", progress_.averaged_epochs}};
  t.values["train_accuracy"] = progress_.train_accuracy;
  t.values["validation_accuracy"] = progress_.validation_accuracy;
  t.values["best_validation"] = {progress_.best_validation};
  t.values["best_weights"] = progress_.best_weights;
  t.values["expectation"] = progress_.expectation;
  t.values["weight_sum"] = progress_.weight_sum;
  store_params(t, params_);
  return info;
}

}  // namespace engram::tasks
