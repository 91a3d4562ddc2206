#pragma once
// Learned sparsity (docs/research.md, "Learned sparsity on MNIST"): the unsupervised MNIST network
// (apps/tasks/mnist_task.hpp) trained with prune-and-regrow of its input -> excitatory synapses.
// Training runs in chunks; after each chunk every excitatory neuron keeps its strongest inputs by
// the score |w| x prior and the rest are set to zero. The prior is spatial: a Gaussian of the
// distance between the pixel and the centre of the neuron's receptive field (its weight-weighted
// mean pixel), width `prior_sigma` pixels (0: no prior, plain magnitude). Zeroed synapses stay in
// the table, so STDP can grow them back during the next chunk (the regrowth), and the next prune
// chooses again among all of them. The target sparsity rises in steps; at each step the network is
// evaluated (learning off) on the validation split, and on the test subset.
#include <cstdint>
#include <vector>

#include "apps/tasks/mnist_studies.hpp"

namespace engram::tasks {

struct sparsity_options {
  uint32_t train_per_class = 150;       // balanced training images, shown once over the schedule
  uint32_t validation_per_class = 30;   // held out of training: the split choices are made on
  uint32_t label_per_class = 30;        // the first images of the training subset label the neurons
  double prior_sigma = 0;               // pixels; 0: magnitude alone
  bool test = true;                     // also measure the test subset at every level
};

struct sparsity_row {
  double target = 0, sparsity = 0;      // of the input -> excitatory synapses (zero weights / all)
  uint64_t images_trained = 0;
  double validation_accuracy = 0, test_accuracy = 0;
};

// Levels in increasing order (the first usually 0: the dense network); the training images are
// split evenly among them: each level trains its share, then prunes to its target, then evaluates.
std::vector<sparsity_row> sparsity_study(const labelled_dataset& data, const std::vector<double>& levels,
                                         const sparsity_options& s, const study_options& o, backend_factory make_backend);

// Zeroes all but the strongest (1 - sparsity) of each post neuron's inputs by |w| x the spatial
// prior; `weights` is the input -> excitatory table's, rows of `side` x `side` pixels, all to all.
void prune_inputs(std::vector<float>& weights, uint32_t pixels, uint32_t side, uint32_t posts, double sparsity, double prior_sigma);

}  // namespace engram::tasks
