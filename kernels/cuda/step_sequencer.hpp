#pragma once
// Turns the backend's per-phase calls into launches. The control (phases queued and launched
// together at the first call that needs their effect, the step index, the record's reserve, the
// spike count read back, run_steps' chunks) is kernels/simt/step_batches.hpp, shared with the
// host emulation; this class is its device: a complete step (inputs, integrate, deliver, then
// plasticity and record or not) is one CUDA graph replay, or the same kernels launched one by one
// when graphs are off; anything else runs phase by phase. A step's launches depend on whether it
// records, whether it runs plasticity and which plasticity periods end on it; one graph is kept
// per such shape.
//
// The step index lives in device memory (step_counters::step) and the graph's last kernel advances
// it, so one captured graph serves every step; the host only rewrites it when a caller jumps.
#include <cstdint>
#include <map>
#include <string>
#include <vector>

#include "kernels/cuda/device_network.hpp"
#include "kernels/cuda/spike_recorder.hpp"
#include "kernels/driver/step_driver.hpp"
#include "kernels/simt/step_batches.hpp"

namespace engram::cuda {

using driver::phase;
using driver::phase_deliver;
using driver::phase_inputs;
using driver::phase_integrate;
using driver::phase_plasticity;
using driver::phase_queue;
using driver::phase_record;

class step_sequencer {
 public:
  step_sequencer(const device_network& net, spike_recorder& recorder, bool use_graphs);
  ~step_sequencer();
  step_sequencer(const step_sequencer&) = delete;
  step_sequencer& operator=(const step_sequencer&) = delete;

  void queue(phase p, uint64_t step) { batches_.queue(p, step); }
  void flush() { batches_.flush(); }  // launch whatever is queued
  uint32_t last_spike_count() { return batches_.last_spike_count(); }  // waits only for the last integration
  // `count` complete steps from `first`, none of whose spike counts is waited for: the device
  // sums them (step_counters::chunk_spikes) and the host synchronises once, at the end.
  uint64_t run_steps(uint64_t first, uint64_t count, bool plastic, bool record) {
    return batches_.run_steps(first, count, plastic, record);
  }
  uint64_t device_step() const { return batches_.device_step(); }  // the step index the device holds after the queue
  void forget_graphs();  // the launches of a shape changed (a projection was frozen or unfrozen)

 private:
  // What a complete step launches: record or not, plasticity or not, and the plasticity periods
  // that end on it (device_plasticity::due).
  struct step_shape {
    bool record = false, plasticity = false;
    std::vector<uint8_t> due;
    std::string key() const;
  };
  struct graph_slot {
    bool warmed_up = false;
    cudaGraphExec_t exec = nullptr;
  };
  static constexpr size_t max_graphs = 16;  // beyond this many shapes, steps launch kernel by kernel

  // step_batches' device: what the control asks of the GPU.
  friend class step_batches<step_sequencer>;
  void set_step(uint64_t step);
  void reserve_record() { recorder_->reserve_step(); }
  void run(const phase_queue::batch& b);
  void record_enqueued(uint64_t step) { recorder_->enqueued(step); }
  void settle_record(uint32_t spikes) { recorder_->settle_last(spikes); }
  uint32_t wait_for_count();  // the event after the last integration only: delivery and recording keep running
  void begin_chunk();
  uint64_t end_chunk();

  struct launches;  // grid_runner's launches (step_sequencer.cpp)
  step_shape shape_of(uint8_t phases, uint64_t step) const;
  void enqueue(uint8_t phases, const std::vector<uint8_t>& due, bool advance);  // kernels/driver/step_driver.hpp
  void enqueue_full_step(const step_shape& shape);  // the graph's body
  void enqueue_phases(uint8_t phases, uint64_t step);  // a partial step, phase by phase; the step index stays
  void publish_count();  // after an integrating neuron step: its spike count to pinned memory, and an event
  void launch_graph(const step_shape& shape);

  const device_network* net_;
  spike_recorder* recorder_;
  cudaStream_t stream_;
  bool use_graphs_;
  std::map<std::string, graph_slot> graphs_;
  cudaEvent_t count_ready_ = nullptr;
  uint32_t* count_host_ = nullptr;  // pinned
  uint64_t* chunk_host_ = nullptr;  // pinned: run_steps' total

  step_batches<step_sequencer> batches_;
};

}  // namespace engram::cuda
