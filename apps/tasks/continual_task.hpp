#pragma once
// Continual learning with the unsupervised MNIST network (docs/learning.md, "Continual learning"):
// a sequence of tasks, each trained in turn, the network measured on every task after each one.
// - split-mnist: digits 0-4, then 5-9;
// - permuted-mnist: T tasks of all ten digits, task 0 the identity, the others a fixed seeded
//   permutation of the pixels each.
// Readout after task i, from a few labelled images per class of each task seen so far: the vote
// (every neuron labelled with the class it answers most) and a linear readout (softmax regression
// on the spike counts of those images); class-incremental accuracy predicts among all classes
// seen (no task label), task-incremental among the tested task's classes only. Arms: plain STDP; + replay of a small buffer
// of past tasks' images between new ones; + protection (selective plasticity); + both; and an
// MLP trained by gradient on the same images in the same order.
#include <cstdint>
#include <string>
#include <vector>

#include "apps/tasks/continual_counts.hpp"
#include "apps/tasks/task_run.hpp"
#include "engine/plasticity.hpp"
#include "host/io/idx_reader.hpp"

namespace engram::tasks {

struct continual_setup {
  std::string protocol = "split-mnist";  // or "permuted-mnist"
  uint32_t tasks = 0;                    // 0: 2 for split-mnist, 10 for permuted-mnist
  uint32_t excitatory = 100;
  uint32_t train_per_class = 100;        // per task
  uint32_t label_per_class = 10;         // per task, for the readout
  uint32_t test_per_class = 30;          // per task
  bool replay = false;
  uint32_t buffer_per_class = 20;        // replay and trace replay: per past task
  bool protect = false;
  // Spontaneous replay of stored activity traces (engine/memory_traces.hpp, host/memory_driver.hpp):
  // the input population's activity while each buffer image trains is captured as a trace, and
  // after every new image of a later task one trace, drawn by strength, is driven through the
  // input population for a presentation's length (an offline phase: no image, learning on).
  bool trace_replay = false;
  double trace_gain = 0.1;               // strength a replay adds to its trace (0: uniform draws)
  // > 0: neurogenesis between tasks: the network starts with `excitatory` neurons and this many
  // excitatory neurons (each with its inhibitory partner) are born at the start of every later task
  uint32_t born_per_task = 0;
  // > 0: a teacher (docs/continual.md, "A teacher"): each task's neurons (the start's for task 1,
  // its newborns for a later one) are split evenly among its classes (with no births, all the
  // neurons among the ten digits), and while a training image is shown every excitatory neuron
  // but its class's share is inhibited by a teacher neuron firing at this rate
  // (diehl_cook_params): the competition and STDP stay as they are, among the class's own neurons
  // only, and no other task's neuron learns the image. Measurement has no teacher.
  double teacher_hz = 0.0;
  bool teacher_silences_old = true;  // false: only the image's task's other neurons are silenced; old tasks' compete freely
  // false: the adaptive thresholds do not decay. With a teacher, old tasks' neurons never fire
  // again, so a decaying threshold would only fall, task after task, until they answer every
  // later task's images first (docs/continual.md, "A teacher").
  bool theta_decay = true;
  protection_rule protection;            // with protect: consolidated at every task boundary
  uint32_t probe_every = 0;              // > 0: task 0's accuracy every this many samples of the later tasks
  double readout_l2 = 1e-3;              // the linear readout's L2 (standardised spike counts)
  double readout_inhibition = 1.0;       // while measuring: inhibitory -> excitatory weights times this
  // while measuring: every image shown this many times (the network reset before each) and its
  // counts summed, so the readouts' features carry less Poisson noise (a few spikes a neuron)
  uint32_t measure_repeats = 1;
  bool validation = false;               // measure on held-out training images (never trained on), not the test set
  uint32_t readout_iterations = 1000;    // its full-batch gradient steps
  double readout_power = 1.0;            // its features: spike counts to this power (0.5: square roots)
  bool keep_counts = false;              // return every evaluation's spike counts (continual_result::counts)
  uint64_t seed = 1;
};

// acc[i][j]: accuracy on task j after training task i (j <= i; NaN above the diagonal).
struct accuracy_matrix {
  uint32_t tasks = 0;
  std::vector<double> a;  // tasks x tasks
  double at(uint32_t i, uint32_t j) const { return a[uint64_t{i} * tasks + j]; }
  double average() const;     // mean of the last row
  double forgetting() const;  // mean over j < T-1 of (best a[i][j], i >= j) - a[T-1][j]
  double backward_transfer() const;  // mean over j < T-1 of a[T-1][j] - a[j][j]
};

struct continual_result {
  accuracy_matrix class_incremental, task_incremental;  // the vote readout (Diehl & Cook's labels)
  accuracy_matrix linear_class_incremental, linear_task_incremental;  // softmax regression on spike counts
  std::vector<double> probes;  // triples (task, samples of it trained, class-incremental accuracy on task 0)
  uint64_t presentations = 0;
  uint64_t replays = 0;     // trace replay: offline phases (one stored trace each)
  uint32_t traces = 0;      // trace replay: traces stored at the end
  double trace_members = 0; // trace replay: their mean size (input neurons)
  uint32_t excitatory = 0;  // alive at the end (the start's plus the newborns)
  double wall_s = 0;
  continual_counts counts;  // with setup.keep_counts: the spike counts every readout was fitted on
};

// With setup.validation, the images measured: `test_per_class` per class from the training split,
// none of them among the training images of any task.
std::vector<uint32_t> validation_images(const image_set& train, const continual_setup& setup);

// The spiking network through the sequence (`make_backend` builds each simulator).
continual_result run_continual(const labelled_dataset& mnist, const continual_setup& setup, backend_factory make_backend,
                               bool progress);
// The readouts fitted again on the counts of a run (setup: the readout's parameters; the protocol,
// tasks and seed are the file's): every matrix of run_continual. With `last` > 0 only the last
// `last` rows are (the average needs the last row alone); the others stay NaN.
continual_result rescore_continual(const continual_counts& counts, const continual_setup& setup, uint32_t last = 0);
// The MLP baseline (784-256-10, minibatch Adam, `epochs` per task) on the same images and order;
// with setup.replay, each batch half new images and half from the same buffer.
continual_result run_continual_mlp(const labelled_dataset& mnist, const continual_setup& setup, uint32_t epochs);

// The baseline for the linear readout: the same softmax regression on the pixels of the same
// labelling images (every task so far), measured on the same images; no network.
continual_result run_continual_pixels(const labelled_dataset& mnist, const continual_setup& setup);

}  // namespace engram::tasks
