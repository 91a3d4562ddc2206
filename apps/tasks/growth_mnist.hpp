#pragma once
// The seed's growth benchmark (its specification's A11; docs/growth.md, "A11"): the unsupervised
// MNIST network (apps/tasks/mnist_task.hpp) as a fixed cortex against one that starts smaller and
// grows by neurogenesis up to a larger pool, on the same images in the same order with the same
// number of training presentations. At every checkpoint each arm's learning is frozen on a copy,
// its alive excitatory neurons labelled from the first training images and its accuracy measured
// on held-out images (the end of the training split, never trained on, never tuned on), beside its
// size (alive neurons, synapses).
#include <cstdint>
#include <string>
#include <vector>

#include "apps/tasks/task_run.hpp"
#include "host/io/idx_reader.hpp"

namespace engram::tasks {

struct growth_mnist_setup {
  uint32_t fixed_exc = 200;               // the fixed arm: this many excitatory neurons and as many inhibitory
  uint32_t start_exc = 200, max_exc = 400;  // the growing arm: alive at the start, the pool
  bool reference = true;                  // a third arm: fixed at the growing arm's pool (max_exc)
  uint32_t births_per_phase = 1;
  uint32_t grow_every = 4;                // presentations (of 350 ms) between growth phases
  uint64_t train_samples = 2000;          // training images, the same ones in the same order for every arm
  uint64_t checkpoint_every = 500;        // training images between evaluations
  uint32_t validation = 1000;             // the last images of the training split: held out
  uint32_t label_samples = 300;           // labelling images (the first of the training split)
  uint32_t test_samples = 300;            // held-out images scored at each checkpoint
  uint64_t seed = 1;
};

struct growth_checkpoint {
  uint64_t samples = 0;          // training images seen
  uint64_t presentations = 0;    // training presentations, repeats at higher intensity included
  double accuracy = 0;           // on the held-out images
  uint32_t excitatory = 0;       // alive excitatory neurons
  uint32_t neurons = 0;          // alive neurons of the cortex (excitatory and inhibitory)
  uint64_t synapses = 0;         // live synapses
  uint64_t synaptic_events = 0;  // delivered while training, so far
  double train_wall_s = 0;       // training time so far (evaluations excluded)
};

struct growth_arm {
  std::string arm;  // "fixed", "growing" or "fixed-max"
  growth_checkpoint start;  // before training: sizes only
  std::vector<growth_checkpoint> checkpoints;
};

// Checks the setup against the data (clear errors), then runs the arms.
std::vector<growth_arm> growth_mnist(const labelled_dataset& data, const growth_mnist_setup& setup, const backend_factory& make_backend,
                                     bool progress);

}  // namespace engram::tasks
