#pragma once
// The spike counts behind a continual-learning run's readouts: for every evaluation (after each
// task), the alive excitatory neurons' counts on every labelling image and every held-out image
// of the tasks so far. Saved (`--counts FILE`), they let the readouts be fitted again without the
// network (`--rescore FILE`): seconds instead of the run's half hour. HDF5, written atomically.
#include <cstdint>
#include <string>
#include <vector>

namespace engram::tasks {

struct evaluation_counts {
  uint32_t after_task = 0, neurons = 0;
  std::vector<uint32_t> label_counts, label_class, label_task;  // rows x neurons; per row
  std::vector<uint32_t> test_counts, test_class, test_task;     // rows x neurons; per row
  uint32_t label_rows() const { return static_cast<uint32_t>(label_class.size()); }
  uint32_t test_rows() const { return static_cast<uint32_t>(test_class.size()); }
};

struct continual_counts {
  std::string protocol, arm, measured_on;  // measured_on: "test" or "validation"
  uint64_t seed = 0;
  uint32_t tasks = 0;
  double readout_inhibition = 1.0;
  uint32_t measure_repeats = 1;  // presentations summed per image (files without it: 1)
  std::vector<uint8_t> task_classes;  // tasks x class_count: 1 where the task holds the class
  std::vector<evaluation_counts> evaluations;  // one per task, in order
};

// The same counts with at most `per_class` labelling rows per class and task in every evaluation
// (the first ones, as a run with that label_per_class would have had): the readouts' learning curve.
continual_counts fewer_label_rows(const continual_counts& c, uint32_t per_class);

void write_continual_counts(const std::string& path, const continual_counts& c);
// Every shape and value checked against the others: a damaged or foreign file is refused by name.
continual_counts read_continual_counts(const std::string& path);

}  // namespace engram::tasks
