#pragma once
// Unsupervised MNIST (or Fashion-MNIST) with the Diehl & Cook network, driven sample by sample
// through the experiment API: each presentation resets the network, sets the input rates from the
// image, runs 350 ms and reads the excitatory spike counts; a sample with fewer than 5 spikes is
// shown again with brighter inputs. The task keeps its own state (epoch, position, data order,
// label statistics, accuracy log) in the snapshot's /task group, so `engram resume` continues it
// exactly. docs/learning.md describes the protocol and the results.
#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "apps/tasks/task_run.hpp"
#include "apps/tasks/diehl_cook.hpp"
#include "apps/tasks/label_assignment.hpp"
#include "engine/backend.hpp"
#include "engine/simulator.hpp"
#include "host/io/idx_reader.hpp"
#include "host/io/snapshot.hpp"

namespace engram::tasks {

inline constexpr const char* mnist_task_name = "mnist-diehl-cook";

// What a training run is; stored in the snapshot and fixed for its whole life.
struct mnist_setup {
  std::string dataset = "mnist";
  uint32_t excitatory = 100;
  uint64_t train_samples = 0;  // per epoch (0: the whole training split)
  uint32_t epochs = 1;
  uint32_t validation = 0;     // the last `validation` training images are held out, never trained on
  uint64_t seed = 1;
  double rest_ms = 0.0;        // > 0: between presentations, silent input for this long instead of a reset
  protection_rule protect;     // a new network's selective plasticity (continual learning; the state keeps it)
  // > 0: `excitatory` is a pool that starts with grow_from alive and gains births_per_phase every
  // growth_interval_ms (diehl_cook_params; the growth benchmark, apps/tasks/growth_mnist.hpp).
  uint32_t grow_from = 0;
  double growth_interval_ms = 700.0;
  uint32_t births_per_phase = 1;
  bool teacher = false;  // a teacher population (diehl_cook_params), for present_taught
};

// How this process runs it (units: samples).
using mnist_run_options = task_run_options;

// Where a run stands; everything a resume needs besides the network state.
struct mnist_progress {
  uint32_t epoch = 0;
  uint64_t position = 0;        // samples done in this epoch
  uint64_t samples_seen = 0;
  uint64_t presentations = 0;   // including repeats at higher intensity
  std::vector<response_table> blocks;  // responses of the last blocks of 1,000 samples (newest last)
  std::vector<uint32_t> assignments;   // neuron labels used for the running accuracy
  std::vector<uint32_t> recent_correct;  // 1/0 for the last samples (at most 1,000)
  std::vector<double> accuracy_log;      // pairs (samples seen, accuracy of the last 1,000)
};

struct mnist_summary {
  uint64_t samples = 0, presentations = 0, steps = 0, synaptic_events = 0;
  double wall_s = 0;
  double running_accuracy = 0;  // of the last 1,000 samples
  bool finished = false;        // every epoch done (else stopped by stop_after)
};

class mnist_trainer {
 public:
  // A new run.
  mnist_trainer(const mnist_setup& setup, const labelled_dataset& data, backend_factory make_backend);
  // A run resumed from a snapshot's state and task (throws invalid_parameter for a foreign task).
  mnist_trainer(network_state state, const task_state& task, const labelled_dataset& data, backend_factory make_backend);

  mnist_summary train(const mnist_run_options& options);
  network_state export_state() const { return sim_->export_state(); }
  snapshot_info info() const;
  const mnist_setup& setup() const { return setup_; }
  const mnist_progress& progress() const { return progress_; }
  uint64_t snapshot_every() const { return snapshot_every_; }  // of the run that wrote the snapshot
  simulator& sim() { return *sim_; }

  // Spike counts of the excitatory neurons for one image (learning as the simulator is set).
  std::vector<uint32_t> present(const uint8_t* image);
  // The same with the teacher: every excitatory neuron of [span_first, span_first + span_count)
  // (by default all) but those of [first, first + count) inhibited by its teacher neuron firing
  // at rate_hz for the whole presentation; then the teacher is silent.
  std::vector<uint32_t> present_taught(const uint8_t* image, uint32_t first, uint32_t count, double rate_hz,
                                       uint32_t span_first = 0, uint32_t span_count = UINT32_MAX);

 private:
  uint64_t samples_per_epoch() const;
  std::vector<uint32_t> epoch_order(uint32_t epoch) const;
  void observe(uint32_t label, const std::vector<uint32_t>& counts);

  mnist_setup setup_;
  diehl_cook_params params_;
  const labelled_dataset* data_;
  std::unique_ptr<simulator> sim_;
  mnist_progress progress_;
  uint64_t present_steps_ = 0, rest_steps_ = 0;
  uint64_t snapshot_every_ = 0;  // the run's checkpoint period, kept in the task so a resume keeps it
};

// Learning off in a state: frozen weights (so no normalisation) and fixed thresholds.
void freeze_learning(network_state& s);
// Nothing grows (an evaluation's presentations would otherwise run growth phases).
void freeze_growth(network_state& s);

// The alive excitatory neurons, as indices within the population (every one in a fixed network),
// and a spike-count vector restricted to them: a slot never born would otherwise take label 0
// with a mean response of 0 and pull class 0's mean down.
std::vector<uint32_t> alive_excitatory(const network_state& s);
std::vector<uint32_t> counts_of(const std::vector<uint32_t>& counts, const std::vector<uint32_t>& alive);

// The setup a dataset allows: checks sizes against the data (clear errors for impossible splits).
void check_setup(const mnist_setup& setup, const labelled_dataset& data);

// Evaluation with learning off: labels from `label_samples` training images (the first ones of the
// training split), then accuracy on `samples` images of the validation split or the test set.
struct mnist_evaluation {
  std::vector<uint32_t> assignments;
  confusion_matrix confusion;
  uint64_t label_samples = 0;
  double wall_s = 0;
};
mnist_evaluation evaluate_mnist(network_state state, const task_state& task, const labelled_dataset& data,
                                backend_factory make_backend, uint64_t label_samples, uint64_t samples,
                                bool on_validation, bool progress);

// The run's setup as stored in a task.
mnist_setup setup_of(const task_state& task);

}  // namespace engram::tasks
