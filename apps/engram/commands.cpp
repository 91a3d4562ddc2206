#include "apps/engram/commands.hpp"

#include <cmath>
#include <memory>
#include <fmt/format.h>
#include <fmt/ranges.h>
#include <spdlog/spdlog.h>

#include "apps/engram/distributed_run.hpp"
#include "apps/engram/train.hpp"
#include "engine/errors.hpp"
#include "engine/plasticity_layout.hpp"
#include "engine/simulator.hpp"
#include "host/run_loop.hpp"
#include "host/analysis/excitatory_graph.hpp"
#include "host/analysis/rhythms.hpp"
#include "host/analysis/spike_statistics.hpp"
#include "host/machine.hpp"
#include "host/streams/metrics_stream.hpp"
#include "host/io/output_path.hpp"
#include "host/streams/run_recorder.hpp"
#include "host/io/snapshot.hpp"
#include "host/io/sonata_import.hpp"
#include "kernels/mpi/mpi_session.hpp"
#include "kernels/backend_factory.hpp"

namespace engram {
namespace {


// "exc:0-9,15" -> population "exc", neurons 0..9 and 15.
probe_request parse_probe(const std::string& spec) {
  const auto colon = spec.find(':');
  if (colon == std::string::npos || colon == 0 || colon + 1 == spec.size())
    throw invalid_parameter(fmt::format("--probe expects population:ids (e.g. exc:0-9,15), got '{}'", spec));
  probe_request p;
  p.population = spec.substr(0, colon);
  std::string list = spec.substr(colon + 1);
  size_t start = 0;
  while (start <= list.size()) {
    const size_t comma = std::min(list.find(',', start), list.size());
    const std::string item = list.substr(start, comma - start);
    try {
      const auto dash = item.find('-');
      size_t used = 0;
      const unsigned long lo = std::stoul(item.substr(0, dash), &used);
      const unsigned long hi = dash == std::string::npos ? lo : std::stoul(item.substr(dash + 1));
      if (hi < lo || hi - lo > 100000) throw std::invalid_argument("range");
      for (unsigned long n = lo; n <= hi; ++n) p.neurons.push_back(static_cast<uint32_t>(n));
    } catch (const std::exception&) {
      throw invalid_parameter(fmt::format("--probe: '{}' is not a neuron index or range in '{}'", item, spec));
    }
    start = comma + 1;
  }
  return p;
}

// "100": the first 100 neurons of every population; "10%": the first tenth of each.
spike_sample_spec parse_record_sample(const std::string& text) {
  spike_sample_spec s;
  if (text.empty()) return s;
  const bool percent = text.back() == '%';
  const std::string number = percent ? text.substr(0, text.size() - 1) : text;
  size_t used = 0;
  double value = 0;
  try {
    value = std::stod(number, &used);
  } catch (const std::exception&) {
    used = 0;
  }
  const bool whole = value == std::floor(value) && value >= 1 && value <= 4294967295.0;
  if (number.empty() || used != number.size() || !std::isfinite(value) || (percent ? !(value > 0 && value <= 100) : !whole))
    throw invalid_parameter(fmt::format(
        "--record-sample expects a neuron count of at least 1 (e.g. 100) or a percentage in (0, 100] (e.g. 10%), got '{}'", text));
  if (percent) s.fraction = value / 100;
  else s.count = static_cast<uint32_t>(value);
  return s;
}

// One spike_statistics per population, fed by the run's drains (--statistics).
class population_statistics {
 public:
  population_statistics(const simulator& sim, uint64_t steps, const execution_options& e) {
    if (!e.statistics) {
      if (!e.statistics_from.empty()) throw invalid_parameter("--statistics-from needs --statistics");
      return;
    }
    spike_statistics_options o;
    o.from_step = sim.current_step() + (e.statistics_from.empty() ? 0 : steps_of(e.statistics_from, sim.dt_ms()));
    if (o.from_step >= sim.current_step() + steps)
      throw invalid_parameter(fmt::format("--statistics-from {} leaves nothing of a run of {}", e.statistics_from, e.duration));
    from_ms_ = (o.from_step - sim.current_step()) * sim.dt_ms();
    for (const auto& p : sim.populations()) {
      names_.push_back(p.name);
      groups_.emplace_back(p.first, p.size, sim.dt_ms(), o);
    }
  }
  void attach(std::vector<spike_consumer>& consumers) {
    if (!groups_.empty())
      consumers.push_back([this](const spike_record& r) {
        for (auto& g : groups_) g.add(r);
      });
  }
  std::string report(uint64_t end_step) const {
    if (groups_.empty()) return "";
    std::string out = fmt::format("statistics   from {:g} ms; ISI CV over neurons with >= 2 intervals; chi, Fano in 1 ms bins\n", from_ms_);
    for (size_t p = 0; p < groups_.size(); ++p) {
      const spike_train_summary s = groups_[p].summary(end_step);
      out += fmt::format("  {:<14} {:7.2f} Hz  CV {:.3f} ({} neurons)  chi {:.3f}  Fano {:.2f}\n", names_[p], s.rate_hz, s.mean_cv,
                         s.cv_neurons, s.chi, s.fano);
    }
    return out;
  }

