#pragma once
// The grid backend's control of its steps, one copy for the CUDA sequencer and the host emulation
// in tests: a backend's phase calls queued and run in batches (driver::phase_queue; a complete
// step is one batch that advances the step index itself), the step index set when a caller
// jumps, room reserved in the record buffer before a record, the spike count read back only when
// a caller asks for it (which also settles the record buffer's bound), and run_steps' chunks with
// one wait each. `Device` does only what differs between the two, how a batch is launched and how
// the host waits:
//
//   void set_step(uint64_t step);                     // the device's step index, before a batch
//   void reserve_record();                            // room for one more step in the record buffer
//   void run(const driver::phase_queue::batch& b);    // launch the batch's phases (the step driver)
//   void record_enqueued(uint64_t step);              // a record of `step` was launched
//   void settle_record(uint32_t spikes);              // the last record's spike count is known
//   uint32_t wait_for_count();                        // waits for the last published spike count
//   void begin_chunk();                               // step_counters::chunk_spikes = 0
//   uint64_t end_chunk();                             // waits; the chunk's spike total
//
// CUDA-free.
#include <cstdint>

#include "kernels/driver/step_driver.hpp"

namespace engram::cuda {

template <class Device>
class step_batches {
 public:
  step_batches(Device& device, uint64_t device_step) : device_(&device), queue_(device_step) {}

  // A phase of `step`, launched with its batch (the queued batch first when p cannot join it).
  void queue(driver::phase p, uint64_t step) {
    if (queue_.must_flush_before(p, step)) flush();
    queue_.add(p, step);
  }

  // Launches whatever is queued.
  void flush() {
    const driver::phase_queue::batch b = queue_.take();
    if (b.phases == 0) return;
    if (b.set_step) device_->set_step(b.step);
    const bool record = b.phases & driver::phase_record;
    if (record) device_->reserve_record();
    device_->run(b);
    if (record) device_->record_enqueued(b.step);
    if (b.phases & driver::phase_integrate) {
      count_unread_ = true;
      count_is_last_record_ = record;  // the count about to be published is this record's size
    } else if (record) {
      count_is_last_record_ = false;  // this record copied an earlier integration: keep its full reserve
    }
  }

  // The spike count of the last integration: flushes, then waits for it only if not read yet.
  uint32_t last_spike_count() {
    flush();
    if (count_unread_) {
      last_count_ = device_->wait_for_count();
      count_unread_ = false;
      if (count_is_last_record_) device_->settle_record(last_count_);
      count_is_last_record_ = false;
    }
    return last_count_;
  }

  // `count` complete steps from `first`, none of whose spike counts is waited for: the device sums
  // them (step_counters::chunk_spikes) and the host waits once, at the end.
  uint64_t run_steps(uint64_t first, uint64_t count, bool plastic, bool record) {
    flush();
    device_->begin_chunk();
    for (uint64_t step = first; step < first + count; ++step) {
      driver::queue_full_step(*this, step, plastic, record);
      flush();  // one graph replay per step on the device; its count is published, not waited for
    }
    return device_->end_chunk();
  }

  uint64_t device_step() const { return queue_.device_step(); }  // the step index after the batches taken

 private:
  Device* device_;
  driver::phase_queue queue_;
  bool count_unread_ = false;
  bool count_is_last_record_ = false;  // the count to be read is the size of the last enqueued record
  uint32_t last_count_ = 0;
};

}  // namespace engram::cuda
