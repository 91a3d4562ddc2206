// Growth of synapses (engine/growth_plan.hpp): pruning, synaptogenesis, and the commit of the
// changes into the rows they touch (rows with slack). Every choice is a fixed order or a Philox
// draw keyed by (seed, projection, pair, phase), so every backend, thread count and resumed run
// makes the same ones.
#include <algorithm>
#include <cmath>
#include <fmt/format.h>
#include <queue>
#include <set>

#include "engine/growth_plan.hpp"

namespace engram::growth_detail {
namespace {

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
  for (uint64_t e = t.row_begin(row), row_end = t.row_end(row); e < row_end; ++e)
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

}  // namespace

// A new synapse a -> b (local indices) of growing projection `e` in phase `phase`: direction,
// magnitude and delay from one Philox block keyed by the pair.
philox_block pair_draw(const network_state& s, const growth_projection& e, uint32_t a, uint32_t b, uint32_t phase) {
  return random_block(s.seed, rng_purpose::growth, e.projection, a, (uint64_t{phase} << 32) | b);
}

// Adds a -> b to the plan, or refuses it (counted) when row a is full; with on_full = error, throws.
bool add_synapse(const network_state& s, const growth_projection& e, projection_changes& c, uint32_t a, uint32_t b,
                 const philox_block& x) {
  const synapse_table& t = s.projections[e.projection];
  if (c.length[a] >= e.max_row) {
    if (e.on_full_error)
      throw growth_capacity(fmt::format("growth of projection '{}': row {} (presynaptic neuron {}) is full: it holds {} "
                                        "synapses, the limit (max_row) is {}",
                                        t.name, a, t.pre_first + a, c.length[a], e.max_row));
    ++c.record.refused;
    return false;
  }
  const double u = uniform_open1(x.x[1], x.x[2]);
  const float magnitude = static_cast<float>(e.weight_low + (double{e.weight_high} - e.weight_low) * u);
  const uint32_t span = e.delay_high - e.delay_low + 1;
  const uint32_t delay = e.delay_low + static_cast<uint32_t>((uint64_t{x.x[3]} * span) >> 32);
  ++c.length[a];
  c.made.push_back({a, b, t.code().word(b, delay), e.sign * magnitude});
  ++c.record.made;
  return true;
}

projection_changes start_changes(const network_state& s, const growth_projection& e, uint64_t step) {
  const synapse_table& t = s.projections[e.projection];
  projection_changes c;
  c.record.step = step;
  c.record.projection = e.projection;
  c.length.resize(t.pre_count);
  for (uint32_t r = 0; r < t.pre_count; ++r) c.length[r] = static_cast<uint32_t>(t.row_end(r) - t.row_begin(r));
  return c;
}

void mark_pruned(projection_changes& c, uint32_t row, uint64_t k) {
  if (!c.pruned.insert(k).second) return;
  c.pruned_rows.push_back(row);
  --c.length[row];
  ++c.record.pruned;
}

// Rows of quiet neurons only: a busy neuron's synapses all carry its spikes.
void plan_pruning(const network_state& s, const growth_projection& e, projection_changes& c) {
  const growth_state& g = s.growth;
  const synapse_table& t = s.projections[e.projection];
  const std::vector<float>& rate = s.plasticity.rate_hz;
  for (uint32_t r = 0; r < t.pre_count; ++r) {
    if (rate[t.pre_first + r] >= e.prune_max_rate_hz) continue;
    for (uint64_t k = t.row_begin(r), row_end = t.row_end(r); k < row_end; ++k) {
      const uint64_t age = uint64_t{g.phases - e.birth[k]} * g.interval_steps;
      if (age >= e.prune_min_age_steps && std::abs(t.weight[k]) < e.prune_max_weight) mark_pruned(c, r, k);
    }
  }
}

// Rows out of excluded neurons are dropped whole; synapses into them are searched for only in
// projections whose targets include one.
void remove_synapses_of_excluded(const network_state& s, phase_plan& plan) {
  auto any_excluded = [&](uint32_t first, uint32_t count) {
    return std::any_of(plan.excluded.begin() + first, plan.excluded.begin() + first + count, [](uint8_t x) { return x != 0; });
  };
  for (size_t i = 0; i < s.growth.projections.size(); ++i) {
    const synapse_table& t = s.projections[s.growth.projections[i].projection];
    projection_changes& c = plan.projections[i];
    const bool into = any_excluded(t.post_first, t.post_count);
    if (!into && !any_excluded(t.pre_first, t.pre_count)) continue;
    for (uint32_t r = 0; r < t.pre_count; ++r) {
      const bool out = plan.excluded[t.pre_first + r] != 0;
      if (!out && !into) continue;
      for (uint64_t k = t.row_begin(r), row_end = t.row_end(r); k < row_end; ++k)
        if (out || plan.excluded[t.target_of(k)]) mark_pruned(c, r, k);
    }
  }
}

void plan_formation(const network_state& s, const growth_projection& e, projection_changes& c, const phase_plan& plan) {
  const synapse_table& t = s.projections[e.projection];
  const std::vector<float>& rate = s.plasticity.rate_hz;
  const bool same = t.pre_first == t.post_first && t.pre_count == t.post_count;
  auto candidates = [&](uint32_t first, uint32_t count) {
    std::vector<uint32_t> a = active_neurons(rate, first, count, e.form_min_rate_hz);
    a.erase(std::remove_if(a.begin(), a.end(), [&](uint32_t i) { return !usable(plan, first + i); }), a.end());
    return a;
  };
  const std::vector<uint32_t> pre = candidates(t.pre_first, t.pre_count);
  const std::vector<uint32_t> post = same ? pre : candidates(t.post_first, t.post_count);
  std::vector<float> pre_rate, post_rate;
  for (uint32_t i : pre) pre_rate.push_back(rate[t.pre_first + i]);
  for (uint32_t j : post) post_rate.push_back(rate[t.post_first + j]);
  const uint32_t phase = s.growth.phases;
  auto accept = [&](uint32_t i, uint32_t j) {
    uint32_t a = pre[i], b = post[j];
    if (row_has(t, a, b) || (same && row_has(t, b, a))) return false;
    const philox_block x = pair_draw(s, e, a, b, phase);
    if (same && (x.x[0] & 1u)) std::swap(a, b);  // a random direction within a population
    return add_synapse(s, e, c, a, b, x);
  };
  const uint64_t budget = 64 * uint64_t{e.form_max_per_phase} + 64;
  best_pairs(pre_rate, post_rate, same, e.form_max_per_phase, budget, accept);
}

// Each changed row merged anew within its capacity, from the first position the change reaches:
// the new synapses in key order ((delay, target) for rows an STDP arrival search reads, else
// target), after old ones with equal keys, every per-synapse array along; holes after the row's
// new end. The same order a compact table rewritten from scratch would have, so every backend
// sees one table; a newborn's synapse at the end of a row costs a scan of its keys, no copy.
void commit(network_state& s, growth_projection& e, const projection_changes& c, uint32_t phase, std::vector<row_change>* changes) {
  synapse_table& t = s.projections[e.projection];
  if (!t.has_slack()) throw internal_error("growth: a growing projection's rows have no slack");
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
  std::vector<uint32_t> rows = c.pruned_rows;
  for (const new_synapse& n : made) rows.push_back(n.row);
  std::sort(rows.begin(), rows.end());
  rows.erase(std::unique(rows.begin(), rows.end()), rows.end());
  std::vector<float>* aux = p && p->stdp.enabled && p->stdp.target != 0 ? &p->synapse_aux : nullptr;
  std::vector<uint64_t> pruned(c.pruned.begin(), c.pruned.end());
  std::sort(pruned.begin(), pruned.end());  // positions ascend with rows, as `rows` do
  struct synapse {
    uint32_t word;
    float weight;
    uint32_t birth;
    float aux;
    int32_t from;  // offset of the old synapse from `first`, or -1: new
  };
  std::vector<synapse> merged;
  const uint32_t hole = hole_word(t);
  size_t m = 0, q = 0;  // the next new synapse, the next pruned position
  for (uint32_t r : rows) {
    const uint64_t begin = t.row_begin(r), end = t.row_end(r);
    // The first position the change reaches: the first pruned one, or where the first new
    // synapse goes (before the first old synapse of a greater key). The row before it stays.
    uint64_t first = q < pruned.size() && pruned[q] < end ? pruned[q] : end;
    if (m < made.size() && made[m].row == r) {
      const uint32_t k0 = key(made[m].word);
      for (uint64_t k = begin; k < first; ++k)
        if (k0 < key(t.packed[k])) {
          first = k;
          break;
        }
    }
    merged.clear();
    for (uint64_t k = first; k <= end; ++k) {
      const bool last = k == end;
      while (m < made.size() && made[m].row == r && (last || key(made[m].word) < key(t.packed[k]))) {
        merged.push_back({made[m].word, made[m].weight, phase, 0.0f, -1});
        ++m;
      }
      if (last) break;
      if (q < pruned.size() && pruned[q] == k) {
        ++q;
        continue;
      }
      merged.push_back({t.packed[k], t.weight[k], e.birth[k], aux ? (*aux)[k] : 0.0f, static_cast<int32_t>(k - first)});
    }
    if (first + merged.size() > t.row_ptr[r + 1]) throw internal_error("growth: a row grew past its capacity");
    row_change change{r, static_cast<uint32_t>(first - begin), {}};
    for (uint64_t k = first; k < end; ++k) change.old_targets.push_back(code.target(t.packed[k]));
    for (size_t i = 0; i < merged.size(); ++i) {
      change.from.push_back(merged[i].from);
      t.packed[first + i] = merged[i].word;
      t.weight[first + i] = merged[i].weight;
      e.birth[first + i] = merged[i].birth;
      if (aux) (*aux)[first + i] = merged[i].aux;
    }
    for (uint64_t k = first + merged.size(); k < end; ++k) {
      t.packed[k] = hole;
      t.weight[k] = 0.0f;
      e.birth[k] = 0;
      if (aux) (*aux)[k] = 0.0f;
    }
    t.row_used[r] = static_cast<uint32_t>(first + merged.size() - begin);
    if (changes) changes->push_back(std::move(change));
  }
  if (q != pruned.size()) throw internal_error("growth: a pruned synapse was not removed");
  if (m != made.size()) throw internal_error("growth: a new synapse was not placed");
  if (!p) return;
  if (t.per_synapse_delays() && !made.empty()) {  // the arrival search must reach the new delays
    p->delay_min = static_cast<uint8_t>(std::min<uint32_t>(p->delay_min, e.delay_low));
    p->delay_max = static_cast<uint8_t>(std::max<uint32_t>(p->delay_max, e.delay_high));
  }
}

}  // namespace engram::growth_detail
