#pragma once
// Everything a run writes, on a background thread: the run file (SONATA spikes plus weight,
// membrane-probe and metric streams) and brain snapshots. The simulation thread only copies
// what it hands over; all HDF5 calls happen in submission order on the writer thread.
#include <memory>
#include <string>
#include <vector>

#include "engine/simulator.hpp"
#include "host/analysis/topology_metrics.hpp"
#include "host/io/snapshot.hpp"
#include "host/io/sonata_writer.hpp"
#include "host/run_loop.hpp"
#include "host/streams/background_writer.hpp"
#include "host/streams/spike_sample.hpp"

namespace engram {

struct probe_request {
  std::string population;
  std::vector<uint32_t> neurons;  // indices within the population
};

struct recording_plan {
  std::string out;                          // run file; empty: no spikes or streams written
  std::shared_ptr<const spike_naming> spike_names;  // groups and node ids of the spikes; null: per population
  spike_sample_spec sample;                 // whose spikes go to `out` (default: every neuron's)
  std::vector<std::string> weight_projections;  // projection names ("all": every projection)
  uint64_t weights_every = 0;               // steps; 0: initial and final weights only
  uint64_t full_weights_limit = 1000000;    // projections above this size get summaries only
  std::vector<probe_request> probes;        // membrane state every step
  uint64_t metrics_every = 0;               // steps between topology metrics; 0: none
  topology_options metrics;
  std::string snapshot;                     // snapshot path; empty: none
  uint64_t snapshot_every = 0;              // steps; 0: only at the end
  snapshot_info info;
};

class run_recorder {
 public:
  run_recorder(recording_plan plan, const simulator& sim);
  ~run_recorder();

  // Adds the recorder's periodic tasks and per-step hook to `options`; returns the spike consumer.
  void attach(run_options& options, std::vector<spike_consumer>& consumers);
  // Waits for every write, closes the run file into place; rethrows a write error.
  void finish(const simulator& sim);

 private:
  struct files;
  void record_weights(const simulator& sim);

  recording_plan plan_;
  spike_sample sample_;
  std::vector<size_t> weight_projections_;
  struct probe_buffer {
    std::vector<uint32_t> ids;  // global
    std::vector<double> times;
    std::vector<float> v, u;
  };
  void flush_probes();

  std::vector<probe_buffer> probes_;  // filled every step on the simulation thread
  std::unique_ptr<files> files_;                  // touched only on the writer thread
  background_writer writer_;
};

}  // namespace engram
