#include "kernels/cuda/device_network.hpp"

#include <algorithm>
#include <cstdlib>
#include <string>
#include <tuple>

#include "engine/errors.hpp"
#include "kernels/cuda/step_kernels.hpp"

namespace engram::cuda {
namespace {

constexpr uint64_t small_allocations = 32;  // neuron arrays, scratch, tables of constants

network_state without_arrays(const network_state& s) {
  network_state m;
  m.dt_ms = s.dt_ms;
  m.seed = s.seed;
  m.step = s.step;
  m.populations = s.populations;
  m.inputs = s.inputs;
  m.scheduled_spikes = s.scheduled_spikes;
  m.ring_slots = s.ring_slots;
  m.ring_channels = s.ring_channels;
  // s.plasticity goes to device_plasticity, which keeps its own constants
  for (const auto& t : s.projections) {
    synapse_table e;
    e.name = t.name;
    e.pre_first = t.pre_first;
    e.pre_count = t.pre_count;
    e.post_first = t.post_first;
    e.post_count = t.post_count;
    e.target_bits = t.target_bits;
    e.uniform_delay = t.uniform_delay;
    e.channel = t.channel;
    e.dendrite_choices = t.dendrite_choices;
    e.dendrite_key = t.dendrite_key;
    std::copy(std::begin(t.dendrite_gain), std::end(t.dendrite_gain), e.dendrite_gain);
    m.projections.push_back(std::move(e));
  }
  return m;
}

}  // namespace

memory_need device_network::need_without_synapses(const network_state& s) const {
  const uint64_t n = s.neuron_count();
  const scratch_sizes x = scratch_sizes_of(s);
  memory_need need;
  // v u i_syn g_inh a b c d, refractory, spike_probability; per step i_ext, fired, spikes; spike counts
  need.neurons = n * (8 * sizeof(float) + sizeof(int32_t) + sizeof(double) + sizeof(float) + 1 + 2 * sizeof(uint32_t)) +
                 x.pulse_hits * sizeof(uint32_t) + s.scheduled_spikes.step.size() * (sizeof(uint64_t) + sizeof(uint32_t)) +
                 s.populations.size() * sizeof(population_view) + s.inputs.size() * sizeof(compiled_input) +
                 s.projections.size() * sizeof(projection_view) + sizeof(step_counters);
  need.ring = uint64_t{s.ring_channels} * s.ring_slots * n * sizeof(int64_t);
  need.recording = (x.record_capacity + x.record_step_capacity) * sizeof(uint32_t);
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
  for (size_t p = 0; p < recipes.size(); ++p) generate_on_device(recipes[p], d->projections_[p], stream);
  d->finish();
  return d;
}

void device_network::add_plasticity(network_state& s) {
  std::vector<device_index> indexes = prepare_on_device(*ctx_, s, projections_);
  outline_ = driver::outline_of(s, nullptr);  // with its STP projections; finish() adds the plasticity's outline
  plasticity_ = std::make_unique<device_plasticity>(
      *ctx_, s, projections_, spike_pointers{arrays_.counters.data(), scratch_.fired.data(), scratch_.spikes.data()},
      &indexes);
  finish();
}

std::unique_ptr<device_network> device_network::load(const device_context& ctx, const network_state& state) {
  const uint64_t n = state.neuron_count();
  if (state.ring.size() != uint64_t{state.ring_channels} * state.ring_slots * n)
    throw internal_error("ring buffer size does not match channels x ring_slots x neurons");
  std::unique_ptr<device_network> d(new device_network(ctx));
  memory_need need = d->need_without_synapses(state);
  need.plasticity = plasticity_state_bytes(state);
  need.allocations += 11 * state.plasticity.projections.size() + 12;  // plasticity_arrays' members
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
    dp.packed.upload(t.packed, stream);
    dp.weight.upload(t.weight, stream);
    dp.synapses = t.size();
  }
  if (state.plasticity.active())
    d->plasticity_ = std::make_unique<device_plasticity>(
        ctx, state, d->projections_,
        spike_pointers{d->arrays_.counters.data(), d->scratch_.fired.data(), d->scratch_.spikes.data()});
  d->finish();
  return d;
}

void device_network::allocate_and_upload(const network_state& s) {
  const cudaStream_t stream = ctx_->stream();
  meta_ = without_arrays(s);
  outline_ = driver::outline_of(s, nullptr);  // finish() points it at the plasticity's outline
  {
    const step_arrays<host_array> host = lay_out_step(s);
    for_each_array(arrays_, host, [&](auto& device, const auto& values) { device.upload(values, stream); });
    ctx_->synchronize();  // the host copy is freed at the end of this block
  }
  scratch_sizes_ = scratch_sizes_of(s);
  allocate_scratch(scratch_, scratch_sizes_, [&](auto& device, uint64_t n) {
    device.allocate(n);
    if (n > 0) ENGRAM_CUDA_CHECK(cudaMemsetAsync(device.data(), 0, device.bytes(), stream));
  });
  ctx_->synchronize();  // surfaces allocation faults here
}

