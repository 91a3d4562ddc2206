#include "host/streams/spike_sample.hpp"

#include <algorithm>
#include <cmath>

#include "engine/errors.hpp"

namespace engram {

spike_sample::spike_sample(const std::vector<population_range>& populations, const spike_sample_spec& spec) {
  if (spec.count == 0 && !(spec.fraction >= 0 && spec.fraction <= 1))
    throw invalid_parameter("a spike sample's fraction must be in [0, 1]");
  for (const auto& p : populations) {
    if (!ranges_.empty() && p.first < ranges_.back().first) throw internal_error("spike_sample: populations out of order");
    uint32_t kept = p.size;
    if (spec.count > 0) kept = std::min(spec.count, p.size);
    else if (spec.fraction > 0) kept = std::min(p.size, std::max<uint32_t>(1, static_cast<uint32_t>(std::lround(spec.fraction * p.size))));
    ranges_.push_back({p.first, kept});
    keeps_all_ = keeps_all_ && kept == p.size;
  }
}

spike_record spike_sample::filter(const spike_record& spikes) const {
  if (keeps_all_) return spikes;
  spike_record out;
  for (size_t k = 0; k < spikes.size(); ++k) {
    const uint32_t n = spikes.neuron[k];
    auto it = std::upper_bound(ranges_.begin(), ranges_.end(), n, [](uint32_t x, const range& r) { return x < r.first; });
    if (it == ranges_.begin() || n - std::prev(it)->first >= std::prev(it)->kept) continue;
    out.step.push_back(spikes.step[k]);
    out.neuron.push_back(n);
  }
  return out;
}

}  // namespace engram
