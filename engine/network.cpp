#include "engine/network.hpp"
#include "engine/replicas.hpp"

#include <algorithm>
#include <cmath>
#include <fmt/format.h>
#include <set>

#include "engine/errors.hpp"
#include "engine/limits.hpp"

namespace engram {
namespace {

void require_finite(double x, const std::string& what) {
  if (!std::isfinite(x)) throw invalid_network(fmt::format("{} is {}, expected a finite number", what, x));
}
void require_positive(double x, const std::string& what) {
  require_finite(x, what);
  if (x <= 0) throw invalid_network(fmt::format("{} must be > 0, got {}", what, x));
}

void validate_population(const population& p) {
  const std::string where = fmt::format("population '{}'", p.name);
  if (p.name.empty()) throw invalid_network("a population has an empty name");
  if (p.size == 0) throw invalid_network(where + " has size 0");
  switch (p.kind) {
    case neuron_kind::izhikevich: {
      const auto& z = p.izhikevich;
      for (const auto* arr : {&z.a, &z.b, &z.c, &z.d})
        if (arr->size() != p.size)
          throw invalid_network(fmt::format("{}: izhikevich parameter arrays must have {} entries", where, p.size));
      for (uint32_t i = 0; i < p.size; ++i) {
        require_finite(z.a[i], fmt::format("{} neuron {} parameter a", where, i));
        require_finite(z.b[i], fmt::format("{} neuron {} parameter b", where, i));
        require_finite(z.c[i], fmt::format("{} neuron {} parameter c", where, i));
        require_finite(z.d[i], fmt::format("{} neuron {} parameter d", where, i));
      }
      require_finite(z.v_init, where + " v_init");
      require_finite(z.v_peak, where + " v_peak");
      if (z.substeps < 1 || z.substeps > limits::max_substeps)
        throw invalid_network(fmt::format("{}: substeps must be in [1, {}], got {}", where, limits::max_substeps, z.substeps));
      if (z.scheme != izhikevich_scheme::substep && z.scheme != izhikevich_scheme::published)
        throw invalid_network(fmt::format("{}: unknown izhikevich scheme {} (0 substep, 1 published)", where, static_cast<int>(z.scheme)));
      break;
    }
    case neuron_kind::lif: {
      const auto& l = p.lif;
      require_positive(l.tau_m, where + " tau_m");
      require_positive(l.c_m, where + " c_m");
      if (!(l.tau_syn >= 0) || !std::isfinite(l.tau_syn))
        throw invalid_network(fmt::format("{} tau_syn must be finite and >= 0 (0: delta synapses), got {}", where, l.tau_syn));
      require_finite(l.t_ref, where + " t_ref");
      if (l.t_ref < 0) throw invalid_network(where + " t_ref must be >= 0");
      if (l.tau_m == l.tau_syn) throw invalid_network(where + " tau_m and tau_syn must differ (exact propagator)");
      for (double x : {l.v_rest, l.v_reset, l.v_thresh, l.i_bias, l.v_init}) require_finite(x, where + " voltage/current");
      if (!(l.v_init_range >= 0) || !std::isfinite(l.v_init_range))
        throw invalid_network(fmt::format("{} v_init_range must be finite and >= 0, got {}", where, l.v_init_range));
      if (l.v_reset >= l.v_thresh) throw invalid_network(where + " v_reset must be below v_thresh");
      break;
    }
    case neuron_kind::lif_cond: {
      const auto& l = p.lif_cond;
      require_positive(l.c_m, where + " c_m");
      require_positive(l.g_leak, where + " g_leak");
      require_positive(l.tau_exc, where + " tau_exc");
      require_positive(l.tau_inh, where + " tau_inh");
      require_finite(l.t_ref, where + " t_ref");
      if (l.t_ref < 0 || l.t_ref > 1e6) throw invalid_network(where + " t_ref must be in [0, 1e6] ms");
      require_finite(l.t_lockout, where + " t_lockout");
      if (l.t_lockout < 0 || l.t_lockout > 1e6) throw invalid_network(where + " t_lockout must be in [0, 1e6] ms");
      for (double x : {l.e_leak, l.e_exc, l.e_inh, l.v_reset, l.v_thresh, l.i_bias, l.v_init})
        require_finite(x, where + " voltage/current");
      // With an adaptive threshold the threshold starts at v_thresh + theta_init (Diehl & Cook:
      // -72 + 20 mV), which is what must lie above the reset.
      if (l.v_reset >= l.v_thresh + (p.homeostasis.adaptive_threshold ? p.homeostasis.theta_init : 0.0))
        throw invalid_network(where + " v_reset must be below v_thresh (+ theta_init with an adaptive threshold)");
      if (l.e_inh >= l.e_exc) throw invalid_network(where + " e_inh must be below e_exc");
      break;
    }
    case neuron_kind::poisson_source:
      if (p.rates_hz.size() != p.size)
        throw invalid_network(fmt::format("{}: rates_hz must have {} entries", where, p.size));
      for (float r : p.rates_hz) {
        require_finite(r, where + " rate");
        if (r < 0) throw invalid_network(where + " has a negative rate");
      }
      break;
    case neuron_kind::spike_source:
      for (auto [n, t] : p.spikes) {
        if (n >= p.size) throw invalid_network(fmt::format("{}: spike for neuron {} out of range", where, n));
        require_finite(t, where + " spike time");
        if (t < 0) throw invalid_network(where + " has a spike at negative time");
      }
      break;
  }
}

// Probability that a standard normal falls in [a, b].
double normal_mass(double a, double b) { return 0.5 * (std::erfc(a / std::sqrt(2.0)) - std::erfc(b / std::sqrt(2.0))); }

void validate_distribution(const distribution& d, const std::string& what) {
  if (d.truncated() && !(std::isfinite(d.high) && std::isfinite(d.low)))
    throw invalid_network(fmt::format(
        "{}: a {} distribution needs finite truncation bounds [low, high] (they size the delay ring and the "
        "fixed-point headroom); got [{}, {}]", what, d.type == distribution::kind::normal ? "normal" : "log-normal",
        d.low, d.high));
  require_finite(d.low, what + " low");
  require_finite(d.high, what + " high");
  if (d.high < d.low) throw invalid_network(fmt::format("{}: high {} < low {}", what, d.high, d.low));
  if (!d.truncated()) return;
  require_finite(d.mu, what + " mu");
  require_finite(d.sigma, what + " sigma");
  if (!(d.sigma > 0)) throw invalid_network(fmt::format("{}: sigma must be > 0, got {}", what, d.sigma));
  // The builders redraw outside [low, high] up to 8192 times; with 1 % of the mass inside, running
  // out has probability below 1e-35.
  double a = (d.low - d.mu) / d.sigma, b = (d.high - d.mu) / d.sigma;
  if (d.type == distribution::kind::lognormal) {
    if (d.low < 0) throw invalid_network(fmt::format("{}: a log-normal's low bound must be >= 0, got {}", what, d.low));
    a = d.low > 0 ? (std::log(d.low) - d.mu) / d.sigma : -INFINITY;
    b = d.high > 0 ? (std::log(d.high) - d.mu) / d.sigma : -INFINITY;
  }
  if (!(normal_mass(a, b) >= 0.01))
    throw invalid_network(fmt::format("{}: the bounds [{}, {}] keep {:.3g} of the distribution; at least 1 % is needed",
                                      what, d.low, d.high, normal_mass(a, b)));
}

// At most four compartments, each one the post population's morphology has.
void validate_compartments(const network& net, const projection& pr) {
  if (pr.compartments.empty()) return;
  const std::string where = fmt::format("projection '{}'", pr.name);
  if (pr.compartments.size() > max_compartment_choices)
    throw invalid_network(fmt::format("{}: {} compartments; at most {}", where, pr.compartments.size(), max_compartment_choices));
  const population& post = net.populations[net.population_index(pr.post)];
  if (post.shape == morphology::none && pr.compartments != std::vector<compartment>{compartment::soma})
    throw invalid_network(fmt::format("{}: targets dendrites of '{}', which has no morphology (set population.shape)", where, post.name));
  try {
    for (compartment c : pr.compartments) compartment_attenuation(post.shape, c);
  } catch (const invalid_network& e) {
    throw invalid_network(fmt::format("{} onto '{}': {}", where, post.name, e.what()));
  }
}

// Frequencies below the Nyquist limit of the step, a depth in [0, 1], and an envelope that is
// another oscillation input.
void validate_oscillation(const network& net, size_t i, const std::string& where) {
  const oscillation_drive& o = net.inputs[i].oscillation;
  for (double x : {o.frequency_hz, o.phase_rad, o.envelope_depth, o.preferred_rad}) require_finite(x, where + " oscillation parameter");
  const double nyquist = 500.0 / net.dt_ms;
  if (!(o.frequency_hz > 0 && o.frequency_hz < nyquist))
    throw invalid_network(fmt::format("{}: oscillation frequency {} Hz must be in (0, {:g}) Hz (the Nyquist limit at dt {} ms)", where,
                                      o.frequency_hz, nyquist, net.dt_ms));
  if (o.envelope_depth < 0 || o.envelope_depth > 1)
    throw invalid_network(fmt::format("{}: envelope depth {} must be in [0, 1]", where, o.envelope_depth));
  if (o.envelope_input < 0) return;
  if (static_cast<size_t>(o.envelope_input) >= net.inputs.size() || static_cast<size_t>(o.envelope_input) == i ||
      net.inputs[o.envelope_input].type != input::kind::oscillation)
    throw invalid_network(fmt::format("{}: envelope_input {} is not another oscillation input", where, o.envelope_input));
}

}  // namespace

transmitter_effect effect_of(transmitter t) {
  // Sign on the weight, modulation on the current (the seed project's table, docs/plasticity.md).
  switch (t) {
    case transmitter::glutamate: return {1.0, 1.0};
    case transmitter::gaba: return {-1.0, 1.0};
    case transmitter::dopamine: return {1.0, 1.5};
    case transmitter::serotonin: return {0.3, 0.8};
    case transmitter::acetylcholine: return {0.5, 1.2};
  }
  throw invalid_network("unknown transmitter");
}

int network::population_index(const std::string& name) const {
  for (size_t i = 0; i < populations.size(); ++i)
    if (populations[i].name == name) return static_cast<int>(i);
  return -1;
}

uint64_t network::neuron_count() const {
  uint64_t n = 0;
  for (const auto& p : populations) n += p.size;
  return n;
}

void network::validate() const {
  require_positive(dt_ms, "dt_ms");
  if (dt_ms < limits::min_dt_ms || dt_ms > limits::max_dt_ms)
    throw invalid_network(fmt::format("dt_ms {} outside [{:g}, {:g}] ms", dt_ms, limits::min_dt_ms, limits::max_dt_ms));
  if (populations.empty()) throw invalid_network("the network has no populations");
  if (neuron_count() >= UINT32_MAX) throw invalid_network("more than 2^32 - 1 neurons");
  std::set<std::string> names;
  for (const auto& p : populations) {
    validate_population(p);
    if (!names.insert(p.name).second) throw invalid_network(fmt::format("population '{}' is defined twice", p.name));
  }
  if (projections.size() > 4096 || inputs.size() > 4096)
    throw invalid_network("at most 4096 projections and 4096 inputs");
  for (const auto& pr : projections) {
    const std::string where = fmt::format("projection '{}'", pr.name);
    const int pre = population_index(pr.pre), post = population_index(pr.post);
    if (pre < 0) throw invalid_network(fmt::format("{}: unknown pre population '{}'", where, pr.pre));
    if (post < 0) throw invalid_network(fmt::format("{}: unknown post population '{}'", where, pr.post));
    const auto post_kind = populations[post].kind;
    if (post_kind == neuron_kind::poisson_source || post_kind == neuron_kind::spike_source)
      throw invalid_network(where + ": a source population cannot receive synapses");
    validate_distribution(pr.weight, where + " weight");
    if (pr.weight.low < 0) throw invalid_network(where + ": weights are magnitudes (the transmitter gives the sign); got a negative one");
    const uint32_t n_pre = populations[pre].size, n_post = populations[post].size;
    const auto& c = pr.connect;
    using ck = connector::kind;
    auto check_delay_steps = [&](double ms) {
      require_finite(ms, where + " delay");
      const double steps = std::round(ms / dt_ms);
      if (!(steps >= 1)) throw invalid_network(fmt::format("{}: delay {} ms is below one step ({} ms); delays must be >= 1 step", where, ms, dt_ms));
      if (steps > 255) throw invalid_network(fmt::format("{}: delay {} ms is {} steps; at most 255", where, ms, steps));
    };
    if (pr.delay_ms.truncated()) {  // drawn values are rounded to the step and raised to one step
      validate_distribution(pr.delay_ms, where + " delay");
      if (pr.delay_ms.low < 0) throw invalid_network(fmt::format("{}: delay low bound {} ms is negative", where, pr.delay_ms.low));
      check_delay_steps(pr.delay_ms.high);
    } else {
      check_delay_steps(pr.delay_ms.low);
      check_delay_steps(pr.delay_ms.high);
      validate_distribution(pr.delay_ms, where + " delay");
    }
    const uint32_t self_slots = (pre == post && !c.autapses) ? 1u : 0u;
    switch (c.type) {
      case ck::one_to_one:
        if (n_pre != n_post) throw invalid_network(where + ": one_to_one needs equal population sizes");
        break;
      case ck::fixed_probability:
        require_finite(c.probability, where + " probability");
        if (c.probability < 0 || c.probability > 1)
          throw invalid_network(fmt::format("{}: probability must be in [0, 1], got {}", where, c.probability));
        break;
      case ck::gaussian_distance:
        require_finite(c.probability, where + " probability");
        require_finite(c.sigma, where + " sigma");
        if (c.probability < 0 || c.probability > 1)
          throw invalid_network(fmt::format("{}: probability must be in [0, 1], got {}", where, c.probability));
        if (!(c.sigma > 0)) throw invalid_network(fmt::format("{}: gaussian_distance needs sigma > 0, got {}", where, c.sigma));
        break;
      case ck::fixed_indegree:
        if (c.degree == 0 || c.degree > n_pre - self_slots)
          throw invalid_network(fmt::format("{}: in-degree {} impossible with {} candidate sources", where, c.degree, n_pre - self_slots));
        break;
      case ck::fixed_outdegree:
        if (c.degree == 0 || c.degree > n_post - self_slots)
          throw invalid_network(fmt::format("{}: out-degree {} impossible with {} candidate targets", where, c.degree, n_post - self_slots));
        break;
      case ck::fixed_total_number:
        if (c.total >= (uint64_t{1} << 32))
          throw invalid_network(fmt::format("{}: {} synapses; fixed_total_number takes fewer than 2^32", where, c.total));
        if (c.total > 0 && uint64_t{n_pre} * n_post <= self_slots)
          throw invalid_network(fmt::format("{}: no (pre, post) pair to draw {} synapses from", where, c.total));
        break;
      case ck::explicit_list:
        if (c.pre.size() != c.post.size()) throw invalid_network(where + ": pre and post lists differ in length");
        if (!c.weights.empty() && c.weights.size() != c.pre.size()) throw invalid_network(where + ": weights list length differs");
        if (!c.delays.empty() && c.delays.size() != c.pre.size()) throw invalid_network(where + ": delays list length differs");
        for (size_t i = 0; i < c.pre.size(); ++i) {
          if (c.pre[i] >= n_pre || c.post[i] >= n_post)
            throw invalid_network(fmt::format("{}: synapse {} ({} -> {}) out of range", where, i, c.pre[i], c.post[i]));
          if (!c.weights.empty()) {
            require_finite(c.weights[i], fmt::format("{} synapse {} weight", where, i));
            if (c.weights[i] < 0) throw invalid_network(where + ": explicit weights are magnitudes; got a negative one");
          }
          if (!c.delays.empty() && (c.delays[i] < 1 || c.delays[i] > 255))
            throw invalid_network(fmt::format("{}: synapse {} delay {} steps outside [1, 255]", where, i, c.delays[i]));
        }
        break;
      case ck::all_to_all:
        break;
    }
  }
  for (const auto& pr : projections) validate_compartments(*this, pr);
  validate_replicas(*this);  // before the inputs, whose whole-network range is their replica's
  for (size_t i = 0; i < inputs.size(); ++i) {
    const auto& in = inputs[i];
    const std::string where = fmt::format("input {} on '{}'", i, in.population);
    const bool whole_network = in.population.empty();  // with replicas: the whole of its replica
    const int p = population_index(in.population);
    if (!whole_network && p < 0) throw invalid_network(where + ": unknown population");
    const population_span span = input_populations(*this, static_cast<uint32_t>(i));
    uint64_t size = whole_network ? 0 : populations[p].size;
    for (size_t q = span.first; q < span.end; ++q) {
      if (!whole_network && static_cast<int>(q) != p) continue;
      if (populations[q].kind == neuron_kind::poisson_source || populations[q].kind == neuron_kind::spike_source)
        throw invalid_network(where + ": inputs drive neurons with a membrane, not sources");
      if (whole_network) size += populations[q].size;
    }
    if (in.first >= size) throw invalid_network(where + ": first neuron out of range");
    for (double x : {in.amplitude, in.mean, in.sd, in.rate_hz, in.weight, in.start_ms})
      require_finite(x, where + " parameter");
    if (in.sd < 0 || in.rate_hz < 0) throw invalid_network(where + ": sd and rate must be >= 0");
    if (in.type == input::kind::uniform_noise && in.amplitude < 0)
      throw invalid_network(where + ": the amplitude (width) of uniform noise must be >= 0");
    const uint64_t driven = std::min<uint64_t>(in.count, size - in.first);
    if (in.type == input::kind::random_pulse && in.pulses_per_step > driven)
      throw invalid_network(fmt::format("{}: {} pulses per step on {} neurons (at most one per neuron)", where, in.pulses_per_step, driven));
    if (in.type == input::kind::poisson && in.rate_hz * dt_ms / 1000.0 > 500)
      throw invalid_network(where + ": rate x dt above 500 events per step");
    if (in.type == input::kind::oscillation) validate_oscillation(*this, i, where);
  }
}

input oscillation_input(const std::string& population, double frequency_hz, double amplitude, double phase_rad) {
  input in;
  in.type = input::kind::oscillation;
  in.population = population;
  in.amplitude = amplitude;
  in.oscillation.frequency_hz = frequency_hz;
  in.oscillation.phase_rad = phase_rad;
  return in;
}

double band_frequency_hz(const std::string& band) {
  static const std::pair<const char*, double> bands[] = {{"delta", 2}, {"theta", 6}, {"alpha", 10}, {"beta", 20}, {"gamma", 40}};
  for (auto [name, f] : bands)
    if (band == name) return f;
  throw invalid_parameter(fmt::format("unknown band '{}' (known: delta theta alpha beta gamma, or a frequency in Hz)", band));
}

izhikevich_abcd pattern_parameters(izhikevich_pattern p) {
  switch (p) {
    case izhikevich_pattern::RS: return {0.02f, 0.20f, -65.0f, 8.0f};
    case izhikevich_pattern::IB: return {0.02f, 0.20f, -55.0f, 4.0f};
    case izhikevich_pattern::CH: return {0.02f, 0.20f, -50.0f, 2.0f};
    case izhikevich_pattern::FS: return {0.10f, 0.20f, -65.0f, 2.0f};
    case izhikevich_pattern::LTS: return {0.02f, 0.25f, -65.0f, 2.0f};
    case izhikevich_pattern::TC: return {0.02f, 0.25f, -65.0f, 0.05f};
    case izhikevich_pattern::RZ: return {0.10f, 0.26f, -65.0f, 2.0f};
  }
  throw internal_error("unknown izhikevich pattern");
}

izhikevich_pattern parse_pattern(const std::string& name) {
  std::string up;
  for (char ch : name) up += static_cast<char>(std::toupper(static_cast<unsigned char>(ch)));
  const std::pair<const char*, izhikevich_pattern> table[] = {
      {"RS", izhikevich_pattern::RS}, {"IB", izhikevich_pattern::IB}, {"CH", izhikevich_pattern::CH},
      {"FS", izhikevich_pattern::FS}, {"LTS", izhikevich_pattern::LTS}, {"TC", izhikevich_pattern::TC},
      {"RZ", izhikevich_pattern::RZ}};
  for (auto [n, p] : table)
    if (up == n) return p;
  throw invalid_parameter(fmt::format("unknown firing pattern '{}' (known: RS IB CH FS LTS TC RZ)", name));
}

population izhikevich_population(const std::string& name, uint32_t size, izhikevich_pattern pattern) {
  const auto p = pattern_parameters(pattern);
  population pop;
  pop.name = name;
  pop.size = size;
  pop.kind = neuron_kind::izhikevich;
  pop.izhikevich.a.assign(size, p.a);
  pop.izhikevich.b.assign(size, p.b);
  pop.izhikevich.c.assign(size, p.c);
  pop.izhikevich.d.assign(size, p.d);
  return pop;
}

population lif_population(const std::string& name, uint32_t size, const lif_params& params) {
  population pop;
  pop.name = name;
  pop.size = size;
  pop.kind = neuron_kind::lif;
  pop.lif = params;
  return pop;
}

population lif_cond_population(const std::string& name, uint32_t size, const lif_cond_params& params) {
  population pop;
  pop.name = name;
  pop.size = size;
  pop.kind = neuron_kind::lif_cond;
  pop.lif_cond = params;
  return pop;
}

population poisson_source_population(const std::string& name, std::vector<float> rates_hz) {
  population pop;
  pop.name = name;
  pop.size = static_cast<uint32_t>(rates_hz.size());
  pop.kind = neuron_kind::poisson_source;
  pop.rates_hz = std::move(rates_hz);
  return pop;
}

population spike_source_population(const std::string& name, uint32_t size,
                                   std::vector<std::pair<uint32_t, double>> spikes) {
  population pop;
  pop.name = name;
  pop.size = size;
  pop.kind = neuron_kind::spike_source;
  pop.spikes = std::move(spikes);
  return pop;
}

population rate_encoder(const std::string& name, const std::vector<float>& values, double max_rate_hz,
                        uint32_t neurons_per_value) {
  if (neurons_per_value == 0) throw invalid_parameter("rate_encoder: neurons_per_value must be >= 1");
  std::vector<float> rates;
  rates.reserve(values.size() * neurons_per_value);
  for (float v : values) {
    if (!std::isfinite(v) || v < 0 || v > 1)
      throw invalid_parameter(fmt::format("rate_encoder '{}': values must be in [0, 1], got {}", name, v));
    rates.insert(rates.end(), neurons_per_value, static_cast<float>(v * max_rate_hz));
  }
  return poisson_source_population(name, std::move(rates));
}

}  // namespace engram
