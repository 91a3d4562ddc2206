#pragma once
// `engram train`, `engram evaluate` and the training half of `engram resume` (apps/tasks).
#include <cstdint>
#include <string>
#include <vector>

#include "apps/tasks/mnist_task.hpp"

namespace engram {

struct train_command {
  std::string task = "mnist";
  tasks::mnist_setup setup;  // seed and epochs serve every task; the rest is MNIST's
  bool epochs_given = false;
  std::vector<std::string> sets;  // reward tasks and studies: protocol parameters, key=value
  std::string protocol = "split-mnist", arm = "plain";  // continual learning
  std::string counts, rescore;  // continual: write the evaluations' spike counts / refit the readouts on such a file
  std::string backend = "cpu";
  int threads = 0;
  std::string snapshot, out;
  uint64_t snapshot_every = 0, stop_after = 0;
  bool quiet = false;
};

struct evaluate_command {
  std::string snapshot_file;
  std::string backend = "cpu";
  int threads = 0;
  uint64_t label_samples = 10000, test_samples = 0;  // 0: the whole test set (or validation split)
  bool validation = false;
  std::string out;
  bool quiet = false;
};

int train_model(const train_command& cmd);
int evaluate_model(const evaluate_command& cmd);
// Continues the training run of a snapshot that holds a task; options as for train.
int resume_training(const std::string& snapshot_file, network_state state, const snapshot_info& info,
                    const train_command& options);

// The MNIST studies (apps/engram/train_studies.cpp): few-shot and lesions.
int train_study(const train_command& cmd);
// The A11 growth benchmark (apps/engram/train_growth.cpp): fixed vs growing cortex on MNIST.
int train_growth_mnist(const train_command& cmd);
// The reward tasks (apps/engram/train_reward.cpp): Iris and grid navigation.
int train_reward_task(const train_command& cmd);
int resume_reward_task(const std::string& snapshot_file, network_state state, const snapshot_info& info,
                       const train_command& options);

}  // namespace engram
