#pragma once
// The CUDA backend's kernels, emulated on the host, as an engram::backend: the state laid out as
// the device holds it (kernels/simt/step_layout.hpp, plasticity_arrays.hpp), the launch sequences
// the device runs (kernels/driver/step_driver.hpp through grid_runner.hpp) and the kernels' thread bodies
// (step_bodies.hpp, plasticity_bodies.hpp), each launch run thread by thread. Compared with the
// CPU backend, it checks everything of the CUDA backend except what only a device can do: the
// launches, CUB (replaced by std::inclusive_scan and std::stable_sort), warps
// in lockstep, atomics, graphs and the host-device copies.
#include <memory>
#include <vector>

#include "engine/backend.hpp"
#include "kernels/simt/plasticity_bodies.hpp"
#include "kernels/simt/plasticity_plan.hpp"
#include "kernels/simt/record_book.hpp"
#include "kernels/simt/step_bodies.hpp"
#include "kernels/simt/step_batches.hpp"
#include "kernels/simt/step_layout.hpp"
#include "kernels/simt/grid_runner.hpp"
#include "kernels/simt/index_bodies.hpp"
#include "kernels/driver/step_driver.hpp"

namespace engram::test {

// grid_runner's launches on the host: every thread of a launch in turn.
struct host_launches {
  uint64_t warp_threads = 96;    // three warps: the warp loops stride
  uint64_t dense_threads = 200;  // fewer threads than items: the grid-stride loops stride
  bool reverse = false;          // threads in reverse order: the result must not change

  mutable uint64_t launches = 0;        // kernel launches so far
  mutable uint64_t unordered_lists = 0;  // integrations whose spike list came out not ascending
  mutable uint64_t lazy_periods = 0;     // eligibility period ends that touched no synapse

  template <class Body>
  void each(uint64_t threads, Body&& body) const {
    ++launches;
    for (uint64_t k = 0; k < threads; ++k) body(cuda::thread_position{reverse ? threads - 1 - k : k, threads});
  }

  void pulse_hits(const cuda::step_view& v);
  void neuron_step(const cuda::step_view& v, bool inputs, bool integrate);
  void stp_release(const cuda::step_view& v, uint32_t q);
  void deliver(const cuda::step_view& v);
  void record(const cuda::step_view& v);
  void end_of_step(const cuda::step_view& v, bool commit, bool advance);

  void contingencies(const cuda::plasticity_view& v);
  void potentiate(const cuda::plasticity_view& v, const cuda::plastic_entry_view& p);
  void depress(const cuda::plasticity_view& v, const cuda::plastic_entry_view& p);
  void derivative(const cuda::plastic_entry_view& p);
  void eligibility(const cuda::plasticity_view& v, const cuda::plastic_entry_view& p);
  void scaling(const cuda::plasticity_view& v, const cuda::plastic_entry_view& p);
  void normalise(const cuda::plasticity_view& v, const cuda::plastic_entry_view& p);
  void plasticity_tail(const cuda::plasticity_view& v, const cuda::tail_view& tail);
};

class emulated_cuda_backend final : public backend {
 public:
  // `warp_threads`: the threads of a warp-based launch (delivery shares them out among the spikes).
  explicit emulated_cuda_backend(bool reverse_threads = false, uint64_t warp_threads = 96) {
    run_.reverse = reverse_threads;
    run_.warp_threads = warp_threads;
  }

  emulated_cuda_backend(const emulated_cuda_backend&) = delete;  // its batches point at it
  emulated_cuda_backend& operator=(const emulated_cuda_backend&) = delete;

  std::string name() const override { return "cuda-emulated"; }
  std::string device() const override { return "host emulation of the CUDA kernels"; }

  void build(const network& net, network_state initial) override;
  void load(network_state state) override;
  network_state export_state() const override;

