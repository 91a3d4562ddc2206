#pragma once
// Random numbers of the topology metrics: Philox addressed by (seed, purpose, stream, draw index)
// like the simulation's streams, under a tag byte of its own so that metric draws never coincide
// with simulation draws. A generator row or a reference graph owns a stream, so results do not
// depend on the thread count.
#include <cstdint>
#include <utility>
#include <vector>

#include "engine/rng.hpp"

namespace engram::topology {

enum class draw_kind : uint32_t {
  erdos_renyi = 1,
  erdos_renyi_gnm = 2,
  planted = 3,
  path_sources = 4,
  louvain_order = 5,
  clustering_nodes = 6,
  gnm_surplus = 7,
};

class draw_stream {
 public:
  // `block` selects one of 2^32 disjoint runs of 2^32 draws within the stream.
  draw_stream(uint64_t seed, draw_kind kind, uint32_t stream, uint32_t block = 0)
      : seed_(seed), tag_((0xC0u << 24) | static_cast<uint32_t>(kind)), stream_(stream), counter_(uint64_t{block} << 32) {}

  uint64_t next_u64() {
    if (used_ == 2) {
      const philox_block ctr{{static_cast<uint32_t>(counter_), static_cast<uint32_t>(counter_ >> 32), stream_, tag_}};
      block_ = philox4x32_10(ctr, static_cast<uint32_t>(seed_), static_cast<uint32_t>(seed_ >> 32));
      ++counter_;
      used_ = 0;
    }
    const uint64_t v = (uint64_t{block_.x[2 * used_]} << 32) | block_.x[2 * used_ + 1];
    ++used_;
    return v;
  }
  // Uniform in (0, 1]: its logarithm is finite.
  double open0() {
    const uint64_t v = next_u64();
    return uniform_open0(static_cast<uint32_t>(v >> 32), static_cast<uint32_t>(v));
  }
  // Uniform in [0, bound) by multiply-shift; the bias is below bound / 2^64.
  uint64_t below(uint64_t bound) {
    return static_cast<uint64_t>((static_cast<unsigned __int128>(next_u64()) * bound) >> 64);
  }

 private:
  uint64_t seed_;
  uint32_t tag_, stream_;
  uint64_t counter_;
  philox_block block_{};
  int used_ = 2;
};

template <class T>
void shuffle(std::vector<T>& v, draw_stream& rng) {
  for (size_t i = v.size(); i > 1; --i) std::swap(v[i - 1], v[rng.below(i)]);
}

}  // namespace engram::topology
