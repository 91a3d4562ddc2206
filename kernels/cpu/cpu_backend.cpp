#include "kernels/cpu/cpu_backend.hpp"

#include <algorithm>
#include <fmt/format.h>
#include <fstream>
#include <omp.h>

#include "engine/errors.hpp"
#include "engine/growth.hpp"
#include "engine/plasticity_layout.hpp"
#include "engine/protection.hpp"
#include "engine/state_reset.hpp"
#include "engine/state_weights.hpp"
#include "kernels/common/fixed_point.hpp"
#include "kernels/common/inputs.hpp"
#include "kernels/common/neuron_update.hpp"
#include "kernels/common/plasticity_homeostasis.hpp"
#include "kernels/cpu/build_synapses.hpp"
#include "kernels/cpu/vector_loops.hpp"

namespace engram::cpu {
namespace {

std::string cpu_model() {
  std::ifstream in("/proc/cpuinfo");
  for (std::string line; std::getline(in, line);)
    if (line.rfind("model name", 0) == 0) return line.substr(line.find(':') + 2);
  return "unknown CPU";
}

}  // namespace

cpu_backend::cpu_backend(const backend_options& options)
    : threads_(options.threads > 0 ? options.threads : omp_get_max_threads()),
      min_parallel_work_(options.min_parallel_work) {}

std::string cpu_backend::device() const { return fmt::format("{} ({} OpenMP threads)", cpu_model(), threads_); }

void cpu_backend::build(const network& net, network_state initial) {
  for (uint32_t p = 0; p < initial.projections.size(); ++p) build_synapses(net, p, initial.projections[p], threads_);
  prepare_plastic_synapses(initial);
  load(std::move(initial));
}

void cpu_backend::load(network_state state) {
  state_ = std::move(state);
  open_row_slack(state_);  // growing projections grow in place (grow below)
  state_slack_ = has_row_slack(state_);
  const uint32_t n = state_.neuron_count();
  if (state_.ring.size() != static_cast<size_t>(state_.ring_channels) * state_.ring_slots * n)
    throw internal_error("ring buffer size does not match channels x ring_slots x neurons");
  ring_ = &state_.ring;
  block_ring_.clear();
  ring_width_ = n;
  ring_first_ = 0;
  i_ext_.assign(n, 0.0f);
  fired_.assign(n, 0);
  if (spike_counts_.size() != n) spike_counts_.assign(n, 0);
  spikes_.clear();
  thread_spikes_.assign(threads_, {});
  const auto& ps = state_.plasticity;
  entry_of_projection_.assign(state_.projections.size(), -1);
  for (uint32_t e = 0; e < ps.projections.size(); ++e) entry_of_projection_[ps.projections[e].projection] = static_cast<int32_t>(e);
  adaptive_population_.assign(state_.populations.size(), 0);
  for (const auto& h : ps.populations) adaptive_population_[h.population] = h.threshold;
  plasticity_.load(state_, threads_, min_parallel_work_);
  sorted_rows_ = sorted_rows_of(state_);
  release_.assign(state_.projections.size(), {});
  for (const auto& p : ps.projections)
    if (p.stp) release_[p.projection].assign(state_.projections[p.projection].pre_count, 0.0f);
  plasticity_outline_ = driver::plasticity_outline_of(ps);
  outline_ = driver::outline_of(state_, &plasticity_outline_);
}

void cpu_backend::add_inputs(uint64_t step) {
  const uint32_t n = state_.neuron_count();
  const ring_slot slot = ring_at(0, step % state_.ring_slots);
  const uint32_t lo = owned_.first, hi = std::min(owned_.end, n);  // a distributed run's block, else all
#pragma omp parallel for num_threads(threads_) schedule(static) if (wide(hi - lo))
  for (int64_t i = lo; i < static_cast<int64_t>(hi); ++i) i_ext_[i] = 0.0f;
  for (const auto& whole : state_.inputs) {
    if (whole.type == input::kind::random_pulse) {
      for (uint32_t p = 0; p < whole.pulses_per_step; ++p)
        if (const uint32_t i = random_pulse_target(whole, step, p); i >= lo && i < hi) i_ext_[i] += whole.amplitude;
      continue;
    }
    compiled_input in = whole;  // the part of its range in the block
    in.first = std::clamp(whole.first, lo, hi);
    in.count = std::clamp(whole.first + whole.count, lo, hi) - in.first;
    if (in.type == input::kind::noise) {
      apply_noise(in, step);
      continue;
    }
#pragma omp parallel for num_threads(threads_) schedule(static) if (wide(in.count))
    for (int64_t k = 0; k < static_cast<int64_t>(in.count); ++k) {
      const uint32_t i = in.first + static_cast<uint32_t>(k);
      apply_input(in, i, step, i_ext_[i], slot[i]);
    }
  }
}

// A Gaussian noise input, one Philox block per pair of neurons (kernels/common/inputs.hpp): the
// same values apply_input gives each neuron. The pairs wholly inside the input's range run in a
// loop without branches, which the compiler vectorises; the (at most two) partial pairs at its
// ends are added one neuron at a time. Pairs count in the input's stream, from its replica's first
// neuron (in.rng.base): element e is neuron base + e.
void cpu_backend::apply_noise(const compiled_input& in, uint64_t step) {
  if (in.count == 0) return;
  const uint32_t base = in.rng.base, first = in.first - base, end = first + in.count;  // elements
  float* i_ext = i_ext_.data() + base;
  const uint32_t whole_first = (first + 1) >> 1, whole_end = end >> 1;  // pairs [2j, 2j + 1] inside
  auto one = [&](uint32_t e) {
    const normal_pair z = noise_pair(in, e >> 1, step);
    i_ext[e] = i_ext[e] + noise_current(in, (e & 1) ? z.sine : z.cosine);
  };
  if (whole_end <= whole_first) {
    for (uint32_t e = first; e < end; ++e) one(e);
    return;
  }
  if (first & 1) one(first);
  if (end & 1) one(end - 1);
  const int64_t batches = (whole_end - whole_first + noise_batch - 1) / noise_batch;
#pragma omp parallel for num_threads(threads_) schedule(static) if (wide(static_cast<uint64_t>(batches) * noise_batch))
  for (int64_t k = 0; k < batches; ++k) {
    const uint32_t from = whole_first + static_cast<uint32_t>(k) * noise_batch;
    const uint32_t count = std::min(noise_batch, whole_end - from);
    double cosine[noise_batch], sine[noise_batch];
    normals_of_pairs(in.rng, from, step, count, cosine, sine);
    for (uint32_t j = 0; j < count; ++j) {
      const uint32_t even = 2 * (from + j);
      i_ext[even] = i_ext[even] + noise_current(in, cosine[j]);
      i_ext[even + 1] = i_ext[even + 1] + noise_current(in, sine[j]);
    }
  }
}

void cpu_backend::integrate_population(uint32_t ordinal, const population_range& p, uint64_t step) {
  const ring_slot slot = ring_at(0, step % state_.ring_slots);
  auto& a = state_.neurons;
  if (adaptive_population_[ordinal]) {
    if (p.kind == neuron_kind::lif_cond) return integrate_conductance(p, slot, state_.plasticity.theta.data());
    return integrate_adaptive(p, slot);
  }
  switch (p.kind) {
    case neuron_kind::izhikevich: {
      integrate_izhikevich(p, slot, nullptr);
      break;
    }
    case neuron_kind::lif: {
      const lif_constants c = lif_constants_of(p);
#pragma omp parallel for num_threads(threads_) schedule(static) if (wide(p.size))
      for (int64_t k = 0; k < static_cast<int64_t>(p.size); ++k) {
        const uint32_t i = p.first + static_cast<uint32_t>(k);
        const float jump = static_cast<float>(from_fixed(slot[i]));
        slot[i] = 0;
        fired_[i] = lif_update(a.v[i], a.i_syn[i], a.refractory[i], i_ext_[i], jump, c);
      }
      break;
    }
    case neuron_kind::lif_cond:
      integrate_conductance(p, slot, nullptr);
      break;
    case neuron_kind::poisson_source: {
#pragma omp parallel for num_threads(threads_) schedule(static) if (wide(p.size))
      for (int64_t k = 0; k < static_cast<int64_t>(p.size); ++k) {
        const uint32_t i = p.first + static_cast<uint32_t>(k);
        slot[i] = 0;
        fired_[i] = poisson_source_fires(a.spike_probability[i], p.rng, i, step);
      }
      break;
    }
    case neuron_kind::spike_source: {
      std::fill_n(fired_.begin() + p.first, p.size, uint8_t{0});
      std::fill_n(&slot[p.first], p.size, int64_t{0});
      const auto& s = state_.scheduled_spikes;
      auto it = std::lower_bound(s.step.begin(), s.step.end(), step);
      for (size_t e = static_cast<size_t>(it - s.step.begin()); e < s.step.size() && s.step[e] == step; ++e)
        if (s.neuron[e] >= p.first && s.neuron[e] < p.first + p.size) fired_[s.neuron[e]] = 1;
      break;
    }
  }
}

// Izhikevich neurons in blocks: the block's inputs first, then each round over the block in loops
// the compiler vectorises (izhikevich_update's steps, in its order, for each neuron).
// `theta` (per neuron) lowers the input when the threshold adapts, else null.
void cpu_backend::integrate_izhikevich(const population_range& p, ring_slot slot, const float* theta) {
  auto& a = state_.neurons;
  const izhikevich_integration integration = izhikevich_integration_of(p.scheme, p.substeps, state_.dt_ms, p.v_peak);
  const int64_t blocks = (int64_t{p.size} + neuron_block - 1) / neuron_block;
#pragma omp parallel for num_threads(threads_) schedule(static) if (wide(p.size))
  for (int64_t k = 0; k < blocks; ++k) {
    const uint32_t first = p.first + static_cast<uint32_t>(k) * neuron_block;
    const uint32_t count = std::min(neuron_block, p.first + p.size - first);
    float input[neuron_block];
    uint8_t fired[neuron_block];
    for (uint32_t j = 0; j < count; ++j) {
      const uint32_t i = first + j;
      const float in = i_ext_[i] + static_cast<float>(from_fixed(slot[i]));
      input[j] = theta ? input_with_threshold(in, theta[i]) : in;
      slot[i] = 0;
      fired[j] = 0;
    }
    for (int32_t r = 0; r < integration.rounds; ++r)
      izhikevich_round(a.v.data() + first, a.u.data() + first, a.a.data() + first, a.b.data() + first,
                       a.c.data() + first, a.d.data() + first, input, fired, count, integration);
    std::copy_n(fired, count, fired_.begin() + first);
  }
}

// Izhikevich or LIF neurons whose threshold adapts (theta from the plasticity state).
void cpu_backend::integrate_adaptive(const population_range& p, ring_slot slot) {
  auto& a = state_.neurons;
  const float* theta = state_.plasticity.theta.data();
  if (p.kind == neuron_kind::izhikevich) return integrate_izhikevich(p, slot, theta);
  const lif_constants c = lif_constants_of(p);
#pragma omp parallel for num_threads(threads_) schedule(static) if (wide(p.size))
  for (int64_t k = 0; k < static_cast<int64_t>(p.size); ++k) {
    const uint32_t i = p.first + static_cast<uint32_t>(k);
    lif_constants mine = c;
    mine.v_thresh = threshold_with_theta(c.v_thresh, theta[i]);
    const float jump = static_cast<float>(from_fixed(slot[i]));
    slot[i] = 0;
    fired_[i] = lif_update(a.v[i], a.i_syn[i], a.refractory[i], i_ext_[i], jump, mine);
  }
}

// Conductance-based LIF; `theta` (per neuron) raises the threshold when it adapts, else null.
// Channel 0 of the ring holds excitatory conductance, channel 1 inhibitory (signed weights: negated).
void cpu_backend::integrate_conductance(const population_range& p, ring_slot slot, const float* theta) {
  auto& a = state_.neurons;
  const ring_slot inhibitory{slot.p + static_cast<uint64_t>(state_.ring_slots) * ring_width_, slot.first};
  const lif_cond_constants c = lif_cond_constants_of(p);
#pragma omp parallel for num_threads(threads_) schedule(static) if (wide(p.size))
  for (int64_t k = 0; k < static_cast<int64_t>(p.size); ++k) {
    const uint32_t i = p.first + static_cast<uint32_t>(k);
    lif_cond_constants mine = c;
    if (theta) mine.v_thresh = threshold_with_theta(c.v_thresh, theta[i]);
    const float jump_exc = static_cast<float>(from_fixed(slot[i]));
    const float jump_inh = -static_cast<float>(from_fixed(inhibitory[i]));
    slot[i] = 0;
    inhibitory[i] = 0;
    fired_[i] = lif_cond_update(a.v[i], a.i_syn[i], a.g_inh[i], a.refractory[i], i_ext_[i], jump_exc, jump_inh, mine);
  }
}

// Every population, or in a distributed run the part of each in this rank's block.
void cpu_backend::integrate_populations(uint64_t step) {
  for (uint32_t o = 0; o < state_.populations.size(); ++o) {
    population_range part = state_.populations[o];
    const uint32_t end = std::min(part.first + part.size, owned_.end);
    part.first = std::max(part.first, owned_.first);
    if (part.first >= end) continue;
    part.size = end - part.first;
    integrate_population(o, part, step);
  }
}

void cpu_backend::compact_spikes() {
  const int64_t lo = owned_.first, hi = std::min<int64_t>(owned_.end, state_.neuron_count());
  for (auto& part : thread_spikes_) part.clear();
#pragma omp parallel num_threads(threads_) if (wide(static_cast<uint64_t>(hi - lo)))
  {
    auto& mine = thread_spikes_[omp_get_thread_num()];
#pragma omp for schedule(static)
    for (int64_t i = lo; i < hi; ++i)
      if (fired_[i]) mine.push_back(static_cast<uint32_t>(i));
  }
  // schedule(static) hands thread t the t-th contiguous chunk, so concatenation stays sorted.
  spikes_.clear();
  for (const auto& part : thread_spikes_) spikes_.insert(spikes_.end(), part.begin(), part.end());
  for (uint32_t i : spikes_) ++spike_counts_[i];
}

void cpu_backend::set_spike_probabilities(uint32_t first, const std::vector<double>& probabilities) {
  if (uint64_t{first} + probabilities.size() > state_.neuron_count()) throw internal_error("spike probabilities out of range");
  std::copy(probabilities.begin(), probabilities.end(), state_.neurons.spike_probability.begin() + first);
}

void cpu_backend::set_input_amplitude(uint32_t input, float amplitude) { state_.inputs.at(input).amplitude = amplitude; }

void cpu_backend::reset_populations(const std::vector<uint32_t>& populations) { engram::reset_populations(state_, populations); }

void cpu_backend::consolidate(const std::vector<uint32_t>& entries, uint64_t step) { engram::consolidate(state_, entries, step); }
void cpu_backend::set_surprise(uint32_t entry, float surprise) { engram::set_surprise(state_, entry, surprise); }

// In place on the host state, whose growing rows have slack (engram::grow plans before it changes
// anything, so a capacity error leaves it whole); then what derives from the changed rows only:
// the index columns they touch, and the sorted-row flag of their projection.
std::vector<growth_record> cpu_backend::grow(uint64_t step) {
  growth_changes changes;
  std::vector<growth_record> records = engram::grow(state_, step, &changes);
  state_slack_ = has_row_slack(state_);
  plasticity_.apply_growth(state_, changes);
  for (uint32_t p = 0; p < changes.size(); ++p)
    for (const row_change& c : changes[p])
      if (sorted_rows_[p] && !row_sorted(state_.projections[p], c.row)) sorted_rows_[p] = 0;
  return records;
}

void cpu_backend::read_weights(size_t p, std::vector<float>& weights) const {
  const synapse_table& t = state_.projections.at(p);
  if (!t.has_slack()) {
    weights = t.weight;
    return;
  }
  weights.clear();
  for (uint32_t r = 0; r < t.pre_count; ++r) weights.insert(weights.end(), t.weight.begin() + t.row_begin(r), t.weight.begin() + t.row_end(r));
}

void cpu_backend::disconnect_neurons(const std::vector<uint32_t>& ids) { engram::disconnect_neurons(state_, ids); }

// In place: the weights keep their storage, so a host view of them (the Python module's) stays valid.
void cpu_backend::set_weights(uint32_t p, const std::vector<float>& weights) {
  if (!state_.projections.at(p).has_slack()) return set_projection_weights(state_, p, weights);
  network_state s = export_state();  // compact, in the order the caller's weights follow
  set_projection_weights(s, p, weights);
  load(std::move(s));
}

void cpu_backend::clear_learning_signals(const std::vector<uint32_t>& entries, const std::vector<uint32_t>& channels) {
  engram::clear_learning_signals(state_, entries, channels);
}

std::vector<uint32_t> cpu_backend::take_spike_counts(uint32_t first, uint32_t count) {
  if (uint64_t{first} + count > spike_counts_.size()) throw internal_error("spike counts out of range");
  const auto begin = spike_counts_.begin() + first;
  std::vector<uint32_t> out(begin, begin + count);
  std::fill_n(begin, count, 0u);
  return out;
}

void cpu_backend::record_spikes(uint64_t step) {
  recorded_.step.insert(recorded_.step.end(), spikes_.size(), step);
  recorded_.neuron.insert(recorded_.neuron.end(), spikes_.begin(), spikes_.end());
}

void cpu_backend::read_neurons(const std::vector<uint32_t>& ids, std::vector<float>& v, std::vector<float>& u) const {
  v.resize(ids.size());
  u.resize(ids.size());
  for (size_t k = 0; k < ids.size(); ++k) {
    v[k] = state_.neurons.v[ids[k]];
    u[k] = state_.neurons.u[ids[k]];
  }
}

void cpu_backend::add_dopamine(uint32_t channel, float amount) {
  auto& channels = state_.plasticity.dopamine;
  if (channel >= channels.size()) throw internal_error("dopamine channel index out of range");
  channels[channel].level = channels[channel].level + amount;
}

void cpu_backend::set_frozen(uint32_t entry, bool frozen) {
  auto& entries = state_.plasticity.projections;
  if (entry >= entries.size()) throw internal_error("plastic projection index out of range");
  entries[entry].frozen = frozen;
  plasticity_outline_.entries[entry].frozen = frozen;
}

spike_record cpu_backend::drain_recorded() {
  spike_record out;
  std::swap(out, recorded_);
  // Other ranks' spikes of an exchange interval are recorded when they arrive: back into order.
  if (exchange_) {
    std::vector<size_t> order(out.size());
    for (size_t k = 0; k < order.size(); ++k) order[k] = k;
    const auto before = [&](size_t x, size_t y) { return std::pair(out.step[x], out.neuron[x]) < std::pair(out.step[y], out.neuron[y]); };
    if (std::is_sorted(order.begin(), order.end(), before)) return out;
    std::sort(order.begin(), order.end(), before);
    spike_record sorted;
    for (size_t k : order) sorted.step.push_back(out.step[k]), sorted.neuron.push_back(out.neuron[k]);
    return sorted;
  }
  return out;
}

}  // namespace engram::cpu
