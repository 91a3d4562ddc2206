#include "apps/tasks/label_assignment.hpp"

#include "engine/errors.hpp"

namespace engram::tasks {

void response_table::add(uint32_t label, const std::vector<uint32_t>& counts) {
  if (label >= class_count || counts.size() != neurons) throw internal_error("response_table::add: bad label or size");
  for (uint32_t i = 0; i < neurons; ++i) sum[uint64_t{label} * neurons + i] += counts[i];
  ++samples[label];
}

void response_table::add(const response_table& other) {
  if (other.neurons != neurons) throw internal_error("response_table::add: different sizes");
  for (size_t k = 0; k < sum.size(); ++k) sum[k] += other.sum[k];
  for (uint32_t c = 0; c < class_count; ++c) samples[c] += other.samples[c];
}

std::vector<uint32_t> assign_labels(const response_table& r) {
  std::vector<uint32_t> label(r.neurons, 0);
  for (uint32_t i = 0; i < r.neurons; ++i) {
    double best = -1;
    for (uint32_t c = 0; c < class_count; ++c) {
      if (r.samples[c] == 0) continue;
      const double mean = r.sum[uint64_t{c} * r.neurons + i] / static_cast<double>(r.samples[c]);
      if (mean > best) {
        best = mean;
        label[i] = c;
      }
    }
  }
  return label;
}

uint32_t predict(const std::vector<uint32_t>& assignments, const std::vector<uint32_t>& counts) {
  return predict_among(assignments, counts, {});
}

uint32_t predict_among(const std::vector<uint32_t>& assignments, const std::vector<uint32_t>& counts,
                       const std::vector<uint8_t>& allowed) {
  double sum[class_count] = {};
  uint32_t members[class_count] = {};
  for (size_t i = 0; i < assignments.size(); ++i) {
    sum[assignments[i]] += counts[i];
    ++members[assignments[i]];
  }
  uint32_t best = 0;
  double best_mean = -1;
  for (uint32_t c = 0; c < class_count; ++c) {
    if (members[c] == 0 || (!allowed.empty() && !allowed[c])) continue;
    const double mean = sum[c] / members[c];
    if (mean > best_mean) {
      best_mean = mean;
      best = c;
    }
  }
  return best;
}

uint64_t confusion_matrix::total() const {
  uint64_t t = 0;
  for (uint64_t c : counts) t += c;
  return t;
}

double confusion_matrix::accuracy() const {
  uint64_t right = 0;
  for (uint32_t c = 0; c < class_count; ++c) right += counts[c * class_count + c];
  const uint64_t t = total();
  return t ? static_cast<double>(right) / static_cast<double>(t) : 0.0;
}

}  // namespace engram::tasks
