#pragma once
// Iris by reward (docs/learning.md, "Reward tasks"): each feature is encoded by Gaussian place
// fields (Poisson sources), a motor population per class reads them out through R-STDP, and a
// closed loop teaches it: the network decides from its own spikes, the teacher drives the right
// class's motor population and its channel is rewarded; after a wrong decision the eligibility is
// cleared, the sample shown again and the wrongly chosen class punished (with the option margin,
// also after a right decision won narrowly: apps/tasks/margin_rule.hpp). The epoch kept is the
// one with the best validation accuracy; the test split is classified once, at the end. With
// refit=1 the validation split joins the training split and the last epoch is tested.
#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "apps/models/model_params.hpp"
#include "apps/tasks/closed_loop.hpp"
#include "apps/tasks/task_run.hpp"
#include "host/io/iris_reader.hpp"
#include "host/io/snapshot.hpp"

namespace engram::tasks {

inline constexpr const char* iris_task_name = "iris-rstdp";

// The protocol's parameters (engram train iris --set key=value); docs/learning.md lists them.
model_params iris_params();

// Stratified split of the 150 samples: per class 32 train, 8 validation, 10 test (96/24/30),
// shuffled by Philox keyed by the seed. The 40 non-test samples of a class form 5 folds of 8;
// `fold` picks the one that validates (4, the last, is the standard split). The test split is
// the same for every fold, so cross-validating a protocol never touches it.
struct sample_split {
  std::vector<uint32_t> train, validation, test;
};
sample_split stratified_split(const tabular_dataset& data, uint64_t seed, uint32_t fold = 4);

// Gaussian place fields over min-max scaled features, the bounds taken from the training split:
// field k of a feature is centred at k / (fields - 1) with width sigma, firing peak_hz at its centre.
// With grid > 0, grid x grid two-dimensional fields over petal length x petal width follow (width
// grid_sigma): a conjunctive code, so that a readout that sums its inputs (a class template) can
// follow the two features' correlation within a class, which separate 1-D fields cannot express.
struct place_field_layout {
  uint32_t fields = 20;
  double sigma = 0.08, peak_hz = 200;
  uint32_t grid = 0;
  double grid_sigma = 0.1;
};

class place_field_encoder {
 public:
  place_field_encoder(const tabular_dataset& data, const std::vector<uint32_t>& fit_on, const place_field_layout& layout);
  std::vector<float> rates(const tabular_dataset& data, uint32_t sample) const;
  uint32_t size() const { return static_cast<uint32_t>(lo_.size()) * layout_.fields + layout_.grid * layout_.grid; }

 private:
  double scaled(const tabular_dataset& data, uint32_t sample, uint32_t feature) const;

  std::vector<double> lo_, hi_;
  place_field_layout layout_;
};

// Accuracy with the decoding rule of closed_loop.hpp: silence and ties count as wrong.
struct class_scores {
  uint32_t total = 0, correct = 0, silent = 0, ties = 0;
  std::vector<uint64_t> confusion;  // classes x (classes + 1): the last column is "no decision"
  double accuracy() const { return total ? static_cast<double>(correct) / total : 0.0; }
};

struct iris_progress {
  uint32_t epoch = 0, position = 0;  // position: samples done in this epoch
  uint64_t trials = 0;
  uint32_t epoch_right = 0;                 // this epoch's right decisions so far
  std::vector<double> train_accuracy;       // per finished epoch: decisions before the teacher
  std::vector<double> validation_accuracy;  // per finished epoch
  uint32_t best_epoch = 0;                  // 1-based; 0: no epoch finished yet
  double best_validation = -1;
  std::vector<double> best_weights;         // the readouts' weights after the best epoch
  std::vector<double> expectation = std::vector<double>(3, 0.0);  // running success rate per class
  std::vector<double> weight_sum;           // average_from > 0: readout weights summed over epochs
  uint32_t averaged_epochs = 0;
};

struct iris_summary {
  uint64_t trials = 0, steps = 0;
  double wall_s = 0;
  bool finished = false;
};

class iris_trainer {
 public:
  iris_trainer(uint64_t seed, const model_params& params, const tabular_dataset& data, backend_factory make_backend);
  iris_trainer(network_state state, const task_state& task, const tabular_dataset& data, backend_factory make_backend);

  // The remaining epochs; each ends with a validation pass (learning off).
  iris_summary train(const task_run_options& options);
  // Classifies `samples` with learning off on the current weights.
  class_scores evaluate(const std::vector<uint32_t>& samples);
  // The weights a test uses: with average_from, the mean of the readouts after epochs
  // average_from .. epochs; without, the best validation epoch's.
  std::vector<double> kept_weights() const;
  // Classifies `samples` with the kept weights (learning off), leaving the training run as it was.
  class_scores evaluate_kept(const std::vector<uint32_t>& samples);
  // The test split, once, with the kept weights.
  class_scores test() { return evaluate_kept(split_.test); }

  snapshot_info info() const;
  const iris_progress& progress() const { return progress_; }
  const sample_split& split() const { return split_; }
  uint64_t seed() const { return seed_; }
  const model_params& params() const { return params_; }
  uint64_t snapshot_every() const { return snapshot_every_; }
  simulator& sim() { return *sim_; }

 private:
  void start(std::unique_ptr<simulator> sim);
  void check_restored_progress() const;  // throws invalid_parameter for a task state that contradicts itself
  std::vector<uint32_t> epoch_order(uint32_t epoch) const;
  bool train_sample(uint32_t sample);  // true when the decision before the teacher was right
  std::vector<double> readout_weights() const;
  uint64_t steps(const char* key) const;

  uint64_t seed_;
  model_params params_;
  const tabular_dataset* data_;
  backend_factory make_backend_;
  sample_split split_;
  std::unique_ptr<place_field_encoder> encoder_;
  std::unique_ptr<simulator> sim_;
  std::unique_ptr<motor_agent> agent_;
  iris_progress progress_;
  uint64_t snapshot_every_ = 0;
};

}  // namespace engram::tasks
