// The CPU backend in a distributed run (docs/distributed.md): it integrates its rank's block of
// neurons and joins the other ranks' spikes to its own. With an exchange every step, the joined
// list is the step's global spike list, and everything after integration (delivery onto this
// rank's synapses, traces, history, plasticity, the record) runs on it as in a single process.
// With a longer interval (static networks), other ranks' spikes of the interval arrive at its end
// and are delivered then, into the ring slots their delays name: every delay is at least the
// interval, so no slot they reach has been read yet, and integer sums make the late addition exact.
#include <algorithm>

#include "engine/errors.hpp"
#include "engine/row_slack.hpp"
#include "kernels/cpu/cpu_backend.hpp"

namespace engram::cpu {

// From here on the ring holds only the block's columns (its neurons are the only targets of this
// rank's synapses): a rank's ring grows with its neurons, not with the network.
void cpu_backend::distribute(const neuron_block& owned, spike_exchange* exchange) {
  if (!exchange || owned.end > state_.neuron_count() || owned.first >= owned.end) throw internal_error("bad distribution");
  owned_ = owned;
  exchange_ = exchange;
  const uint64_t n = state_.neuron_count(), rows = uint64_t{state_.ring_channels} * state_.ring_slots;
  block_ring_.resize(rows * owned.size());
  for (uint64_t row = 0; row < rows; ++row)
    std::copy_n(state_.ring.begin() + static_cast<int64_t>(row * n + owned.first), owned.size(),
                block_ring_.begin() + static_cast<int64_t>(row * owned.size()));
  std::vector<int64_t>().swap(state_.ring);
  ring_ = &block_ring_;
  ring_width_ = owned.size();
  ring_first_ = owned.first;
}

network_state cpu_backend::export_state() const {
  network_state s = state_;
  close_row_slack(s);  // what leaves the backend is compact
  if (ring_ != &block_ring_) return s;
  // A distributed run's ring back at full width: the block's columns, zeros elsewhere (no synapse
  // of this rank reaches another block).
  const uint64_t n = s.neuron_count(), rows = uint64_t{s.ring_channels} * s.ring_slots;
  s.ring.assign(rows * n, 0);
  for (uint64_t row = 0; row < rows; ++row)
    std::copy_n(block_ring_.begin() + static_cast<int64_t>(row * ring_width_), ring_width_,
                s.ring.begin() + static_cast<int64_t>(row * n + ring_first_));
  return s;
}

uint64_t cpu_backend::exchange_interval() { return exchange_ ? exchange_->interval() : 1; }

void cpu_backend::share_spikes(uint64_t step) {
  for (uint32_t i : remote_) fired_[i] = 0;  // last step's flags of other ranks' neurons
  remote_.clear();
  if (batching_) {
    pending_.step.insert(pending_.step.end(), spikes_.size(), step);
    pending_.neuron.insert(pending_.neuron.end(), spikes_.begin(), spikes_.end());
    return;
  }
  outgoing_.step.assign(spikes_.size(), step);
  outgoing_.neuron = spikes_;
  exchange_->exchange(outgoing_, incoming_);
  remote_.swap(incoming_.neuron);
  for (uint32_t i : remote_) {
    fired_[i] = 1;
    ++spike_counts_[i];
  }
  const size_t local = spikes_.size();
  spikes_.insert(spikes_.end(), remote_.begin(), remote_.end());
  std::inplace_merge(spikes_.begin(), spikes_.begin() + static_cast<int64_t>(local), spikes_.end());
}

// The end of an interval: this rank's spikes out, the others' in; each step's remote spikes are
// delivered (and recorded) now. Leaves spikes_ as the last step's global list. Returns the
// number of remote spikes.
uint64_t cpu_backend::flush_exchange(uint64_t last_step) {
  spike_record others;
  exchange_->exchange(pending_, others);
  std::vector<uint32_t> last_local;
  for (size_t k = 0; k < pending_.size(); ++k)
    if (pending_.step[k] == last_step) last_local.push_back(pending_.neuron[k]);
  pending_.step.clear();
  pending_.neuron.clear();
  for (size_t k = 0; k < others.size();) {
    const uint64_t step = others.step[k];
    size_t end = k;
    while (end < others.size() && others.step[end] == step) ++end;
    spikes_.assign(others.neuron.begin() + static_cast<int64_t>(k), others.neuron.begin() + static_cast<int64_t>(end));
    for (uint32_t i : spikes_) ++spike_counts_[i];
    deliver_spikes(step);
    if (recording_chunk_) record_spikes(step);
    k = end;
  }
  std::vector<uint32_t> last_remote;
  for (size_t k = 0; k < others.size(); ++k)
    if (others.step[k] == last_step) last_remote.push_back(others.neuron[k]);
  spikes_.clear();
  std::merge(last_local.begin(), last_local.end(), last_remote.begin(), last_remote.end(), std::back_inserter(spikes_));
  return others.size();
}

}  // namespace engram::cpu
