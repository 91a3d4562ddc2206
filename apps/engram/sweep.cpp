#include "apps/engram/sweep.hpp"

#include <algorithm>
#include <chrono>
#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include "apps/engram/commands.hpp"
#include "apps/engram/model_setup.hpp"
#include "apps/research/replica_batch.hpp"
#include "engine/errors.hpp"
#include "engine/simulator.hpp"
#include "host/analysis/excitatory_graph.hpp"
#include "host/io/json_file.hpp"
#include "host/streams/metrics_stream.hpp"
#include "kernels/backend_factory.hpp"

namespace engram {
namespace {

using clock_type = std::chrono::steady_clock;
double seconds_since(clock_type::time_point t) { return std::chrono::duration<double>(clock_type::now() - t).count(); }

struct grid_axis {
  std::string key;
  std::vector<double> values;
};

grid_axis parse_grid(const std::string& text) {
  const auto eq = text.find('=');
  if (eq == std::string::npos || eq == 0 || eq + 1 == text.size())
    throw invalid_parameter(fmt::format("--grid '{}': expected key=v1,v2,...", text));
  grid_axis g{text.substr(0, eq), {}};
  size_t from = eq + 1;
  while (from <= text.size()) {
    const size_t comma = std::min(text.find(',', from), text.size());
    const std::string item = text.substr(from, comma - from);
    size_t used = 0;
    double v = 0;
    try {
      v = std::stod(item, &used);
    } catch (const std::exception&) {
      used = 0;
    }
    if (item.empty() || used != item.size() || !std::isfinite(v))
      throw invalid_parameter(fmt::format("--grid '{}': '{}' is not a finite number", text, item));
    g.values.push_back(v);
    from = comma + 1;
  }
  return g;
}

// Every grid point (first axis outermost) x every seed (innermost).
std::vector<research::replica_spec> replicas_of(const sweep_command& cmd, const std::vector<grid_axis>& axes) {
  if (cmd.seeds.empty()) throw invalid_parameter("--seeds: at least one seed");
  std::vector<std::vector<std::string>> points{{}};
  for (const auto& a : axes) {
    std::vector<std::vector<std::string>> next;
    for (const auto& p : points)
      for (double v : a.values) {
        auto q = p;
        q.push_back(fmt::format("{}={}", a.key, v));
        next.push_back(std::move(q));
      }
    points = std::move(next);
  }
  std::vector<research::replica_spec> out;
  for (const auto& p : points)
    for (uint64_t seed : cmd.seeds) {
      research::replica_spec s{seed, cmd.sets};
      s.sets.insert(s.sets.end(), p.begin(), p.end());
      out.push_back(std::move(s));
    }
  return out;
}

struct replica_result {
  uint64_t spikes = 0;
  topology_metrics metrics;
};

topology_metrics metrics_of(const network_state& state, float threshold) {
  topology_options o;
  o.weight_threshold = threshold;  // the rest as `engram metrics`: the same numbers
  return compute_topology_metrics(build_excitatory_graph(state).graph.view(), o);
}

// Runs `net` for `steps`, counting spikes per replica (by neuron range) chunk by chunk.
network_state simulate(simulator& sim, uint64_t steps, const std::vector<uint32_t>& replica_first, std::vector<uint64_t>& spikes) {
  const uint64_t chunk = 1000;
  for (uint64_t done = 0; done < steps; done += chunk) {
    sim.run_steps(std::min(chunk, steps - done));
    const spike_record rec = sim.drain_spikes();
    for (uint32_t n : rec.neuron) {
      const auto r = std::upper_bound(replica_first.begin(), replica_first.end(), n) - replica_first.begin() - 1;
      ++spikes[r];
    }
  }
  return sim.export_state();
}

}  // namespace

int run_sweep(const sweep_command& cmd) {
  const model_definition& model = find_model(cmd.model);
  std::vector<grid_axis> axes;
  for (const auto& g : cmd.grids) axes.push_back(parse_grid(g));
  const auto specs = replicas_of(cmd, axes);
  const double dt = model.default_dt_ms;
  const uint64_t steps = steps_of(cmd.duration, dt);
  const backend_kind kind = parse_backend_kind(cmd.backend);
  std::vector<replica_result> results(specs.size());
  double build_s = 0, simulate_s = 0, metrics_s = 0;
  const auto start = clock_type::now();

  auto run_batch = [&](const std::vector<research::replica_spec>& batch_specs, size_t first_result) {
    auto t = clock_type::now();
    const network net = research::model_batch(model, batch_specs, dt);
    simulator sim(net, make_backend(kind, backend_options_for(cmd.threads, true)));
    build_s += seconds_since(t);
    t = clock_type::now();
    std::vector<uint32_t> replica_first;
    for (const auto& r : net.replicas) replica_first.push_back(sim.populations()[r.first_population].first);
    std::vector<uint64_t> spikes(replica_first.size(), 0);
    const network_state state = simulate(sim, steps, replica_first, spikes);
    simulate_s += seconds_since(t);
    t = clock_type::now();
    for (uint32_t r = 0; r < net.replicas.size(); ++r) {
      results[first_result + r].spikes = spikes[r];
      results[first_result + r].metrics = metrics_of(research::replica_view(state, r), cmd.threshold);
    }
    metrics_s += seconds_since(t);
  };
  if (cmd.separate) {
    for (size_t r = 0; r < specs.size(); ++r) run_batch({specs[r]}, r);  // a batch of one draws as the network alone
  } else {
    run_batch(specs, 0);
  }
  const double total_s = seconds_since(start);

  nlohmann::json out{{"model", cmd.model},     {"duration", cmd.duration}, {"threshold", cmd.threshold},
                     {"mode", cmd.separate ? "separate" : "batched"},      {"replicas", nlohmann::json::array()},
                     {"wall_s", {{"build", build_s}, {"simulate", simulate_s}, {"metrics", metrics_s}, {"total", total_s}}}};
  for (size_t r = 0; r < specs.size(); ++r) {
    nlohmann::json params = nlohmann::json::object();
    for (const auto& s : specs[r].sets) {
      const auto eq = s.find('=');
      params[s.substr(0, eq)] = std::stod(s.substr(eq + 1));
    }
    nlohmann::json metrics = nlohmann::json::object();
    for (const auto& [name, value] : scalar_metrics(results[r].metrics)) metrics[name] = std::isfinite(value) ? nlohmann::json(value) : nlohmann::json();
    out["replicas"].push_back({{"replica", r}, {"seed", specs[r].seed}, {"params", params}, {"spikes", results[r].spikes}, {"metrics", metrics}});
    if (!cmd.quiet) {
      std::string label;
      for (const auto& s : specs[r].sets) label += s + " ";
      const auto& m = results[r].metrics;
      fmt::print("r{:<3} seed {:<4} {}spikes {:<9} modularity {:.4f} sigma {:.4f} omega {:.4f} clustering {:.4f} path {:.4f} edges {}\n", r,
                 specs[r].seed, label, results[r].spikes, m.modularity, m.sigma, m.omega, m.clustering, m.path_length, m.edges);
    }
  }
  if (!cmd.quiet)
    fmt::print("{} replicas, {}: build {:.2f} s, simulate {:.2f} s, metrics {:.2f} s, total {:.2f} s\n", specs.size(), cmd.separate ? "separate runs" : "one batch",
               build_s, simulate_s, metrics_s, total_s);
  if (!cmd.json.empty()) write_json_file(cmd.json, out);
  return 0;
}

}  // namespace engram