  // Phases are queued and launched in batches by the sequencer's own control (step_batches), so
  // the emulation runs the device's batches; only the launch (the device methods below) differs.
  void apply_inputs(uint64_t step) override { batches_.queue(driver::phase_inputs, step); }
  void integrate(uint64_t step) override { batches_.queue(driver::phase_integrate, step); }
  void deliver(uint64_t step) override { batches_.queue(driver::phase_deliver, step); }
  void record(uint64_t step) override { batches_.queue(driver::phase_record, step); }
  uint64_t run_steps(uint64_t first, uint64_t count, bool plastic, bool record) override {
    return batches_.run_steps(first, count, plastic, record);
  }

  bool supports_plasticity() const override { return true; }
  void plasticity(uint64_t step) override { batches_.queue(driver::phase_plasticity, step); }
  void add_dopamine(uint32_t channel, float amount) override;
  void set_frozen(uint32_t entry, bool frozen) override;

  void set_spike_probabilities(uint32_t first, const std::vector<double>& probabilities) override;
  void set_input_amplitude(uint32_t input, float amplitude) override;
  std::vector<uint32_t> take_spike_counts(uint32_t first, uint32_t count) override;

  uint32_t spike_count_last_step() const override;
  uint64_t launches() const { return run_.launches; }        // the device's kernel launches so far
  uint64_t unordered_lists() const { return run_.unordered_lists; }  // spike lists not in neuron order
  uint64_t lazy_periods() const { return run_.lazy_periods; }  // eligibility periods left to the clocks
  uint64_t host_waits() const { return host_waits_; }  // the host waiting for the device: counts, totals, record copies
  spike_record drain_recorded() override;
  uint64_t synaptic_events() const override;

 private:
  // step_batches' device: the step driver run through grid_runner on host_launches, and the
  // host's waits counted where the CUDA backend waits.
  friend class cuda::step_batches<emulated_cuda_backend>;
  void set_step(uint64_t step) { arrays_.counters[0].step = step; }  // step_sequencer's set_step
  void reserve_record() { if (book_.must_empty()) empty_record_buffer(); }  // spike_recorder::reserve_step
  void run(const driver::phase_queue::batch& b);
  void record_enqueued(uint64_t step) { book_.enqueued(step); }
  void settle_record(uint32_t spikes) { book_.settle_last(spikes); }
  uint32_t wait_for_count() { ++host_waits_; return arrays_.counters[0].spike_count; }  // the count's event
  void begin_chunk() { arrays_.counters[0].chunk_spikes = 0; }  // the sequencer's cudaMemsetAsync
  uint64_t end_chunk() { ++host_waits_; return arrays_.counters[0].chunk_spikes; }  // its one synchronisation

  // load(), with the transposed indexes `indexes` built (null: built from the state's tables).
  void adopt(network_state state, std::vector<transposed_index>* indexes);
  void flush() const { batches_.flush(); }  // const: observers flush, as the CUDA backend's do
  void empty_record_buffer();  // spike_recorder::move_to_host

  network_state meta_;  // layout, constants and the synapse tables (which the kernels change in place)
  plasticity_state constants_;
  cuda::step_arrays<cuda::host_array> arrays_;
  cuda::step_scratch<cuda::host_array> scratch_;
  cuda::scratch_sizes sizes_;
  cuda::plasticity_arrays<cuda::host_array> plastic_;
  cuda::plasticity_plan plasticity_plan_;
  std::vector<cuda::projection_view> projections_;
  cuda::step_view view_{};
  driver::plasticity_outline plasticity_outline_;
  driver::step_outline outline_;
  host_launches run_;
  spike_record recorded_;
  cuda::record_book book_{0, 0, 0};
  uint64_t host_waits_ = 0;
  uint64_t earlier_events_ = 0;  // delivered before a load replaced the arrays, as the CUDA backend keeps them
  mutable cuda::step_batches<emulated_cuda_backend> batches_{*this, 0};
};

}  // namespace engram::test
