#pragma once
// Owning, typed device allocation (cudaMalloc), move-only. Sizes are 64-bit: synapse arrays pass 2^32.
#include <cstdint>
#include <utility>
#include <vector>

#include "kernels/cuda/cuda_check.hpp"

namespace engram::cuda {

template <class T>
class device_array {
 public:
  device_array() = default;
  explicit device_array(uint64_t n) { allocate(n); }
  ~device_array() { release(); }
  device_array(const device_array&) = delete;
  device_array& operator=(const device_array&) = delete;
  device_array(device_array&& o) noexcept : ptr_(std::exchange(o.ptr_, nullptr)), size_(std::exchange(o.size_, 0)) {}
  device_array& operator=(device_array&& o) noexcept {
    if (this != &o) {
      release();
      ptr_ = std::exchange(o.ptr_, nullptr);
      size_ = std::exchange(o.size_, 0);
    }
    return *this;
  }

  void allocate(uint64_t n) {
    release();
    if (n > 0) ENGRAM_CUDA_CHECK(cudaMalloc(reinterpret_cast<void**>(&ptr_), n * sizeof(T)));
    size_ = n;
  }
  void release() noexcept {
    if (ptr_) cudaFree(ptr_);
    ptr_ = nullptr;
    size_ = 0;
  }

  T* data() const { return ptr_; }
  uint64_t size() const { return size_; }
  uint64_t bytes() const { return size_ * sizeof(T); }
  bool empty() const { return size_ == 0; }

  // Stream-ordered copies; a pageable host source may be reused as soon as the call returns.
  void upload(const std::vector<T>& host, cudaStream_t stream) {
    allocate(host.size());
    if (!host.empty())
      ENGRAM_CUDA_CHECK(cudaMemcpyAsync(ptr_, host.data(), bytes(), cudaMemcpyHostToDevice, stream));
  }
  // Blocks until the copy has landed.
  std::vector<T> download(cudaStream_t stream, uint64_t count) const {
    std::vector<T> host(count);
    if (count > 0) {
      ENGRAM_CUDA_CHECK(cudaMemcpyAsync(host.data(), ptr_, count * sizeof(T), cudaMemcpyDeviceToHost, stream));
      ENGRAM_CUDA_CHECK(cudaStreamSynchronize(stream));
    }
    return host;
  }
  std::vector<T> download(cudaStream_t stream) const { return download(stream, size_); }

 private:
  T* ptr_ = nullptr;
  uint64_t size_ = 0;
};

}  // namespace engram::cuda
