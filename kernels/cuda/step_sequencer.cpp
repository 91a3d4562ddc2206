#include "kernels/cuda/step_sequencer.hpp"

#include "kernels/simt/grid_runner.hpp"
#include "kernels/cuda/plasticity_kernels.hpp"
#include "kernels/cuda/step_kernels.hpp"

namespace engram::cuda {

step_sequencer::step_sequencer(const device_network& net, spike_recorder& recorder, bool use_graphs)
    : net_(&net), recorder_(&recorder), stream_(net.context().stream()), use_graphs_(use_graphs),
      batches_(*this, net.initial_step()) {
  ENGRAM_CUDA_CHECK(cudaEventCreateWithFlags(&count_ready_, cudaEventDisableTiming));
  ENGRAM_CUDA_CHECK(cudaMallocHost(reinterpret_cast<void**>(&count_host_), sizeof(uint32_t)));
  *count_host_ = 0;
  ENGRAM_CUDA_CHECK(cudaMallocHost(reinterpret_cast<void**>(&chunk_host_), sizeof(uint64_t)));
  *chunk_host_ = 0;
}

step_sequencer::~step_sequencer() {
  cudaStreamSynchronize(stream_);
  forget_graphs();
  if (count_ready_) cudaEventDestroy(count_ready_);
  if (count_host_) cudaFreeHost(count_host_);
  if (chunk_host_) cudaFreeHost(chunk_host_);
}

void step_sequencer::forget_graphs() {
  for (auto& [key, slot] : graphs_)
    if (slot.exec) cudaGraphExecDestroy(slot.exec);
  graphs_.clear();
}

std::string step_sequencer::step_shape::key() const {
  std::string k;
  k += record ? 'r' : '-';
  k += plasticity ? 'p' : '-';
  for (uint8_t d : due) k += static_cast<char>('a' + d);  // due flags fit in 4 bits
  return k;
}

step_sequencer::step_shape step_sequencer::shape_of(uint8_t phases, uint64_t step) const {
  step_shape shape;
  shape.record = phases & phase_record;
  shape.plasticity = (phases & phase_plasticity) && net_->plasticity();
  if (shape.plasticity) shape.due = net_->plasticity()->due(step);
  return shape;
}

void step_sequencer::set_step(uint64_t step) { launch_set_step(net_->view().counters, step, stream_); }

void step_sequencer::run(const phase_queue::batch& b) {
  if (!b.full) return enqueue_phases(b.phases, b.step);
  const step_shape shape = shape_of(b.phases, b.step);
  if (use_graphs_) launch_graph(shape);
  else enqueue_full_step(shape);
}

uint32_t step_sequencer::wait_for_count() {
  ENGRAM_CUDA_CHECK(cudaEventSynchronize(count_ready_));
  return *count_host_;
}

void step_sequencer::begin_chunk() {
  ENGRAM_CUDA_CHECK(cudaMemsetAsync(&net_->view().counters->chunk_spikes, 0, sizeof(uint64_t), stream_));
}

uint64_t step_sequencer::end_chunk() {
  ENGRAM_CUDA_CHECK(cudaMemcpyAsync(chunk_host_, &net_->view().counters->chunk_spikes, sizeof(uint64_t),
                                    cudaMemcpyDeviceToHost, stream_));
  ENGRAM_CUDA_CHECK(cudaStreamSynchronize(stream_));
  return *chunk_host_;
}

// grid_runner's launches on the device: every launch on the backend's stream.
struct step_sequencer::launches {
  step_sequencer* sequencer;
  cudaStream_t stream;
  uint32_t warp_blocks, spike_blocks;

  void pulse_hits(const step_view& v) { launch_pulse_hits(v, stream); }
  void neuron_step(const step_view& v, bool inputs, bool integrate) {
    launch_neuron_step(v, inputs, integrate, stream);
    if (integrate) sequencer->publish_count();
  }
  void stp_release(const step_view& v, uint32_t q) { launch_stp_release(v, q, spike_blocks, stream); }
  void deliver(const step_view& v) { launch_deliver(v, warp_blocks, stream); }
  void record(const step_view& v) { launch_record(v, spike_blocks, stream); }
  void end_of_step(const step_view& v, bool commit, bool advance) { launch_end_of_step(v, commit, advance, stream); }

