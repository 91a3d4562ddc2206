#include "host/streams/background_writer.hpp"

#include <utility>

namespace engram {

background_writer::background_writer(size_t max_pending)
    : max_pending_(max_pending ? max_pending : 1), thread_([this] { loop(); }) {}

background_writer::~background_writer() {
  {
    std::lock_guard lock(mutex_);
    stopping_ = true;
  }
  changed_.notify_all();
  thread_.join();
}

void background_writer::rethrow_failure() {
  if (failure_) std::rethrow_exception(std::exchange(failure_, nullptr));
}

void background_writer::submit(std::function<void()> task) {
  std::unique_lock lock(mutex_);
  changed_.wait(lock, [&] { return queue_.size() < max_pending_ || failure_; });
  rethrow_failure();
  queue_.push_back(std::move(task));
  changed_.notify_all();
}

void background_writer::wait() {
  std::unique_lock lock(mutex_);
  changed_.wait(lock, [&] { return (queue_.empty() && !busy_) || failure_; });
  rethrow_failure();
}

void background_writer::loop() {
  std::unique_lock lock(mutex_);
  for (;;) {
    changed_.wait(lock, [&] { return !queue_.empty() || stopping_; });
    if (queue_.empty()) return;  // stopping, nothing left
    auto task = std::move(queue_.front());
    queue_.pop_front();
    busy_ = true;
    lock.unlock();
    std::exception_ptr error;
    try {
      task();
    } catch (...) {
      error = std::current_exception();
    }
    lock.lock();
    busy_ = false;
    if (error && !failure_) failure_ = error;
    if (failure_) queue_.clear();  // later writes would build on a broken file
    changed_.notify_all();
  }
}

}  // namespace engram
