#pragma once
// The run file of a training task (`engram train --out`, `engram evaluate --out`): what it learned
// and how well, for scripts/plot_mnist.py. Matrices are stored flat, row-major, with their shape
// in attributes (docs/hdf5-schema.md, "Training run files").
#include <cstdint>
#include <string>
#include <vector>

namespace engram {

struct training_report {
  std::string task, dataset;
  uint32_t neurons = 0, image_rows = 0, image_cols = 0;
  std::vector<float> receptive_fields;  // neurons x (rows x cols): each neuron's input weights
  std::vector<float> theta;             // adaptive threshold per neuron (mV)
  std::vector<uint32_t> assignments;    // class per neuron (empty if none yet)
  std::vector<double> accuracy_log;     // pairs (samples seen, running accuracy)
  std::vector<uint64_t> confusion;      // 10 x 10 (true, predicted), evaluation only
  double accuracy = -1;                 // evaluation only
  std::string evaluated_on;             // "test" or "validation"
  uint64_t samples_seen = 0;
};

// Written atomically (temporary file, fsync, rename).
void write_training_report(const std::string& path, const training_report& r);

}  // namespace engram
