// The /growth group of a snapshot (host/io/snapshot_growth.hpp).
#include "host/io/snapshot_growth.hpp"

#include <algorithm>
#include <fmt/format.h>

#include "engine/errors.hpp"
#include "host/io/hdf5_io.hpp"

namespace engram {
namespace {

using h5::read_attribute;
using h5::read_vector;
using h5::write_attribute;
using h5::write_vector;

// Every scalar of an entry, by name: one list serves writing and reading.
template <class E, class F> void visit_scalars(E& e, F&& f) {
  f("projection", e.projection);
  f("prune", e.prune);
  f("form", e.form);
  f("on_full_error", e.on_full_error);
  f("prune_min_age_steps", e.prune_min_age_steps);
  f("prune_max_weight", e.prune_max_weight);
  f("prune_max_rate_hz", e.prune_max_rate_hz);
  f("form_min_rate_hz", e.form_min_rate_hz);
  f("form_max_per_phase", e.form_max_per_phase);
  f("weight_low", e.weight_low);
  f("weight_high", e.weight_high);
  f("sign", e.sign);
  f("delay_low", e.delay_low);
  f("delay_high", e.delay_high);
  f("max_row", e.max_row);
  f("row_slack", e.row_slack);
}

template <class E, class F> void visit_population(E& e, F&& f) {
  f("population", e.population);
  f("apoptosis", e.apoptosis);
  f("neurogenesis", e.neurogenesis);
  f("apoptosis_min_age_steps", e.apoptosis_min_age_steps);
  f("apoptosis_max_rate_hz", e.apoptosis_max_rate_hz);
  f("neurogenesis_min_rate_hz", e.neurogenesis_min_rate_hz);
  f("neurogenesis_max_per_phase", e.neurogenesis_max_per_phase);
  f("excitatory_fraction", e.excitatory_fraction);
  f("fan_in_min", e.fan_in_min);
  f("fan_in_max", e.fan_in_max);
  f("neighbour_min_rate_hz", e.neighbour_min_rate_hz);
  f("reciprocal_probability", e.reciprocal_probability);
}

// Constants added after the first files with /growth: written always, read when present (an
// older file's growth had their defaults: A5's wiring, no twin, no adaptive threshold).
template <class E, class F> void visit_later_scalars(E& e, F&& f) { f("newborn", e.newborn); }
template <class E, class F> void visit_later_population(E& e, F&& f) {
  f("twin", e.twin);
  f("theta_init", e.theta_init);
}

template <class V> void read_if_present(hid_t x, const char* key, V& value, const std::string& where) {
  if (h5::has_attribute(x, key)) value = read_attribute<V>(x, key, where);
}

}  // namespace

void write_growth(hid_t group, const network_state& s) {
  const growth_state& g = s.growth;
  if (g.projections.empty()) return;
  write_attribute(group, "interval_steps", g.interval_steps);
  write_attribute(group, "phases", g.phases);
  write_attribute(group, "projections", static_cast<uint32_t>(g.projections.size()));
  {
    auto entries = h5::create_group(group, "projections");
    for (const growth_projection& e : g.projections) {
      auto x = h5::create_group(entries, s.projections[e.projection].name);
      visit_scalars(e, [&](const char* name, const auto& value) { write_attribute(x, name, value); });
      visit_later_scalars(e, [&](const char* name, const auto& value) { write_attribute(x, name, value); });
      write_vector(x, "birth", e.birth);
    }
  }
  write_attribute(group, "populations", static_cast<uint32_t>(g.populations.size()));
  {
    auto entries = h5::create_group(group, "populations");
    for (const growth_population& e : g.populations) {
      auto x = h5::create_group(entries, s.populations[e.population].name);
      auto write = [&](const char* name, const auto& value) { write_attribute(x, name, value); };
      visit_population(e, write);
      visit_later_population(e, write);
    }
  }
  write_vector(group, "alive", g.alive);
  write_vector(group, "born", g.born);
  write_vector(group, "died", g.died);
  write_growth_log(group, g.log);
}

void write_growth_log(hid_t group, const std::vector<growth_record>& records) {
  std::vector<uint64_t> step;
  std::vector<uint32_t> projection, made, pruned, refused;
  std::vector<uint8_t> population;
  for (const growth_record& r : records) {
    population.push_back(r.population);
    step.push_back(r.step);
    projection.push_back(r.projection);
    made.push_back(r.made);
    pruned.push_back(r.pruned);
    refused.push_back(r.refused);
  }
  auto log = h5::create_group(group, "log");
  write_vector(log, "step", step);
  write_vector(log, "projection", projection);
  write_vector(log, "made", made);
  write_vector(log, "pruned", pruned);
  write_vector(log, "refused", refused);
  write_vector(log, "population", population);
}

void read_growth(hid_t file, network_state& s, const std::string& where) {
  if (!h5::exists(file, "growth")) return;
  auto group = h5::open_group(file, "growth", where);
  if (!h5::has_attribute(group, "interval_steps")) return;  // empty: nothing grows
  growth_state& g = s.growth;
  g.interval_steps = read_attribute<uint32_t>(group, "interval_steps", where);
  g.phases = read_attribute<uint32_t>(group, "phases", where);
  {
    auto entries = h5::open_group(group, "projections", where);
    for (const auto& name : h5::member_names(entries)) {
      auto x = h5::open_group(entries, name, where);
      growth_projection e;
      visit_scalars(e, [&](const char* key, auto& value) { value = read_attribute<std::remove_reference_t<decltype(value)>>(x, key, where); });
      visit_later_scalars(e, [&](const char* key, auto& value) { read_if_present(x, key, value, where); });
      if (e.projection >= s.projections.size() || s.projections[e.projection].name != name)
        throw error(fmt::format("{}: /growth/projections/{} does not match projection {} of /projections", where, name, e.projection));
      e.birth = read_vector<uint32_t>(x, "birth", static_cast<int64_t>(s.projections[e.projection].size()), where);
      g.projections.push_back(std::move(e));
    }
    std::sort(g.projections.begin(), g.projections.end(),
              [](const growth_projection& a, const growth_projection& b) { return a.projection < b.projection; });
    const uint32_t declared = read_attribute<uint32_t>(group, "projections", where);
    if (declared != g.projections.size())
      throw error(fmt::format("{}: /growth declares {} growing projections, the file holds {}", where, declared, g.projections.size()));
  }
  {
    auto entries = h5::open_group(group, "populations", where);
    for (const auto& name : h5::member_names(entries)) {
      auto x = h5::open_group(entries, name, where);
      growth_population e;
      visit_population(e, [&](const char* key, auto& value) { value = read_attribute<std::remove_reference_t<decltype(value)>>(x, key, where); });
      visit_later_population(e, [&](const char* key, auto& value) { read_if_present(x, key, value, where); });
      if (e.population >= s.populations.size() || s.populations[e.population].name != name)
        throw error(fmt::format("{}: /growth/populations/{} does not match population {} of /populations", where, name, e.population));
      g.populations.push_back(e);
    }
    std::sort(g.populations.begin(), g.populations.end(),
              [](const growth_population& a, const growth_population& b) { return a.population < b.population; });
    if (read_attribute<uint32_t>(group, "populations", where) != g.populations.size())
      throw error(fmt::format("{}: /growth declares another number of growing populations than it holds", where));
    const int64_t n = g.populations.empty() ? 0 : static_cast<int64_t>(s.neuron_count());
    g.alive = read_vector<uint8_t>(group, "alive", n, where);
    g.born = read_vector<uint64_t>(group, "born", n, where);
    g.died = read_vector<uint64_t>(group, "died", n, where);
  }
  auto log = h5::open_group(group, "log", where);
  const std::vector<uint64_t> step = read_vector<uint64_t>(log, "step", -1, where);
  const int64_t n = static_cast<int64_t>(step.size());
  const auto projection = read_vector<uint32_t>(log, "projection", n, where);
  const auto made = read_vector<uint32_t>(log, "made", n, where);
  const auto pruned = read_vector<uint32_t>(log, "pruned", n, where);
  const auto refused = read_vector<uint32_t>(log, "refused", n, where);
  const auto population = read_vector<uint8_t>(log, "population", n, where);
  for (int64_t i = 0; i < n; ++i) g.log.push_back({step[i], projection[i], made[i], pruned[i], refused[i], population[i]});
}

}  // namespace engram
