// Growth rules from the description to the state, and the checks on both (engine/growth.hpp).
#include <algorithm>
#include <cmath>
#include <fmt/format.h>

#include "engine/growth.hpp"
#include "engine/layout.hpp"
#include "engine/plasticity_layout.hpp"

namespace engram {
namespace {

void finite_at_least(double x, double low, const std::string& what) {
  if (!std::isfinite(x) || x < low) throw invalid_network(fmt::format("{} must be finite and >= {} (got {})", what, low, x));
}

// A LIF slot cannot be parked by its parameters (they are the population's), so a dead one
// stays silent only if its resting potential, where it sits with no input, is below threshold.
// A parked slot's adaptive threshold is set back to theta_init at every phase and decays in
// between, so the threshold it is sure to keep is theta_init decayed over one interval.
void check_silent_slot(const population& pop, double interval_ms, const std::string& w) {
  if (pop.kind == neuron_kind::izhikevich) return;
  const homeostasis_config& h = pop.homeostasis;
  const double theta = h.adaptive_threshold ? h.theta_init * std::exp(-interval_ms / h.theta_tau_ms) : 0.0;
  const bool lif = pop.kind == neuron_kind::lif;
  const double rest = lif ? pop.lif.v_rest + pop.lif.i_bias * pop.lif.tau_m / pop.lif.c_m
                          : pop.lif_cond.e_leak + pop.lif_cond.i_bias / pop.lif_cond.g_leak;
  const double start = lif ? pop.lif.v_init + pop.lif.v_init_range : pop.lif_cond.v_init;
  const double thresh = (lif ? pop.lif.v_thresh : pop.lif_cond.v_thresh) + theta;
  if (!(std::max(rest, start) < thresh))
    throw invalid_network(fmt::format("{}: its neurons rest at {} mV and start at {} mV, not both below their threshold {} mV "
                                      "(with the adaptive threshold's theta_init decayed over one growth interval), so a dead "
                                      "slot would fire",
                                      w, rest, start, thresh));
}

void check_twin(const network& net, const population& pop, const std::string& w) {
  const neuron_growth& g = pop.growth;
  if (g.twin.empty()) return;
  const int q = net.population_index(g.twin);
  if (q < 0 || g.twin == pop.name) throw invalid_network(fmt::format("{}: twin '{}' is not another population", w, g.twin));
  const population& t = net.populations[q];
  if (t.size != pop.size || !t.growth.enabled || t.growth.initial_size != g.initial_size || t.growth.neurogenesis ||
      t.growth.apoptosis || !t.growth.twin.empty())
    throw invalid_network(fmt::format("{}: twin '{}' must have the same size and initial_size and grow with neither rule of its "
                                      "own (nor a twin)",
                                      w, g.twin));
  if (g.apoptosis) throw invalid_network(w + ": a population with a twin cannot have apoptosis yet (twins do not die together)");
}

}  // namespace

void validate_growth(const network& net) {
  bool any = false;
  for (const auto& pr : net.projections) {
    const synapse_growth& g = pr.growth;
    if (!g.enabled) continue;
    any = true;
    const std::string w = fmt::format("projection '{}' growth", pr.name);
    finite_at_least(g.prune_min_age_ms, 0.0, w + " prune_min_age_ms");
    finite_at_least(g.prune_max_weight, 0.0, w + " prune_max_weight");
    finite_at_least(g.prune_max_rate_hz, 0.0, w + " prune_max_rate_hz");
    finite_at_least(g.form_min_rate_hz, 0.0, w + " form_min_rate_hz");
    finite_at_least(g.weight_low, 0.0, w + " weight_low");
    finite_at_least(g.weight_high, g.weight_low, w + " weight_high");
    if (pr.connect.type == connector::kind::explicit_list && !pr.connect.delays.empty())
      throw invalid_network(w + ": a projection with listed delays cannot grow (new synapses draw from its delay bounds)");
    const auto& pl = pr.plasticity;
    if (pl.changes_weights() && (g.weight_low < pl.w_min || g.weight_high > pl.w_max))
      throw invalid_network(fmt::format("{}: new weights [{}, {}] must lie within the plasticity bounds [{}, {}]", w, g.weight_low,
                                        g.weight_high, pl.w_min, pl.w_max));
    if (pr.plasticity.protect.enabled) throw invalid_network(w + ": growth with selective plasticity is not supported yet");
    using nw = synapse_growth::newborn_wiring;
    if (g.newborn == nw::partner || g.newborn == nw::all_but_partner) {
      const int a = net.population_index(pr.pre), b = net.population_index(pr.post);
      if (a < 0 || b < 0 || net.populations[a].size != net.populations[b].size)
        throw invalid_network(w + ": newborn wiring by partner needs pre and post populations of the same size");
    }
  }
  for (const auto& pop : net.populations) {
    const neuron_growth& g = pop.growth;
    if (!g.enabled) continue;
    any = true;
    const std::string w = fmt::format("population '{}' growth", pop.name);
    if (pop.kind != neuron_kind::izhikevich && pop.kind != neuron_kind::lif && pop.kind != neuron_kind::lif_cond)
      throw invalid_network(w + ": only Izhikevich, LIF and conductance LIF populations grow neurons");
    check_silent_slot(pop, net.growth_interval_ms, w);
    check_twin(net, pop, w);
    if (g.initial_size > pop.size)
      throw invalid_network(fmt::format("{}: initial_size {} exceeds the pool (size) {}", w, g.initial_size, pop.size));
    finite_at_least(g.apoptosis_min_age_ms, 0.0, w + " apoptosis_min_age_ms");
    finite_at_least(g.apoptosis_max_rate_hz, 0.0, w + " apoptosis_max_rate_hz");
    finite_at_least(g.neurogenesis_min_rate_hz, 0.0, w + " neurogenesis_min_rate_hz");
    finite_at_least(g.neighbour_min_rate_hz, 0.0, w + " neighbour_min_rate_hz");
    if (!(g.excitatory_fraction >= 0 && g.excitatory_fraction <= 1)) throw invalid_network(w + ": excitatory_fraction must be in [0, 1]");
    if (!(g.reciprocal_probability >= 0 && g.reciprocal_probability <= 1))
      throw invalid_network(w + ": reciprocal_probability must be in [0, 1]");
    if (g.fan_in_min > g.fan_in_max) throw invalid_network(w + ": fan_in_min exceeds fan_in_max");
    for (const auto& in : net.inputs)
      if (in.population.empty() || in.population == pop.name)
        throw invalid_network(fmt::format("{}: a direct input targets it ({}); a growing population takes its input through "
                                          "projections, so that dead slots stay silent",
                                          w, in.population.empty() ? "an input on the whole network" : "an input"));
    for (const auto& pr : net.projections)
      if ((pr.pre == pop.name || pr.post == pop.name) && !pr.growth.enabled)
        throw invalid_network(fmt::format("{}: projection '{}' touches it but does not grow (set growth.enabled, with prune and "
                                          "form off if it should only carry the newborns' synapses)",
                                          w, pr.name));
  }
  if (any && !(std::isfinite(net.growth_interval_ms) && net.growth_interval_ms >= net.dt_ms))
    throw invalid_network(fmt::format("growth_interval_ms {} must be at least one step ({} ms)", net.growth_interval_ms, net.dt_ms));
}

bool growth_reads_rate(const network& net, uint32_t population) {
  const std::string& name = net.populations[population].name;
  for (const auto& pr : net.projections)
    if (pr.growth.enabled && (pr.pre == name || pr.post == name)) return true;
  return net.populations[population].growth.enabled;
}

void lay_out_growth(const network& net, network_state& s) {
  growth_state& g = s.growth;
  g = {};
  for (uint32_t p = 0; p < net.projections.size(); ++p) {
    const projection& pr = net.projections[p];
    if (!pr.growth.enabled) continue;
    const synapse_growth& c = pr.growth;
    growth_projection e;
    e.projection = p;
    e.prune = c.prune;
    e.form = c.form;
    e.on_full_error = c.on_full == synapse_growth::full_row::error;
    e.prune_min_age_steps = static_cast<uint64_t>(std::llround(c.prune_min_age_ms / net.dt_ms));
    e.prune_max_weight = static_cast<float>(c.prune_max_weight);
    e.prune_max_rate_hz = static_cast<float>(c.prune_max_rate_hz);
    e.form_min_rate_hz = static_cast<float>(c.form_min_rate_hz);
    e.form_max_per_phase = c.form_max_per_phase;
    e.weight_low = static_cast<float>(c.weight_low);
    e.weight_high = static_cast<float>(c.weight_high);
    e.sign = effect_of(pr.sign).sign < 0 ? -1.0f : 1.0f;
    e.delay_low = std::max<uint32_t>(1, delay_steps(pr.delay_ms.low, net.dt_ms));
    e.delay_high = std::max(e.delay_low, delay_steps(pr.delay_ms.high, net.dt_ms));
    e.max_row = c.max_row;
    e.row_slack = c.row_slack;
    e.newborn = static_cast<uint8_t>(c.newborn);
    g.projections.push_back(std::move(e));
  }
  for (uint32_t q = 0; q < net.populations.size(); ++q) {
    const neuron_growth& c = net.populations[q].growth;
    if (!c.enabled) continue;
    growth_population e;
    e.population = q;
    e.apoptosis = c.apoptosis;
    e.neurogenesis = c.neurogenesis;
    e.apoptosis_min_age_steps = static_cast<uint64_t>(std::llround(c.apoptosis_min_age_ms / net.dt_ms));
    e.apoptosis_max_rate_hz = static_cast<float>(c.apoptosis_max_rate_hz);
    e.neurogenesis_min_rate_hz = static_cast<float>(c.neurogenesis_min_rate_hz);
    e.neurogenesis_max_per_phase = c.neurogenesis_max_per_phase;
    e.excitatory_fraction = static_cast<float>(c.excitatory_fraction);
    e.fan_in_min = c.fan_in_min;
    e.fan_in_max = c.fan_in_max;
    e.neighbour_min_rate_hz = static_cast<float>(c.neighbour_min_rate_hz);
    e.reciprocal_probability = static_cast<float>(c.reciprocal_probability);
    e.twin = c.twin.empty() ? 0 : static_cast<uint32_t>(net.population_index(c.twin)) + 1;
    const homeostasis_config& h = net.populations[q].homeostasis;
    e.theta_init = h.adaptive_threshold ? static_cast<float>(h.theta_init) : 0.0f;
    g.populations.push_back(e);
  }
  if (!g.populations.empty()) {  // slots beyond initial_size start dead: silent, and unwired by prepare_growth
    const uint32_t n = s.neuron_count();
    g.alive.assign(n, 1);
    g.born.assign(n, 0);
    g.died.assign(n, growth_state::never_died);
    for (const growth_population& e : g.populations) {
      const population_range& r = s.populations[e.population];
      const uint32_t initial = net.populations[e.population].growth.initial_size;
      for (uint32_t i = initial == 0 ? r.size : initial; i < r.size; ++i) {
        g.alive[r.first + i] = 0;
        park_dead_neuron(s, r.first + i);
      }
    }
  }
  if (!g.projections.empty()) g.interval_steps = period_steps(net.growth_interval_ms, net.dt_ms);
}

void prepare_growth(network_state& s) {
  for (growth_projection& e : s.growth.projections) e.birth.assign(s.projections[e.projection].size(), 0);
  remove_synapses_of_dead(s);
  close_row_slack(s);  // a state crosses to a backend compact
  for (growth_projection& e : s.growth.projections)
    if (e.max_row == 0) e.max_row = static_cast<uint32_t>(std::min<uint64_t>(longest_row(s.projections[e.projection]) + e.row_slack, UINT32_MAX));
}

void check_growth(const network_state& s, const std::string& where) {
  const growth_state& g = s.growth;
  if (g.projections.empty()) return;
  const std::string w = where + ": growth";
  if (g.interval_steps == 0) throw invalid_network(w + ": interval_steps must be positive");
  uint32_t previous = 0;
  for (size_t i = 0; i < g.projections.size(); ++i) {
    const growth_projection& e = g.projections[i];
    if (e.projection >= s.projections.size() || (i > 0 && e.projection <= previous))
      throw invalid_network(fmt::format("{}: entry {} names projection {}, not one of the {} in ascending order", w, i, e.projection,
                                        s.projections.size()));
    previous = e.projection;
    const synapse_table& t = s.projections[e.projection];
    if (e.birth.size() != t.size())
      throw invalid_network(fmt::format("{}: projection '{}' has {} synapses but {} births", w, t.name, t.size(), e.birth.size()));
    for (uint32_t b : e.birth)
      if (b > g.phases) throw invalid_network(fmt::format("{}: projection '{}' has a synapse born after phase {}", w, t.name, g.phases));
    if (!(e.sign == 1.0f || e.sign == -1.0f) || !(e.weight_low >= 0 && e.weight_low <= e.weight_high) ||
        !std::isfinite(e.weight_high) || e.newborn > 3 || e.delay_low < 1 || e.delay_low > e.delay_high || e.delay_high >= s.ring_slots ||
        (!t.per_synapse_delays() && (e.delay_low != t.uniform_delay || e.delay_high != t.uniform_delay)))
      throw invalid_network(fmt::format("{}: projection '{}' has invalid growth constants", w, t.name));
  }
  for (const growth_record& r : g.log)
    if (r.projection >= (r.population ? s.populations.size() : s.projections.size()))
      throw invalid_network(w + ": log names a projection or population that does not exist");
  const size_t n = g.populations.empty() ? 0 : s.neuron_count();
  if (g.alive.size() != n || g.born.size() != n || g.died.size() != n)
    throw invalid_network(fmt::format("{}: alive, born and died must have one entry per neuron ({})", w, n));
  for (const growth_population& e : g.populations)
    if (e.population >= s.populations.size() || s.populations[e.population].kind == neuron_kind::poisson_source ||
        s.populations[e.population].kind == neuron_kind::spike_source || e.twin > s.populations.size() ||
        (e.twin != 0 && s.populations[e.twin - 1].size != s.populations[e.population].size))
      throw invalid_network(fmt::format("{}: growing population {} is not a neuron population of the network, or its twin does not "
                                        "fit",
                                        w, e.population));
  for (size_t i = 0; i < n; ++i)
    if (g.alive[i] > 1) throw invalid_network(fmt::format("{}: alive flag of neuron {} is neither 0 nor 1", w, i));
}

}  // namespace engram
