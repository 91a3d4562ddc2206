// One growth phase on the plain state (engine/growth.hpp; rules in docs/growth.md). Every choice
// is a fixed order or a Philox draw keyed by (seed, projection, pair, phase), so every backend,
// thread count and resumed run makes the same changes.
#include <algorithm>
#include <cmath>
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
  std::vector<uint32_t> length;  // per row, after the changes planned so far
  growth_record record;
};

// Everything a phase will change, planned before anything changes.
struct phase_plan {
  std::vector<projection_changes> projections;  // per growing projection
  std::vector<uint32_t> deaths;                 // global neurons
  std::vector<std::pair<uint32_t, bool>> births;  // global neuron, regular spiking (else fast spiking)
  std::vector<growth_record> populations;       // per growing population
  std::vector<uint8_t> excluded;                // per global neuron: dead or dying, joins no new synapse
};

bool usable(const phase_plan& plan, uint32_t neuron) { return plan.excluded.empty() || !plan.excluded[neuron]; }

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
  c.pruned.assign(t.size(), 0);
  c.length.resize(t.pre_count);
  for (uint32_t r = 0; r < t.pre_count; ++r) c.length[r] = static_cast<uint32_t>(t.row_ptr[r + 1] - t.row_ptr[r]);
  return c;
}

void mark_pruned(projection_changes& c, uint32_t row, uint64_t k) {
  if (c.pruned[k]) return;
  c.pruned[k] = 1;
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
    for (uint64_t k = t.row_ptr[r]; k < t.row_ptr[r + 1]; ++k) {
      const uint64_t age = uint64_t{g.phases - e.birth[k]} * g.interval_steps;
      if (age >= e.prune_min_age_steps && std::abs(t.weight[k]) < e.prune_max_weight) mark_pruned(c, r, k);
    }
  }
}

// Old, silent, alive neurons of the population; their synapses go with them.
void plan_apoptosis(const network_state& s, const growth_population& e, uint64_t step, phase_plan& plan, growth_record& record) {
  const growth_state& g = s.growth;
  const population_range& r = s.populations[e.population];
  for (uint32_t i = r.first; i < r.first + r.size; ++i) {
    if (!g.alive[i] || step + 1 - g.born[i] < e.apoptosis_min_age_steps || s.plasticity.rate_hz[i] >= e.apoptosis_max_rate_hz) continue;
    plan.deaths.push_back(i);
    plan.excluded[i] = 1;
    ++record.pruned;
  }
}