void device_network::finish() {
  const cudaStream_t stream = ctx_->stream();
  std::vector<projection_view> views;
  for (size_t p = 0; p < projections_.size(); ++p) {
    const device_projection& dp = projections_[p];
    const table_pointers at{dp.row_ptr.data(), dp.packed.data(), dp.weight.data()};
    const delivery_factors f = plasticity_ ? plasticity_->delivery_of(static_cast<uint32_t>(p)) : delivery_factors{};
    views.push_back(projection_view_of(meta_.projections[p], at, f));
  }
  projection_views_.upload(views, stream);
  ctx_->synchronize();
  outline_.plasticity = plasticity_ ? &plasticity_->outline() : nullptr;
  view_ = make_step_view(arrays_, scratch_, meta_, scratch_sizes_, projection_views_.data(),
                         plasticity_ ? plasticity_->theta() : nullptr);

  // Delivery: a warp per spike over a grid that fills the device once; blocks beyond one warp per
  // neuron would never find work.
  const uint64_t sm = static_cast<uint64_t>(ctx_->multiprocessors());
  const uint64_t n = view_.neuron_count;
  deliver_blocks_ = static_cast<uint32_t>(std::min<uint64_t>((n + warps_per_block - 1) / warps_per_block, sm * 8));
  record_blocks_ = static_cast<uint32_t>(std::min<uint64_t>((n + step_block_threads - 1) / step_block_threads, sm * 4));
}

std::pair<uint64_t, uint64_t> device_network::synapse_footprint() const {
  uint64_t synapses = 0, bytes = 0;
  for (const auto& p : projections_) {
    synapses += p.synapses;
    bytes += p.row_ptr.bytes() + p.packed.bytes() + p.weight.bytes();
  }
  if (plasticity_) bytes += plasticity_->synapse_bytes();
  return {synapses, bytes};
}

void device_network::set_spike_probabilities(uint32_t first, const std::vector<double>& probabilities) {
  if (uint64_t{first} + probabilities.size() > view_.neuron_count) throw internal_error("spike probabilities out of range");
  if (probabilities.empty()) return;
  ENGRAM_CUDA_CHECK(cudaMemcpyAsync(arrays_.spike_probability.data() + first, probabilities.data(),
                                    probabilities.size() * sizeof(double), cudaMemcpyHostToDevice, ctx_->stream()));
  ctx_->synchronize();  // the host vector may go away
}

void device_network::set_input_amplitude(uint32_t input, float amplitude) {
  compiled_input& in = meta_.inputs.at(input);
  in.amplitude = amplitude;
  ENGRAM_CUDA_CHECK(cudaMemcpyAsync(arrays_.inputs.data() + input, &in, sizeof in, cudaMemcpyHostToDevice, ctx_->stream()));
  ctx_->synchronize();
}

std::vector<uint32_t> device_network::take_spike_counts(uint32_t first, uint32_t count) {
  if (uint64_t{first} + count > view_.neuron_count) throw internal_error("spike counts out of range");
  std::vector<uint32_t> out(count);
  if (count == 0) return out;
  uint32_t* at = scratch_.spike_counts.data() + first;
  ENGRAM_CUDA_CHECK(cudaMemcpyAsync(out.data(), at, count * sizeof(uint32_t), cudaMemcpyDeviceToHost, ctx_->stream()));
  ENGRAM_CUDA_CHECK(cudaMemsetAsync(at, 0, count * sizeof(uint32_t), ctx_->stream()));
  ctx_->synchronize();
  return out;
}

void device_network::put_spike_counts(const std::vector<uint32_t>& counts) {
  if (counts.size() != view_.neuron_count) return;  // another network: its counts start at zero
  ENGRAM_CUDA_CHECK(cudaMemcpyAsync(scratch_.spike_counts.data(), counts.data(), counts.size() * sizeof(uint32_t),
                                    cudaMemcpyHostToDevice, ctx_->stream()));
  ctx_->synchronize();
}

network_state device_network::download() const {
  const cudaStream_t stream = ctx_->stream();
  network_state s = meta_;
  {
    step_arrays<host_array> host;
    for_each_state_array(host, arrays_, [&](auto& values, const auto& device) { values = device.download(stream); });
    unflatten_step(host, s);
  }
  for (size_t p = 0; p < projections_.size(); ++p) {
    synapse_table& t = s.projections[p];
    const device_projection& dp = projections_[p];
    t.row_ptr = dp.row_ptr.download(stream);
    t.packed = dp.packed.download(stream, dp.synapses);
    t.weight = dp.weight.download(stream, dp.synapses);
  }
  if (plasticity_) s.plasticity = plasticity_->download();
  return s;
}

std::vector<float> device_network::weights(size_t projection) const {
  const device_projection& dp = projections_.at(projection);
  return dp.weight.download(ctx_->stream(), dp.synapses);
}

}  // namespace engram::cuda
