#include "engine/protection.hpp"

#include <algorithm>
#include <cmath>
#include <fmt/format.h>

#include "engine/errors.hpp"

namespace engram {
namespace {

plastic_projection& protected_entry(network_state& s, uint32_t entry) {
  auto& ps = s.plasticity.projections;
  if (entry >= ps.size()) throw invalid_parameter(fmt::format("plastic projection {} out of range ({} entries)", entry, ps.size()));
  if (!ps[entry].protect)
    throw invalid_parameter(fmt::format("projection '{}' has no selective plasticity (plasticity_config::protect)",
                                        s.projections[ps[entry].projection].name));
  return ps[entry];
}

// Per synapse, the importance the gate reads: its own, or its post neuron's mean.
std::vector<float> effective_importance(const network_state& s, const plastic_projection& p) {
  if (!p.protect_per_neuron) return p.importance;
  const synapse_table& t = s.projections[p.projection];
  std::vector<double> sum(t.post_count, 0.0);
  std::vector<uint64_t> count(t.post_count, 0);
  for (uint64_t e = 0; e < t.size(); ++e) {
    const uint32_t j = t.target_of(e) - t.post_first;
    sum[j] += p.importance[e];
    ++count[j];
  }
  std::vector<float> out(t.size());
  for (uint64_t e = 0; e < t.size(); ++e) {
    const uint32_t j = t.target_of(e) - t.post_first;
    out[e] = static_cast<float>(sum[j] / static_cast<double>(count[j]));
  }
  return out;
}

// The q-quantile of the non-zero values (0 when there are none).
float quantile_of_nonzero(std::vector<float> v, float q) {
  v.erase(std::remove(v.begin(), v.end(), 0.0f), v.end());
  if (v.empty()) return 0.0f;
  const auto k = static_cast<size_t>(std::min<double>(v.size() - 1, std::floor(q * static_cast<double>(v.size() - 1) + 0.5)));
  std::nth_element(v.begin(), v.begin() + static_cast<int64_t>(k), v.end());
  return v[k];
}

}  // namespace

float protection_gate(float x, float theta, float sharpness, float min_gate) {
  if (!(theta > 0)) return 1.0f;
  const double s0 = 1.0 / (1.0 + std::exp(-static_cast<double>(sharpness)));
  const double s = 1.0 / (1.0 + std::exp(static_cast<double>(sharpness) * (static_cast<double>(x) / theta - 1.0)));
  if (s >= s0) return 1.0f;  // no importance: the plain rule, exactly
  return static_cast<float>(min_gate + (1.0 - min_gate) * (s / s0));
}

void consolidate(network_state& s, const std::vector<uint32_t>& entries, uint64_t step) {
  for (uint32_t entry : entries) {
    plastic_projection& p = protected_entry(s, entry);
    const std::vector<float> x = effective_importance(s, p);
    p.protect_threshold = quantile_of_nonzero(x, p.protect_quantile);
    for (uint64_t e = 0; e < x.size(); ++e)
      p.gate[e] = protection_gate(x[e], p.protect_threshold, p.protect_sharpness, p.protect_min_gate);
    p.consolidated_step = step;
  }
}

void set_surprise(network_state& s, uint32_t entry, float surprise) {
  if (!(surprise >= 0.0f && surprise <= 1.0f)) throw invalid_parameter(fmt::format("surprise {} must be in [0, 1]", surprise));
  protected_entry(s, entry).surprise = surprise;
}

}  // namespace engram