void remove_synapses_of_excluded(const network_state& s, phase_plan& plan) {
  for (size_t i = 0; i < s.growth.projections.size(); ++i) {
    const synapse_table& t = s.projections[s.growth.projections[i].projection];
    projection_changes& c = plan.projections[i];
    for (uint32_t r = 0; r < t.pre_count; ++r)
      for (uint64_t k = t.row_ptr[r]; k < t.row_ptr[r + 1]; ++k)
        if (plan.excluded[t.pre_first + r] || plan.excluded[t.target_of(k)]) mark_pruned(c, r, k);
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

// Free slots of the population in the order they are reused: apoptotic ones (dying now counts as
// dying last) by time of death, then never-used ones by index.
std::vector<uint32_t> free_slots(const network_state& s, const population_range& r, uint64_t step, const phase_plan& plan) {
  const growth_state& g = s.growth;
  std::vector<std::pair<uint64_t, uint32_t>> slots;
  for (uint32_t i = r.first; i < r.first + r.size; ++i) {
    if (g.alive[i] && usable(plan, i)) continue;
    const uint64_t died = g.alive[i] ? step + 1 : g.died[i];  // never_died sorts after every death
    slots.push_back({died, i});
  }
  std::sort(slots.begin(), slots.end());
  std::vector<uint32_t> out;
  for (auto [died, i] : slots) out.push_back(i);
  return out;
}

void plan_neurogenesis(const network_state& s, const growth_population& e, uint64_t step, phase_plan& plan, growth_record& record) {
  const growth_state& g = s.growth;
  const population_range& r = s.populations[e.population];
  const std::vector<float>& rate = s.plasticity.rate_hz;
  double sum = 0;
  uint32_t alive = 0;
  for (uint32_t i = r.first; i < r.first + r.size; ++i)
    if (g.alive[i] && usable(plan, i)) sum += rate[i], ++alive;
  if (alive == 0 || sum / alive < e.neurogenesis_min_rate_hz) return;
  const std::vector<uint32_t> slots = free_slots(s, r, step, plan);
  const uint32_t births = std::min<uint32_t>(e.neurogenesis_max_per_phase, static_cast<uint32_t>(slots.size()));
  if (births < e.neurogenesis_max_per_phase) record.refused += e.neurogenesis_max_per_phase - births;  // no room
  const uint32_t phase = g.phases;
  for (uint32_t k = 0; k < births; ++k) {
    const uint32_t n = slots[k];
    const philox_block x = random_block(s.seed, rng_purpose::growth, e.population, n, phase, 1);
    const bool regular = uniform_open1(x.x[0], x.x[1]) < e.excitatory_fraction;
    plan.births.push_back({n, regular});
    ++record.made;
    // Inputs from active neighbours of every projection into the population, feed-forward included.
    for (size_t pi = 0; pi < g.projections.size(); ++pi) {
      const growth_projection& pe = g.projections[pi];
      const synapse_table& t = s.projections[pe.projection];
      if (t.post_first != r.first) continue;
      const bool same = t.pre_first == r.first;
      std::vector<uint32_t> active;
      for (uint32_t a = 0; a < t.pre_count; ++a)
        if (t.pre_first + a != n && rate[t.pre_first + a] >= e.neighbour_min_rate_hz && usable(plan, t.pre_first + a) &&
            (g.alive.empty() || g.alive[t.pre_first + a]))
          active.push_back(a);
      const philox_block y = random_block(s.seed, rng_purpose::growth, pe.projection, n, phase, 2);
      const uint32_t span = e.fan_in_max - e.fan_in_min + 1;
      const uint32_t fan_in = std::min<uint32_t>(e.fan_in_min + static_cast<uint32_t>((uint64_t{y.x[0]} * span) >> 32),
                                                 static_cast<uint32_t>(active.size()));
      const uint32_t b = n - t.post_first;
      for (uint32_t m = 0; m < fan_in; ++m) {  // a partial Fisher-Yates shuffle, one Philox block per pick
        const philox_block z = random_block(s.seed, rng_purpose::growth, pe.projection, n, phase, 3 + m);
        const uint32_t pick = m + static_cast<uint32_t>((uint64_t{z.x[0]} * (active.size() - m)) >> 32);
        std::swap(active[m], active[pick]);
        const uint32_t a = active[m];
        add_synapse(s, pe, plan.projections[pi], a, b, pair_draw(s, pe, a, b, phase));
        if (same && uniform_open1(z.x[1], z.x[2]) < e.reciprocal_probability)
          add_synapse(s, pe, plan.projections[pi], b, a, pair_draw(s, pe, b, a, phase));
      }
    }
  }
}

// A neuron's state as a fresh one has it: ring column, rate, threshold, traces, STP.
void clear_neuron_state(network_state& s, uint32_t n) {
  const uint64_t neurons = s.neuron_count();
  for (uint64_t slot = 0; slot < uint64_t{s.ring_channels} * s.ring_slots; ++slot) s.ring[slot * neurons + n] = 0;
  plasticity_state& ps = s.plasticity;
  if (!ps.rate_hz.empty()) ps.rate_hz[n] = 0;
  if (!ps.theta.empty()) ps.theta[n] = 0;
  for (plastic_projection& p : ps.projections) {
    const synapse_table& t = s.projections[p.projection];
    if (n >= t.pre_first && n < t.pre_first + t.pre_count) {
      const uint32_t a = n - t.pre_first;
      for (uint64_t slot = 0; slot < s.ring_slots && !p.pre_trace.empty(); ++slot) p.pre_trace[slot * t.pre_count + a] = 0;
      if (p.stp) {
        p.stp_u[a] = p.stp_U;
        p.stp_x[a] = 1.0f;
      }
    }
    if (n >= t.post_first && n < t.post_first + t.post_count)
      for (size_t half = n - t.post_first; half < p.post_trace.size(); half += t.post_count) p.post_trace[half] = 0;
  }
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

void park_dead_neuron(network_state& s, uint32_t n) {
  static const float rest = static_cast<float>((-5.0 - std::sqrt(25.0 - 4 * 0.04 * 140.0)) / (2 * 0.04));
  neuron_arrays& z = s.neurons;
  z.a[n] = z.b[n] = z.d[n] = 0.0f;
  z.c[n] = -65.0f;
  z.v[n] = rest;
  z.u[n] = 0.0f;
  clear_neuron_state(s, n);
}

void remove_synapses_of_dead(network_state& s) {
  growth_state& g = s.growth;
  if (g.alive.empty()) return;
  phase_plan plan;
  plan.excluded.resize(g.alive.size());
  for (size_t i = 0; i < g.alive.size(); ++i) plan.excluded[i] = !g.alive[i];
  for (const growth_projection& e : g.projections) plan.projections.push_back(start_changes(s, e, 0));
  remove_synapses_of_excluded(s, plan);
  for (size_t i = 0; i < g.projections.size(); ++i)
    if (plan.projections[i].record.pruned > 0) rewrite(s, g.projections[i], plan.projections[i], g.phases);
}

std::vector<growth_record> grow(network_state& s, uint64_t step) {
  growth_state& g = s.growth;
  if (!g.active()) return {};
  if (s.plasticity.rate_hz.size() != s.neuron_count()) throw internal_error("growth needs the rate estimate of every neuron");
  // Plan everything in A5's order (prune, apoptosis, synaptogenesis, neurogenesis) before
  // changing anything, so that a capacity error leaves the state as it was.
  const uint32_t phase = g.phases + 1;
  g.phases = phase;  // births of this phase; restored if planning throws
  phase_plan plan;
  try {
    for (const growth_projection& e : g.projections) plan.projections.push_back(start_changes(s, e, step));
    for (size_t i = 0; i < g.projections.size(); ++i)
      if (g.projections[i].prune) plan_pruning(s, g.projections[i], plan.projections[i]);
    if (!g.populations.empty()) plan.excluded.assign(s.neuron_count(), 0);
    for (const growth_population& e : g.populations) {
      plan.populations.push_back({step, e.population, 0, 0, 0, 1});
      if (e.apoptosis) plan_apoptosis(s, e, step, plan, plan.populations.back());
    }
    if (!plan.deaths.empty()) remove_synapses_of_excluded(s, plan);
    for (size_t i = 0; i < g.projections.size(); ++i)
      if (g.projections[i].form) plan_formation(s, g.projections[i], plan.projections[i], plan);
    for (size_t q = 0; q < g.populations.size(); ++q)
      if (g.populations[q].neurogenesis) plan_neurogenesis(s, g.populations[q], step, plan, plan.populations[q]);
  } catch (...) {
    g.phases = phase - 1;
    throw;
  }
  for (uint32_t n : plan.deaths) {
    g.alive[n] = 0;
    g.died[n] = step + 1;
    park_dead_neuron(s, n);
  }
  for (auto [n, regular] : plan.births) {
    const izhikevich_abcd p = pattern_parameters(regular ? izhikevich_pattern::RS : izhikevich_pattern::FS);
    g.alive[n] = 1;
    g.born[n] = step + 1;
    g.died[n] = growth_state::never_died;
    neuron_arrays& z = s.neurons;
    z.a[n] = p.a, z.b[n] = p.b, z.c[n] = p.c, z.d[n] = p.d;
    z.v[n] = p.c;
    z.u[n] = p.b * p.c;
    clear_neuron_state(s, n);
  }
  std::vector<growth_record> records;
  for (size_t i = 0; i < g.projections.size(); ++i) {
    const projection_changes& c = plan.projections[i];
    if (c.record.made + c.record.pruned > 0) rewrite(s, g.projections[i], c, phase);
    records.push_back(c.record);
  }
  records.insert(records.end(), plan.populations.begin(), plan.populations.end());
  g.log.insert(g.log.end(), records.begin(), records.end());
  return records;
}

}  // namespace engram
