#pragma once
// Streams spikes to a SONATA spike file (DESIGN.md "Files"):
//   /spikes/<population>/timestamps  float64, attr units="ms"
//   /spikes/<population>/node_ids    uint64 (index within the population, or the ids of a naming)
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

// Which /spikes/<group> and node id a neuron's spikes are written under. By default each Engram
// population is a group and a node id is the index within it; an imported SONATA circuit names
// its own node populations and ids instead (several Engram populations may share one group).
struct spike_naming {
  struct range {
    uint32_t first = 0, size = 0;    // global neuron indices
    uint32_t group = 0;              // index into groups
    std::vector<uint64_t> node_ids;  // one per neuron; empty: the index within the range
  };
  std::vector<std::string> groups;
  std::vector<range> ranges;  // sorted by first, disjoint
};
spike_naming naming_by_population(const std::vector<population_range>& populations);

class sonata_writer {
 public:
  sonata_writer(const std::string& path, const std::vector<population_range>& populations, double dt_ms);
  sonata_writer(const std::string& path, double dt_ms, spike_naming naming);
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
