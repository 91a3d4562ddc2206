#pragma once
// Streams spikes to a SONATA spike file (DESIGN.md "Files"):
//   /spikes/<population>/timestamps  float64, attr units="ms"
//   /spikes/<population>/node_ids    uint64 (index within the population)
//   /spikes/<population> attr sorting: enum {none=0, by_id=1, by_time=2} = by_time
//   root attrs magic=0x0A7A (uint32), version=[0, 1] (uint32 x 2)
// Datasets are chunked, deflate-compressed and appended in bulk. The file is written under a
// temporary name and renamed into place by close(), so a crash never leaves a half file at `path`.
#include <memory>
#include <string>
#include <vector>

#include "engine/backend.hpp"
#include "engine/state.hpp"

namespace engram {

class sonata_writer {
 public:
  sonata_writer(const std::string& path, const std::vector<population_range>& populations, double dt_ms);
  ~sonata_writer();
  sonata_writer(const sonata_writer&) = delete;
  sonata_writer& operator=(const sonata_writer&) = delete;

  void append(const spike_record& spikes);
  void close();  // flush, fsync, rename into place
  const std::string& path() const { return path_; }
  // The open file, so that other streams of the run (weights, probes, metrics) can add groups.
  long long file_id() const;

 private:
  struct impl;
  std::unique_ptr<impl> impl_;
  std::string path_;
};

}  // namespace engram
