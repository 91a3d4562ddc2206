#pragma once
// One thread that performs all file writes of a run, in submission order, so that I/O overlaps
// simulation. HDF5 (Debian's serial build) is not thread-safe: every HDF5 call of a run must go
// through this thread while it exists. A bounded queue applies back-pressure when the disk is
// slower than the simulation. An exception in a task is rethrown by the next submit() or by wait().
#include <condition_variable>
#include <cstddef>
#include <deque>
#include <exception>
#include <functional>
#include <mutex>
#include <thread>

namespace engram {

class background_writer {
 public:
  explicit background_writer(size_t max_pending = 8);
  ~background_writer();  // finishes pending tasks; swallows their errors (call wait() to see them)
  background_writer(const background_writer&) = delete;
  background_writer& operator=(const background_writer&) = delete;

  void submit(std::function<void()> task);  // blocks while max_pending tasks are queued
  void wait();                              // until every submitted task ran; rethrows a failure

 private:
  void loop();
  void rethrow_failure();

  std::mutex mutex_;
  std::condition_variable changed_;
  std::deque<std::function<void()>> queue_;
  size_t max_pending_;
  bool busy_ = false, stopping_ = false;
  std::exception_ptr failure_;
  std::thread thread_;
};

}  // namespace engram
