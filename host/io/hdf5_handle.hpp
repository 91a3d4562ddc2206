#pragma once
// Minimal RAII over the HDF5 C API: one owner per hid_t, and a check that turns a negative
// return into an engram::error naming what failed.
#include <hdf5.h>

#include <string>
#include <utility>

namespace engram::h5 {

class handle {
 public:
  using closer = herr_t (*)(hid_t);
  handle() = default;
  handle(hid_t id, closer close, const std::string& what);
  handle(handle&& o) noexcept : id_(std::exchange(o.id_, -1)), close_(o.close_) {}
  handle& operator=(handle&& o) noexcept;
  handle(const handle&) = delete;
  handle& operator=(const handle&) = delete;
  ~handle() { reset(); }

  hid_t get() const { return id_; }
  operator hid_t() const { return id_; }
  void reset();

 private:
  hid_t id_ = -1;
  closer close_ = nullptr;
};

void check(herr_t status, const std::string& what);

// Turns HDF5's automatic error-stack printing off for the calling thread, for good: Engram reports
// every failure itself, in one line. The library keeps one error stack per thread (Debian builds
// it thread-safe), so each thread that calls HDF5 calls this first; repeated calls are free. The
// thread's error stack is cleared when it ends.
void silence_errors();

// Silences HDF5's own error stack printing for the lifetime of the object; Engram reports errors itself.
class quiet_errors {
 public:
  quiet_errors();
  ~quiet_errors();

 private:
  H5E_auto2_t func_ = nullptr;
  void* data_ = nullptr;
};

}  // namespace engram::h5
