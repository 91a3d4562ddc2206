#include "kernels/cuda/device_plasticity.hpp"

#include <algorithm>

#include "engine/errors.hpp"
#include "kernels/cuda/plasticity_kernels.hpp"

namespace engram::cuda {
namespace {

// run_plasticity_phase's runner on the device: each launch on the backend's stream.
struct cuda_launches {
  cudaStream_t stream;
  uint32_t warp_blocks, spike_blocks;

  void contingencies(const plasticity_view& v) { launch_contingencies(v, stream); }
  void potentiate(const plasticity_view& v, const plastic_entry_view& p) { launch_potentiate(v, p, warp_blocks, stream); }
  void depress(const plasticity_view& v, const plastic_entry_view& p) { launch_depress(v, p, warp_blocks, stream); }
  void traces(const plasticity_view& v, const plastic_entry_view& p) { launch_traces(v, p, stream); }
  void derivative(const plastic_entry_view& p) { launch_derivative_apply(p, stream); }
  void eligibility(const plasticity_view& v, const plastic_entry_view& p) { launch_eligibility_apply(v, p, stream); }
  void scaling(const plasticity_view& v, const plastic_entry_view& p) { launch_scaling(v, p, stream); }
  void normalise(const plastic_entry_view& p) { launch_normalise(p, stream); }
  void homeostasis(const plasticity_view& v, const homeostasis_view& h) { launch_homeostasis(v, h, stream); }
  void stp_recover(const plastic_entry_view& p) { launch_stp_recover(p, stream); }
  void dopamine_decay(const plasticity_view& v) { launch_dopamine_decay(v, stream); }
  void history(const plasticity_view& v) { launch_history_store(v, spike_blocks, stream); }
};

}  // namespace

device_plasticity::device_plasticity(const device_context& ctx, const network_state& s,
                                     const std::vector<device_projection>& tables, const step_arrays& neurons)
    : ctx_(&ctx), constants_(constants_of(s.plasticity)), neuron_count_(s.neuron_count()), ring_slots_(s.ring_slots) {
  // One warp per spike over a grid that fills the device once, as delivery does.
  const uint64_t sm = static_cast<uint64_t>(ctx.multiprocessors());
  warp_blocks_ = static_cast<uint32_t>(std::min<uint64_t>((neuron_count_ + warps_per_block - 1) / warps_per_block, sm * 8));
  spike_blocks_ = static_cast<uint32_t>(std::min<uint64_t>((neuron_count_ + step_block_threads - 1) / step_block_threads, sm * 4));

  const cudaStream_t stream = ctx.stream();
  {
    const plasticity_arrays<host_array> host = flatten_plasticity(s);
    for_each_array(arrays_, host, [&](auto& device, const auto& values) { device.upload(values, stream); });
    ctx.synchronize();  // the host arrays are freed at the end of this block
  }
  std::vector<table_pointers> pointers;
  for (const device_projection& t : tables) pointers.push_back({t.row_ptr.data(), t.target.data(), t.weight.data(), t.delay.data()});
  plan_ = make_plan(s, pointers_of(arrays_), pointers, neurons);
}

uint64_t device_plasticity::synapse_bytes() const {
  uint64_t bytes = 0;
  for (const auto& e : arrays_.entries) bytes += e.aux.bytes() + e.col_ptr.bytes() + e.col_synapse.bytes();
  return bytes;
}

void device_plasticity::enqueue(const std::vector<uint8_t>& due, cudaStream_t stream) const {
  cuda_launches run{stream, warp_blocks_, spike_blocks_};
  run_plasticity_phase(plan_, due, run);
}

void device_plasticity::set_frozen(uint32_t entry, bool frozen) {
  if (entry >= plan_.entries.size()) throw internal_error("plastic projection index out of range");
  plan_.entries[entry].frozen = frozen;
  constants_.projections[entry].frozen = frozen;
}

void device_plasticity::add_dopamine(uint32_t channel, float amount, cudaStream_t stream) {
  if (channel >= plan_.view.dopamine_channels) throw internal_error("dopamine channel index out of range");
  launch_add_dopamine(plan_.view.dopamine_level, channel, amount, stream);
}

delivery_factors device_plasticity::delivery_of(uint32_t projection) const {
  delivery_factors f;
  for (size_t i = 0; i < plan_.entries.size(); ++i) {
    const plastic_projection& p = constants_.projections[i];
    if (p.projection != projection) continue;
    f.modulated = p.stp || p.modulation != 1.0f;  // as the CPU backend decides
    f.modulation = p.modulation;
    f.stp_u = plan_.entries[i].stp_u;
    f.stp_x = plan_.entries[i].stp_x;
    f.stp_U = p.stp_U;
  }
  return f;
}

plasticity_state device_plasticity::download() const {
  const cudaStream_t stream = ctx_->stream();
  plasticity_arrays<host_array> host;
  for_each_array(host, arrays_, [&](auto& values, const auto& device) { values = device.download(stream); });
  return unflatten_plasticity(constants_, host, neuron_count_, ring_slots_);
}

}  // namespace engram::cuda
