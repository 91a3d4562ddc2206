// Rule inference (docs/research.md): a Taylor rule fitted to a network that learns by Oja's rule
// finds Oja's two terms and predicts held-out synapses, cleanly observed or not.
#include <cmath>

#include "apps/engram/commands.hpp"
#include "apps/research/oja_network.hpp"
#include "apps/research/stdp_inference.hpp"
#include "apps/research/rule_inference.hpp"
#include "apps/research/rule_trajectory.hpp"
#include "engine/errors.hpp"
#include "tests/catch.hpp"
#include "tests/helpers.hpp"

using namespace engram;
using namespace engram::research;

namespace {

const size_t xy = taylor_rule::index(1, 1, 0), yyw = taylor_rule::index(0, 2, 1);

void report(const inference_report& r) {
  INFO("method " << r.method << " R2 held-out changes " << r.r2_heldout_changes << " trajectories "
                 << r.r2_heldout_trajectories);
  for (size_t k = 0; k < 4; ++k)
    UNSCOPED_INFO(taylor_rule::term_name(r.ranked[k].term) << ": " << r.ranked[k].theta << " +- "
                                                           << 1.96 * r.ranked[k].standard_error);
}

}  // namespace

TEST_CASE("rule inference: the Taylor terms and their derivative", "[research]") {
  CHECK(taylor_rule::term_name(0) == "1");
  CHECK(taylor_rule::term_name(xy) == "x y");
  CHECK(taylor_rule::term_name(yyw) == "y^2 w");
  CHECK(taylor_rule::term_name(taylor_terms - 1) == "x^2 y^2 w^2");
  taylor_rule r;
  r.theta[xy] = 0.5;
  r.theta[yyw] = -0.25;
  r.theta[taylor_rule::index(2, 0, 2)] = 0.1;
  CHECK(r.change(2, 3, 4) == Approx(0.5 * 6 - 0.25 * 9 * 4 + 0.1 * 4 * 16));
  const double h = 1e-6;
  CHECK(r.derivative_w(2, 3, 4) == Approx((r.change(2, 3, 4 + h) - r.change(2, 3, 4 - h)) / (2 * h)).epsilon(1e-6));
}

TEST_CASE("rule inference: Oja's rule is recovered from clean weights by least squares", "[research]") {
  oja_params p;
  p.steps = 600;
  const rate_run run = simulate_oja(p);
  const inference_report r = infer_rule(run, {});
  report(r);
  CHECK(r.method == "least-squares");
  // the two true terms lead, with the true values inside their 95% intervals' neighbourhood
  CHECK(((r.ranked[0].term == xy && r.ranked[1].term == yyw) || (r.ranked[0].term == yyw && r.ranked[1].term == xy)));
  CHECK(r.fit.rule.theta[xy] == Approx(p.eta).epsilon(0.02));
  CHECK(r.fit.rule.theta[yyw] == Approx(-p.eta).epsilon(0.02));
  CHECK(r.r2_heldout_changes >= 0.95);
}

TEST_CASE("rule inference: noisy, sparse observations are fitted through whole trajectories", "[research]") {
  oja_params p;
  p.steps = 600;
  const rate_run run = simulate_oja(p);
  inference_options o;
  o.observed_share = 0.2;
  o.noise = 0.1;
  const inference_report r = infer_rule(run, o);
  report(r);
  CHECK(r.method == "trajectory");
  CHECK(r.r2_heldout_changes >= 0.9);
  CHECK(r.r2_heldout_trajectories >= 0.9);
}

TEST_CASE("rule inference: a run file carries the record to the fit unchanged", "[research]") {
  oja_params p;
  p.steps = 50;
  p.n_pre = 4;
  p.n_post = 3;
  const rate_run run = simulate_oja(p);
  const std::string path = test::temp_path("oja_run.h5");
  write_rate_run(path, run);
  const rate_run back = read_rate_run(path, "oja");
  CHECK(back.x == run.x);
  CHECK(back.y == run.y);
  CHECK(back.w == run.w);
  CHECK(back.target == run.target);
  CHECK(back.truth == run.truth);
  CHECK_THROWS_WITH(read_rate_run(path, "other"), Catch::Contains("other"));
  CHECK_THROWS_WITH(infer_rule(run, [] { inference_options o; o.observed_share = 1; return o; }()),
                    Catch::Contains("held-out synapses judge the fit"));
}

TEST_CASE("rule inference: Engram's own STDP is recovered from a spiking run's spikes and weights", "[research]") {
  run_command run;
  run.model.model = "stdp_poisson";
  run.model.sets = {"n=20"};
  run.exec.duration = "10s";
  run.exec.threads = 1;
  run.exec.quiet = true;
  run.exec.out = test::temp_path("stdp_poisson.h5");
  run.exec.record_weights = {"plastic"};
  run.exec.weights_every = "200ms";
  REQUIRE(run_model(run) == 0);
  const auto records = read_stdp_records(run.exec.out, "plastic", "pre", "post", 1.0);
  REQUIRE(records.size() == 20);
  const stdp_estimate e = fit_stdp(records);
  INFO("A+ " << e.a_plus << " A- " << e.a_minus << " tau+ " << e.tau_plus_ms << " tau- " << e.tau_minus_ms << " R2 " << e.r2);
  // the model's defaults: A+ 0.002, A- 0.001, tau+ 16.8 ms, tau- 33.7 ms; the target is 10%
  CHECK(e.a_plus == Approx(0.002).epsilon(0.01));
  CHECK(e.a_minus == Approx(0.001).epsilon(0.01));
  CHECK(e.tau_plus_ms == Approx(16.8).epsilon(0.01));
  CHECK(e.tau_minus_ms == Approx(33.7).epsilon(0.01));
  CHECK(e.r2 > 0.99);
  CHECK_THROWS_WITH(read_stdp_records(run.exec.out, "plastic", "nobody", "post", 1.0), Catch::Contains("no spikes of population 'nobody'"));
}
