#pragma once
// Memory traces (the seed's memory, its specification's section A6, with its flaws fixed; docs/
// memory.md): activity patterns captured as traces (members, strength, age), a bounded store that
// evicts the weakest, consolidation that picks traces to replay in proportion to their strength,
// linear fading of never-replayed traces, and pattern completion from a partial cue. Pure logic
// on sets of neuron ids: what replays them is the host's memory driver (host/memory_driver.hpp),
// which reactivates members through ordinary synapses so that ordinary plasticity learns from it.
#include <cstdint>
#include <string>
#include <vector>

namespace engram {

struct memory_config {
  uint32_t capacity = 100;          // traces kept; a new one evicts the weakest (then the oldest)
  uint32_t min_members = 3;         // smaller patterns are not captured
  double refresh_overlap = 0.8;     // a pattern this similar (Jaccard) to a trace refreshes it
  uint32_t replays_per_consolidation = 5;
  double replay_gain = 0.1;         // strength added per replay
  double max_strength = 5.0;
  double fade_steps = 1e5;          // a never-replayed trace's strength falls linearly to 0 over this age
  double drop_below = 0.05;         // traces this weak are forgotten
  uint32_t min_overlap = 2;         // pattern completion needs at least this many cue members in a trace
};

struct memory_trace {
  std::vector<uint32_t> members;  // ascending neuron ids
  double strength = 1.0;
  uint64_t created_step = 0;      // capture (or last refresh)
  uint32_t replays = 0;
};

// The store and everything its next decision reads: snapshots keep it whole (host/io/snapshot_memory).
struct memory_state {
  memory_config config;
  uint64_t seed = 1;
  uint64_t consolidations = 0;  // the replay draw's counter: draws are Philox(seed, consolidation)
  std::vector<memory_trace> traces;
};

// Captures `members` (any order) at `step`: refreshes the most similar trace when it is similar
// enough, else adds a trace, evicting when full. Returns the trace's index, or -1 when too small.
int capture_trace(memory_state& m, std::vector<uint32_t> members, uint64_t step);

// One consolidation at `step`: fades the never-replayed traces and forgets the faded, then draws
// up to replays_per_consolidation distinct traces with probability proportional to strength and
// strengthens them. Returns the indices drawn (into m.traces after the forgetting).
std::vector<uint32_t> consolidate_traces(memory_state& m, uint64_t step);

struct completion {
  int trace = -1;                // the trace with the largest overlap (ties: the stronger, then the older)
  uint32_t overlap = 0;
  std::vector<uint32_t> missing; // its members absent from the cue
};
completion complete_pattern(const memory_state& m, std::vector<uint32_t> cue);

// Throws invalid_parameter naming a bad setting; invalid_network for a damaged state.
void validate(const memory_config& c);
void check_memory(const memory_state& m, uint32_t neuron_count, const std::string& where);

}  // namespace engram
