// CUDA backend entry points and the backend's phase calls. Host code only: the kernels live in the
// other .cu files of this folder, the orchestration in the .cpp files.
#include <cstdlib>
#include <cstring>
#include <cuda_runtime.h>

#include "engine/errors.hpp"
#include "engine/plasticity_layout.hpp"
#include "kernels/cuda/cuda_backend.hpp"
#include "kernels/cuda/step_kernels.hpp"
#include "kernels/cuda_entry.hpp"

namespace engram::cuda {
namespace {

bool graphs_enabled() {
  const char* env = std::getenv("ENGRAM_CUDA_GRAPHS");
  return !(env && (std::strcmp(env, "0") == 0 || std::strcmp(env, "off") == 0 || std::strcmp(env, "false") == 0));
}

}  // namespace

int device_count() {
  int n = 0;
  if (cudaGetDeviceCount(&n) != cudaSuccess) {
    cudaGetLastError();  // clear the sticky "no driver" error
    return 0;
  }
  return n;
}

std::unique_ptr<backend> make_cuda_backend(const backend_options& options) {
  if (device_count() == 0) throw backend_unavailable("no CUDA device is available on this machine");
  try {
    return std::make_unique<cuda_backend>(options);
  } catch (const backend_unavailable&) {
    throw;
  } catch (const error& e) {
    throw backend_unavailable(std::string("the CUDA device cannot be used: ") + e.what());
  }
}

cuda_backend::cuda_backend(const backend_options&) : use_graphs_(graphs_enabled()) {}

cuda_backend::~cuda_backend() {
  sequencer_.reset();
  recorder_.reset();
  net_.reset();
}

step_sequencer& cuda_backend::sequencer() const {
  if (!sequencer_) throw internal_error("the CUDA backend was used before build() or load()");
  return *sequencer_;
}

void cuda_backend::release_network() {
  if (!net_) return;
  spike_record rest = drain_recorded();
  earlier_spikes_.step.insert(earlier_spikes_.step.end(), rest.step.begin(), rest.step.end());
  earlier_spikes_.neuron.insert(earlier_spikes_.neuron.end(), rest.neuron.begin(), rest.neuron.end());
  earlier_events_ = synaptic_events();
  sequencer_.reset();
  recorder_.reset();
  net_.reset();  // frees the device memory before the next network asks for it
}

void cuda_backend::adopt(std::unique_ptr<device_network> net) {
  net_ = std::move(net);
  recorder_ = std::make_unique<spike_recorder>(*net_);
  sequencer_ = std::make_unique<step_sequencer>(*net_, *recorder_, use_graphs_);
}

void cuda_backend::build(const network& net, network_state initial) {
  release_network();
  if (!initial.plasticity.active()) return adopt(device_network::build(context_, net, initial));
  // Generate the synapses on the device, then sort STDP rows by delay and index them by column
  // there too (plastic_tables.hpp): the synapses never leave the device.
  plasticity_state plastic = std::move(initial.plasticity);
  initial.plasticity = {};
  std::unique_ptr<device_network> built = device_network::build(context_, net, initial);
  initial.plasticity = std::move(plastic);
  built->add_plasticity(initial);
  adopt(std::move(built));
}

void cuda_backend::load(network_state state) {
  // The spike counts are the experiment's window, not the network's state: they survive a load.
  std::vector<uint32_t> counts;
  if (net_) {
    sequencer().flush();
    counts = net_->take_spike_counts(0, net_->neuron_count());
  }
  release_network();
  adopt(device_network::load(context_, state));
  net_->put_spike_counts(counts);
}

void cuda_backend::set_spike_probabilities(uint32_t first, const std::vector<double>& probabilities) {
  sequencer().flush();
  net_->set_spike_probabilities(first, probabilities);
}

void cuda_backend::set_input_amplitude(uint32_t input, float amplitude) {
  sequencer().flush();
  net_->set_input_amplitude(input, amplitude);
}

std::vector<uint32_t> cuda_backend::take_spike_counts(uint32_t first, uint32_t count) {
  sequencer().flush();
  return net_->take_spike_counts(first, count);
}

device_plasticity& cuda_backend::plastic_state() const {
  if (!net_ || !net_->plasticity()) throw internal_error("this network has no plasticity state on the CUDA backend");
  return *net_->plasticity();
}

void cuda_backend::add_dopamine(uint32_t channel, float amount) {
  sequencer().flush();  // after every queued phase, before the next step
  plastic_state().add_dopamine(channel, amount, context_.stream());
}

void cuda_backend::set_frozen(uint32_t entry, bool frozen) {
  if (plastic_state().frozen(entry) == frozen) return;  // nothing changes: keep the graphs
  sequencer().flush();
  plastic_state().set_frozen(entry, frozen);
  sequencer_->forget_graphs();  // captured launches carry the old flag
}

backend::synapse_footprint cuda_backend::footprint() const {
  const auto [synapses, bytes] = net_->synapse_footprint();
  return {synapses, bytes};
}

network_state cuda_backend::export_state() const {
  sequencer().flush();
  network_state s = net_->download();
  s.step = sequencer_->device_step();
  return s;
}

uint32_t cuda_backend::spike_count_last_step() const { return sequencer_ ? sequencer_->last_spike_count() : 0; }

spike_record cuda_backend::drain_recorded() {
  spike_record out;
  std::swap(out, earlier_spikes_);
  if (!sequencer_) return out;
  sequencer_->flush();
  spike_record now = recorder_->drain();
  if (out.size() == 0) return now;
  out.step.insert(out.step.end(), now.step.begin(), now.step.end());
  out.neuron.insert(out.neuron.end(), now.neuron.begin(), now.neuron.end());
  return out;
}

uint64_t cuda_backend::synaptic_events() const {
  if (!sequencer_) return earlier_events_;
  sequencer_->flush();
  uint64_t events = 0;
  ENGRAM_CUDA_CHECK(cudaMemcpyAsync(&events, &net_->view().counters->events, sizeof events, cudaMemcpyDeviceToHost,
                                    context_.stream()));
  context_.synchronize();
  return earlier_events_ + events;
}

void cuda_backend::read_neurons(const std::vector<uint32_t>& ids, std::vector<float>& v, std::vector<float>& u) const {
  sequencer().flush();
  const uint32_t n = net_->neuron_count();
  for (uint32_t id : ids)
    if (id >= n) throw invalid_parameter("probe neuron " + std::to_string(id) + " is outside the network");
  const uint32_t count = static_cast<uint32_t>(ids.size());
  v.resize(count);
  u.resize(count);
  if (count == 0) return;
  if (probe_ids_.size() < count) {
    probe_ids_.allocate(count);
    probe_values_.allocate(2 * uint64_t{count});
  }
  const cudaStream_t stream = context_.stream();
  const step_view& view = net_->view();
  ENGRAM_CUDA_CHECK(cudaMemcpyAsync(probe_ids_.data(), ids.data(), count * sizeof(uint32_t), cudaMemcpyHostToDevice, stream));
  launch_gather_neurons(view.v, view.u, probe_ids_.data(), count, probe_values_.data(), probe_values_.data() + count, stream);
  ENGRAM_CUDA_CHECK(cudaMemcpyAsync(v.data(), probe_values_.data(), count * sizeof(float), cudaMemcpyDeviceToHost, stream));
  ENGRAM_CUDA_CHECK(cudaMemcpyAsync(u.data(), probe_values_.data() + count, count * sizeof(float), cudaMemcpyDeviceToHost, stream));
  context_.synchronize();
}

void cuda_backend::read_weights(size_t p, std::vector<float>& weights) const {
  sequencer().flush();
  weights = net_->weights(p);
}

}  // namespace engram::cuda
