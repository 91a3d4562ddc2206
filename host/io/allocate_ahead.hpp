#pragma once
// Zero-filled vectors allocated on a helper thread, in the order a reader will fill them. A cold
// snapshot read spends about as much CPU in the kernel zeroing fresh pages as HDF5 spends reading
// and verifying; allocating the next arrays on the other core overlaps the two.
#include <atomic>
#include <cstdint>
#include <future>
#include <thread>
#include <vector>

namespace engram {

// Per synapse table: the lengths of its target, weight and delay arrays.
struct synapse_array_lengths {
  uint64_t target = 0, weight = 0, delay = 0;
};

class synapse_arrays_ahead {
 public:
  explicit synapse_arrays_ahead(const std::vector<synapse_array_lengths>& plan);
  ~synapse_arrays_ahead();  // stops allocating what nobody will take, and joins
  synapse_arrays_ahead(const synapse_arrays_ahead&) = delete;
  synapse_arrays_ahead& operator=(const synapse_arrays_ahead&) = delete;

  // Each waits until its vector is allocated; take each once, in any order.
  std::vector<uint32_t> target(size_t table) { return target_[table].get(); }
  std::vector<float> weight(size_t table) { return weight_[table].get(); }
  std::vector<uint8_t> delay(size_t table) { return delay_[table].get(); }

 private:
  std::vector<std::future<std::vector<uint32_t>>> target_;
  std::vector<std::future<std::vector<float>>> weight_;
  std::vector<std::future<std::vector<uint8_t>>> delay_;
  std::atomic<bool> stop_{false};
  std::thread worker_;
};

}  // namespace engram
