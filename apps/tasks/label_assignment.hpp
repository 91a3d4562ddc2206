#pragma once
// Labels for an unsupervised network (Diehl & Cook 2015): each excitatory neuron takes the class to
// which it responded most on average; a sample is classified as the class whose neurons respond
// most on average. Pure functions over spike counts.
#include <cstdint>
#include <vector>

namespace engram::tasks {

inline constexpr uint32_t class_count = 10;

// Spike counts summed per (class, neuron), and samples per class.
struct response_table {
  uint32_t neurons = 0;
  std::vector<double> sum;       // class_count x neurons
  std::vector<uint64_t> samples; // class_count

  explicit response_table(uint32_t n = 0) : neurons(n), sum(uint64_t{class_count} * n, 0.0), samples(class_count, 0) {}
  void add(uint32_t label, const std::vector<uint32_t>& counts);
  void add(const response_table& other);
};

// Per neuron: the class with the highest mean response (ties and silence: the lowest class with samples).
std::vector<uint32_t> assign_labels(const response_table& responses);

// The class whose assigned neurons have the highest mean count (classes without neurons are skipped).
uint32_t predict(const std::vector<uint32_t>& assignments, const std::vector<uint32_t>& counts);
// The same among the classes whose `allowed` flag is set (task-incremental evaluation: the task is known).
uint32_t predict_among(const std::vector<uint32_t>& assignments, const std::vector<uint32_t>& counts,
                       const std::vector<uint8_t>& allowed);

// confusion[true x class_count + predicted] and accuracy.
struct confusion_matrix {
  std::vector<uint64_t> counts = std::vector<uint64_t>(class_count * class_count, 0);
  void add(uint32_t truth, uint32_t predicted) { ++counts[truth * class_count + predicted]; }
  uint64_t total() const;
  double accuracy() const;
};

}  // namespace engram::tasks
