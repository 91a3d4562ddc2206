#include "engine/layout.hpp"
#include "engine/replicas.hpp"

#include <algorithm>
#include <cmath>
#include <numbers>
#include <fmt/format.h>

#include "engine/errors.hpp"
#include "engine/fixed_point.hpp"
#include "engine/growth.hpp"
#include "engine/plasticity_layout.hpp"
#include "engine/rng.hpp"
#include "engine/state_reset.hpp"

namespace engram {

uint32_t delay_steps(double ms, double dt_ms) { return static_cast<uint32_t>(std::lround(ms / dt_ms)); }

uint32_t ring_slots_for(const network& net) {
  uint32_t max_delay = 1;
  for (const auto& pr : net.projections) {
    max_delay = std::max(max_delay, delay_steps(pr.delay_ms.high, net.dt_ms));
    for (uint16_t d : pr.connect.delays) max_delay = std::max<uint32_t>(max_delay, d);
  }
  return max_delay + 1;
}

bool per_synapse_delays(const network& net, const projection& pr) {
  return !pr.connect.delays.empty() || delay_steps(pr.delay_ms.low, net.dt_ms) != delay_steps(pr.delay_ms.high, net.dt_ms);
}

void set_synapse_format(synapse_table& t, bool per_synapse, uint32_t uniform_delay, uint32_t ring_slots) {
  t.target_bits = static_cast<uint8_t>(per_synapse ? target_bits_for(ring_slots) : 32);
  t.uniform_delay = static_cast<uint8_t>(per_synapse ? 0 : uniform_delay);
  if (t.target_bits < 32 && uint64_t{t.post_count} > (uint64_t{1} << t.target_bits))
    throw invalid_network(fmt::format(
        "projection '{}': {} target neurons with per-synapse delays of up to {} steps do not fit a synapse's 32-bit "
        "word ({} target bits leave room for {} neurons); use a uniform delay or shorter delays",
        t.name, t.post_count, ring_slots - 1, t.target_bits, uint64_t{1} << t.target_bits));
}

uint32_t ring_channels_for(const network& net) {
  for (const auto& p : net.populations)
    if (p.kind == neuron_kind::lif_cond) return 2;
  return 1;
}

uint8_t delivery_channel(const network& net, const projection& pr) {
  const auto& post = net.populations[net.population_index(pr.post)];
  return post.kind == neuron_kind::lif_cond && effect_of(pr.sign).sign < 0 ? 1 : 0;
}

void check_fixed_point_headroom(const network& net) {
  std::vector<double> bound(net.populations.size(), 0.0);
  for (const auto& pr : net.projections) {
    const auto& pre = net.populations[net.population_index(pr.pre)];
    const auto& post_pop = net.populations[net.population_index(pr.post)];
    double in_degree = pre.size;
    using ck = connector::kind;
    if (pr.connect.type == ck::fixed_indegree) in_degree = pr.connect.degree;
    if (pr.connect.type == ck::one_to_one) in_degree = 1;
    if (pr.connect.type == ck::explicit_list) in_degree = static_cast<double>(pr.connect.pre.size());
    if (pr.connect.type == ck::fixed_total_number) {
      // Drawn pairs: a neuron's in-degree is binomial around total / n_post. A tail bound, 20 sd
      // above the mean (exceeded with probability below 1e-80), stands in for the worst case
      // (every synapse on one neuron), which would refuse every large network.
      const double mean = static_cast<double>(pr.connect.total) / post_pop.size;
      in_degree = std::min(static_cast<double>(pr.connect.total), mean + 20.0 * std::sqrt(mean) + 20.0);
    }
    double w = pr.weight.high;
    for (float x : pr.connect.weights) w = std::max<double>(w, x);
    if (pr.growth.enabled) {  // synaptogenesis may connect every presynaptic neuron, at its own weights
      in_degree = std::max<double>(in_degree, pre.size);
      w = std::max(w, pr.growth.weight_high);
    }
    // Plastic weights may grow to w_max; the transmitter scales what is delivered.
    const transmitter_effect effect = effect_of(pr.sign);
    w *= std::fabs(effect.sign);
    if (pr.plasticity.changes_weights()) w = std::max(w, pr.plasticity.w_max);
    w *= effect.modulation;
    bound[net.population_index(pr.post)] += in_degree * w;
  }
  for (const auto& in : net.inputs) {
    if (in.type != input::kind::poisson) continue;
    for (size_t p = 0; p < bound.size(); ++p)
      if (in.population.empty() || static_cast<int>(p) == net.population_index(in.population))
        bound[p] += 1024.0 * std::fabs(in.weight);
  }
  for (size_t p = 0; p < bound.size(); ++p)
    if (bound[p] * fixed_point_scale >= fixed_point_limit)
      throw invalid_network(fmt::format(
          "population '{}' could receive up to {:g} units of input in one step, beyond the fixed-point "
          "range ({:g}); reduce weights or in-degree", net.populations[p].name, bound[p], fixed_point_limit / fixed_point_scale));
}

namespace {

void lay_out_izhikevich(const population& p, uint32_t first, neuron_arrays& n, population_range& r) {
  const auto& z = p.izhikevich;
  r.substeps = z.substeps;
  r.scheme = z.scheme;
  r.v_peak = z.v_peak;
  r.v_init = z.v_init;
  for (uint32_t i = 0; i < p.size; ++i) {
    n.a[first + i] = z.a[i];
    n.b[first + i] = z.b[i];
    n.c[first + i] = z.c[i];
    n.d[first + i] = z.d[i];
    n.v[first + i] = z.v_init;
    n.u[first + i] = z.b[i] * z.v_init;
  }
}

// The population's stream keys the initial potentials when they are spread (Philox block 1: model
// builders draw their parameters from block 0); the element is the neuron within the population.
void lay_out_lif(const population& p, const rng_stream& rng, uint32_t first, double dt, neuron_arrays& n,
                 population_range& r) {
  const auto& l = p.lif;
  const bool delta = l.tau_syn == 0;  // no synaptic current: the input goes straight into v
  const double p_vv = std::exp(-dt / l.tau_m), p_ii = delta ? 0.0 : std::exp(-dt / l.tau_syn);
  r.p_vv = static_cast<float>(p_vv);
  r.p_ii = static_cast<float>(p_ii);
  r.p_vi = delta ? 0.0f : static_cast<float>(l.tau_m * l.tau_syn / (l.c_m * (l.tau_syn - l.tau_m)) * (p_ii - p_vv));
  r.delta_synapses = delta ? 1 : 0;
  r.p_vbias = static_cast<float>(l.tau_m / l.c_m * (1.0 - p_vv));
  r.v_rest = static_cast<float>(l.v_rest);
  r.v_reset = static_cast<float>(l.v_reset);
  r.v_thresh = static_cast<float>(l.v_thresh);
  r.i_bias = static_cast<float>(l.i_bias);
  r.refractory_steps = static_cast<int32_t>(std::lround(l.t_ref / dt));
  r.v_init = static_cast<float>(l.v_init);
  std::fill_n(n.v.begin() + first, p.size, static_cast<float>(l.v_init));
  if (l.v_init_range > 0)
    for (uint32_t i = 0; i < p.size; ++i) {
      const philox_block b = stream_block(rng, rng_purpose::parameter_init, i, 0, 1);
      n.v[first + i] = static_cast<float>(l.v_init + l.v_init_range * uniform_open1(b.x[0], b.x[1]));
    }
}

void lay_out_lif_cond(const population& p, uint32_t first, double dt, neuron_arrays& n, population_range& r) {
  const auto& l = p.lif_cond;
  r.v_rest = static_cast<float>(l.e_leak);
  r.e_exc = static_cast<float>(l.e_exc);
  r.e_inh = static_cast<float>(l.e_inh);
  r.g_leak = static_cast<float>(l.g_leak);
  r.dt_over_c = static_cast<float>(dt / l.c_m);
  r.g_exc_decay = static_cast<float>(std::exp(-dt / l.tau_exc));
  r.g_inh_decay = static_cast<float>(std::exp(-dt / l.tau_inh));
  r.v_reset = static_cast<float>(l.v_reset);
  r.v_thresh = static_cast<float>(l.v_thresh);
  r.i_bias = static_cast<float>(l.i_bias);
  r.refractory_steps = static_cast<int32_t>(std::lround(l.t_ref / dt));
  r.lockout_steps = std::max(r.refractory_steps, static_cast<int32_t>(std::lround(l.t_lockout / dt)));
  r.v_init = static_cast<float>(l.v_init);
  std::fill_n(n.v.begin() + first, p.size, static_cast<float>(l.v_init));
}

// The attenuation of each compartment the projection's synapses land on (engine/morphology.hpp).
void set_dendrites(const network& net, const projection& pr, uint32_t ordinal, synapse_table& t) {
  if (pr.compartments.empty()) return;
  const morphology shape = net.populations[net.population_index(pr.post)].shape;
  t.dendrite_choices = static_cast<uint8_t>(pr.compartments.size());
  t.dendrite_key = projection_stream(net, ordinal).object;  // the ordinal within its replica
  for (size_t k = 0; k < pr.compartments.size(); ++k)
    t.dendrite_gain[k] = static_cast<float>(compartment_attenuation(shape, pr.compartments[k]));
}

// A phase in turns as a 64-bit fraction of a turn (2^64 = one turn), taken modulo one turn.
uint64_t turn_bits(double turns) {
  const double fraction = turns - std::floor(turns);
  return fraction >= 1.0 ? 0 : static_cast<uint64_t>(std::ldexp(fraction, 64));
}

// Where an oscillation input's phase starts (locked: as given; free: drawn) and how far it moves per step.
void compile_phase(const network& net, uint32_t ordinal, uint64_t& origin, uint64_t& per_step) {
  const oscillation_drive& o = net.inputs[ordinal].oscillation;
  per_step = turn_bits(o.frequency_hz * net.dt_ms / 1000.0);
  if (o.locked) {
    origin = turn_bits(o.phase_rad / (2 * std::numbers::pi));
  } else {
    const philox_block b = stream_block(replica_stream(net.replicas, net.seed, replica_object::input, ordinal, {}),
                                        rng_purpose::oscillation_phase, 0, 0);
    origin = (static_cast<uint64_t>(b.x[0]) << 32) | b.x[1];
  }
}

compiled_input compile_input(const network& net, const input& in, uint32_t ordinal,
                             const std::vector<population_range>& ranges) {
  // An empty population name means every neuron of the network (of its replica, with replicas).
  const population_span span = input_populations(net, ordinal);
  population_range range;
  range.first = ranges[span.first].first;
  range.size = ranges[span.end - 1].first + ranges[span.end - 1].size - range.first;
  if (!in.population.empty()) range = ranges[net.population_index(in.population)];
  compiled_input c;
  c.type = in.type;
  c.ordinal = ordinal;
  c.first = range.first + in.first;
  c.count = std::min(in.count, range.size - in.first);
  c.amplitude = static_cast<float>(in.amplitude);
  c.mean = static_cast<float>(in.mean);
  c.sd = static_cast<float>(in.sd);
  c.weight = static_cast<float>(in.weight);
  c.start_step = static_cast<uint64_t>(std::llround(std::max(0.0, in.start_ms) / net.dt_ms));
  const double stop = std::min(in.stop_ms / net.dt_ms, 1.8e19);
  c.stop_step = static_cast<uint64_t>(std::llround(std::max(0.0, stop)));
  c.exp_minus_lambda = std::exp(-in.rate_hz * net.dt_ms / 1000.0);
  c.pulses_per_step = in.pulses_per_step;
  if (in.type == input::kind::oscillation) {
    compile_phase(net, ordinal, c.phase_origin, c.phase_step);
    const oscillation_drive& o = in.oscillation;
    if (o.envelope_input >= 0 && o.envelope_depth > 0) {
      compile_phase(net, static_cast<uint32_t>(o.envelope_input), c.envelope_origin, c.envelope_step);
      c.envelope_preferred = turn_bits(o.preferred_rad / (2 * std::numbers::pi));
      c.envelope_depth = static_cast<float>(o.envelope_depth);
    }
  }
  return c;
}

}  // namespace

network_state initial_state(const network& net) {
  net.validate();
  validate_plasticity(net);
  validate_growth(net);
  check_fixed_point_headroom(net);
  network_state s;
  s.dt_ms = net.dt_ms;
  s.seed = net.seed;
  s.replicas = net.replicas;
  const std::vector<uint32_t> population_first = population_firsts(net);
  const uint32_t n = static_cast<uint32_t>(net.neuron_count());
  auto& arr = s.neurons;
  for (auto* v : {&arr.v, &arr.u, &arr.i_syn, &arr.g_inh, &arr.a, &arr.b, &arr.c, &arr.d}) v->assign(n, 0.0f);
  arr.refractory.assign(n, 0);
  arr.spike_probability.assign(n, 0.0);

  uint32_t first = 0;
  for (const auto& p : net.populations) {
    population_range r;
    r.name = p.name;
    r.first = first;
    r.size = p.size;
    r.kind = p.kind;
    switch (p.kind) {
      case neuron_kind::izhikevich: lay_out_izhikevich(p, first, arr, r); break;
      case neuron_kind::lif:
        lay_out_lif(p, replica_stream(net.replicas, net.seed, replica_object::population,
                                      static_cast<uint32_t>(&p - net.populations.data()), population_first),
                    first, net.dt_ms, arr, r);
        break;
      case neuron_kind::lif_cond: lay_out_lif_cond(p, first, net.dt_ms, arr, r); break;
      case neuron_kind::poisson_source:
        for (uint32_t i = 0; i < p.size; ++i)
          arr.spike_probability[first + i] = spike_probability_of(p.rates_hz[i], net.dt_ms);
        break;
      case neuron_kind::spike_source: {
        for (auto [neuron, t] : p.spikes) {
          s.scheduled_spikes.step.push_back(static_cast<uint64_t>(std::llround(t / net.dt_ms)));
          s.scheduled_spikes.neuron.push_back(first + neuron);
        }
        break;
      }
    }
    s.populations.push_back(r);
    first += p.size;
  }
  // Sort scheduled spikes by (step, neuron) and drop duplicates: one spike per neuron per step.
  auto& sch = s.scheduled_spikes;
  std::vector<std::pair<uint64_t, uint32_t>> spikes;
  for (size_t i = 0; i < sch.step.size(); ++i) spikes.emplace_back(sch.step[i], sch.neuron[i]);
  std::sort(spikes.begin(), spikes.end());
  spikes.erase(std::unique(spikes.begin(), spikes.end()), spikes.end());
  sch = {};
  for (auto [st, ne] : spikes) {
    sch.step.push_back(st);
    sch.neuron.push_back(ne);
  }

  for (uint32_t i = 0; i < net.inputs.size(); ++i) s.inputs.push_back(compile_input(net, net.inputs[i], i, s.populations));
  assign_streams(s);

  s.ring_slots = ring_slots_for(net);
  s.ring_channels = ring_channels_for(net);
  s.ring.assign(static_cast<size_t>(s.ring_channels) * s.ring_slots * n, 0);
  for (const auto& pr : net.projections) {
    synapse_table t;
    const auto& pre = s.populations[net.population_index(pr.pre)];
    const auto& post = s.populations[net.population_index(pr.post)];
    t.name = pr.name;
    t.pre_first = pre.first;
    t.pre_count = pre.size;
    t.post_first = post.first;
    t.post_count = post.size;
    t.channel = delivery_channel(net, pr);
    set_dendrites(net, pr, static_cast<uint32_t>(s.projections.size()), t);
    set_synapse_format(t, per_synapse_delays(net, pr), delay_steps(pr.delay_ms.low, net.dt_ms), s.ring_slots);
    s.projections.push_back(std::move(t));
  }
  lay_out_plasticity(net, s);
  lay_out_growth(net, s);
  return s;
}

uint64_t synapse_table::synapses() const {
  if (row_used.empty()) return size();
  uint64_t total = 0;
  for (uint32_t used : row_used) total += used;
  return total;
}

uint64_t network_state::synapse_count() const {
  uint64_t total = 0;
  for (const auto& p : projections) total += p.synapses();
  return total;
}

uint64_t network_state::synapse_bytes() const {
  uint64_t total = 0;
  for (const auto& p : projections) total += p.bytes();
  // Plastic synapses add their derivative or eligibility (4 B) and what a backend derives for
  // them: the transposed index (a synapse id, 4 B, plus 8 B per column).
  for (const auto& p : plasticity.projections) {
    const synapse_table& t = projections[p.projection];
    total += (p.synapse_aux.size() + p.importance.size() + p.gate.size()) * 4;
    if (needs_transposed_index(p)) total += transposed_index_bytes(t);
  }
  for (const auto& g : growth.projections) total += g.birth.size() * 4;  // each growing synapse's birth
  return total;
}

}  // namespace engram
