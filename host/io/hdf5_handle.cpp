#include "host/io/hdf5_handle.hpp"

#include "engine/errors.hpp"

namespace engram::h5 {

handle::handle(hid_t id, closer close, const std::string& what) : id_(id), close_(close) {
  if (id_ < 0) throw error("HDF5: " + what + " failed");
}

handle& handle::operator=(handle&& o) noexcept {
  if (this != &o) {
    reset();
    id_ = std::exchange(o.id_, -1);
    close_ = o.close_;
  }
  return *this;
}

void handle::reset() {
  if (id_ >= 0 && close_) close_(id_);
  id_ = -1;
}

void check(herr_t status, const std::string& what) {
  if (status < 0) throw error("HDF5: " + what + " failed");
}

void silence_errors() {
  // A failed call leaves records on the thread's error stack, and each holds a reference to
  // HDF5's error classes. A thread-safe HDF5 frees an exiting thread's stack without dropping
  // them, and at exit the library then cannot close ("HDF5: infinite loop closing library"):
  // clear the stack when the thread ends.
  struct cleared_at_thread_exit {
    cleared_at_thread_exit() { H5Eset_auto2(H5E_DEFAULT, nullptr, nullptr); }
    ~cleared_at_thread_exit() { H5Eclear2(H5E_DEFAULT); }
  };
  thread_local cleared_at_thread_exit silenced;
  (void)silenced;
}

quiet_errors::quiet_errors() {
  H5Eget_auto2(H5E_DEFAULT, &func_, &data_);
  H5Eset_auto2(H5E_DEFAULT, nullptr, nullptr);
}
quiet_errors::~quiet_errors() { H5Eset_auto2(H5E_DEFAULT, func_, data_); }

}  // namespace engram::h5
