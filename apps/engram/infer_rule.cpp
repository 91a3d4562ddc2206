#include "apps/engram/infer_rule.hpp"

#include <chrono>
#include <cmath>
#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include "apps/research/oja_network.hpp"
#include "apps/research/stdp_inference.hpp"
#include "host/io/json_file.hpp"

namespace engram {

namespace {

int infer_stdp(const infer_rule_command& cmd) {
  const auto t0 = std::chrono::steady_clock::now();
  const auto records = research::read_stdp_records(cmd.file, cmd.projection, cmd.pre, cmd.post, cmd.delay_ms);
  uint64_t pre_spikes = 0, post_spikes = 0;
  for (const auto& r : records) pre_spikes += r.arrivals_ms.size(), post_spikes += r.post_ms.size();
  fmt::print("run          {}: projection {} ({} -> {}), {} synapses, {} arrivals and {} post spikes at them\n", cmd.file,
             cmd.projection, cmd.pre, cmd.post, records.size(), pre_spikes, post_spikes);
  const research::stdp_estimate e = research::fit_stdp(records);
  const double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
  fmt::print("fit          {} intervals between weight samples, {:.2f} s; R^2 of the weight changes {:.4f}\n", e.intervals, seconds, e.r2);
  fmt::print("  A+    {:.6g} +- {:.2g}\n  A-    {:.6g} +- {:.2g}\n  tau+  {:.3f} ms +- {:.2g}\n  tau-  {:.3f} ms +- {:.2g}   (95% intervals)\n",
             e.a_plus, 1.96 * e.a_plus_se, e.a_minus, 1.96 * e.a_minus_se, e.tau_plus_ms, 1.96 * e.tau_plus_se, e.tau_minus_ms,
             1.96 * e.tau_minus_se);
  if (!cmd.json.empty()) {
    write_json_file(cmd.json, {{"file", cmd.file}, {"projection", cmd.projection}, {"intervals", e.intervals}, {"r2", e.r2},
                               {"a_plus", e.a_plus}, {"a_minus", e.a_minus}, {"tau_plus_ms", e.tau_plus_ms},
                               {"tau_minus_ms", e.tau_minus_ms}, {"a_plus_ci95", 1.96 * e.a_plus_se},
                               {"a_minus_ci95", 1.96 * e.a_minus_se}, {"tau_plus_ci95", 1.96 * e.tau_plus_se},
                               {"tau_minus_ci95", 1.96 * e.tau_minus_se}, {"wall_s", seconds}});
    fmt::print("results      {}\n", cmd.json);
  }
  return 0;
}

}  // namespace

int infer_rule(const infer_rule_command& cmd) {
  if (cmd.stdp) return infer_stdp(cmd);
  const auto t0 = std::chrono::steady_clock::now();
  if (cmd.make_oja) {
    research::oja_params p;
    p.steps = cmd.oja_steps;
    p.seed = cmd.oja_seed;
    research::write_rate_run(cmd.file, research::simulate_oja(p));
    fmt::print("simulated    Oja rate network {} -> {} for {} steps (seed {}): {}\n", p.n_pre, p.n_post, p.steps, p.seed, cmd.file);
  }
  const research::rate_run run = research::read_rate_run(cmd.file, cmd.projection);
  const auto& o = cmd.options;
  fmt::print("run          {}: {} -> {}, {} synapses, {} steps{}\n", cmd.file, run.pre, run.post, run.synapses(), run.steps,
             run.truth.empty() ? "" : "; truth: " + run.truth);
  fmt::print("observed     {:.0f}% of the synapses, every {} step(s), noise {:.0f}%\n", 100 * o.observed_share, o.observe_every,
             100 * o.noise);
  const research::inference_report r = research::infer_rule(run, o);
  const double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
  fmt::print("fit          {} on {} synapses ({} observations) in {:.2f} s; {} synapses held out\n", r.method, r.observed_synapses,
             r.fit.observations, seconds, r.heldout_synapses);
  fmt::print("terms        by contribution (|theta| x rms of the term), 95% intervals:\n");
  for (size_t k = 0; k < 6; ++k) {
    const auto& t = r.ranked[k];
    fmt::print("  {:<12} {:+.6g} +- {:.2g}   contribution {:.3g}\n", research::taylor_rule::term_name(t.term), t.theta,
               1.96 * t.standard_error, t.contribution);
  }
  fmt::print("held out     R^2 of weight changes {:.4f}, of weight trajectories {:.4f}\n", r.r2_heldout_changes,
             r.r2_heldout_trajectories);
  if (!cmd.json.empty()) {
    nlohmann::json terms = nlohmann::json::array();
    for (const auto& t : r.ranked)
      terms.push_back({{"term", research::taylor_rule::term_name(t.term)}, {"theta", t.theta},
                       {"ci95", 1.96 * t.standard_error}, {"contribution", t.contribution}});
    write_json_file(cmd.json, {{"file", cmd.file}, {"projection", cmd.projection}, {"truth", run.truth}, {"method", r.method},
                               {"observed_share", o.observed_share}, {"noise", o.noise}, {"observe_every", o.observe_every},
                               {"observed_synapses", r.observed_synapses}, {"heldout_synapses", r.heldout_synapses},
                               {"r2_heldout_changes", r.r2_heldout_changes},
                               {"r2_heldout_trajectories", r.r2_heldout_trajectories}, {"terms", terms}, {"wall_s", seconds}});
    fmt::print("results      {}\n", cmd.json);
  }
  return 0;
}

}  // namespace engram