  void contingencies(const plasticity_view& v) { launch_contingencies(v, stream); }
  void potentiate(const plasticity_view& v, const plastic_entry_view& p) { launch_potentiate(v, p, warp_blocks, stream); }
  void depress(const plasticity_view& v, const plastic_entry_view& p) { launch_depress(v, p, warp_blocks, stream); }
  void derivative(const plastic_entry_view& p) { launch_derivative_apply(p, stream); }
  void eligibility(const plasticity_view& v, const plastic_entry_view& p) { launch_eligibility_apply(v, p, stream); }
  void scaling(const plasticity_view& v, const plastic_entry_view& p) { launch_scaling(v, p, stream); }
  void normalise(const plasticity_view& v, const plastic_entry_view& p) { launch_normalise(v, p, stream); }
  void plasticity_tail(const plasticity_view& v, const tail_view& t) { launch_plasticity_tail(v, t, stream); }
};

void step_sequencer::enqueue(uint8_t phases, const std::vector<uint8_t>& due, bool advance) {
  launches launch{this, stream_, net_->deliver_blocks(), net_->record_blocks()};
  grid_runner<launches> run{net_->view(), net_->plasticity_plan_or_null(), launch};
  driver::run_step(net_->outline(), phases, due, advance, run);
}

void step_sequencer::enqueue_full_step(const step_shape& shape) {
  enqueue(driver::full_step_phases(shape.plasticity, shape.record), shape.due, true);
}

void step_sequencer::enqueue_phases(uint8_t phases, uint64_t step) {
  const device_plasticity* plastic = net_->plasticity();
  enqueue(phases, (phases & phase_plasticity) && plastic ? plastic->due(step) : std::vector<uint8_t>{}, false);
}

void step_sequencer::publish_count() {
  const step_view& v = net_->view();
  ENGRAM_CUDA_CHECK(
      cudaMemcpyAsync(count_host_, &v.counters->spike_count, sizeof(uint32_t), cudaMemcpyDeviceToHost, stream_));
  // Inside a capture the event must become a node of the graph (external), else it would only
  // order the capture.
  cudaStreamCaptureStatus capturing = cudaStreamCaptureStatusNone;
  ENGRAM_CUDA_CHECK(cudaStreamIsCapturing(stream_, &capturing));
  ENGRAM_CUDA_CHECK(cudaEventRecordWithFlags(
      count_ready_, stream_, capturing == cudaStreamCaptureStatusActive ? cudaEventRecordExternal : cudaEventRecordDefault));
}

void step_sequencer::launch_graph(const step_shape& shape) {
  const std::string key = shape.key();
  auto found = graphs_.find(key);
  if (found == graphs_.end()) {
    if (graphs_.size() >= max_graphs) return enqueue_full_step(shape);  // a rare shape: plain launches
    found = graphs_.emplace(key, graph_slot{}).first;
  }
  graph_slot& slot = found->second;
  if (!slot.warmed_up) {
    // The first step of each shape runs as plain launches (the same kernels, so the same
    // result): every kernel, CUB's included, is loaded and configured before a capture begins.
    enqueue_full_step(shape);
    slot.warmed_up = true;
    return;
  }
  cudaGraphExec_t& exec = slot.exec;
  if (!exec) {
    cudaGraph_t graph = nullptr;
    ENGRAM_CUDA_CHECK(cudaStreamBeginCapture(stream_, cudaStreamCaptureModeThreadLocal));
    try {
      enqueue_full_step(shape);
    } catch (...) {
      cudaStreamEndCapture(stream_, &graph);
      if (graph) cudaGraphDestroy(graph);
      throw;
    }
    ENGRAM_CUDA_CHECK(cudaStreamEndCapture(stream_, &graph));
    const cudaError_t status = cudaGraphInstantiate(&exec, graph, 0);
    cudaGraphDestroy(graph);
    if (status != cudaSuccess) exec = nullptr;
    ENGRAM_CUDA_CHECK(status);
  }
  ENGRAM_CUDA_CHECK(cudaGraphLaunch(exec, stream_));
}

}  // namespace engram::cuda
