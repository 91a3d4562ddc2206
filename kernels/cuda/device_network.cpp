#include "kernels/cuda/device_network.hpp"

#include <algorithm>
#include <cstdlib>
#include <string>
#include <tuple>

#include "engine/errors.hpp"
#include "kernels/cuda/step_kernels.hpp"

namespace engram::cuda {
namespace {

constexpr uint32_t record_step_capacity = 4096;
constexpr uint64_t small_allocations = 32;  // neuron arrays, scratch, tables of constants

// Spikes the record buffer holds before the host empties it: 8 steps of every neuron firing, at
// least 4 Mi entries; ENGRAM_CUDA_RECORD_CAPACITY overrides it (tests use it to force flushes).
uint64_t record_capacity_for(uint32_t neurons) {
  uint64_t capacity = std::max<uint64_t>(uint64_t{8} * neurons, uint64_t{1} << 22);
  if (const char* env = std::getenv("ENGRAM_CUDA_RECORD_CAPACITY")) {
    char* end = nullptr;
    const unsigned long long v = std::strtoull(env, &end, 10);
    if (end != env && *end == '\0') capacity = v;
  }
  return std::max<uint64_t>(capacity, std::max<uint32_t>(neurons, 1u));  // one step always fits
}

population_view view_of(const population_range& p, uint32_t ordinal, double dt_ms) {
  population_view v{};
  v.first = p.first;
  v.size = p.size;
  v.ordinal = ordinal;
  v.kind = p.kind;
  v.substeps = p.substeps;
  v.v_peak = p.v_peak;
  v.h = p.substeps > 0 ? static_cast<float>(dt_ms / p.substeps) : 0.0f;  // as the CPU backend computes it
  v.lif = {p.p_vv, p.p_vi, p.p_vbias, p.p_ii, p.v_rest, p.v_reset, p.v_thresh, p.i_bias, p.refractory_steps};
  return v;
}

// The schedule sorted by (step, neuron) so that a neuron finds its spike with one binary search.
void sorted_schedule(const spike_schedule& s, std::vector<uint64_t>& steps, std::vector<uint32_t>& neurons) {
  std::vector<std::pair<uint64_t, uint32_t>> pairs(s.step.size());
  for (size_t i = 0; i < pairs.size(); ++i) pairs[i] = {s.step[i], s.neuron[i]};
  std::sort(pairs.begin(), pairs.end());
  steps.resize(pairs.size());
  neurons.resize(pairs.size());
  for (size_t i = 0; i < pairs.size(); ++i) std::tie(steps[i], neurons[i]) = pairs[i];
}

network_state without_arrays(const network_state& s) {
  network_state m;
  m.dt_ms = s.dt_ms;
  m.seed = s.seed;
  m.step = s.step;
  m.populations = s.populations;
  m.inputs = s.inputs;
  m.scheduled_spikes = s.scheduled_spikes;
  m.ring_slots = s.ring_slots;
  // s.plasticity goes to device_plasticity, which keeps its own constants
  for (const auto& t : s.projections) {
    synapse_table e;
    e.name = t.name;
    e.pre_first = t.pre_first;
    e.pre_count = t.pre_count;
    e.post_first = t.post_first;
    e.post_count = t.post_count;
    e.uniform_delay = t.uniform_delay;
    m.projections.push_back(std::move(e));
  }
  return m;
}

template <class T>
void upload_zeros(device_array<T>& a, uint64_t n, cudaStream_t stream) {
  a.allocate(n);
  if (n > 0) ENGRAM_CUDA_CHECK(cudaMemsetAsync(a.data(), 0, a.bytes(), stream));
}

}  // namespace

memory_need device_network::need_without_synapses(const network_state& s) const {
  const uint64_t n = s.neuron_count();
  uint32_t pulse_inputs = 0;
  for (const auto& in : s.inputs) pulse_inputs += in.type == input::kind::random_pulse;
  memory_need need;
  // v u i_syn a b c d, refractory, spike_probability; per step i_ext, fired, spikes
  need.neurons = n * (7 * sizeof(float) + sizeof(int32_t) + sizeof(double) + sizeof(float) + 1 + sizeof(uint32_t)) +
                 uint64_t{pulse_inputs} * n * sizeof(uint32_t) +
                 s.scheduled_spikes.step.size() * (sizeof(uint64_t) + sizeof(uint32_t)) +
                 s.populations.size() * sizeof(population_view) + s.inputs.size() * sizeof(compiled_input) +
                 s.projections.size() * sizeof(projection_view) + sizeof(step_counters);
  need.ring = uint64_t{s.ring_slots} * n * sizeof(int64_t);
  need.recording = record_capacity_for(static_cast<uint32_t>(n)) * sizeof(uint32_t) + record_step_capacity * sizeof(uint32_t);
  need.scratch = compaction_temp_bytes(static_cast<uint32_t>(n));
  need.allocations = small_allocations;
  return need;
}

std::unique_ptr<device_network> device_network::build(const device_context& ctx, const network& net,
                                                      const network_state& initial) {
  if (initial.plasticity.active()) throw internal_error("a plastic network is generated without its plasticity, then loaded");
  std::unique_ptr<device_network> d(new device_network(ctx));
  const uint64_t free_at_start = ctx.free_memory();
  const cudaStream_t stream = ctx.stream();
  std::vector<synapse_recipe> recipes;
  for (uint32_t p = 0; p < initial.projections.size(); ++p) recipes.push_back(make_recipe(net, p, initial.projections[p]));

  // Synapse counts are known up front for every connector but fixed_probability; check what is
  // known before allocating, then count those rows on the device and check the exact figure.
  auto check = [&](const std::vector<uint64_t>& synapses) {
    memory_need need = d->need_without_synapses(initial);
    uint64_t build_scratch = 0;
    for (size_t p = 0; p < recipes.size(); ++p) {
      need.synapses += table_bytes(recipes[p], synapses[p]);
      build_scratch = std::max(build_scratch, generation_scratch_bytes(recipes[p], synapses[p]));
      need.allocations += 4 + 3;
    }
    need.scratch += build_scratch;
    require_device_memory(need, free_at_start, ctx.name());
  };
  std::vector<uint64_t> synapses(recipes.size(), 0);
  for (size_t p = 0; p < recipes.size(); ++p) synapses[p] = known_synapse_count(recipes[p]).value_or(0);
  check(synapses);

  d->projections_.resize(recipes.size());
  for (size_t p = 0; p < recipes.size(); ++p) {
    device_projection& dp = d->projections_[p];
    dp.row_ptr.allocate(uint64_t{recipes[p].n_pre} + 1);
    if (recipes[p].how == synapse_recipe::method::rows) synapses[p] = count_rows_on_device(recipes[p], dp, stream);
    dp.synapses = synapses[p];
  }
  check(synapses);

  d->allocate_and_upload(initial);
  for (size_t p = 0; p < recipes.size(); ++p) {
    generate_on_device(recipes[p], d->projections_[p], stream);
    d->meta_.projections[p].uniform_delay = recipes[p].uniform_delay_value;
    d->per_synapse_delay_[p] = !recipes[p].uniform_delay;
  }
  d->finish();
  return d;
}

std::unique_ptr<device_network> device_network::load(const device_context& ctx, const network_state& state) {
  const uint64_t n = state.neuron_count();
  if (state.ring.size() != uint64_t{state.ring_slots} * n)
    throw internal_error("ring buffer size does not match ring_slots x neurons");
  std::unique_ptr<device_network> d(new device_network(ctx));
  memory_need need = d->need_without_synapses(state);
  need.plasticity = plasticity_state_bytes(state);
  need.allocations += 8 * state.plasticity.projections.size() + 12;  // plasticity_arrays' members
  need.synapses = state.synapse_bytes();
  need.allocations += 4 * state.projections.size();
  require_device_memory(need, ctx.free_memory(), ctx.name());

  const cudaStream_t stream = ctx.stream();
  d->allocate_and_upload(state);
  d->projections_.resize(state.projections.size());
  for (size_t p = 0; p < state.projections.size(); ++p) {
    const synapse_table& t = state.projections[p];
    device_projection& dp = d->projections_[p];
    dp.row_ptr.upload(t.row_ptr, stream);
    dp.target.upload(t.target, stream);
    dp.weight.upload(t.weight, stream);
    dp.delay.upload(t.delay, stream);
    dp.synapses = t.size();
    d->per_synapse_delay_[p] = !t.delay.empty();
  }
  if (state.plasticity.active())
    d->plasticity_ = std::make_unique<device_plasticity>(
        ctx, state, d->projections_, step_arrays{d->counters_.data(), d->fired_.data(), d->spikes_.data()});
  d->finish();
  return d;
}

void device_network::allocate_and_upload(const network_state& s) {
  const cudaStream_t stream = ctx_->stream();
  const uint32_t n = s.neuron_count();
  meta_ = without_arrays(s);
  per_synapse_delay_.assign(s.projections.size(), false);

  const auto& a = s.neurons;
  v_.upload(a.v, stream);
  u_.upload(a.u, stream);
  i_syn_.upload(a.i_syn, stream);
  a_.upload(a.a, stream);
  b_.upload(a.b, stream);
  c_.upload(a.c, stream);
  d_.upload(a.d, stream);
  refractory_.upload(a.refractory, stream);
  spike_probability_.upload(a.spike_probability, stream);
  ring_.upload(s.ring, stream);

  std::vector<population_view> pops;
  for (uint32_t p = 0; p < s.populations.size(); ++p) pops.push_back(view_of(s.populations[p], p, s.dt_ms));
  for (const auto& h : s.plasticity.populations) pops.at(h.population).adaptive = h.threshold;
  populations_.upload(pops, stream);
  inputs_.upload(s.inputs, stream);
  std::vector<pulse_view> pulses;
  pulses_per_step_ = 0;
  for (uint32_t k = 0; k < s.inputs.size(); ++k) {
    if (s.inputs[k].type != input::kind::random_pulse) continue;
    pulses.push_back({k, pulses_per_step_});
    pulses_per_step_ += s.inputs[k].pulses_per_step;
  }
  pulse_inputs_ = static_cast<uint32_t>(pulses.size());
  pulses_.upload(pulses, stream);
  upload_zeros(pulse_hits_, uint64_t{pulse_inputs_} * n, stream);
  std::vector<uint64_t> sched_step;
  std::vector<uint32_t> sched_neuron;
  sorted_schedule(s.scheduled_spikes, sched_step, sched_neuron);
  schedule_step_.upload(sched_step, stream);
  schedule_neuron_.upload(sched_neuron, stream);

  upload_zeros(i_ext_, n, stream);
  upload_zeros(fired_, n, stream);
  spikes_.allocate(n);
  std::vector<step_counters> counters(1);
  counters[0].step = s.step;
  counters_.upload(counters, stream);  // staged before the call returns; synchronized below anyway
  record_capacity_ = record_capacity_for(n);
  record_neuron_.allocate(record_capacity_);
  record_step_count_.allocate(record_step_capacity);
  compaction_temp_.allocate(std::max<size_t>(compaction_temp_bytes(n), 1));
  ctx_->synchronize();  // pageable sources above are staged; also surfaces allocation faults here
}

void device_network::finish() {
  const cudaStream_t stream = ctx_->stream();
  std::vector<projection_view> views;
  for (size_t p = 0; p < projections_.size(); ++p) {
    const synapse_table& t = meta_.projections[p];
    const device_projection& dp = projections_[p];
    const delivery_factors f = plasticity_ ? plasticity_->delivery_of(static_cast<uint32_t>(p)) : delivery_factors{};
    views.push_back({t.pre_first, t.pre_count, dp.row_ptr.data(), dp.target.data(), dp.weight.data(),
                     per_synapse_delay_[p] ? dp.delay.data() : nullptr, t.uniform_delay, f.modulated, f.modulation,
                     f.stp_u, f.stp_x, f.stp_U});
  }
  projection_views_.upload(views, stream);
  ctx_->synchronize();

  step_view& v = view_;
  v = step_view{};
  v.neuron_count = static_cast<uint32_t>(v_.size());
  v.ring_slots = meta_.ring_slots;
  v.seed = meta_.seed;
  v.counters = counters_.data();
  v.v = v_.data();
  v.u = u_.data();
  v.i_syn = i_syn_.data();
  v.refractory = refractory_.data();
  v.a = a_.data();
  v.b = b_.data();
  v.c = c_.data();
  v.d = d_.data();
  v.spike_probability = spike_probability_.data();
  v.populations = populations_.data();
  v.population_count = static_cast<uint32_t>(populations_.size());
  v.theta = plasticity_ ? plasticity_->theta() : nullptr;
  v.inputs = inputs_.data();
  v.input_count = static_cast<uint32_t>(inputs_.size());
  v.pulses = pulses_.data();
  v.pulse_input_count = pulse_inputs_;
  v.pulses_per_step = pulses_per_step_;
  v.pulse_hits = pulse_hits_.data();
  v.schedule_step = schedule_step_.data();
  v.schedule_neuron = schedule_neuron_.data();
  v.schedule_size = schedule_step_.size();
  v.i_ext = i_ext_.data();
  v.fired = fired_.data();
  v.spikes = spikes_.data();
  v.ring = ring_.data();
  v.projections = projection_views_.data();
  v.projection_count = static_cast<uint32_t>(projection_views_.size());
  v.record_neuron = record_neuron_.data();
  v.record_step_count = record_step_count_.data();
  v.record_capacity = record_capacity_;
  v.record_step_capacity = record_step_capacity;

  // Delivery: a warp per spike over a grid that fills the device once; blocks beyond one warp per
  // neuron would never find work.
  const uint64_t sm = static_cast<uint64_t>(ctx_->multiprocessors());
  const uint64_t n = v.neuron_count;
  deliver_blocks_ = static_cast<uint32_t>(std::min<uint64_t>((n + warps_per_block - 1) / warps_per_block, sm * 8));
  record_blocks_ = static_cast<uint32_t>(std::min<uint64_t>((n + step_block_threads - 1) / step_block_threads, sm * 4));
}

std::pair<uint64_t, uint64_t> device_network::synapse_footprint() const {
  uint64_t synapses = 0, bytes = 0;
  for (const auto& p : projections_) {
    synapses += p.synapses;
    bytes += p.row_ptr.bytes() + p.target.bytes() + p.weight.bytes() + p.delay.bytes();
  }
  if (plasticity_) bytes += plasticity_->synapse_bytes();
  return {synapses, bytes};
}

network_state device_network::download() const {
  const cudaStream_t stream = ctx_->stream();
  network_state s = meta_;
  auto& a = s.neurons;
  a.v = v_.download(stream);
  a.u = u_.download(stream);
  a.i_syn = i_syn_.download(stream);
  a.refractory = refractory_.download(stream);
  a.a = a_.download(stream);
  a.b = b_.download(stream);
  a.c = c_.download(stream);
  a.d = d_.download(stream);
  a.spike_probability = spike_probability_.download(stream);
  s.ring = ring_.download(stream);
  for (size_t p = 0; p < projections_.size(); ++p) {
    synapse_table& t = s.projections[p];
    const device_projection& dp = projections_[p];
    t.row_ptr = dp.row_ptr.download(stream);
    t.target = dp.target.download(stream, dp.synapses);
    t.weight = dp.weight.download(stream, dp.synapses);
    if (per_synapse_delay_[p]) t.delay = dp.delay.download(stream, dp.synapses);
  }
  if (plasticity_) s.plasticity = plasticity_->download();
  return s;
}

std::vector<float> device_network::weights(size_t projection) const {
  const device_projection& dp = projections_.at(projection);
  return dp.weight.download(ctx_->stream(), dp.synapses);
}

}  // namespace engram::cuda
