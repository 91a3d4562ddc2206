// Growth of neurons (engine/growth_plan.hpp): apoptosis, neurogenesis, and the state of a slot
// that dies or is born.
#include <algorithm>
#include <cmath>

#include "engine/growth_plan.hpp"

namespace engram::growth_detail {

uint32_t population_of(const network_state& s, uint32_t neuron) {
  for (uint32_t q = 0; q < s.populations.size(); ++q)
    if (neuron >= s.populations[q].first && neuron < s.populations[q].first + s.populations[q].size) return q;
  throw internal_error("growth: neuron outside every population");
}

const growth_population* population_rule(const growth_state& g, uint32_t population) {
  for (const growth_population& e : g.populations)
    if (e.population == population) return &e;
  return nullptr;
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

namespace {

// May a newborn be wired to neuron o? Alive and not dying, or born earlier in this phase (so a
// pair of newborns is wired once, by the later one).
bool joinable(const network_state& s, const phase_plan& plan, uint32_t o) {
  const growth_state& g = s.growth;
  if (!plan.wired.empty() && plan.wired[o]) return true;
  return (g.alive.empty() || g.alive[o]) && usable(plan, o);
}

// A newborn n wired as a built network wires it (synapse_growth::newborn_wiring all, partner,
// all_but_partner), at both ends of the projection where n's population is at both.
void wire_as_built(const network_state& s, const growth_projection& pe, projection_changes& c, const phase_plan& plan,
                   uint32_t n, uint32_t phase) {
  using nw = synapse_growth::newborn_wiring;
  const synapse_table& t = s.projections[pe.projection];
  const auto mode = static_cast<nw>(pe.newborn);
  auto wanted = [&](uint32_t mine, uint32_t other, uint32_t o) {
    if (o == n || (mode == nw::partner && mine != other) || (mode == nw::all_but_partner && mine == other)) return false;
    return joinable(s, plan, o);
  };
  if (n >= t.post_first && n < t.post_first + t.post_count) {
    const uint32_t b = n - t.post_first;
    for (uint32_t a = 0; a < t.pre_count; ++a)
      if (wanted(b, a, t.pre_first + a)) add_synapse(s, pe, c, a, b, pair_draw(s, pe, a, b, phase));
  }
  if (n >= t.pre_first && n < t.pre_first + t.pre_count) {
    const uint32_t a = n - t.pre_first;
    for (uint32_t b = 0; b < t.post_count; ++b)
      if (wanted(a, b, t.post_first + b)) add_synapse(s, pe, c, a, b, pair_draw(s, pe, a, b, phase));
  }
}

// A5's wiring (synapse_growth::newborn_wiring neighbours) of newborn n of population range r
// through projection pe (into r): fan_in_min..fan_in_max active presynaptic neurons, and within
// the population a synapse back to each with reciprocal_probability.
void wire_to_neighbours(const network_state& s, const growth_population& e, const growth_projection& pe, projection_changes& c,
                        const phase_plan& plan, uint32_t n, uint32_t phase) {
  const growth_state& g = s.growth;
  const std::vector<float>& rate = s.plasticity.rate_hz;
  const synapse_table& t = s.projections[pe.projection];
  const bool same = t.pre_first == t.post_first;
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
    add_synapse(s, pe, c, a, b, pair_draw(s, pe, a, b, phase));
    if (same && uniform_open1(z.x[1], z.x[2]) < e.reciprocal_probability) add_synapse(s, pe, c, b, a, pair_draw(s, pe, b, a, phase));
  }
}

// Every synapse of newborn n (population ordinal q, rule e) in every growing projection.
void wire_newborn(const network_state& s, const growth_population& e, uint32_t q, phase_plan& plan, uint32_t n, uint32_t phase) {
  const growth_state& g = s.growth;
  const population_range& r = s.populations[q];
  for (size_t pi = 0; pi < g.projections.size(); ++pi) {
    const growth_projection& pe = g.projections[pi];
    const synapse_table& t = s.projections[pe.projection];
    if (pe.newborn != 0)
      wire_as_built(s, pe, plan.projections[pi], plan, n, phase);
    else if (t.post_first == r.first)  // A5's rule wires inputs; the reciprocal draw covers outputs within r
      wire_to_neighbours(s, e, pe, plan.projections[pi], plan, n, phase);
  }
  plan.wired[n] = 1;
}

}  // namespace

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
  if (plan.wired.empty()) plan.wired.assign(s.neuron_count(), 0);
  growth_record* twin_record = nullptr;
  for (size_t q = 0; q < g.populations.size(); ++q)
    if (e.twin != 0 && g.populations[q].population == e.twin - 1) twin_record = &plan.populations[q];
  for (uint32_t k = 0; k < births; ++k) {
    const uint32_t n = slots[k];
    const philox_block x = random_block(s.seed, rng_purpose::growth, e.population, n, phase, 1);
    const bool regular = uniform_open1(x.x[0], x.x[1]) < e.excitatory_fraction;
    plan.births.push_back({n, regular});
    ++record.made;
    wire_newborn(s, e, e.population, plan, n, phase);
    if (twin_record == nullptr) continue;
    const uint32_t m = s.populations[e.twin - 1].first + (n - r.first);
    if (g.alive[m]) throw internal_error("growth: a twin slot is alive where its partner's is free");
    plan.births.push_back({m, true});
    ++twin_record->made;
    const growth_population* te = population_rule(g, e.twin - 1);
    wire_newborn(s, *te, e.twin - 1, plan, m, phase);
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

}  // namespace engram::growth_detail

namespace engram {

using namespace growth_detail;

void park_dead_neuron(network_state& s, uint32_t n) {
  static const float rest = static_cast<float>((-5.0 - std::sqrt(25.0 - 4 * 0.04 * 140.0)) / (2 * 0.04));
  const uint32_t q = population_of(s, n);
  const population_range& r = s.populations[q];
  neuron_arrays& z = s.neurons;
  clear_neuron_state(s, n);
  if (r.kind == neuron_kind::izhikevich) {
    z.a[n] = z.b[n] = z.d[n] = 0.0f;
    z.c[n] = -65.0f;
    z.v[n] = rest;
    z.u[n] = 0.0f;
    return;
  }
  // LIF: the population's parameters are shared, so the slot is silent by having no input and a
  // start and rest below threshold (validate_growth), its adaptive threshold held at theta_init.
  z.v[n] = r.v_init;
  z.i_syn[n] = z.g_inh[n] = 0.0f;
  z.refractory[n] = 0;
  const growth_population* e = population_rule(s.growth, q);
  if (e != nullptr && !s.plasticity.theta.empty()) s.plasticity.theta[n] = e->theta_init;
}

void start_newborn(network_state& s, uint32_t n, bool regular) {
  const uint32_t q = population_of(s, n);
  const population_range& r = s.populations[q];
  neuron_arrays& z = s.neurons;
  clear_neuron_state(s, n);
  if (r.kind == neuron_kind::izhikevich) {
    const izhikevich_abcd p = pattern_parameters(regular ? izhikevich_pattern::RS : izhikevich_pattern::FS);
    z.a[n] = p.a, z.b[n] = p.b, z.c[n] = p.c, z.d[n] = p.d;
    z.v[n] = p.c;
    z.u[n] = p.b * p.c;
    return;
  }
  z.v[n] = r.v_init;  // what a reset puts back
  z.i_syn[n] = z.g_inh[n] = 0.0f;
  z.refractory[n] = 0;
  const growth_population* e = population_rule(s.growth, q);
  if (e != nullptr && !s.plasticity.theta.empty()) s.plasticity.theta[n] = e->theta_init;
}

void remove_synapses_of_dead(network_state& s) {
  growth_state& g = s.growth;
  if (g.alive.empty()) return;
  for (const growth_projection& e : g.projections)  // the commit changes rows in place; positions are planned in that layout
    if (!s.projections[e.projection].has_slack())
      open_row_slack(s, e.projection, static_cast<uint32_t>(longest_row(s.projections[e.projection])));
  phase_plan plan;
  plan.excluded.resize(g.alive.size());
  for (size_t i = 0; i < g.alive.size(); ++i) plan.excluded[i] = !g.alive[i];
  for (const growth_projection& e : g.projections) plan.projections.push_back(start_changes(s, e, 0));
  remove_synapses_of_excluded(s, plan);
  for (size_t i = 0; i < g.projections.size(); ++i)
    if (plan.projections[i].record.pruned > 0) commit(s, g.projections[i], plan.projections[i], g.phases, nullptr);
}

}  // namespace engram
