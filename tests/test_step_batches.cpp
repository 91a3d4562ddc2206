// The grid backend's step control (kernels/simt/step_batches.hpp), which the CUDA sequencer and
// the host emulation share, against a device that only writes down what it is asked: a complete
// step is one batch that advances the step index, the step index is set only when a caller jumps,
// the host waits for a spike count once per integration (and only when asked), a record's
// reserve is settled only by the count of that record's own integration, and a chunk waits once.
#include <string>
#include <vector>

#include "kernels/simt/step_batches.hpp"
#include "tests/catch.hpp"

using namespace engram;

namespace {

struct logging_device {
  std::vector<std::string> log;
  uint32_t count = 0;  // what the next wait reads

  void set_step(uint64_t step) { log.push_back("set " + std::to_string(step)); }
  void reserve_record() { log.push_back("reserve"); }
  void run(const driver::phase_queue::batch& b) {
    log.push_back((b.full ? "full " : "phases ") + std::to_string(b.phases) + " @" + std::to_string(b.step));
  }
  void record_enqueued(uint64_t step) { log.push_back("recorded " + std::to_string(step)); }
  void settle_record(uint32_t spikes) { log.push_back("settle " + std::to_string(spikes)); }
  uint32_t wait_for_count() {
    log.push_back("wait");
    return count;
  }
  void begin_chunk() { log.push_back("begin"); }
  uint64_t end_chunk() {
    log.push_back("end");
    return 7;
  }
};

using batches = cuda::step_batches<logging_device>;

void full_step(batches& b, uint64_t step, bool record) {
  b.queue(driver::phase_inputs, step);
  b.queue(driver::phase_integrate, step);
  b.queue(driver::phase_deliver, step);
  if (record) b.queue(driver::phase_record, step);
}

}  // namespace

TEST_CASE("step batches: a complete step is one batch, and the count is waited for once", "[cuda-emulation][batches]") {
  logging_device d;
  batches b(d, 5);
  full_step(b, 5, true);
  CHECK(d.log.empty());  // nothing launches before something needs it
  d.count = 3;
  CHECK(b.last_spike_count() == 3);
  CHECK(b.last_spike_count() == 3);  // read once
  const uint8_t recorded_step = driver::phases_of_full_step | driver::phase_record;
  CHECK(d.log == std::vector<std::string>{"reserve", "full " + std::to_string(recorded_step) + " @5", "recorded 5", "wait",
                                          "settle 3"});
  CHECK(b.device_step() == 6);
}

TEST_CASE("step batches: a jump sets the step index, a later record keeps its full reserve", "[cuda-emulation][batches]") {
  logging_device d;
  batches b(d, 0);
  b.queue(driver::phase_integrate, 9);  // a partial step at another index: set first, not advanced
  b.queue(driver::phase_record, 9);
  b.flush();
  b.queue(driver::phase_record, 9);  // records the same integration again: its count is not this record's
  CHECK(b.last_spike_count() == 0);
  const uint8_t integrate_record = driver::phase_integrate | driver::phase_record;
  CHECK(d.log == std::vector<std::string>{"set 9", "reserve", "phases " + std::to_string(integrate_record) + " @9",
                                          "recorded 9", "reserve", "phases " + std::to_string(driver::phase_record) + " @9",
                                          "recorded 9", "wait"});
  CHECK(b.device_step() == 9);
}

TEST_CASE("step batches: a chunk of steps waits once, at its end", "[cuda-emulation][batches]") {
  logging_device d;
  batches b(d, 2);
  CHECK(b.run_steps(2, 3, false, false) == 7);
  const std::string full = "full " + std::to_string(driver::phases_of_full_step);
  CHECK(d.log == std::vector<std::string>{"begin", full + " @2", full + " @3", full + " @4", "end"});
  CHECK(b.device_step() == 5);
}
