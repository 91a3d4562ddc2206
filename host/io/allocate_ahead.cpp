#include "host/io/allocate_ahead.hpp"

#include <exception>

namespace engram {
namespace {

// Allocates (and so faults in) `length` zeroed elements into `promise`, or hands over the error.
template <class T> void fulfil(std::promise<std::vector<T>>& promise, uint64_t length) {
  try {
    promise.set_value(std::vector<T>(length));
  } catch (...) {
    promise.set_exception(std::current_exception());
  }
}

}  // namespace

synapse_arrays_ahead::synapse_arrays_ahead(const std::vector<synapse_array_lengths>& plan) {
  auto targets = std::make_shared<std::vector<std::promise<std::vector<uint32_t>>>>(plan.size());
  auto weights = std::make_shared<std::vector<std::promise<std::vector<float>>>>(plan.size());
  auto delays = std::make_shared<std::vector<std::promise<std::vector<uint8_t>>>>(plan.size());
  for (size_t p = 0; p < plan.size(); ++p) {
    target_.push_back((*targets)[p].get_future());
    weight_.push_back((*weights)[p].get_future());
    delay_.push_back((*delays)[p].get_future());
  }
  worker_ = std::thread([this, plan, targets, weights, delays] {
    for (size_t p = 0; p < plan.size() && !stop_; ++p) {
      fulfil((*targets)[p], plan[p].target);
      if (stop_) break;
      fulfil((*weights)[p], plan[p].weight);
      if (stop_) break;
      fulfil((*delays)[p], plan[p].delay);
    }
  });
}

synapse_arrays_ahead::~synapse_arrays_ahead() {
  stop_ = true;
  worker_.join();
}

}  // namespace engram
