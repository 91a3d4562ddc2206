#include "kernels/cuda/device_plasticity.hpp"

#include "engine/errors.hpp"
#include "kernels/cuda/plasticity_kernels.hpp"

namespace engram::cuda {

device_plasticity::device_plasticity(const device_context& ctx, const network_state& s,
                                     const std::vector<device_projection>& tables, const spike_pointers& neurons,
                                     std::vector<device_index>* indexes)
    : ctx_(&ctx), constants_(constants_of(s.plasticity)), neuron_count_(s.neuron_count()), ring_slots_(s.ring_slots) {
  const cudaStream_t stream = ctx.stream();
  {
    std::vector<transposed_index> none(s.plasticity.projections.size());  // the device's indexes come below
    const plasticity_arrays<host_array> host = flatten_plasticity(s, indexes ? &none : nullptr);
    for_each_array(arrays_, host, [&](auto& device, const auto& values) { device.upload(values, stream); });
    ctx.synchronize();  // the host arrays are freed at the end of this block
  }
  if (indexes)
    for (size_t i = 0; i < arrays_.entries.size(); ++i) {
      arrays_.entries[i].col_ptr = std::move(indexes->at(i).col_ptr);
      arrays_.entries[i].col_synapse = std::move(indexes->at(i).col_synapse);
      arrays_.entries[i].chunk_row = std::move(indexes->at(i).chunk_row);
    }
  std::vector<table_pointers> pointers;
  for (const device_projection& t : tables) pointers.push_back({t.row_ptr.data(), t.packed.data(), t.weight.data()});
  plan_ = make_plan(s, pointers_of(arrays_), pointers, neurons);
  entry_views_.upload(plan_.entries, stream);
  homeostasis_views_.upload(plan_.homeostasis, stream);
  point_tail_at(plan_, entry_views_.data(), homeostasis_views_.data());
  ctx.synchronize();  // the host vectors stay, but the copies must have landed before a launch
  outline_ = driver::plasticity_outline_of(s.plasticity);
}

uint64_t device_plasticity::synapse_bytes() const {
  uint64_t bytes = 0;
  for (const auto& e : arrays_.entries)
    bytes += e.aux.bytes() + e.aux_clock.bytes() + e.col_ptr.bytes() + e.col_synapse.bytes() + e.chunk_row.bytes() +
             e.importance.bytes() + e.gate.bytes();
  return bytes;
}

void device_plasticity::set_frozen(uint32_t entry, bool frozen) {
  if (entry >= plan_.entries.size()) throw internal_error("plastic projection index out of range");
  plan_.entries[entry].frozen = frozen;
  outline_.entries[entry].frozen = frozen;
  constants_.projections[entry].frozen = frozen;
}

bool device_plasticity::frozen(uint32_t entry) const {
  if (entry >= plan_.entries.size()) throw internal_error("plastic projection index out of range");
  return plan_.entries[entry].frozen;
}

void device_plasticity::add_dopamine(uint32_t channel, float amount, cudaStream_t stream) {
  if (channel >= plan_.view.dopamine_channels) throw internal_error("dopamine channel index out of range");
  launch_add_dopamine(plan_.view.dopamine_level, channel, amount, stream);
}

plasticity_state device_plasticity::download() const {
  const cudaStream_t stream = ctx_->stream();
  plasticity_arrays<host_array> host;
  for_each_state_array(host, arrays_, [&](auto& values, const auto& device) { values = device.download(stream); });
  return unflatten_plasticity(constants_, host, neuron_count_, ring_slots_);
}

}  // namespace engram::cuda
