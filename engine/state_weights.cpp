#include "engine/state_weights.hpp"

#include <algorithm>
#include <cmath>
#include <fmt/format.h>

#include "engine/errors.hpp"
#include "engine/limits.hpp"
#include "engine/state_check.hpp"

namespace engram {
namespace {

const plastic_projection* entry_of(const network_state& s, uint32_t projection) {
  for (const auto& p : s.plasticity.projections)
    if (p.projection == projection) return &p;
  return nullptr;
}

// +1 or -1 for a projection whose sign is known (a plastic entry records its transmitter's; a
// static one shows it in its nonzero weights), 0 when every weight is 0 and no entry says.
float polarity_of(const synapse_table& t, const plastic_projection* p) {
  if (p) return p->stdp.polarity;
  for (float w : t.weight)
    if (w != 0.0f) return w > 0 ? 1.0f : -1.0f;
  return 0.0f;
}

}  // namespace

void set_projection_weights(network_state& s, uint32_t projection, const std::vector<float>& weights) {
  if (projection >= s.projections.size())
    throw invalid_parameter(fmt::format("projection {} out of range ({} projections)", projection, s.projections.size()));
  synapse_table& t = s.projections[projection];
  const std::string where = fmt::format("projection '{}'", t.name);
  if (weights.size() != t.size())
    throw invalid_parameter(fmt::format("{} has {} synapses, got {} weights", where, t.size(), weights.size()));
  const plastic_projection* p = entry_of(s, projection);
  float polarity = polarity_of(t, p);
  const bool bounded = p && (p->stdp.enabled || p->scaling || p->normalise);
  const float slack = bounded ? 1e-6f * std::max(1.0f, p->stdp.w_max) : 0.0f;  // as the state check allows
  for (size_t e = 0; e < weights.size(); ++e) {
    const float w = weights[e];
    if (!(std::fabs(w) < static_cast<float>(limits::max_input_per_step)))
      throw invalid_parameter(fmt::format("{}: weight {} of synapse {} must be finite, of magnitude below {:g}", where, w, e,
                                          limits::max_input_per_step));
    if (polarity == 0.0f && w != 0.0f) polarity = w > 0 ? 1.0f : -1.0f;  // the first nonzero weight sets it
    if (polarity * w < 0)
      throw invalid_parameter(fmt::format("{}: weight {} of synapse {} has the wrong sign (its transmitter makes weights {})", where,
                                          w, e, polarity > 0 ? ">= 0" : "<= 0"));
    if (bounded && !(polarity * w >= p->stdp.w_min - slack && polarity * w <= p->stdp.w_max + slack))
      throw invalid_parameter(fmt::format("{}: weight {} of synapse {} lies outside the plastic bounds [w_min {}, w_max {}] on magnitudes",
                                          where, w, e, p->stdp.w_min, p->stdp.w_max));
  }
  // The headroom depends on every projection into the same targets: check the state with the new
  // weights in place, and put the old ones back if it fails.
  const std::vector<float> old = t.weight;
  std::copy(weights.begin(), weights.end(), t.weight.begin());
  try {
    check_fixed_point_range(s, where);
  } catch (const invalid_network& e) {
    std::copy(old.begin(), old.end(), t.weight.begin());
    throw invalid_parameter(e.what());
  }
}

}  // namespace engram
