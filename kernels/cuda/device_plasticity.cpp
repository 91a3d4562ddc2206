#include "kernels/cuda/device_plasticity.hpp"

#include <algorithm>

#include "engine/errors.hpp"
#include "engine/plasticity_layout.hpp"
#include "kernels/common/plasticity_reward.hpp"
#include "kernels/cuda/plasticity_kernels.hpp"

namespace engram::cuda {
namespace {

enum due_flag : uint8_t { due_derivative = 1, due_eligibility = 2, due_scaling = 4, due_normalise = 8 };

template <class T>
const T* or_null(const device_array<T>& a) {
  return a.empty() ? nullptr : a.data();
}
template <class T>
T* or_null(device_array<T>& a) {
  return a.empty() ? nullptr : a.data();
}

uint32_t pending_capacity(const contingency_state& c) {
  return static_cast<uint32_t>(std::max<uint64_t>(uint64_t{c.delay_max_steps} + 1, c.pending.size()));
}

// The plasticity state without its large arrays: what the host keeps to lay out launches and
// to rebuild a plasticity_state on download.
plasticity_state constants_of(const plasticity_state& ps) {
  plasticity_state m;
  m.populations = ps.populations;
  m.dopamine = ps.dopamine;
  for (const auto& p : ps.projections) {
    plastic_projection c = p;
    c.pre_trace = {};
    c.post_trace = {};
    c.synapse_aux = {};
    c.stp_u = {};
    c.stp_x = {};
    m.projections.push_back(std::move(c));
  }
  for (const auto& c : ps.contingencies) {
    contingency_state k = c;
    k.pending = {};
    m.contingencies.push_back(std::move(k));
  }
  return m;
}

}  // namespace

uint64_t device_plasticity::state_bytes(const network_state& s) {
  const auto& ps = s.plasticity;
  uint64_t bytes = (ps.theta.size() + ps.rate_hz.size() + 3 * ps.dopamine.size()) * sizeof(float) + sizeof(uint32_t);
  for (const auto& p : ps.projections)
    bytes += (p.pre_trace.size() + p.post_trace.size() + p.stp_u.size() + p.stp_x.size() + p.eligibility_lag.size()) *
             sizeof(float);
  for (const auto& c : ps.contingencies) bytes += sizeof(contingency_view) + pending_capacity(c) * sizeof(uint64_t);
  if (ps.needs_history()) bytes += uint64_t{s.ring_slots} * (uint64_t{s.neuron_count()} + 1) * sizeof(uint32_t);
  return bytes;
}

device_plasticity::device_plasticity(const device_context& ctx, const network_state& s,
                                     const std::vector<device_projection>& tables, const step_arrays& arrays)
    : ctx_(&ctx), meta_(constants_of(s.plasticity)), neuron_count_(s.neuron_count()), ring_slots_(s.ring_slots) {
  // One warp per spike, over a grid that fills the device once (as delivery does).
  const uint64_t sm = static_cast<uint64_t>(ctx.multiprocessors());
  warp_blocks_ = static_cast<uint32_t>(std::min<uint64_t>((neuron_count_ + warps_per_block - 1) / warps_per_block, sm * 8));
  spike_blocks_ = static_cast<uint32_t>(std::min<uint64_t>((neuron_count_ + step_block_threads - 1) / step_block_threads, sm * 4));

  upload_neuromodulation(s);
  upload_history(s);
  view_.counters = arrays.counters;
  view_.fired = arrays.fired;
  view_.spikes = arrays.spikes;
  view_.neuron_count = neuron_count_;
  view_.ring_slots = ring_slots_;
  view_.seed = s.seed;
  view_.theta = or_null(theta_);
  view_.rate_hz = or_null(rate_hz_);
  view_.dopamine_level = or_null(dopamine_level_);
  view_.dopamine_baseline = or_null(dopamine_baseline_);
  view_.dopamine_decay = or_null(dopamine_decay_);
  view_.dopamine_channels = static_cast<uint32_t>(dopamine_level_.size());
  view_.contingencies = or_null(contingencies_);
  view_.contingency_count = static_cast<uint32_t>(contingencies_.size());
  view_.history = or_null(history_);
  view_.history_count = or_null(history_count_);
  view_.overflow = overflow_.data();
  upload_entries(s, tables);
  ctx.synchronize();  // pageable sources staged; allocation faults surface here
}

void device_plasticity::upload_neuromodulation(const network_state& s) {
  const cudaStream_t stream = ctx_->stream();
  const auto& ps = s.plasticity;
  theta_.upload(ps.theta, stream);
  rate_hz_.upload(ps.rate_hz, stream);
  std::vector<float> level, baseline, decay;
  for (const auto& d : ps.dopamine) {
    level.push_back(d.level);
    baseline.push_back(d.baseline);
    decay.push_back(d.decay);
  }
  dopamine_level_.upload(level, stream);
  dopamine_baseline_.upload(baseline, stream);
  dopamine_decay_.upload(decay, stream);

  for (const auto& h : ps.populations) {
    const population_range& pop = s.populations.at(h.population);
    homeostasis_.push_back({pop.first, pop.size, h.threshold, h.track_rate, h.theta_increment, h.theta_decay,
                            h.rate_decay, h.rate_gain});
  }

  uint64_t total = 0;
  for (const auto& c : ps.contingencies) {
    pending_offset_.push_back(total);
    total += pending_capacity(c);
  }
  std::vector<uint64_t> pending(total, 0);
  for (size_t q = 0; q < ps.contingencies.size(); ++q) {
    std::vector<uint64_t> sorted = ps.contingencies[q].pending;
    std::sort(sorted.begin(), sorted.end());  // the CPU sorts before it releases; the device keeps them sorted
    std::copy(sorted.begin(), sorted.end(), pending.begin() + static_cast<int64_t>(pending_offset_[q]));
  }
  pending_.upload(pending, stream);
  std::vector<contingency_view> views;
  for (size_t q = 0; q < ps.contingencies.size(); ++q) {
    const contingency_state& c = ps.contingencies[q];
    views.push_back({c.ordinal, c.channel, c.pre, c.post, c.window_steps, c.delay_min_steps, c.delay_max_steps, c.amount,
                     c.last_pre_step, c.released, pending_.data() + pending_offset_[q],
                     static_cast<uint32_t>(c.pending.size()), pending_capacity(c)});
  }
  contingencies_.upload(views, stream);
  overflow_.upload(std::vector<uint32_t>{0}, stream);
}

void device_plasticity::upload_history(const network_state& s) {
  const auto& ps = s.plasticity;
  if (!ps.needs_history()) return;
  if (ps.spike_history.size() != ring_slots_) throw internal_error("spike history size does not match ring_slots");
  const cudaStream_t stream = ctx_->stream();
  history_.allocate(uint64_t{ring_slots_} * neuron_count_);
  std::vector<uint32_t> counts(ring_slots_);
  for (uint32_t slot = 0; slot < ring_slots_; ++slot) {
    const auto& spikes = ps.spike_history[slot];
    if (spikes.size() > neuron_count_) throw internal_error("a spike history slot holds more spikes than neurons");
    counts[slot] = static_cast<uint32_t>(spikes.size());
    if (!spikes.empty())
      ENGRAM_CUDA_CHECK(cudaMemcpyAsync(history_.data() + uint64_t{slot} * neuron_count_, spikes.data(),
                                        spikes.size() * sizeof(uint32_t), cudaMemcpyHostToDevice, stream));
  }
  history_count_.upload(counts, stream);
  ctx_->synchronize();  // the slot sources are pageable vectors of the caller
}

void device_plasticity::upload_entries(const network_state& s, const std::vector<device_projection>& tables) {
  const cudaStream_t stream = ctx_->stream();
  const auto& ps = s.plasticity;
  arrays_.resize(ps.projections.size());
  for (size_t i = 0; i < ps.projections.size(); ++i) {
    const plastic_projection& p = ps.projections[i];
    const synapse_table& t = s.projections.at(p.projection);
    const device_projection& d = tables.at(p.projection);
    entry_arrays& a = arrays_[i];
    if (needs_transposed_index(p)) {
      const transposed_index x = build_transposed_index(t);
      a.col_ptr.upload(x.col_ptr, stream);
      a.col_synapse.upload(x.synapse, stream);
      ctx_->synchronize();  // x is freed at the end of this iteration
    }
    a.pre_trace.upload(p.pre_trace, stream);
    a.post_trace.upload(p.post_trace, stream);
    a.aux.upload(p.synapse_aux, stream);
    a.stp_u.upload(p.stp_u, stream);
    a.stp_x.upload(p.stp_x, stream);
    a.lag.upload(p.eligibility_lag, stream);

    plastic_entry_view v{};
    stdp_walk_view& w = v.walk;
    w.k = p.stdp;
    w.row_ptr = d.row_ptr.data();
    w.target = d.target.data();
    w.weight = d.weight.data();
    w.delay = t.delay.empty() ? nullptr : d.delay.data();
    w.uniform_delay = t.uniform_delay;
    w.pre_first = t.pre_first;
    w.pre_count = t.pre_count;
    w.post_first = t.post_first;
    w.col_ptr = or_null(a.col_ptr);
    w.col_synapse = or_null(a.col_synapse);
    w.row_length = uniform_row_length(t);
    w.pre_trace = or_null(a.pre_trace);
    w.post_trace = or_null(a.post_trace);
    w.aux = or_null(a.aux);
    w.rate_hz = or_null(rate_hz_);
    w.eligibility_lag = or_null(a.lag);
    w.apply_period = p.apply_period;
    w.ring_slots = ring_slots_;
    v.pre_trace = or_null(a.pre_trace);
    v.post_trace = or_null(a.post_trace);
    v.post_count = t.post_count;
    v.synapses = t.size();
    v.delay_min = p.delay_min;
    v.delay_max = p.delay_max;
    v.frozen = p.frozen;
    v.derivative_period = p.derivative_period;
    v.derivative_bias = p.derivative_bias;
    v.derivative_decay = p.derivative_decay;
    v.dopamine_channel = p.dopamine_channel;
    v.dopamine_reference = p.dopamine_reference;
    v.dopamine_gain = p.dopamine_gain;
    v.eligibility_period_decay = p.eligibility_period_decay;
    v.scaling = p.scaling;
    v.scaling_period = p.scaling_period;
    v.scaling_target_hz = p.scaling_target_hz;
    v.scaling_eta = p.scaling_eta;
    v.scaling_max_step = p.scaling_max_step;
    v.normalise = p.normalise;
    v.normalise_period = p.normalise_period;
    v.normalise_target = p.normalise_target;
    v.stp_u = or_null(a.stp_u);
    v.stp_x = or_null(a.stp_x);
    v.stp_U = p.stp_U;
    v.stp_rec_decay = p.stp_rec_decay;
    v.stp_fac_decay = p.stp_fac_decay;
    entries_.push_back(v);
  }
}

uint64_t device_plasticity::synapse_bytes() const {
  uint64_t bytes = 0;
  for (const auto& a : arrays_) bytes += a.aux.bytes() + a.col_ptr.bytes() + a.col_synapse.bytes();
  return bytes;
}

std::vector<uint8_t> device_plasticity::due(uint64_t step) const {
  std::vector<uint8_t> flags(entries_.size(), 0);
  for (size_t i = 0; i < entries_.size(); ++i) {
    const plastic_entry_view& p = entries_[i];
    const stdp_constants& k = p.walk.k;
    uint8_t f = 0;
    if (k.enabled && k.target == 1 && is_period_end(step, p.derivative_period)) f |= due_derivative;
    if (k.enabled && k.target == 2 && is_period_end(step, p.walk.apply_period)) f |= due_eligibility;
    if (p.scaling && !p.frozen && is_period_end(step, p.scaling_period)) f |= due_scaling;
    if (p.normalise && !p.frozen && is_period_end(step, p.normalise_period)) f |= due_normalise;
    flags[i] = f;
  }
  return flags;
}

void device_plasticity::enqueue(const std::vector<uint8_t>& due, cudaStream_t stream) const {
  launch_contingencies(view_, stream);
  for (const plastic_entry_view& p : entries_) {
    if (!p.walk.k.enabled) continue;
    if (!p.frozen) {
      launch_potentiate(view_, p, warp_blocks_, stream);
      launch_depress(view_, p, warp_blocks_, stream);
    }
    launch_traces(view_, p, stream);
  }
  for (size_t i = 0; i < entries_.size(); ++i) {
    const plastic_entry_view& p = entries_[i];
    if (due[i] & due_derivative) launch_derivative_apply(p, stream);
    if (due[i] & due_eligibility) launch_eligibility_apply(view_, p, stream);
    if (due[i] & due_scaling) launch_scaling(view_, p, stream);
    if (due[i] & due_normalise) launch_normalise(p, stream);
  }
  for (const homeostasis_view& h : homeostasis_) launch_homeostasis(view_, h, stream);
  for (const plastic_entry_view& p : entries_) launch_stp_recover(p, stream);
  launch_dopamine_decay(view_, stream);
  launch_history_store(view_, spike_blocks_, stream);
}

void device_plasticity::set_frozen(uint32_t entry, bool frozen) {
  if (entry >= entries_.size()) throw internal_error("plastic projection index out of range");
  entries_[entry].frozen = frozen;
  meta_.projections[entry].frozen = frozen;
}

void device_plasticity::add_dopamine(uint32_t channel, float amount, cudaStream_t stream) {
  if (channel >= dopamine_level_.size()) throw internal_error("dopamine channel index out of range");
  launch_add_dopamine(dopamine_level_.data(), channel, amount, stream);
}

bool device_plasticity::adaptive(uint32_t population) const {
  for (const auto& h : meta_.populations)
    if (h.population == population && h.threshold) return true;
  return false;
}

delivery_factors device_plasticity::delivery_of(uint32_t projection) const {
  delivery_factors f;
  for (size_t i = 0; i < entries_.size(); ++i) {
    const plastic_projection& p = meta_.projections[i];
    if (p.projection != projection) continue;
    f.modulated = p.stp || p.modulation != 1.0f;  // as the CPU backend decides
    f.modulation = p.modulation;
    f.stp_u = p.stp ? entries_[i].stp_u : nullptr;
    f.stp_x = p.stp ? entries_[i].stp_x : nullptr;
    f.stp_U = p.stp_U;
  }
  return f;
}

plasticity_state device_plasticity::download() const {
  const cudaStream_t stream = ctx_->stream();
  plasticity_state ps = meta_;
  if (overflow_.download(stream)[0] != 0)
    throw internal_error("a closed-loop reward's pending list overflowed on the device");
  for (size_t i = 0; i < arrays_.size(); ++i) {
    plastic_projection& p = ps.projections[i];
    const entry_arrays& a = arrays_[i];
    p.pre_trace = a.pre_trace.download(stream);
    p.post_trace = a.post_trace.download(stream);
    p.synapse_aux = a.aux.download(stream);
    p.stp_u = a.stp_u.download(stream);
    p.stp_x = a.stp_x.download(stream);
  }
  ps.theta = theta_.download(stream);
  ps.rate_hz = rate_hz_.download(stream);
  const std::vector<float> level = dopamine_level_.download(stream);
  for (size_t k = 0; k < ps.dopamine.size(); ++k) ps.dopamine[k].level = level[k];
  const std::vector<contingency_view> views = contingencies_.download(stream);
  const std::vector<uint64_t> pending = pending_.download(stream);
  for (size_t q = 0; q < ps.contingencies.size(); ++q) {
    contingency_state& c = ps.contingencies[q];
    c.last_pre_step = views[q].last_pre_step;
    c.released = views[q].released;
    const auto first = pending.begin() + static_cast<int64_t>(pending_offset_[q]);
    c.pending.assign(first, first + views[q].pending_count);
  }
  if (!history_count_.empty()) {
    const std::vector<uint32_t> counts = history_count_.download(stream);
    ps.spike_history.assign(ring_slots_, {});
    for (uint32_t slot = 0; slot < ring_slots_; ++slot) {
      auto& spikes = ps.spike_history[slot];
      spikes.resize(counts[slot]);
      if (counts[slot] > 0)
        ENGRAM_CUDA_CHECK(cudaMemcpyAsync(spikes.data(), history_.data() + uint64_t{slot} * neuron_count_,
                                          counts[slot] * sizeof(uint32_t), cudaMemcpyDeviceToHost, stream));
    }
    ctx_->synchronize();
  }
  return ps;
}

}  // namespace engram::cuda
