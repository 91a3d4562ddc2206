// The /plasticity group of a snapshot (docs/plasticity.md, "Snapshot layout"). Empty for static
// networks and for files written before plasticity existed; both load as static.
#include "host/io/snapshot_plasticity.hpp"

#include <fmt/format.h>

#include "engine/errors.hpp"
#include "host/io/hdf5_io.hpp"
#include "host/io/snapshot_check.hpp"

namespace engram {
namespace {

using h5::read_attribute;
using h5::read_vector;
using h5::write_attribute;
using h5::write_vector;

// Every scalar of an entry, by name: one list serves writing and reading.
template <class P, class F> void visit_scalars(P& p, F&& f) {
  f("projection", p.projection);
  f("frozen", p.frozen);
  f("modulation", p.modulation);
  f("delay_min", p.delay_min);
  f("delay_max", p.delay_max);
  auto& k = p.stdp;
  f("stdp_enabled", k.enabled);
  f("stdp_nearest", k.nearest);
  f("stdp_multiplicative", k.multiplicative);
  f("stdp_target", k.target);
  f("stdp_bcm", k.bcm);
  f("a_plus", k.a_plus);
  f("a_minus", k.a_minus);
  f("lambda_plus", k.lambda_plus);
  f("lambda_minus", k.lambda_minus);
  f("stdp_triplet", k.triplet);
  f("lambda_triplet", k.lambda_triplet);
  f("w_min", k.w_min);
  f("w_max", k.w_max);
  f("polarity", k.polarity);
  f("bcm_inv_target", k.bcm_inv_target);
  f("bcm_min", k.bcm_min);
  f("bcm_max", k.bcm_max);
  f("derivative_period", p.derivative_period);
  f("derivative_bias", p.derivative_bias);
  f("derivative_decay", p.derivative_decay);
  f("dopamine_channel", p.dopamine_channel);
  f("dopamine_reference", p.dopamine_reference);
  f("dopamine_gain", p.dopamine_gain);
  f("apply_period", p.apply_period);
  f("eligibility_period_decay", p.eligibility_period_decay);
  f("scaling", p.scaling);
  f("scaling_period", p.scaling_period);
  f("scaling_target_hz", p.scaling_target_hz);
  f("scaling_eta", p.scaling_eta);
  f("scaling_max_step", p.scaling_max_step);
  f("normalise", p.normalise);
  f("normalise_period", p.normalise_period);
  f("normalise_target", p.normalise_target);
  f("stp", p.stp);
  f("stp_U", p.stp_U);
  f("stp_rec_decay", p.stp_rec_decay);
  f("stp_fac_decay", p.stp_fac_decay);
}

template <class P, class F> void visit_arrays(P& p, F&& f) {
  f("pre_trace", p.pre_trace);
  f("post_trace", p.post_trace);
  f("synapse_aux", p.synapse_aux);
  f("stp_u", p.stp_u);
  f("stp_x", p.stp_x);
  f("eligibility_lag", p.eligibility_lag);
}

// Selective plasticity: written only for protected entries, so files without it read as before.
template <class P, class F> void visit_protection(P& p, F&& f) {
  f("protect_per_neuron", p.protect_per_neuron);
  f("protect_sharpness", p.protect_sharpness);
  f("protect_quantile", p.protect_quantile);
  f("protect_min_gate", p.protect_min_gate);
  f("protect_warmup", p.protect_warmup);
  f("consolidated_step", p.consolidated_step);
  f("protect_threshold", p.protect_threshold);
  f("surprise", p.surprise);
}

template <class H, class F> void visit_homeostasis(H& h, F&& f) {
  f("population", h.population);
  f("threshold", h.threshold);
  f("theta_increment", h.theta_increment);
  f("theta_decay", h.theta_decay);
  f("track_rate", h.track_rate);
  f("rate_decay", h.rate_decay);
  f("rate_gain", h.rate_gain);
}

template <class C, class F> void visit_contingency(C& c, F&& f) {
  f("ordinal", c.ordinal);
  f("channel", c.channel);
  f("pre", c.pre);
  f("post", c.post);
  f("window_steps", c.window_steps);
  f("delay_min_steps", c.delay_min_steps);
  f("delay_max_steps", c.delay_max_steps);
  f("amount", c.amount);
  f("last_pre_step", c.last_pre_step);
  f("released", c.released);
}

auto writer(hid_t g) {
  return [g](const char* name, const auto& value) { write_attribute(g, name, value); };
}
auto reader(hid_t g, const std::string& where) {
  return [g, &where](const char* name, auto& value) { value = read_attribute<std::remove_reference_t<decltype(value)>>(g, name, where); };
}

}  // namespace

void write_plasticity(hid_t group, const network_state& s) {
  const auto& ps = s.plasticity;
  if (!ps.active()) return;  // static: the group stays empty
  // Counts let a reader notice a deleted entry (STDP silently off is worse than an error).
  write_attribute(group, "projections", static_cast<uint32_t>(ps.projections.size()));
  write_attribute(group, "populations", static_cast<uint32_t>(ps.populations.size()));
  write_attribute(group, "dopamine", static_cast<uint32_t>(ps.dopamine.size()));
  write_attribute(group, "contingencies", static_cast<uint32_t>(ps.contingencies.size()));
  {
    auto g = h5::create_group(group, "projections");
    for (const auto& p : ps.projections) {
      auto e = h5::create_group(g, s.projections[p.projection].name);
      visit_scalars(p, writer(e));
      visit_arrays(p, [&](const char* name, const std::vector<float>& v) { write_vector(e, name, v); });
      if (p.protect) {
        write_attribute(e, "protect", p.protect);
        visit_protection(p, writer(e));
        write_vector(e, "importance", p.importance);
        write_vector(e, "gate", p.gate);
      }
    }
  }
  {
    auto g = h5::create_group(group, "populations");
    for (const auto& h : ps.populations) visit_homeostasis(h, writer(h5::create_group(g, s.populations[h.population].name)));
  }
  write_vector(group, "theta", ps.theta);
  write_vector(group, "rate_hz", ps.rate_hz);
  {
    auto g = h5::create_group(group, "dopamine");
    for (size_t i = 0; i < ps.dopamine.size(); ++i) {
      auto c = h5::create_group(g, fmt::format("channel_{}", i));
      const auto& d = ps.dopamine[i];
      h5::write_fixed_string_attribute(c, "name", d.name);
      write_attribute(c, "baseline", d.baseline);
      write_attribute(c, "decay", d.decay);
      write_attribute(c, "level", d.level);
    }
  }
  {
    auto g = h5::create_group(group, "contingencies");
    for (size_t i = 0; i < ps.contingencies.size(); ++i) {
      auto c = h5::create_group(g, fmt::format("contingency_{}", i));
      visit_contingency(ps.contingencies[i], writer(c));
      write_vector(c, "pending", ps.contingencies[i].pending);
    }
  }
  {
    // The spikes of the last ring_slots steps, slot by slot (slot = step mod ring_slots).
    auto g = h5::create_group(group, "spike_history");
    std::vector<uint32_t> counts, neurons;
    for (const auto& slot : ps.spike_history) {
      counts.push_back(static_cast<uint32_t>(slot.size()));
      neurons.insert(neurons.end(), slot.begin(), slot.end());
    }
    write_vector(g, "count", counts);
    write_vector(g, "neuron", neurons);
  }
}

void read_plasticity(hid_t file, network_state& s, const std::string& where) {
  if (!h5::exists(file, "plasticity")) return;  // files from before plasticity: static
  auto group = h5::open_group(file, "plasticity", where);
  if (!h5::exists(group, "projections")) {  // empty group: a static network
    check_declared_count(group, "projections", 0, "/plasticity/projections", where);
    return;
  }
  auto& ps = s.plasticity;
  {
    auto g = h5::open_group(group, "projections", where);
    for (const auto& name : h5::member_names(g)) {
      auto e = h5::open_group(g, name, where);
      plastic_projection p;
      visit_scalars(p, reader(e, where));
      visit_arrays(p, [&](const char* key, std::vector<float>& v) { v = read_vector<float>(e, key, -1, where); });
      if (h5::has_attribute(e, "protect")) {
        p.protect = read_attribute<uint8_t>(e, "protect", where);
        visit_protection(p, reader(e, where));
        p.importance = read_vector<float>(e, "importance", -1, where);
        p.gate = read_vector<float>(e, "gate", -1, where);
      }
      if (p.projection >= s.projections.size() || s.projections[p.projection].name != name)
        throw error(fmt::format("{}: /plasticity/projections/{} does not match projection {} of /projections", where, name, p.projection));
      ps.projections.push_back(std::move(p));
    }
    check_declared_count(group, "projections", ps.projections.size(), "/plasticity/projections", where);
  }
  {
    auto g = h5::open_group(group, "populations", where);
    for (const auto& name : h5::member_names(g)) {
      homeostasis_constants h;
      visit_homeostasis(h, reader(h5::open_group(g, name, where), where));
      ps.populations.push_back(h);
    }
    check_declared_count(group, "populations", ps.populations.size(), "/plasticity/populations", where);
  }
  ps.theta = read_vector<float>(group, "theta", -1, where);
  ps.rate_hz = read_vector<float>(group, "rate_hz", -1, where);
  {
    auto g = h5::open_group(group, "dopamine", where);
    for (const auto& name : h5::member_names(g)) {
      auto c = h5::open_group(g, name, where);
      dopamine_state d;
      d.name = h5::read_string_attribute(c, "name", where);
      d.baseline = read_attribute<float>(c, "baseline", where);
      d.decay = read_attribute<float>(c, "decay", where);
      d.level = read_attribute<float>(c, "level", where);
      ps.dopamine.push_back(d);
    }
    check_declared_count(group, "dopamine", ps.dopamine.size(), "/plasticity/dopamine", where);
  }
  {
    auto g = h5::open_group(group, "contingencies", where);
    for (const auto& name : h5::member_names(g)) {
      auto c = h5::open_group(g, name, where);
      contingency_state r;
      visit_contingency(r, reader(c, where));
      r.pending = read_vector<uint64_t>(c, "pending", -1, where);
      ps.contingencies.push_back(std::move(r));
    }
    check_declared_count(group, "contingencies", ps.contingencies.size(), "/plasticity/contingencies", where);
  }
  {
    auto g = h5::open_group(group, "spike_history", where);
    const auto counts = read_vector<uint32_t>(g, "count", -1, where);
    const auto neurons = read_vector<uint32_t>(g, "neuron", -1, where);
    uint64_t total = 0;
    for (uint32_t c : counts) total += c;
    if (total != neurons.size())
      throw error(fmt::format("{}: /plasticity/spike_history holds {} neurons, its counts add up to {}", where, neurons.size(), total));
    uint64_t at = 0;
    for (uint32_t c : counts) {
      ps.spike_history.emplace_back(neurons.begin() + static_cast<int64_t>(at), neurons.begin() + static_cast<int64_t>(at + c));
      at += c;
    }
  }
}

}  // namespace engram
