// engram: the command-line front end. Subcommands live in commands.cpp; this file wires CLI11.
#include <CLI/CLI.hpp>
#include <fmt/format.h>
#include <spdlog/sinks/stdout_color_sinks.h>
#include <spdlog/spdlog.h>

#include "apps/engram/commands.hpp"
#include "engine/errors.hpp"

int main(int argc, char** argv) {
  spdlog::set_default_logger(spdlog::stderr_color_st("engram"));
  spdlog::set_pattern("[%H:%M:%S.%e] %^%l%$ %v");

  CLI::App app{"Engram: a spiking-network engine with CUDA and OpenMP backends"};
  app.set_version_flag("--version", std::string(ENGRAM_VERSION));
  app.require_subcommand(1);

  engram::run_command run;
  auto* run_cmd = app.add_subcommand("run", "simulate a model and print a summary");
  run_cmd->add_option("model", run.model, "model name (see `engram models`)")->required();
  run_cmd->add_option("--backend", run.backend, "cpu, cuda or auto")->check(CLI::IsMember({"cpu", "cuda", "auto"}));
  run_cmd->add_option("--duration", run.duration, "simulated time, e.g. 500ms, 10s, 1h");
  run_cmd->add_option("--dt", run.dt_ms, "time step in ms (default: the model's)");
  run_cmd->add_option("--seed", run.seed, "random seed");
  run_cmd->add_option("--threads", run.threads, "CPU threads (default: all)");
  run_cmd->add_option("--out", run.out, "SONATA spike file to write (HDF5)");
  run_cmd->add_option("--set", run.sets, "model parameter, key=value (repeatable)");
  run_cmd->add_flag("--quiet", run.quiet, "no progress line");

  auto* models_cmd = app.add_subcommand("models", "list the models with their parameters");
  bool verbose = false;
  models_cmd->add_flag("-v,--verbose", verbose, "also list each model's parameters");

  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& e) {
    return app.exit(e);
  }
  try {
    if (*run_cmd) return engram::run_model(run);
    if (*models_cmd) return engram::list_models(verbose);
  } catch (const engram::error& e) {
    fmt::print(stderr, "engram: error: {}\n", e.what());
    return 2;
  } catch (const std::exception& e) {
    fmt::print(stderr, "engram: internal error: {}\n", e.what());
    return 3;
  }
  return 0;
}
