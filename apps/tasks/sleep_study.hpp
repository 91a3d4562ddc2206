#pragma once
// The seed's sleep benchmark (the seed simulator's specification, section A11; docs/memory.md, "Sleep"): the
// unsupervised MNIST network (apps/tasks/mnist_task.hpp) is trained, its input patterns captured
// as memory traces, and then it sleeps — input silent — in four arms, replay (traces reactivated
// through the input population, engine/memory_traces.hpp + host/memory_driver.hpp) x feed-forward
// STDP (on, or frozen during sleep). Accuracy is measured before sleep and after it in each arm.
#include <cstdint>
#include <string>
#include <vector>

#include "apps/tasks/mnist_studies.hpp"
#include "engine/memory_traces.hpp"

namespace engram::tasks {

struct sleep_setup {
  uint32_t train_per_class = 100;
  uint32_t label_per_class = 10;
  uint64_t sleep_steps = 5000;          // the seed's 5,000 silent steps (2.5 s at dt 0.5 ms)
  uint64_t consolidation_steps = 100;   // the seed's benchmark: every 100 steps
  uint64_t replay_steps = 40;           // each replayed trace drives its pixels this long (20 ms)
  double capture_threshold = 0.10;      // a pixel of intensity above this (of 1) is a member
  double downscale = 1.0;               // < 1: input weights times this after sleep (synaptic down-scaling)
  memory_config memory;                 // capacity 100 as the seed
};

struct sleep_row {
  std::string arm;
  bool replay = false, stdp = false;
  double accuracy = 0;          // after sleep (labels assigned after it)
  double mean_weight_change = 0;  // of the input -> excitatory weights over the sleep
  uint32_t replays = 0;
  double wall_s = 0;
};

struct sleep_result {
  double accuracy_before = 0;
  uint32_t traces = 0;
  std::vector<sleep_row> arms;  // no replay/frozen, no replay/STDP, replay/frozen, replay/STDP
};

sleep_result sleep_study(const labelled_dataset& data, const sleep_setup& setup, const study_options& options,
                         backend_factory make_backend);

}  // namespace engram::tasks
