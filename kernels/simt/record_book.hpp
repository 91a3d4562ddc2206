#pragma once
// Host bookkeeping of the device's spike record buffer: the steps it holds and an upper bound of
// the entries they use, so that the buffer is emptied into host memory before a step could
// overflow it and no spike is ever lost. CUDA-free: spike_recorder keeps one for the device's
// buffer, and the host emulation in tests keeps one for its own copy.
#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <vector>

#include "engine/backend.hpp"
#include "engine/errors.hpp"
#include "kernels/simt/step_views.hpp"

namespace engram::cuda {

class record_book {
 public:
  record_book(uint64_t capacity, uint64_t step_capacity, uint32_t neurons)
      : capacity_(capacity), step_capacity_(step_capacity), neurons_(neurons) {}

  // Before a record is enqueued: might a step of every neuron firing not fit?
  bool must_empty() const {
    return used_bound_ + neurons_ > capacity_ || steps_.size() + 1 > step_capacity_;
  }
  // A record of `step` is enqueued (counted as a full step until settled).
  void enqueued(uint64_t step) {
    steps_.push_back(step);
    used_bound_ += neurons_;
    last_unsettled_ = true;
  }
  // The spike count of the last enqueued record is known: tighten the bound.
  void settle_last(uint32_t spikes) {
    if (!last_unsettled_) return;
    used_bound_ -= neurons_ - spikes;
    last_unsettled_ = false;
  }
  bool empty() const { return steps_.empty(); }

  // take(), from the buffer copied to the host with the counters it was copied with: every
  // enqueued record must have been committed (the reserve held). Throws on a bug.
  void take_buffer(const step_counters& c, const std::vector<uint32_t>& counts, const std::vector<uint32_t>& ids,
                   spike_record& out) {
    if (c.record_overflow || c.recorded_steps != steps_.size())
      throw internal_error("spike record buffer overflowed: the host's reserve did not hold");
    if (!take(counts, ids, out)) throw internal_error("spike record buffer: the counts do not add up to the ids");
  }
  size_t steps() const { return steps_.size(); }

  // The buffer's contents, copied to the host (spikes per recorded step, then the ids of every
  // step, each step's in the order the device listed them), appended to `out` in (step, neuron)
  // order: each step's ids sorted, as the CPU records them. The book is empty afterwards.
  // Returns false when the counts do not add up to the ids (a bug).
  bool take(const std::vector<uint32_t>& counts, const std::vector<uint32_t>& ids, spike_record& out) {
    if (counts.size() != steps_.size()) return false;
    uint64_t total = 0;
    for (uint32_t c : counts) total += c;
    if (total != ids.size()) return false;
    const size_t start = out.neuron.size();
    out.neuron.insert(out.neuron.end(), ids.begin(), ids.end());
    out.step.reserve(out.neuron.size());
    auto first = out.neuron.begin() + static_cast<std::ptrdiff_t>(start);
    for (size_t k = 0; k < counts.size(); ++k) {
      out.step.insert(out.step.end(), counts[k], steps_[k]);
      std::sort(first, first + counts[k]);
      first += counts[k];
    }
    steps_.clear();
    used_bound_ = 0;
    last_unsettled_ = false;
    return true;
  }

 private:
  uint64_t capacity_, step_capacity_;
  uint32_t neurons_;
  std::vector<uint64_t> steps_;  // recorded steps the buffer holds
  uint64_t used_bound_ = 0;      // >= entries used
  bool last_unsettled_ = false;
};

}  // namespace engram::cuda
