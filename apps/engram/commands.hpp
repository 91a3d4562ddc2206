#pragma once
// The engram subcommands. main.cpp maps the command line onto these structs.
#include <cstdint>
#include <string>
#include <vector>

#include "apps/engram/model_setup.hpp"
#include "engine/backend.hpp"

namespace engram {

// Options shared by `run` and `resume`: how long, where, what to write.
struct execution_options {
  std::string backend = "auto";
  std::string duration = "1s";
  int threads = 0;
  std::string out;              // SONATA spike file
  std::string snapshot;         // snapshot file (written at the end, and every snapshot_every)
  std::string snapshot_every;   // e.g. "10s"; empty: only at the end
  std::vector<std::string> record_weights;  // projection names, or "all"
  std::string weights_every;    // e.g. "1s"; empty: start and end only
  std::vector<std::string> probes;  // "population:0-9,15"
  std::string metrics_every;    // e.g. "10s"; empty: no topology metrics
  uint64_t metrics_betti = 0;   // > 0: the metrics add Betti numbers of this many strongest edges
  std::string record_sample;    // "100" (first neurons of each population) or "10%"; empty: all
  bool statistics = false;      // spike-train statistics per population after the summary
  std::string statistics_from;  // e.g. "200ms" of the run left out of them; empty: none
  std::string pac;              // "theta:gamma" or "4-8:30-80": phase-amplitude coupling of the rate; empty: none
  std::string pac_population;   // the population whose rate --pac reads; empty: all
  bool quiet = false;
};

struct run_command {
  model_choice model;
  std::string network;  // a SONATA circuit or simulation config instead of a model (docs/sonata.md)
  execution_options exec;  // with --network, an empty duration means the config's tstop
};

struct resume_command {
  std::string snapshot_file;
  execution_options exec;
};

struct bench_command {
  model_choice model;  // empty with a suite
  std::string backend = "auto";
  std::string duration = "1s";
  int threads = 0;
  std::string json;  // append one JSON object per run to this file
  std::string snapshot_io;  // also time writing and reading a snapshot of the final state here
  std::string suite;        // a named set of benchmarks instead of one model (apps/engram/bench_suite.cpp)
  double scale_factor = 1;  // a suite's network sizes times this
  bool progress = false;    // the run loop's progress line (a suite's benchmarks show it)
};

// `engram memory` (apps/engram/memory_command.cpp, docs/memory.md).
struct memory_command {
  model_choice model;  // a model with a `drive` poisson_source one to one onto `exc`
  std::string backend = "auto";
  int threads = 0;
  uint32_t patterns = 3, pattern_size = 20;
  std::string present = "100ms", sleep = "2s", consolidate_every = "100ms", replay = "40ms";
  uint32_t replays = 1;  // traces per consolidation
  bool no_replay = false;
  bool cue_only = false;
  double downscale = 1.0;  // recurrent (exc_exc) weights times this after each consolidation  // drive the cued half only: completion must come from learned synapses
  std::string out, snapshot;
};
int memory_protocol(const memory_command& cmd);

struct compare_command {
  model_choice model;
  std::string duration = "1s";
  std::string reference = "cpu", candidate = "cuda";
  int reference_threads = 0, candidate_threads = 0;
};

int run_model(const run_command& cmd);
int resume_model(const resume_command& cmd);
int bench_model(const bench_command& cmd);
int compare_backends(const compare_command& cmd);
int list_models(bool verbose);

struct metrics_command {
  std::string file;
  float threshold = 0;
  bool directed = false;
  uint64_t betti_edges = 0;  // > 0: Betti numbers of the clique complex of this many strongest edges
};
int print_metrics(const metrics_command& cmd);

// --out, --snapshot and --record-sample, checked before anything runs (host/io/output_path.hpp).
// out_known: false while a SONATA config may still name the spike file.
void check_outputs(const execution_options& e, bool out_known = true);

// --threads (0: all; at most 4 x the hardware threads) and, for `auto`, whether the network
// needs a backend with plasticity.
backend_options backend_options_for(int threads, bool needs_plasticity);

}  // namespace engram
