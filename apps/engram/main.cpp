// engram: the command-line front end. Subcommands live in commands.cpp; this file wires CLI11.
#include <CLI/CLI.hpp>
#include <filesystem>
#include <new>
#include <fmt/format.h>
#include <spdlog/sinks/stdout_color_sinks.h>
#include <spdlog/spdlog.h>

#include "apps/engram/commands.hpp"
#include "apps/engram/infer_rule.hpp"
#include "apps/engram/sweep.hpp"
#include "apps/engram/train.hpp"
#include "host/io/inspect.hpp"
#include "kernels/mpi/mpi_session.hpp"
#include "engine/errors.hpp"

namespace {

// An error on one rank of a distributed run stops every rank (the others may be waiting for it in
// a collective); in one process it is the exit code.
int fail(int code) {
  if (engram::mpi::distributed()) engram::mpi::abort_job(code);
  return code;
}

}  // namespace

int main(int argc, char** argv) {
  engram::mpi::session mpi(argc, argv);  // MPI only when started by mpirun (docs/distributed.md)
  spdlog::set_default_logger(spdlog::stderr_color_st("engram"));
  spdlog::set_pattern("[%H:%M:%S.%e] %^%l%$ %v");
  if (engram::mpi::rank() != 0) spdlog::set_level(spdlog::level::warn);  // rank 0 reports

  CLI::App app{"Engram: a spiking-network engine with CUDA and OpenMP backends"};
  app.set_version_flag("--version", std::string(ENGRAM_VERSION));
  app.require_subcommand(1);

  auto add_execution = [](CLI::App* cmd, engram::execution_options& e) {
    cmd->add_option("--backend", e.backend, "cpu, cuda or auto")->check(CLI::IsMember({"cpu", "cuda", "auto"}));
    cmd->add_option("--duration", e.duration, "simulated time, e.g. 500ms, 10s, 1h");
    cmd->add_option("--threads", e.threads, "CPU threads (default: all)");
    cmd->add_option("--out", e.out, "SONATA spike file to write (HDF5)");
    cmd->add_option("--snapshot", e.snapshot, "brain snapshot to write at the end (and every --snapshot-every)");
    cmd->add_option("--snapshot-every", e.snapshot_every, "snapshot period in simulated time, e.g. 10s");
    cmd->add_option("--record-weights", e.record_weights, "projection whose weights to stream to --out (repeatable; all)");
    cmd->add_option("--weights-every", e.weights_every, "weight streaming period, e.g. 1s (default: start and end)");
    cmd->add_option("--probe", e.probes, "stream v and u of neurons every step to --out, e.g. exc:0-9,15 (repeatable)");
    cmd->add_option("--record-sample", e.record_sample,
                    "write the spikes of only the first N neurons of every population to --out, or a share, e.g. 100 or 10%");
    cmd->add_option("--metrics-every", e.metrics_every, "topology metrics of the excitatory graph to --out, e.g. 10s");
    cmd->add_option("--metrics-betti", e.metrics_betti, "with --metrics-every: add Betti numbers of the N strongest edges");
    cmd->add_flag("--statistics", e.statistics, "print each population's rate, ISI CV and synchrony (chi, Fano) at the end");
    cmd->add_option("--statistics-from", e.statistics_from, "leave out a transient from --statistics, e.g. 200ms (default: none)");
    cmd->add_option("--pac", e.pac,
                    "phase-amplitude coupling of the population rate over the last 10 s: PHASE:AMPLITUDE bands, e.g. theta:gamma or 4-8:30-80 "
                    "(Tort modulation index)");
    cmd->add_option("--pac-population", e.pac_population, "the population --pac reads (default: all neurons)");
    cmd->add_flag("--quiet", e.quiet, "no progress line");
  };

  // CLI11 reads "-1" into a uint64_t as 2^64 - 1: a seed is the digits of an unsigned 64-bit integer.
  const CLI::Validator unsigned_64(
      [](std::string& text) -> std::string {
        const bool digits = !text.empty() && text.size() <= 20 && text.find_first_not_of("0123456789") == std::string::npos;
        if (digits && (text.size() < 20 || text <= "18446744073709551615")) return "";
        return "must be an unsigned integer below 2^64, got '" + text + "'";
      },
      "UINT64");

  auto add_model = [&](CLI::App* cmd, engram::model_choice& m, bool required = true) {
    auto* model = cmd->add_option("model", m.model, "model name (see `engram models`)");
    if (required) model->required();
    cmd->add_option("--dt", m.dt_ms, "time step in ms (default: the model's)");
    cmd->add_option("--seed", m.seed, "random seed (unsigned 64-bit)")->check(unsigned_64);
    cmd->add_option("--set", m.sets, "model parameter, key=value (repeatable)");
    cmd->add_option("--oscillation", m.oscillations,
                    "add an oscillatory drive POPULATION:BAND_OR_HZ:AMPLITUDE[:PHASE_DEG], e.g. exc:theta:2 (repeatable; docs/rhythms.md)");
    cmd->add_option("--morphology", m.morphologies, "give a population a dendritic template, e.g. exc=pyramidal (repeatable)");
    cmd->add_option("--dendrites", m.dendrites,
                    "compartments a projection's synapses land on, e.g. exc_exc=proximal,distal,apical (repeatable; attenuated delivery)");
  };

  engram::run_command run;
  auto* run_cmd = app.add_subcommand("run", "simulate a model and print a summary");
  add_model(run_cmd, run.model, false);
  run_cmd->add_option("--network", run.network, "a SONATA circuit or simulation config (JSON) to run instead of a model");
  add_execution(run_cmd, run.exec);

  engram::resume_command resume;
  auto* resume_cmd = app.add_subcommand("resume", "continue a run from a brain snapshot, exactly");
  resume_cmd->add_option("snapshot", resume.snapshot_file, "snapshot file written by --snapshot")->required();
  add_execution(resume_cmd, resume.exec);

  engram::bench_command bench;
  auto* bench_cmd = app.add_subcommand("bench", "time a model or a suite of them: build, simulate, events/s, rates, memory (JSON)");
  add_model(bench_cmd, bench.model, false);
  bench_cmd->add_option("--suite", bench.suite, "run a suite of benchmarks instead of one model: standard, smoke");
  bench_cmd->add_option("--scale-factor", bench.scale_factor, "with --suite: every network's size times this (default 1)");
  bench_cmd->add_option("--backend", bench.backend, "cpu, cuda or auto")->check(CLI::IsMember({"cpu", "cuda", "auto"}));
  bench_cmd->add_option("--duration", bench.duration, "simulated time");
  bench_cmd->add_option("--threads", bench.threads, "CPU threads (default: all)");
  bench_cmd->add_option("--json", bench.json, "append the result as one JSON line to this file");
  bench_cmd->add_option("--snapshot-io", bench.snapshot_io, "also time a snapshot write + cold read at this path (GB/s)");

  engram::infer_rule_command infer;
  auto* infer_cmd = app.add_subcommand("infer-rule", "fit a Taylor plasticity rule to a recorded run's activity and weights");
  infer_cmd->add_option("file", infer.file, "run file: a rate run (/activity, /weights) or, with --stdp, `engram run --out`")->required();
  infer_cmd->add_option("--projection", infer.projection, "the plastic projection under /weights (default: oja)");
  infer_cmd->add_flag("--make-oja", infer.make_oja, "first write an Oja rate network's ground-truth run to the file");
  infer_cmd->add_option("--oja-steps", infer.oja_steps, "with --make-oja: steps to simulate (default 2000)");
  infer_cmd->add_option("--oja-seed", infer.oja_seed, "with --make-oja: its seed")->check(unsigned_64);
  infer_cmd->add_option("--observed", infer.options.observed_share, "share of synapses the fit sees; the rest judge it (default 0.75)");
  infer_cmd->add_option("--noise", infer.options.noise, "observation noise, relative: w (1 + noise N(0, 1)) (default 0)");
  infer_cmd->add_option("--every", infer.options.observe_every, "steps between weight observations (default 1)");
  infer_cmd->add_option("--method", infer.options.method, "least-squares, trajectory or auto")
      ->check(CLI::IsMember({"auto", "least-squares", "trajectory"}));
  infer_cmd->add_option("--ridge", infer.options.ridge, "ridge penalty on the scaled terms (default 1e-6)");
  infer_cmd->add_option("--seed", infer.options.seed, "which synapses are observed, and the noise")->check(unsigned_64);
  infer_cmd->add_option("--json", infer.json, "write the fitted terms and scores as JSON");
  infer_cmd->add_flag("--stdp", infer.stdp, "recover pair-based STDP (A+-, tau+-) from a spiking run file's spikes and weight stream");
  infer_cmd->add_option("--pre", infer.pre, "with --stdp: the presynaptic spike population (default pre)");
  infer_cmd->add_option("--post", infer.post, "with --stdp: the postsynaptic spike population (default post)");
  infer_cmd->add_option("--delay", infer.delay_ms, "with --stdp: the synapses' axonal delay in ms (default 1)");

  engram::compare_command compare;
  auto* compare_cmd = app.add_subcommand("compare", "run a model on two backends and check they agree bit for bit");
  add_model(compare_cmd, compare.model);
  compare_cmd->add_option("--duration", compare.duration, "simulated time");
  compare_cmd->add_option("--reference", compare.reference, "reference backend (default cpu)")->check(CLI::IsMember({"cpu", "cuda"}));
  compare_cmd->add_option("--candidate", compare.candidate, "candidate backend (default cuda)")->check(CLI::IsMember({"cpu", "cuda"}));
  compare_cmd->add_option("--reference-threads", compare.reference_threads, "CPU threads of the reference");
  compare_cmd->add_option("--threads", compare.candidate_threads, "CPU threads of the candidate");

  engram::memory_command memory;
  memory.model.model = "memory";
  auto* memory_cmd = app.add_subcommand("memory", "learn patterns as memory traces, sleep with or without replay, cue half of each (docs/memory.md)");
  add_model(memory_cmd, memory.model, false);
  memory_cmd->add_option("--backend", memory.backend, "cpu, cuda or auto")->check(CLI::IsMember({"cpu", "cuda", "auto"}));
  memory_cmd->add_option("--threads", memory.threads, "CPU threads (default: all)");
  memory_cmd->add_option("--patterns", memory.patterns, "patterns to learn (disjoint blocks of neurons)");
  memory_cmd->add_option("--pattern-size", memory.pattern_size, "neurons per pattern");
  memory_cmd->add_option("--present", memory.present, "how long each pattern is driven while learning, e.g. 100ms");
  memory_cmd->add_option("--sleep", memory.sleep, "offline phase, input off, e.g. 2s");
  memory_cmd->add_option("--consolidate-every", memory.consolidate_every, "period of consolidations during sleep");
  memory_cmd->add_option("--replay", memory.replay, "how long a replayed or cued trace is driven");
  memory_cmd->add_option("--replays", memory.replays, "traces replayed per consolidation");
  memory_cmd->add_flag("--no-replay", memory.no_replay, "sleep without replay (the control)");
  memory_cmd->add_option("--downscale", memory.downscale, "sleep: exc_exc weights times this after each consolidation (down-scaling; 1: off)");
  memory_cmd->add_flag("--cue-only", memory.cue_only, "drive only the cued half: completion must come through learned synapses");
  memory_cmd->add_option("--out", memory.out, "SONATA spike file (raster: scripts/plot_run.py)");
  memory_cmd->add_option("--snapshot", memory.snapshot, "snapshot with the memory traces at the end");

  std::string inspect_file;
  auto* inspect_cmd = app.add_subcommand("inspect", "summarise an Engram HDF5 file (snapshot or run file)");
  inspect_cmd->add_option("file", inspect_file, "HDF5 file")->required();

  engram::metrics_command metrics;
  auto* metrics_cmd = app.add_subcommand("metrics", "topology metrics of a snapshot's excitatory synaptic graph");
  metrics_cmd->add_option("snapshot", metrics.file, "snapshot file")->required();
  metrics_cmd->add_option("--threshold", metrics.threshold, "ignore synapses with |w| below this");
  metrics_cmd->add_flag("--directed", metrics.directed, "keep directions (default: symmetrised)");
  metrics_cmd->add_option("--betti", metrics.betti_edges, "Betti numbers (persistent homology) of the clique complex of the N strongest edges");

  engram::sweep_command sweep;
  auto* sweep_cmd = app.add_subcommand("sweep", "run a grid of a model's parameters x seeds as batched replicas in one simulator, with per-replica topology metrics");
  sweep_cmd->add_option("model", sweep.model, "model name (engram models)")->required();
  sweep_cmd->add_option("--grid", sweep.grids, "key=v1,v2,...: one axis of the grid (repeatable; the product is run)");
  sweep_cmd->add_option("--set", sweep.sets, "key=value for every replica (repeatable)");
  sweep_cmd->add_option("--seeds", sweep.seeds, "seeds, each run at every grid point (default 1)")->delimiter(',')->check(unsigned_64);
  sweep_cmd->add_option("--duration", sweep.duration, "simulated time, e.g. 60s (default 1s)");
  sweep_cmd->add_option("--backend", sweep.backend, "cpu, cuda or auto (default)");
  sweep_cmd->add_option("--threads", sweep.threads, "CPU threads (default: all)");
  sweep_cmd->add_option("--threshold", sweep.threshold, "strong synapses for the metrics: |w| at least this (default 5)");
  sweep_cmd->add_flag("--separate", sweep.separate, "one simulator per replica instead of one batch (same results; for timing)");
  sweep_cmd->add_option("--json", sweep.json, "write every replica's parameters, spikes and metrics, and the wall times");
  sweep_cmd->add_flag("--quiet", sweep.quiet, "no table");

  engram::train_command train;
  auto* train_cmd = app.add_subcommand(
      "train", "train a network on a task (mnist: unsupervised STDP, Diehl & Cook 2015; iris, grid: R-STDP by reward)");
  train_cmd->add_option("task", train.task, "task: mnist, iris, grid, fewshot, lesion, continual, sleep, sparsity or growth-mnist")->required();
  train_cmd->add_option("--dataset", train.setup.dataset, "mnist or fashion-mnist")->check(CLI::IsMember({"mnist", "fashion-mnist"}));
  train_cmd->add_option("--exc", train.setup.excitatory, "excitatory neurons (and as many inhibitory)");
  train_cmd->add_option("--train-samples", train.setup.train_samples, "samples per epoch (default: the whole training split)");
  train_cmd->add_option("--epochs", train.setup.epochs, "passes over the training samples (grid: --set episodes=N)")
      ->each([&train](const std::string&) { train.epochs_given = true; });
  train_cmd->add_option("--protocol", train.protocol, "continual: split-mnist or permuted-mnist")
      ->check(CLI::IsMember({"split-mnist", "permuted-mnist"}));
  train_cmd->add_option("--arm", train.arm, "continual: plain, replay, protect, both (replay and protect), trace-replay; baselines mlp, mlp-replay, pixels")
      ->check(CLI::IsMember({"plain", "replay", "protect", "both", "mlp", "mlp-replay", "pixels", "trace-replay"}));
  train_cmd->add_option("--counts", train.counts, "continual: also write every evaluation's spike counts (HDF5), for --rescore");
  train_cmd->add_option("--rescore", train.rescore, "continual: fit the readouts again on a --counts file (with --set readout_*), no network");
  train_cmd->add_option("--set", train.sets, "reward tasks: protocol parameter, key=value (repeatable; --set help lists them)");
  train_cmd->add_option("--validation", train.setup.validation, "hold out the last N training images as a validation split");
  train_cmd->add_option("--seed", train.setup.seed, "random seed (weights, Poisson inputs, data order)");
  train_cmd->add_option("--rest-ms", train.setup.rest_ms, "silent input between presentations instead of a reset (the paper: 150)")
      ->check(CLI::Range(0.0, 10000.0));
  train_cmd->add_option("--backend", train.backend, "cpu, cuda or auto")->check(CLI::IsMember({"cpu", "cuda", "auto"}));
  train_cmd->add_option("--threads", train.threads, "CPU threads (default: all)");
  train_cmd->add_option("--snapshot", train.snapshot, "brain snapshot with the task's state (resume with engram resume)");
  train_cmd->add_option("--snapshot-every", train.snapshot_every, "snapshot every N samples");
  train_cmd->add_option("--stop-after", train.stop_after, "stop (and snapshot) after N samples in this process");
  train_cmd->add_option("--out", train.out, "mnist: run file (HDF5: receptive fields, thresholds, accuracy log); iris, grid: results JSON");
  train_cmd->add_flag("--quiet", train.quiet, "no progress line");

  engram::evaluate_command evaluate;
  auto* evaluate_cmd = app.add_subcommand("evaluate", "test a trained snapshot: labels from training samples, accuracy, confusion");
  evaluate_cmd->add_option("snapshot", evaluate.snapshot_file, "snapshot written by engram train")->required();
  evaluate_cmd->add_option("--label-samples", evaluate.label_samples, "training samples that assign the neurons' labels");
  evaluate_cmd->add_option("--test-samples", evaluate.test_samples, "samples to classify (default: all)");
  evaluate_cmd->add_flag("--validation", evaluate.validation, "classify the held-out validation split instead of the test set");
  evaluate_cmd->add_option("--backend", evaluate.backend, "cpu, cuda or auto")->check(CLI::IsMember({"cpu", "cuda", "auto"}));
  evaluate_cmd->add_option("--threads", evaluate.threads, "CPU threads (default: all)");
  evaluate_cmd->add_option("--out", evaluate.out, "run file with the confusion matrix and receptive fields (HDF5)");
  evaluate_cmd->add_flag("--quiet", evaluate.quiet, "no progress line");

  auto* models_cmd = app.add_subcommand("models", "list the models with their parameters");
  bool verbose = false;
  models_cmd->add_flag("-v,--verbose", verbose, "also list each model's parameters");

  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& e) {
    return app.exit(e);
  }
  try {
    if (engram::mpi::distributed() && !*run_cmd && !*resume_cmd)
      throw engram::invalid_parameter(fmt::format("`engram {}` runs in one process; under mpirun only `run` and `resume` are distributed "
                                                  "(docs/distributed.md): launch it without mpirun",
                                                  app.get_subcommands().front()->get_name()));
    if (*run_cmd) {
      // A circuit runs for its config's tstop unless --duration says otherwise.
      if (!run.network.empty() && run_cmd->get_option("--duration")->count() == 0) run.exec.duration.clear();
      return engram::run_model(run);
    }
    if (*resume_cmd) return engram::resume_model(resume);
    if (*bench_cmd) {
      if (!bench.suite.empty() && bench_cmd->get_option("--duration")->count() == 0) bench.duration.clear();  // the suite's own
      return engram::bench_model(bench);
    }
    if (*compare_cmd) return engram::compare_backends(compare);
    if (*memory_cmd) return engram::memory_protocol(memory);
    if (*metrics_cmd) return engram::print_metrics(metrics);
    if (*inspect_cmd) {
      fmt::print("{}", engram::describe_file(inspect_file));
      return 0;
    }
    if (*models_cmd) return engram::list_models(verbose);
    if (*train_cmd) return engram::train_model(train);
    if (*evaluate_cmd) return engram::evaluate_model(evaluate);
    if (*infer_cmd) return engram::infer_rule(infer);
    if (*sweep_cmd) return engram::run_sweep(sweep);
  } catch (const engram::error& e) {
    fmt::print(stderr, "engram: error: {}{}\n", engram::mpi::rank_prefix(), e.what());
    return fail(2);
  } catch (const std::filesystem::filesystem_error& e) {
    // A path the system refused (too long, no permission): the user's to fix, not a bug.
    fmt::print(stderr, "engram: error: {}{}\n", engram::mpi::rank_prefix(), e.what());
    return fail(2);
  } catch (const std::bad_alloc&) {
    fmt::print(stderr, "engram: error: {}out of memory\n", engram::mpi::rank_prefix());
    return fail(2);
  } catch (const std::exception& e) {
    fmt::print(stderr, "engram: internal error: {}{}\n", engram::mpi::rank_prefix(), e.what());
    return fail(3);
  }
  return 0;
}
