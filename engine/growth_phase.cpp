// One growth phase on the plain state (engine/growth.hpp; rules in docs/growth.md). Every choice
// is a fixed order or a Philox draw keyed by (seed, projection, pair, phase), so every backend,
// thread count and resumed run makes the same changes.
#include <algorithm>
#include <fmt/format.h>
#include <queue>
#include <set>

#include "engine/growth.hpp"
#include "engine/rng.hpp"

namespace engram {
namespace {

// A synapse to insert: row (local pre), target (local post), packed word, signed weight.
struct new_synapse {
  uint32_t row = 0, target = 0, word = 0;
  float weight = 0;
};

// Neurons of [first, first + count) whose rate is at least `min_hz`, by rate descending then id:
// the synaptogenesis candidates.
std::vector<uint32_t> active_neurons(const std::vector<float>& rate, uint32_t first, uint32_t count, float min_hz) {
  std::vector<uint32_t> a;
  for (uint32_t i = 0; i < count; ++i)
    if (rate[first + i] >= min_hz) a.push_back(i);
  std::stable_sort(a.begin(), a.end(), [&](uint32_t x, uint32_t y) { return rate[first + x] > rate[first + y]; });
  return a;
}

bool row_has(const synapse_table& t, uint32_t row, uint32_t target) {
  const synapse_code code = t.code();
  for (uint64_t e = t.row_ptr[row]; e < t.row_ptr[row + 1]; ++e)
    if (code.target(t.packed[e]) == target) return true;
  return false;
}

// Pairs (position in the pre list, position in the post list) by product of rates descending,
// ties by positions: a best-first walk of the sorted lists with a heap, so a phase looks at about
// `wanted` pairs plus those it skips, never at every pair. Within one population only positions
// i < j are pairs. `accept` says whether a pair is taken; the walk stops after `wanted` are taken
// or after `budget` pairs were looked at.
template <class Accept>
void best_pairs(const std::vector<float>& pre_rate, const std::vector<float>& post_rate, bool same, uint32_t wanted, uint64_t budget,
                Accept&& accept) {
  if (pre_rate.empty() || post_rate.empty() || wanted == 0) return;
  struct item {
    float score;
    uint32_t i, j;
  };
  auto later = [](const item& a, const item& b) {  // the heap's top is the best: highest score, then lowest (i, j)
    if (a.score != b.score) return a.score < b.score;
    return a.i != b.i ? a.i > b.i : a.j > b.j;
  };
  std::priority_queue<item, std::vector<item>, decltype(later)> heap(later);
  std::set<std::pair<uint32_t, uint32_t>> seen;
  auto push = [&](uint32_t i, uint32_t j) {
    if (i >= pre_rate.size() || j >= post_rate.size() || (same && i >= j)) return;
    if (seen.insert({i, j}).second) heap.push({pre_rate[i] * post_rate[j], i, j});
  };
  push(0, same ? 1 : 0);
  uint32_t taken = 0;
  for (uint64_t looked = 0; !heap.empty() && taken < wanted && looked < budget; ++looked) {
    const item top = heap.top();
    heap.pop();
    if (accept(top.i, top.j)) ++taken;
    push(top.i + 1, top.j);
    push(top.i, top.j + 1);
  }
}

struct projection_changes {
  std::vector<uint8_t> pruned;  // per synapse
  std::vector<new_synapse> made;
  growth_record record;
};

projection_changes plan_changes(const network_state& s, const growth_projection& e, uint64_t step) {
  const growth_state& g = s.growth;
  const synapse_table& t = s.projections[e.projection];
  const std::vector<float>& rate = s.plasticity.rate_hz;
  projection_changes c;
  c.record.step = step;
  c.record.projection = e.projection;
  c.pruned.assign(t.size(), 0);
  std::vector<uint32_t> length(t.pre_count);
  for (uint32_t r = 0; r < t.pre_count; ++r) length[r] = static_cast<uint32_t>(t.row_ptr[r + 1] - t.row_ptr[r]);

  if (e.prune) {  // rows of quiet neurons only: a busy neuron's synapses are all in use
    const uint64_t phase_steps = uint64_t{g.interval_steps};
    for (uint32_t r = 0; r < t.pre_count; ++r) {
      if (rate[t.pre_first + r] >= e.prune_max_rate_hz) continue;
      for (uint64_t k = t.row_ptr[r]; k < t.row_ptr[r + 1]; ++k) {
        const uint64_t age = uint64_t{g.phases - e.birth[k]} * phase_steps;
        if (age >= e.prune_min_age_steps && std::abs(t.weight[k]) < e.prune_max_weight) {
          c.pruned[k] = 1;
          --length[r];
          ++c.record.pruned;
        }
      }
    }
  }

  if (e.form) {
    const bool same = t.pre_first == t.post_first && t.pre_count == t.post_count;
    const std::vector<uint32_t> pre = active_neurons(rate, t.pre_first, t.pre_count, e.form_min_rate_hz);
    const std::vector<uint32_t> post = same ? pre : active_neurons(rate, t.post_first, t.post_count, e.form_min_rate_hz);
    std::vector<float> pre_rate, post_rate;
    for (uint32_t i : pre) pre_rate.push_back(rate[t.pre_first + i]);
    for (uint32_t j : post) post_rate.push_back(rate[t.post_first + j]);
    const synapse_code code = t.code();
    const uint32_t phase = g.phases;
    std::set<std::pair<uint32_t, uint32_t>> planned;  // (row, target) made this phase
    auto accept = [&](uint32_t i, uint32_t j) {
      uint32_t a = pre[i], b = post[j];
      if (row_has(t, a, b) || (same && row_has(t, b, a))) return false;
      const philox_block x = random_block(s.seed, rng_purpose::growth, e.projection, a, (uint64_t{phase} << 32) | b);
      if (same && (x.x[0] & 1u)) std::swap(a, b);  // a random direction within a population
      if (length[a] >= e.max_row) {
        if (e.on_full_error)
          throw growth_capacity(fmt::format("growth of projection '{}': row {} (presynaptic neuron {}) is full: it holds {} "
                                            "synapses, the limit (max_row) is {}",
                                            t.name, a, t.pre_first + a, length[a], e.max_row));
        ++c.record.refused;
        return false;
      }
      const double u = uniform_open1(x.x[1], x.x[2]);
      const float magnitude = static_cast<float>(e.weight_low + (double{e.weight_high} - e.weight_low) * u);
      const uint32_t span = e.delay_high - e.delay_low + 1;
      const uint32_t delay = e.delay_low + static_cast<uint32_t>((uint64_t{x.x[3]} * span) >> 32);
      planned.insert({a, b});
      ++length[a];
      c.made.push_back({a, b, code.word(b, delay), e.sign * magnitude});
      ++c.record.made;
      return true;
    };
    const uint64_t budget = 64 * uint64_t{e.form_max_per_phase} + 64;
    best_pairs(pre_rate, post_rate, same, e.form_max_per_phase, budget, accept);
  }
  return c;
}

// The projection's rows with the pruned synapses dropped and the new ones inserted in the row's
// order (`by_word`: (delay, target), else target; after equal keys), every per-synapse array along.
void rewrite(network_state& s, growth_projection& e, const projection_changes& c, uint32_t phase) {
  synapse_table& t = s.projections[e.projection];
  plastic_projection* p = nullptr;
  for (auto& q : s.plasticity.projections)
    if (q.projection == e.projection) p = &q;
  const bool by_word = p && p->stdp.enabled && t.per_synapse_delays();
  const synapse_code code = t.code();
  auto key = [&](uint32_t word) { return by_word ? word : code.target(word); };
  std::vector<new_synapse> made = c.made;
  std::stable_sort(made.begin(), made.end(), [&](const new_synapse& a, const new_synapse& b) {
    return a.row != b.row ? a.row < b.row : key(a.word) < key(b.word);
  });
  const uint64_t n = t.size() - c.record.pruned + made.size();
  std::vector<uint64_t> row_ptr(t.pre_count + 1, 0);
  std::vector<uint32_t> packed, birth;
  std::vector<float> weight, aux;
  packed.reserve(n), birth.reserve(n), weight.reserve(n);
  const bool has_aux = p && !p->synapse_aux.empty();
  if (has_aux) aux.reserve(n);
  size_t m = 0;
  for (uint32_t r = 0; r < t.pre_count; ++r) {
    for (uint64_t k = t.row_ptr[r]; k <= t.row_ptr[r + 1]; ++k) {
      const bool end = k == t.row_ptr[r + 1];
      while (m < made.size() && made[m].row == r && (end || key(made[m].word) < key(t.packed[k]))) {
        packed.push_back(made[m].word);
        weight.push_back(made[m].weight);
        birth.push_back(phase);
        if (has_aux) aux.push_back(0.0f);
        ++m;
      }
      if (end || c.pruned[k]) continue;
      packed.push_back(t.packed[k]);
      weight.push_back(t.weight[k]);
      birth.push_back(e.birth[k]);
      if (has_aux) aux.push_back(p->synapse_aux[k]);
    }
    row_ptr[r + 1] = packed.size();
  }
  if (packed.size() != n) throw internal_error("growth: rewritten table has the wrong size");
  t.row_ptr = std::move(row_ptr);
  t.packed = std::move(packed);
  t.weight = std::move(weight);
  e.birth = std::move(birth);
  if (!p) return;
  if (has_aux) p->synapse_aux = std::move(aux);
  if (t.per_synapse_delays() && !made.empty()) {  // the arrival search must reach the new delays
    p->delay_min = static_cast<uint8_t>(std::min<uint32_t>(p->delay_min, e.delay_low));
    p->delay_max = static_cast<uint8_t>(std::max<uint32_t>(p->delay_max, e.delay_high));
  }
}

}  // namespace

std::vector<growth_record> grow(network_state& s, uint64_t step) {
  growth_state& g = s.growth;
  if (!g.active()) return {};
  if (s.plasticity.rate_hz.size() != s.neuron_count()) throw internal_error("growth needs the rate estimate of every neuron");
  // Plan every projection before changing any, so that a capacity error leaves the state as it was.
  const uint32_t phase = g.phases + 1;
  g.phases = phase;  // births of this phase; restored if planning throws
  std::vector<projection_changes> changes;
  try {
    for (const growth_projection& e : g.projections) changes.push_back(plan_changes(s, e, step));
  } catch (...) {
    g.phases = phase - 1;
    throw;
  }
  std::vector<growth_record> records;
  for (size_t i = 0; i < g.projections.size(); ++i) {
    if (changes[i].record.made + changes[i].record.pruned > 0) rewrite(s, g.projections[i], changes[i], phase);
    records.push_back(changes[i].record);
  }
  g.log.insert(g.log.end(), records.begin(), records.end());
  return records;
}

}  // namespace engram
