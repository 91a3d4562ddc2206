#include "tests/cuda_emulation.hpp"

#include "engine/errors.hpp"
#include "engine/plasticity_layout.hpp"
#include "kernels/cpu/build_synapses.hpp"

namespace engram::test {

using namespace engram::cuda;

void host_launches::pulse_hits(const step_view& v) {
  each(dense_threads, [&](thread_position t) { pulse_hits_thread(v, t); });
}
void host_launches::neuron_step(const step_view& v, bool inputs, bool integrate) {
  each(dense_threads, [&](thread_position t) { neuron_step_thread(v, inputs, integrate, t); });
}
void host_launches::compaction(const step_view& v) {
  uint32_t count = 0;
  for (uint32_t i = 0; i < v.neuron_count; ++i)
    if (v.fired[i]) v.spikes[count++] = i;
  v.counters->spike_count = count;
}
void host_launches::stp_release(const step_view& v, uint32_t q) {
  each(dense_threads, [&](thread_position t) { stp_release_thread(v, q, t); });
}
void host_launches::deliver(const step_view& v) {
  each(warp_threads, [&](thread_position t) { deliver_thread(v, t); });
}
void host_launches::record(const step_view& v) {
  each(dense_threads, [&](thread_position t) { record_thread(v, t); });
}
void host_launches::end_of_step(const step_view& v, bool commit, bool advance) { end_of_step_thread(v, commit, advance); }

void host_launches::contingencies(const plasticity_view& v) { contingencies_thread(v); }
void host_launches::potentiate(const plasticity_view& v, const plastic_entry_view& p) {
  each(warp_threads, [&](thread_position t) { potentiate_thread(v, p, t); });
}
void host_launches::depress(const plasticity_view& v, const plastic_entry_view& p) {
  each(warp_threads, [&](thread_position t) { depress_thread(v, p, t); });
}
void host_launches::traces(const plasticity_view& v, const plastic_entry_view& p) {
  each(dense_threads, [&](thread_position t) { traces_thread(v, p, t); });
}
void host_launches::derivative(const plastic_entry_view& p) {
  each(dense_threads, [&](thread_position t) { derivative_thread(p, t); });
}
void host_launches::eligibility(const plasticity_view& v, const plastic_entry_view& p) {
  each(dense_threads, [&](thread_position t) { eligibility_thread(v, p, t); });
}
void host_launches::scaling(const plasticity_view& v, const plastic_entry_view& p) {
  each(dense_threads, [&](thread_position t) { scaling_thread(v, p, t); });
}
void host_launches::normalise(const plastic_entry_view& p) {
  each(dense_threads, [&](thread_position t) { normalise_thread(p, t); });
}
void host_launches::homeostasis(const plasticity_view& v, const homeostasis_view& h) {
  each(dense_threads, [&](thread_position t) { homeostasis_thread(v, h, t); });
}
void host_launches::stp_recover(const plastic_entry_view& p) {
  each(dense_threads, [&](thread_position t) { stp_recover_thread(p, t); });
}
void host_launches::dopamine_decay(const plasticity_view& v) {
  each(32, [&](thread_position t) { dopamine_decay_thread(v, t); });
}
void host_launches::history(const plasticity_view& v) {
  each(dense_threads, [&](thread_position t) { history_thread(v, t); });
}

void emulated_cuda_backend::build(const network& net, network_state initial) {
  // The device generates the synapses the CPU builder does (tests/gpu checks that); here the CPU
  // builder stands in for it. Then what cuda_backend::build does for a plastic network.
  for (uint32_t p = 0; p < initial.projections.size(); ++p) cpu::build_synapses(net, p, initial.projections[p], 1);
  prepare_plastic_synapses(initial);
  load(std::move(initial));
}

void emulated_cuda_backend::load(network_state state) {
  recorded_ = {};
  arrays_ = lay_out_step(state);
  sizes_ = scratch_sizes_of(state);
  allocate_scratch(scratch_, sizes_, [](auto& array, uint64_t n) { array.assign(n, {}); });
  plastic_ = flatten_plasticity(state);
  constants_ = constants_of(state.plasticity);
  const bool plastic = state.plasticity.active();

  // The kernels change the weights in place: they point into the tables, which moving the state
  // into meta_ below does not reallocate.
  std::vector<table_pointers> tables;
  for (auto& t : state.projections)
    tables.push_back({t.row_ptr.data(), t.target.data(), t.weight.data(), t.delay.empty() ? nullptr : t.delay.data()});
  plan_ = step_plan{};
  if (plastic) {
    plasticity_plan_ = make_plan(state, pointers_of(plastic_), tables,
                                 {arrays_.counters.data(), scratch_.fired.data(), scratch_.spikes.data()});
    plan_.plasticity = &plasticity_plan_;
  }
  projections_.clear();
  for (size_t p = 0; p < state.projections.size(); ++p) {
    const delivery_factors f = plastic ? plasticity_plan_.delivery.at(p) : delivery_factors{};
    projections_.push_back(projection_view_of(state.projections[p], tables[p], f));
    if (f.release) plan_.stp_projections.push_back(static_cast<uint32_t>(p));
  }
  view_ = make_step_view(arrays_, scratch_, state, sizes_, projections_.data(), plastic ? plasticity_plan_.view.theta : nullptr);
  meta_ = std::move(state);
  meta_.neurons = {};
  meta_.ring = {};
  meta_.plasticity = {};
}

network_state emulated_cuda_backend::export_state() const {
  network_state s = meta_;
  unflatten_step(arrays_, s);
  if (plan_.plasticity) s.plasticity = unflatten_plasticity(constants_, plastic_, view_.neuron_count, view_.ring_slots);
  s.step = arrays_.counters[0].step;
  return s;
}

void emulated_cuda_backend::phase(uint8_t p, uint64_t step) {
  arrays_.counters[0].step = step;  // what step_sequencer's set_step does on a jump
  const std::vector<uint8_t> due = (p & phase_plasticity) && plan_.plasticity ? due_flags(*plan_.plasticity, step)
                                                                              : std::vector<uint8_t>{};
  run_step(view_, plan_, p, due, false, run_);
}

void emulated_cuda_backend::record(uint64_t step) {
  phase(phase_record, step);
  // Empty the record buffer at once, as spike_recorder::move_to_host does.
  step_counters& c = arrays_.counters[0];
  if (c.record_overflow) throw internal_error("emulated record buffer overflowed");
  recorded_.neuron.insert(recorded_.neuron.end(), scratch_.record_neuron.begin(),
                          scratch_.record_neuron.begin() + static_cast<int64_t>(c.recorded_spikes));
  recorded_.step.insert(recorded_.step.end(), c.recorded_spikes, step);
  c.recorded_spikes = 0;
  c.recorded_steps = 0;
}

void emulated_cuda_backend::add_dopamine(uint32_t channel, float amount) {
  if (!plan_.plasticity || channel >= plasticity_plan_.view.dopamine_channels)
    throw internal_error("dopamine channel index out of range");
  add_dopamine_thread(plasticity_plan_.view.dopamine_level, channel, amount);
}

void emulated_cuda_backend::set_frozen(uint32_t entry, bool frozen) {
  if (!plan_.plasticity || entry >= plasticity_plan_.entries.size())
    throw internal_error("plastic projection index out of range");
  plasticity_plan_.entries[entry].frozen = frozen;
  constants_.projections[entry].frozen = frozen;
}

spike_record emulated_cuda_backend::drain_recorded() {
  spike_record out;
  std::swap(out, recorded_);
  return out;
}

}  // namespace engram::test
