#include "engine/memory_traces.hpp"

#include <algorithm>
#include <cmath>
#include <fmt/format.h>

#include "engine/errors.hpp"
#include "engine/rng.hpp"

namespace engram {
namespace {

uint32_t overlap_of(const std::vector<uint32_t>& a, const std::vector<uint32_t>& b) {
  uint32_t n = 0;
  for (size_t i = 0, j = 0; i < a.size() && j < b.size();) {
    if (a[i] == b[j]) ++n, ++i, ++j;
    else if (a[i] < b[j]) ++i;
    else ++j;
  }
  return n;
}

void sort_unique(std::vector<uint32_t>& v) {
  std::sort(v.begin(), v.end());
  v.erase(std::unique(v.begin(), v.end()), v.end());
}

}  // namespace

int capture_trace(memory_state& m, std::vector<uint32_t> members, uint64_t step) {
  sort_unique(members);
  if (members.size() < m.config.min_members) return -1;
  int best = -1;
  double best_similarity = 0;
  for (size_t k = 0; k < m.traces.size(); ++k) {
    const double shared = overlap_of(members, m.traces[k].members);
    const double similarity = shared / (members.size() + m.traces[k].members.size() - shared);
    if (similarity > best_similarity) best_similarity = similarity, best = static_cast<int>(k);
  }
  if (best >= 0 && best_similarity >= m.config.refresh_overlap) {
    memory_trace& t = m.traces[best];
    t.members = std::move(members);
    t.created_step = step;
    return best;
  }
  memory_trace t;
  t.members = std::move(members);
  t.created_step = step;
  if (m.traces.size() < m.config.capacity) {
    m.traces.push_back(std::move(t));
    return static_cast<int>(m.traces.size() - 1);
  }
  // Full: the weakest goes, the oldest among equals (the seed evicted the oldest, consolidated or not).
  size_t victim = 0;
  for (size_t k = 1; k < m.traces.size(); ++k) {
    const memory_trace &a = m.traces[k], &b = m.traces[victim];
    if (a.strength < b.strength || (a.strength == b.strength && a.created_step < b.created_step)) victim = k;
  }
  m.traces[victim] = std::move(t);
  return static_cast<int>(victim);
}

std::vector<uint32_t> consolidate_traces(memory_state& m, uint64_t step) {
  const memory_config& c = m.config;
  // Never-replayed traces fade linearly with age (the seed compounded 1 - age/1e5 at every
  // consolidation, which made the fade depend on the consolidation period).
  for (auto& t : m.traces)
    if (t.replays == 0) t.strength = std::max(0.0, 1.0 - static_cast<double>(step - std::min(step, t.created_step)) / c.fade_steps);
  std::erase_if(m.traces, [&](const memory_trace& t) { return t.strength <= c.drop_below; });
  std::vector<uint32_t> chosen;
  std::vector<double> weight;
  for (const auto& t : m.traces) weight.push_back(t.strength);
  const uint32_t draws = std::min<uint32_t>(c.replays_per_consolidation, static_cast<uint32_t>(m.traces.size()));
  for (uint32_t d = 0; d < draws; ++d) {
    double total = 0;
    for (double w : weight) total += w;
    if (!(total > 0)) break;
    const philox_block b = random_block(m.seed, rng_purpose::memory_replay, 0, d, m.consolidations);
    double r = uniform_open1(b.x[0], b.x[1]) * total;
    size_t k = 0;
    for (; k + 1 < weight.size(); ++k) {
      if (r < weight[k]) break;
      r -= weight[k];
    }
    while (weight[k] == 0) --k;  // r landed at the very end: the last trace still in the draw
    chosen.push_back(static_cast<uint32_t>(k));
    weight[k] = 0;  // without replacement
  }
  for (uint32_t k : chosen) {
    memory_trace& t = m.traces[k];
    t.strength = std::min(c.max_strength, t.strength + c.replay_gain);
    ++t.replays;
  }
  ++m.consolidations;
  return chosen;
}

completion complete_pattern(const memory_state& m, std::vector<uint32_t> cue) {
  sort_unique(cue);
  completion best;
  for (size_t k = 0; k < m.traces.size(); ++k) {
    const memory_trace& t = m.traces[k];
    const uint32_t shared = overlap_of(cue, t.members);
    if (shared < m.config.min_overlap || shared < best.overlap) continue;
    if (shared == best.overlap && best.trace >= 0) {
      const memory_trace& b = m.traces[best.trace];
      if (t.strength < b.strength || (t.strength == b.strength && t.created_step >= b.created_step)) continue;
    }
    best.trace = static_cast<int>(k);
    best.overlap = shared;
  }
  if (best.trace < 0) return best;
  for (uint32_t n : m.traces[best.trace].members)
    if (!std::binary_search(cue.begin(), cue.end(), n)) best.missing.push_back(n);
  return best;
}

void validate(const memory_config& c) {
  auto fail = [](const std::string& why) { throw invalid_parameter("memory: " + why); };
  if (c.capacity == 0) fail("capacity must be >= 1");
  if (c.min_members < 1) fail("min_members must be >= 1");
  if (!(c.refresh_overlap > 0 && c.refresh_overlap <= 1)) fail(fmt::format("refresh_overlap {} must be in (0, 1]", c.refresh_overlap));
  if (!(c.replay_gain >= 0) || !(c.max_strength > 0) || !std::isfinite(c.max_strength))
    fail("replay_gain must be >= 0 and max_strength > 0, finite");
  if (!(c.fade_steps > 0)) fail(fmt::format("fade_steps {} must be > 0", c.fade_steps));
  if (!(c.drop_below >= 0 && c.drop_below < c.max_strength)) fail("drop_below must be in [0, max_strength)");
  if (c.min_overlap < 1) fail("min_overlap must be >= 1");
}

void check_memory(const memory_state& m, uint32_t neuron_count, const std::string& where) {
  try {
    validate(m.config);
  } catch (const invalid_parameter& e) {
    throw invalid_network(fmt::format("{}: {}", where, e.what()));
  }
  if (m.traces.size() > m.config.capacity)
    throw invalid_network(fmt::format("{}: {} memory traces, more than the capacity {}", where, m.traces.size(), m.config.capacity));
  for (size_t k = 0; k < m.traces.size(); ++k) {
    const memory_trace& t = m.traces[k];
    if (!(t.strength > 0 && t.strength <= m.config.max_strength))
      throw invalid_network(fmt::format("{}: memory trace {} has strength {}", where, k, t.strength));
    for (size_t i = 0; i < t.members.size(); ++i)
      if (t.members[i] >= neuron_count || (i > 0 && t.members[i] <= t.members[i - 1]))
        throw invalid_network(fmt::format("{}: memory trace {} members are not ascending neuron ids below {}", where, k, neuron_count));
  }
}

}  // namespace engram
