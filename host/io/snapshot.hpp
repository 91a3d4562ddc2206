#pragma once
// HDF5 brain snapshots: everything the next step reads, in one self-describing file
// (docs/hdf5-schema.md). Written atomically; read back with every shape and type checked.
#include <map>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "engine/memory_traces.hpp"
#include "engine/state.hpp"

namespace engram {

inline constexpr const char* snapshot_format = "engram-snapshot";
// 2: conductance-based LIF (g_inh, a second ring channel, lif_cond constants), v_init, /task.
// 3: each population's izhikevich_scheme (older files: substep) and delta_synapses (LIF).
// 4: state an older reader would drop without a word, all optional: selective-plasticity gates,
//    /growth, /memory, oscillation inputs, dendritic gains. Versions 1-3 read as before.
// 5: /replicas (batched replicas' seeds and blocks), written only by a network with replicas, so
//    that a version-4 reader refuses it instead of drawing every replica from one seed; every
//    other state is still written as version 4.
inline constexpr int snapshot_format_version = 5;

// A training task's own state (apps/tasks), stored under /task so that `engram resume` continues
// the task, not just the network: its name, counters, index arrays and real-valued arrays.
struct task_state {
  std::string name;  // empty: the snapshot holds no task
  std::map<std::string, uint64_t> counters;
  std::map<std::string, std::string> texts;
  std::map<std::string, std::vector<uint32_t>> indices;
  std::map<std::string, std::vector<double>> values;
};

// What the run that wrote a snapshot was: the model and its parameters, and its schedule.
struct snapshot_info {
  std::string model;  // empty for networks built through the API
  std::vector<std::pair<std::string, double>> parameters;
  std::string engine_version;         // filled on read
  uint64_t snapshot_every_steps = 0;  // the writing run's snapshot period (0: none)
  task_state task;
  std::optional<memory_state> memory;  // memory traces (engine/memory_traces.hpp) under /memory; none: absent
  int format_version = 0;  // filled on read: the file's format_version (last: aggregates list the rest in order)
};

// Writes `<path>.tmp-<pid>`, fsyncs and renames it over `path`: the previous snapshot at `path`
// survives a crash at any point.
void write_snapshot(const std::string& path, const network_state& state, const snapshot_info& info);

// Reads and validates a snapshot; throws engram::error with a one-line reason (not an HDF5 file,
// truncated, foreign format, newer version, missing or mis-shaped dataset, corrupted data).
network_state read_snapshot(const std::string& path, snapshot_info* info = nullptr);

}  // namespace engram