 private:
  std::vector<std::string> names_;
  std::vector<spike_statistics> groups_;
  double from_ms_ = 0;
};

// --pac PHASE:AMPLITUDE: checked before the run, measured on its summary after it.
struct pac_request {
  frequency_band phase, amplitude;
  int population = -1;  // -1: all
  bool wanted = false;
};

pac_request parse_pac(const simulator& sim, const execution_options& e) {
  pac_request r;
  if (e.pac.empty()) {
    if (!e.pac_population.empty()) throw invalid_parameter("--pac-population needs --pac PHASE:AMPLITUDE");
    return r;
  }
  const auto colon = e.pac.find(':');
  if (colon == std::string::npos) throw invalid_parameter(fmt::format("--pac expects PHASE:AMPLITUDE bands (e.g. theta:gamma), got '{}'", e.pac));
  r.phase = parse_band(e.pac.substr(0, colon));
  r.amplitude = parse_band(e.pac.substr(colon + 1));
  r.wanted = true;
  if (e.pac_population.empty()) return r;
  for (size_t p = 0; p < sim.populations().size(); ++p)
    if (sim.populations()[p].name == e.pac_population) r.population = static_cast<int>(p);
  if (r.population < 0) throw invalid_parameter(fmt::format("--pac-population: no population '{}'", e.pac_population));
  return r;
}

std::string pac_report(const pac_request& r, const run_summary& s) {
  if (!r.wanted) return "";
  std::vector<double> x;
  for (size_t p = 0; p < s.population_rates.size(); ++p) {
    if (r.population >= 0 && static_cast<int>(p) != r.population) continue;
    x.resize(std::max(x.size(), s.population_rates[p].size()), 0.0);
    for (size_t t = 0; t < s.population_rates[p].size(); ++t) x[t] += s.population_rates[p][t];
  }
  const phase_amplitude m = phase_amplitude_coupling(x, s.dt_ms, r.phase, r.amplitude);
  std::string bins;
  for (double a : m.mean_amplitude) bins += fmt::format(" {:.3g}", a);
  return fmt::format("pac          {} phase x {} amplitude of {}: modulation index {:.4g} ({:g} s)\n"
                     "  amplitude by phase bin (-pi..pi):{}\n",
                     r.phase.name, r.amplitude.name, r.population < 0 ? "all neurons" : s.populations[r.population].name,
                     m.modulation_index, static_cast<double>(x.size()) * s.dt_ms / 1000, bins);
}

// A distributed run's ranks other than 0 (docs/distributed.md): the same steps in the same chunks
// as rank 0, and their share of every snapshot rank 0 writes; rank 0 records, writes and prints.
int follow(simulator& sim, uint64_t steps, const recording_plan& plan) {
  sim.set_recording(false);
  run_options ro;
  ro.steps = steps;
  ro.progress = false;
  if (!plan.snapshot.empty()) ro.periodic.push_back({plan.snapshot_every, true, [](const simulator& s) { (void)s.export_state(); }});
  const run_summary summary = run(sim, ro);
  distributed_summary(sim, summary.wall_s);
  return 0;
}

// Runs `sim` as `e` says: run file and snapshots on the background writer, summary to stdout.
int execute(simulator& sim, const execution_options& e, snapshot_info info, const std::string& title,
            std::shared_ptr<const spike_naming> spike_names = nullptr) {
  const uint64_t steps = steps_of(e.duration, sim.dt_ms(), sim.current_step());
  if (!e.snapshot_every.empty() && e.snapshot.empty()) throw invalid_parameter("--snapshot-every needs --snapshot PATH");
  population_statistics statistics(sim, steps, e);
  const pac_request pac = parse_pac(sim, e);
  recording_plan plan;
  plan.out = e.out;
  plan.spike_names = std::move(spike_names);
  plan.sample = parse_record_sample(e.record_sample);
  plan.snapshot = e.snapshot;
  plan.snapshot_every = e.snapshot_every.empty() ? 0 : steps_of(e.snapshot_every, sim.dt_ms());
  plan.info = std::move(info);
  plan.weight_projections = e.record_weights;
  plan.weights_every = e.weights_every.empty() ? 0 : steps_of(e.weights_every, sim.dt_ms());
  for (const auto& spec : e.probes) plan.probes.push_back(parse_probe(spec));
  plan.metrics_every = e.metrics_every.empty() ? 0 : steps_of(e.metrics_every, sim.dt_ms());
  plan.metrics.betti_edges = e.metrics_betti;

  check_distributed_options(e);
  if (mpi::rank() != 0) return follow(sim, steps, plan);

  run_recorder recorder(plan, sim);
  run_options ro;
  ro.steps = steps;
  ro.progress = !e.quiet;
  std::vector<spike_consumer> consumers;
  recorder.attach(ro, consumers);
  statistics.attach(consumers);
  const run_summary summary = run(sim, ro, consumers);
  recorder.finish(sim);
  const std::string ranks = distributed_summary(sim, summary.wall_s);
  fmt::print("{}\n{}{}{}{}", title, format_summary(summary), ranks, statistics.report(sim.current_step()), pac_report(pac, summary));
  return 0;
}

}  // namespace

void check_outputs(const execution_options& e, bool out_known) {
  check_output_paths({{"--out", e.out}, {"--snapshot", e.snapshot}});
  if (!parse_record_sample(e.record_sample).all() && e.out.empty() && out_known)
    throw invalid_parameter("--record-sample needs --out FILE.h5");
}

backend_options backend_options_for(int threads, bool needs_plasticity) {
  if (threads < 0) throw invalid_parameter(fmt::format("--threads must be >= 0, got {}", threads));
  // More threads than this only queue for the cores (and very many crash the OpenMP runtime).
  const int most = static_cast<int>(4 * hardware_threads());
  if (threads > most)
    throw invalid_parameter(fmt::format("--threads {} is more than {} (4 x this machine's {} hardware threads)", threads, most, hardware_threads()));
  backend_options o;
  o.threads = threads;
  o.needs_plasticity = needs_plasticity;
  return o;
}

// `engram run --network config.json`: a SONATA circuit, its spikes written under SONATA names.
int run_network(const run_command& cmd) {
  if (!cmd.model.model.empty()) throw invalid_parameter(fmt::format("give a model ('{}') or --network, not both", cmd.model.model));
  if (!cmd.model.sets.empty()) throw invalid_parameter("--set changes a built-in model's parameters; a --network circuit has its own");
  check_outputs(cmd.exec, false);  // the config may name the spike file
  backend_options_for(cmd.exec.threads, false);
  sonata_import_options o;
  o.dt_ms = cmd.model.dt_ms;
  o.seed = cmd.model.seed;
  if (!std::isnan(o.dt_ms) && !(o.dt_ms > 0)) throw invalid_parameter(fmt::format("--dt must be a positive number of ms, got {}", o.dt_ms));
  sonata_circuit c = import_sonata(cmd.network, o);
  execution_options e = cmd.exec;
  if (e.duration.empty()) e.duration = c.tstop_ms ? fmt::format("{}ms", *c.tstop_ms) : "1s";
  if (e.out.empty()) e.out = c.spikes_out;  // the simulation config's output, unless --out says otherwise
  check_outputs(e);
  steps_of(e.duration, c.net.dt_ms);
  const std::string what = fmt::format("circuit '{}'", cmd.network);
  check_fits_in_memory(estimate_size(c.net), what);
  for (const auto& p : c.origins) {
    spdlog::info("population {:<16} {:>8} nodes of '{}' node types {} ({})", p.engram_name, p.size, p.sonata_population,
                 fmt::join(p.node_type_ids, ","), p.model);
    if (!p.note.empty()) spdlog::warn("population {}: {}", p.engram_name, p.note);
  }
  spdlog::info("imported {} ({} nodes, {} edges, {} input spikes, dt {} ms) on backend {}", what, c.net.neuron_count(), c.edges,
               c.input_spikes, c.net.dt_ms, e.backend);
  auto names = std::make_shared<const spike_naming>(std::move(c.naming));
  simulator sim(c.net, make_backend(parse_backend_kind(e.backend), backend_options_for(e.threads, false)));
  spdlog::info("built {} synapses on {}", sim.synapse_count(), sim.backend_ref().device());
  snapshot_info info;
  info.model = "sonata";
  return execute(sim, e, info, fmt::format("circuit      {} ({} ms steps)", cmd.network, c.net.dt_ms), names);
}

int run_model(const run_command& cmd) {
  if (!cmd.network.empty()) return run_network(cmd);
  if (cmd.model.model.empty()) throw invalid_parameter("run needs a model name (see `engram models`) or --network CONFIG.json");
  check_outputs(cmd.exec);
  backend_options_for(cmd.exec.threads, false);  // a bad --threads before building anything
  const built_model m = build_model(cmd.model);
  steps_of(cmd.exec.duration, m.net.dt_ms);  // reject a bad duration before building anything
  spdlog::info("building {} ({} neurons) on backend {}", m.definition->name, m.net.neuron_count(), cmd.exec.backend);
  simulator sim(m.net, make_backend(parse_backend_kind(cmd.exec.backend), backend_options_for(cmd.exec.threads, network_needs_plasticity(m.net))));
  spdlog::info("built {} synapses on {}", sim.synapse_count(), sim.backend_ref().device());

  snapshot_info info;
  info.model = m.definition->name;
  for (const auto& e : m.params.entries()) info.parameters.emplace_back(e.key, e.value);
  return execute(sim, cmd.exec, info, fmt::format("model        {} (seed {})", m.definition->name, cmd.model.seed));
}

int resume_model(const resume_command& cmd) {
  check_outputs(cmd.exec);
  backend_options_for(cmd.exec.threads, false);
  snapshot_info info;
  network_state state = read_snapshot(cmd.snapshot_file, &info);
  if (!info.task.name.empty()) {  // a training run: continue the task, not a fixed duration
    if (mpi::distributed()) throw invalid_parameter("a training run's snapshot resumes on one rank (training is not distributed); run without mpirun");
    train_command t;
    t.backend = cmd.exec.backend == "auto" ? "cpu" : cmd.exec.backend;
    t.threads = cmd.exec.threads;
    t.snapshot = cmd.exec.snapshot;
    t.out = cmd.exec.out;
    t.quiet = cmd.exec.quiet;
    return resume_training(cmd.snapshot_file, std::move(state), info, t);
  }
  steps_of(cmd.exec.duration, state.dt_ms, state.step);  // a bad duration before loading the backend
  const double resumed_s = state.step * state.dt_ms / 1000;
  const std::string header = fmt::format("model        {} (seed {}), resumed at {:.3f} s", info.model, state.seed, resumed_s);
  spdlog::info("resuming {} from step {} ({:.3f} s) of {}", info.model.empty() ? "network" : info.model, state.step,
               resumed_s, cmd.snapshot_file);
  const backend_options options = backend_options_for(cmd.exec.threads, state.plasticity.active());
  simulator sim(std::move(state), make_backend(parse_backend_kind(cmd.exec.backend), options));  // no copy of the synapses
  return execute(sim, cmd.exec, info, header);
}

int print_metrics(const metrics_command& cmd) {
  snapshot_info info;
  const network_state state = read_snapshot(cmd.file, &info);
  const auto g = build_excitatory_graph(state);
  topology_options options;
  options.weight_threshold = cmd.threshold;
  options.undirected = !cmd.directed;
  options.betti_edges = cmd.betti_edges;
  const topology_metrics m = compute_topology_metrics(g.graph.view(), options);
  std::string pops;
  for (const auto& p : g.populations) pops += (pops.empty() ? "" : ", ") + p;
  fmt::print("{} at step {}: excitatory graph of {} ({}, |w| >= {})\n", cmd.file, state.step, pops,
             cmd.directed ? "directed" : "undirected", cmd.threshold);
  for (const auto& [name, value] : scalar_metrics(m)) fmt::print("  {:<16} {:.6g}\n", name, value);
  fmt::print("  {:<16} {}\n", "communities by", m.community_method);
  std::string club;
  for (size_t k = 0; k < m.rich_club.size(); k += std::max<size_t>(1, m.rich_club.size() / 8))
    club += fmt::format(" phi({})={:.3g}", k, m.rich_club[k]);
  fmt::print("  {:<16}{}\n", "rich club", club);
  if (cmd.betti_edges > 0) {
    fmt::print("  Betti curves of the clique complex of the {} strongest edges (symmetrised |w|), by the strongest fraction in:\n",
               cmd.betti_edges);
    fmt::print("    {:>8} {:>8} {:>8} {:>8}\n", "fraction", "beta0", "beta1", "beta2");
    for (size_t p = 0; p < m.betti_fractions.size(); ++p)
      fmt::print("    {:>8.2f} {:>8} {:>8} {:>8}\n", m.betti_fractions[p], m.betti_curves[0][p], m.betti_curves[1][p],
                 m.betti_curves[2][p]);
  }
  return 0;
}

int list_models(bool verbose) {
  for (const auto& m : all_models()) {
    fmt::print("{:<18} {}\n", m.name, m.description);
    if (!verbose) continue;
    const model_params params = m.parameters();
    for (const auto& e : params.entries()) fmt::print("    {:<14} = {:<8g} {}\n", e.key, e.value, e.help);
  }
  return 0;
}

}  // namespace engram
