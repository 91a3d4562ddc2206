#pragma once
// Two studies with the unsupervised MNIST network (apps/tasks/mnist_task.hpp), each beside an MLP
// trained by gradient on exactly the same images (docs/learning.md, "Few-shot and lesions"):
// - few-shot: K images per class train the network and label its neurons; accuracy on a fixed,
//   class-balanced test subset, against a 784-128-10 MLP trained on the same K per class;
// - lesions: after training, a fraction of the excitatory neurons is disconnected (every synapse
//   in and out, engine lesion) and the accuracy measured again, against a 784-256-10 MLP with the
//   same fraction of its hidden units silenced.
#include <cstdint>
#include <vector>

#include "apps/tasks/task_run.hpp"
#include "host/io/idx_reader.hpp"
#include "host/io/snapshot.hpp"

namespace engram::tasks {

struct study_options {
  uint64_t seed = 1;
  uint32_t excitatory = 100;
  uint32_t test_per_class = 30;
  bool progress = true;
};

// Per class, the first `per_class` of a seeded shuffle (Philox keyed by seed and stream):
// class-balanced and the same for every method that asks with the same seed and stream.
std::vector<uint32_t> balanced_subset(const image_set& images, uint32_t per_class, uint64_t seed, uint32_t stream);
// The images `indices` of a set, in that order.
image_set pick(const image_set& from, const std::vector<uint32_t>& indices);
// A one-network training setup for a study.
struct mnist_setup;
mnist_setup setup_for(const study_options& o, uint32_t epochs);

// A study's network trained for one epoch on `train_per_class` images per class of a balanced
// subset (the test subset: o.test_per_class per class), as the lesion and sleep studies start.
struct trained_study_network {
  labelled_dataset data;
  network_state state;
  task_state task;
};
trained_study_network train_study_network(const labelled_dataset& data, const study_options& o, uint32_t train_per_class,
                                          const char* study, const backend_factory& make_backend);

struct fewshot_row {
  uint32_t per_class = 0, epochs = 0;
  double network_accuracy = 0, mlp_accuracy = 0;
  double wall_s = 0;
};
// K in `shots`; each K trains for max(1, presentations / (10 K)) epochs, so every K sees about
// the same number of presentations.
std::vector<fewshot_row> fewshot_study(const labelled_dataset& data, const std::vector<uint32_t>& shots,
                                       uint32_t presentations, const study_options& options, backend_factory make_backend);

struct lesion_row {
  double fraction = 0;
  uint32_t removed = 0;
  double network_accuracy = 0, mlp_accuracy = 0;
};
// Trains on `train_per_class` images per class, labels from `label_per_class` of them.
std::vector<lesion_row> lesion_study(const labelled_dataset& data, const std::vector<double>& fractions,
                                     uint32_t train_per_class, uint32_t label_per_class, const study_options& options,
                                     backend_factory make_backend);

}  // namespace engram::tasks
