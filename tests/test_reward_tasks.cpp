// Reward tasks (apps/tasks): the closed loop's rules, R-STDP learning a toy task, Iris and grid
// navigation resumed from a snapshot bit for bit, and clear errors for bad input.
#include <algorithm>
#include <cmath>
#include <filesystem>
#include <fstream>
#include <memory>
#include <string>

#include "apps/tasks/baselines.hpp"
#include "apps/tasks/closed_loop.hpp"
#include "apps/tasks/grid_task.hpp"
#include "apps/tasks/iris_task.hpp"
#include "apps/tasks/margin_rule.hpp"
#include "apps/tasks/mnist_studies.hpp"
#include "apps/tasks/motor_network.hpp"
#include "engine/errors.hpp"
#include "engine/rng.hpp"
#include "tests/catch.hpp"
#include "tests/cuda_emulation.hpp"
#include "tests/forged_task.hpp"
#include "tests/helpers.hpp"
#include "tests/training_data.hpp"

using namespace engram;
using namespace engram::tasks;

namespace {

task_run_options quiet() {
  task_run_options o;
  o.progress = false;
  return o;
}

// Three Gaussian clusters in four features, 50 samples each: Iris's shape without the download.
tabular_dataset synthetic_iris(uint64_t seed) {
  tabular_dataset d;
  d.name = "iris";
  d.features = 4;
  d.classes = {"a", "b", "c"};
  for (uint32_t c = 0; c < 3; ++c)
    for (uint32_t i = 0; i < 50; ++i) {
      for (uint32_t f = 0; f < 4; ++f) {
        const philox_block b = random_block(seed, rng_purpose::task_draw, 77, c * 50 + i, f);
        d.values.push_back(1.0 + 1.5 * c + (f % 2 ? 0.5 : 1.0) * (uniform_open1(b.x[0], b.x[1]) - 0.5));
      }
      d.labels.push_back(c);
    }
  return d;
}

model_params short_iris(uint32_t epochs) {
  model_params p = iris_params();
  p.set("epochs=" + std::to_string(epochs), "iris");
  p.set("eval_repeats=2", "iris");
  return p;
}

// The snapshot of an Iris run of `epochs` stopped after its third sample (at test::temp_path(name)).
std::string stopped_iris(const tabular_dataset& data, uint32_t epochs, const std::string& name) {
  iris_trainer t(1, short_iris(epochs), data, test::one_thread_cpu());
  task_run_options o = quiet();
  o.stop_after = 3;
  o.snapshot = test::temp_path(name);
  t.train(o);
  return o.snapshot;
}

model_params short_grid(uint32_t episodes) {
  model_params p = grid_params();
  p.set("episodes=" + std::to_string(episodes), "grid");
  p.set("select_every=10", "grid");
  p.set("select_starts=8", "grid");
  return p;
}

void check_same_network(const network_state& a, const network_state& b) {
  REQUIRE(a.projections.size() == b.projections.size());
  for (size_t p = 0; p < a.projections.size(); ++p) CHECK(a.projections[p].weight == b.projections[p].weight);
  CHECK(a.neurons.v == b.neurons.v);
  CHECK(a.step == b.step);
  REQUIRE(a.plasticity.projections.size() == b.plasticity.projections.size());
  for (size_t e = 0; e < a.plasticity.projections.size(); ++e)
    CHECK(a.plasticity.projections[e].synapse_aux == b.plasticity.projections[e].synapse_aux);
}

// Two states (two one-hot inputs), two actions; the action equal to the state is rewarded.
class two_state_task final : public environment {
 public:
  uint32_t state = 0;
  uint32_t action_count() const override { return 2; }
  std::vector<float> observation() const override {
    std::vector<float> r(8, 0.0f);
    for (uint32_t k = 0; k < 4; ++k) r[state * 4 + k] = 400.0f;
    return r;
  }
  outcome act(uint32_t a) override {
    if (a >= 2) throw invalid_parameter("action out of range");
    return {a == state ? 1.0 : -1.0, true};
  }
};

}  // namespace

TEST_CASE("reward tasks: the decoding rule needs a strict winner", "[reward]") {
  CHECK(decide({0, 0, 0}).silent);
  CHECK(decide({0, 0, 0}).action == -1);
  CHECK(decide({3, 5, 5}).tie);
  CHECK(decide({3, 5, 5}).action == -1);
  CHECK(decide({3, 6, 5}).action == 1);
  CHECK_FALSE(decide({3, 6, 5}).tie);
}

TEST_CASE("reward tasks: the margin rule treats a narrow right decision like an error", "[reward]") {
  // margin 0 is the decoding rule: confident exactly when the decision is right
  for (const std::vector<uint64_t>& c : {std::vector<uint64_t>{0, 0, 0}, {3, 5, 5}, {3, 6, 5}, {6, 6, 1}, {7, 0, 0}})
    CHECK(check_margin(c, 1, 0.0).confident == (decide(c).action == 1));
  CHECK(check_margin({3, 6, 5}, 1, 0.0).rival == 2);
  CHECK_FALSE(check_margin({3, 6, 5}, 1, 0.5).confident);  // 5 > (1 - 0.5) x 6: within the margin
  CHECK(check_margin({3, 12, 5}, 1, 0.5).confident);
  CHECK(check_margin({4, 9, 4}, 1, 0.5).rival == 0);       // the lowest of equal rivals
  CHECK(check_margin({0, 9, 0}, 1, 0.9).rival == -1);      // silent rivals: nothing to punish
  CHECK(check_margin({0, 9, 0}, 1, 0.9).confident);
  CHECK_FALSE(check_margin({0, 0, 0}, 1, 0.5).confident);
  CHECK_THROWS_AS(check_margin({1, 2}, 2, 0.5), invalid_parameter);
  CHECK_THROWS_AS(check_margin({1, 2}, 0, 1.5), invalid_parameter);
}

TEST_CASE("reward tasks: the exploration schedule is seeded, falls linearly and needs no state", "[reward]") {
  exploration e;
  e.start = 0.5;
  e.end = 0.1;
  e.episodes = 100;
  CHECK(e.epsilon(0) == Approx(0.5));
  CHECK(e.epsilon(50) == Approx(0.3));
  CHECK(e.epsilon(100) == Approx(0.1));
  CHECK(e.epsilon(1000) == Approx(0.1));
  decision d;
  d.action = 2;
  uint32_t greedy = 0, total = 4000;
  for (uint32_t k = 0; k < total; ++k) {
    const uint32_t a = e.choose(d, 4, 1000, k);
    CHECK(a == e.choose(d, 4, 1000, k));  // the same draw, again: resumable
    CHECK(a < 4);
    greedy += a == 2;
  }
  // epsilon 0.1: 90% greedy plus a quarter of the random 10%
  CHECK(std::abs(double(greedy) / total - 0.925) < 0.02);
  decision none;  // no decision: always random
  uint32_t counts[4] = {};
  for (uint32_t k = 0; k < total; ++k) ++counts[e.choose(none, 4, 0, k)];
  for (uint32_t c : counts) CHECK(std::abs(double(c) / total - 0.25) < 0.03);
}

TEST_CASE("reward tasks: R-STDP with per-action dopamine learns a two-state task within 200 trials", "[reward]") {
  motor_params p;
  p.inputs = 8;
  p.actions = 2;
  p.motor_size = 5;
  p.w_init_max = 0.5;
  p.seed = 5;
  simulator sim(motor_network(p), test::one_thread_cpu()());
  sim.set_recording(false);
  motor_agent agent(sim, motor_names_of(2));
  two_state_task task;
  exploration explore;
  explore.seed = 9;
  explore.episodes = 100;
  auto greedy_right = [&](uint32_t state) {
    agent.set_learning(false);
    task.state = state;
    agent.end_trial();
    agent.observe(task.observation());
    const bool right = decide(agent.run(30)).action == static_cast<int>(state);
    agent.set_learning(true);
    return right;
  };
  const bool right_at_start = greedy_right(0) && greedy_right(1);
  CHECK_FALSE(right_at_start);  // silent at first: the weights start too small to fire the motors
  uint32_t trial = 0, streak = 0;
  for (; trial < 200 && streak < 5; ++trial) {
    task.state = trial % 2;
    agent.end_trial();
    agent.observe(task.observation());
    const uint32_t a = explore.choose(decide(agent.run(30)), 2, trial, 0);
    agent.teach(static_cast<int>(a), 600.0);
    agent.run(8);
    agent.teach(-1, 0.0);
    agent.reinforce(a, 0.2 * task.act(a).reward);
    agent.run(10);
    streak = greedy_right(0) && greedy_right(1) ? streak + 1 : 0;
  }
  INFO("trials: " << trial);
  CHECK(streak == 5);
  // Learning went to the rewarded pairs only: state s's inputs -> motor s grew above -> the other.
  std::vector<float> w0, w1;
  sim.read_weights(0, w0);  // readout0: inputs x motor0, row-major by input
  sim.read_weights(1, w1);
  double right = 0, wrong = 0;
  for (uint32_t i = 0; i < 8; ++i)
    for (uint32_t m = 0; m < 5; ++m) {
      (i < 4 ? right : wrong) += w0[i * 5 + m];
      (i >= 4 ? right : wrong) += w1[i * 5 + m];
    }
  CHECK(right > 2 * wrong);
}

TEST_CASE("reward tasks: resetting eligibility and dopamine is the same in place and through a reload", "[reward][emulated]") {
  motor_params p;
  p.inputs = 6;
  p.actions = 2;
  p.motor_size = 3;
  p.w_init_max = 3.0;
  const network net = motor_network(p);
  simulator cpu(net, test::one_thread_cpu()());
  simulator emulated(net, std::make_unique<test::emulated_cuda_backend>());
  for (simulator* s : {&cpu, &emulated}) {
    s->set_rates("input", std::vector<float>(6, 300.0f));
    s->set_input_amplitude(0, 600.0);
    s->run_steps(40);
    s->reward(0.3, "reward1");
  }
  // eligibility built up, dopamine pending in reward1
  bool eligible = false;
  for (float c : cpu.export_state().plasticity.projections[0].synapse_aux) eligible |= c != 0.0f;
  CHECK(eligible);
  for (simulator* s : {&cpu, &emulated}) {
    s->clear_eligibility({"readout0"});
    s->reset_dopamine({"reward1"});
  }
  const network_state a = cpu.export_state(), b = emulated.export_state();
  for (float c : a.plasticity.projections[0].synapse_aux) CHECK(c == 0.0f);
  CHECK(a.plasticity.projections[1].synapse_aux == b.plasticity.projections[1].synapse_aux);
  for (const auto& d : a.plasticity.dopamine) CHECK(d.level == d.baseline);
  for (simulator* s : {&cpu, &emulated}) s->run_steps(30);
  check_same_network(cpu.export_state(), emulated.export_state());
  CHECK_THROWS_WITH(cpu.clear_eligibility({"inhibit0_1"}), Catch::Contains("'inhibit0_1' has no plasticity"));
  CHECK_THROWS_WITH(cpu.reset_dopamine({"nope"}), Catch::Contains("no dopamine channel 'nope'"));
}

TEST_CASE("reward tasks: Iris training resumed from a snapshot equals the uninterrupted run, bit for bit", "[reward][resume]") {
  const tabular_dataset data = synthetic_iris(3);
  model_params options = short_iris(2);  // the margin rule and the petal grid too (off by default)
  options.set("margin=0.5", "iris");
  options.set("reward_unconfident=1", "iris");
  options.set("grid=4", "iris");
  model_params refit = short_iris(2);  // and refit: 120 samples an epoch, no validation pass
  refit.set("refit=1", "iris");
  const model_params params = GENERATE_COPY(short_iris(2), options, refit);
  iris_trainer whole(7, params, data, test::one_thread_cpu());
  CHECK(whole.train(quiet()).finished);

  iris_trainer first(7, params, data, test::one_thread_cpu());
  task_run_options half = quiet();
  half.stop_after = 130;  // into the second epoch, past a validation pass
  half.snapshot = test::temp_path("iris_half.h5");
  CHECK_FALSE(first.train(half).finished);
  snapshot_info info;
  network_state saved = read_snapshot(half.snapshot, &info);
  iris_trainer second(std::move(saved), info.task, data, test::one_thread_cpu());
  CHECK(second.progress().epoch == 1);
  CHECK(second.progress().position == 130 - whole.split().train.size());
  CHECK(second.train(quiet()).finished);

  check_same_network(whole.sim().export_state(), second.sim().export_state());
  CHECK(whole.progress().train_accuracy == second.progress().train_accuracy);
  CHECK(whole.progress().validation_accuracy == second.progress().validation_accuracy);
  CHECK(whole.progress().best_weights == second.progress().best_weights);
  CHECK(whole.progress().expectation == second.progress().expectation);
  CHECK(whole.test().correct == second.test().correct);
  // the clusters are easy: two epochs learn them
  if (!whole.split().validation.empty()) CHECK(whole.progress().best_validation >= 0.9);
}

TEST_CASE("reward tasks: grid navigation resumed from a snapshot equals the uninterrupted run, bit for bit", "[reward][resume]") {
  grid_trainer whole(3, short_grid(40), test::one_thread_cpu());
  CHECK(whole.train(quiet()).finished);

  grid_trainer first(3, short_grid(40), test::one_thread_cpu());
  task_run_options half = quiet();
  half.stop_after = 25;
  half.snapshot = test::temp_path("grid_half.h5");
  CHECK_FALSE(first.train(half).finished);
  snapshot_info info;
  network_state saved = read_snapshot(half.snapshot, &info);
  grid_trainer second(std::move(saved), info.task, test::one_thread_cpu());
  CHECK(second.progress().episode == 25);
  CHECK(second.train(quiet()).finished);

  check_same_network(whole.sim().export_state(), second.sim().export_state());
  CHECK(whole.progress().episode_steps == second.progress().episode_steps);
  CHECK(whole.progress().selection_log == second.progress().selection_log);
  CHECK(whole.progress().expectation == second.progress().expectation);
  CHECK(whole.progress().best_weights == second.progress().best_weights);

  // a task state that contradicts itself is refused on load, not met at evaluation
  auto reload = [&](auto&& edit) { return test::resume_forged<grid_trainer>(half.snapshot, edit, test::one_thread_cpu()); };
  REQUIRE(info.task.counters["best_episode"] > 0);
  CHECK_THROWS_WITH(reload([](task_state& t) { t.values["best_weights"].clear(); }), Catch::Contains("best weights do not fit its network"));
  CHECK_THROWS_WITH(reload([](task_state& t) { t.values["best_score"] = {1e300}; }), Catch::Contains("is not its best scoring's"));
  CHECK_THROWS_WITH(reload([](task_state& t) { t.counters["best_episode"] = 10 + 20 - t.counters["best_episode"]; }),
                    Catch::Contains("is not its best scoring's"));
  CHECK_THROWS_WITH(reload([](task_state& t) { t.values["selection_log"].resize(3); }), Catch::Contains("scorings do not fit"));
  CHECK_THROWS_WITH(reload([](task_state& t) { t.values["selection_log"][1] = 2.0; }), Catch::Contains("is not the schedule's"));
}

TEST_CASE("reward tasks: the grid world's distances, moves and rewards", "[reward]") {
  grid_world w = grid_world::standard(false, {}, 1, 100.0);
  CHECK(w.starts().size() == 24);
  CHECK(w.distance(0) == 8);
  double sum = 0;
  for (uint32_t c : w.starts()) sum += w.distance(c);
  CHECK(sum / 24 == Approx(100.0 / 24));  // the optimum 4.167
  w.place(0);
  CHECK(w.act(grid_world::up).reward == Approx(-0.015));   // the border
  CHECK(w.act(grid_world::right).reward == Approx(0.08));  // closer
  CHECK(w.act(grid_world::left).reward == Approx(-0.03));  // farther
  w.place(23);
  const outcome o = w.act(grid_world::right);
  CHECK(o.done);
  CHECK(o.reward == Approx(0.4));
  // the larger world's wall: the shortest path goes round it, and shaping follows that path
  grid_world big = grid_world::standard(true, {}, 1, 100.0);
  CHECK(big.starts().size() == 91);
  CHECK(big.distance(94) == 8 + 5 + 8);   // from beside the wall: up 8, over 5, down 8 (Manhattan: 5)
  CHECK(big.distance(90) == 8 + 9 + 8);   // the farthest start
  CHECK(big.next(94, grid_world::right) == 94);  // the wall stops the move
  big.place(94);
  CHECK(big.act(grid_world::up).reward == Approx(0.08));  // away from the goal's corner, but closer by the path
}

TEST_CASE("reward tasks: Iris folds partition the non-test samples and share one test split", "[reward]") {
  const tabular_dataset data = synthetic_iris(3);
  const sample_split standard = stratified_split(data, 7);
  std::vector<uint32_t> validated;
  for (uint32_t fold = 0; fold < 5; ++fold) {
    const sample_split s = stratified_split(data, 7, fold);
    CHECK(s.train.size() == 96);
    CHECK(s.validation.size() == 24);
    CHECK(s.test == standard.test);  // cross-validating never touches the test split
    std::vector<uint32_t> all = s.train;
    all.insert(all.end(), s.validation.begin(), s.validation.end());
    all.insert(all.end(), s.test.begin(), s.test.end());
    std::sort(all.begin(), all.end());
    CHECK(std::adjacent_find(all.begin(), all.end()) == all.end());
    CHECK(all.size() == 150);
    validated.insert(validated.end(), s.validation.begin(), s.validation.end());
    if (fold == 4) CHECK(s.validation == standard.validation);
  }
  std::sort(validated.begin(), validated.end());
  CHECK(std::adjacent_find(validated.begin(), validated.end()) == validated.end());
  CHECK(validated.size() == 120);  // each non-test sample validates exactly once
  CHECK_THROWS_WITH(stratified_split(data, 7, 5), Catch::Contains("fold 5 does not exist"));
}

TEST_CASE("reward tasks: refit trains on every non-test sample and keeps the last epoch", "[reward]") {
  const tabular_dataset data = synthetic_iris(3);
  model_params params = short_iris(2);
  params.set("refit=1", "iris");
  iris_trainer whole(7, params, data, test::one_thread_cpu());
  const sample_split standard = stratified_split(data, 7);
  CHECK(whole.split().train.size() == 120);
  CHECK(whole.split().validation.empty());
  CHECK(whole.split().test == standard.test);  // the same test split as the protocol's
  CHECK(whole.train(quiet()).finished);
  CHECK(whole.progress().validation_accuracy.empty());
  CHECK(whole.progress().train_accuracy.size() == 2);
  CHECK(whole.progress().best_epoch == 2);  // no validation: the last epoch is kept
  CHECK(whole.kept_weights() == whole.progress().best_weights);
  CHECK(whole.kept_weights() == readout_weights(whole.sim(), motor_names_of(3)));  // the weights as trained

  for (const char* bad : {"fold=2", "test=0", "average_from=1"}) {
    model_params p = params;
    p.set(bad, "iris");
    CHECK_THROWS_AS(iris_trainer(7, p, data, test::one_thread_cpu()), invalid_parameter);
  }
  model_params p = params;
  p.set("fold=2", "iris");
  CHECK_THROWS_WITH(iris_trainer(7, p, data, test::one_thread_cpu()), Catch::Contains("refit trains on every non-test sample"));
}

TEST_CASE("reward tasks: the petal grid adds 2-D place fields peaking at the petal length and width of a sample", "[reward]") {
  tabular_dataset d;
  d.features = 4;
  d.classes = {"a"};
  d.values = {0, 0, 0, 0, 1, 1, 1, 1, 0.5, 0.5, 0.25, 0.75};  // the last sample: petal at (0.25, 0.75)
  d.labels = {0, 0, 0};
  const place_field_encoder plain(d, {0, 1}, place_field_layout{});
  CHECK(plain.size() == 80);
  place_field_layout with_grid;
  with_grid.grid = 5;
  const place_field_encoder grid(d, {0, 1}, with_grid);
  REQUIRE(grid.size() == 80 + 25);
  const std::vector<float> r = grid.rates(d, 2), one_d = plain.rates(d, 2);
  CHECK(std::equal(one_d.begin(), one_d.end(), r.begin()));  // the 1-D fields come first, unchanged
  // centres at k / 4: the field (length 1, width 3) sits on the sample and fires the peak rate
  const auto peak = std::max_element(r.begin() + 80, r.end());
  CHECK(peak - r.begin() == 80 + 1 * 5 + 3);
  CHECK(*peak == Approx(200.0));
  CHECK(r[80 + 3 * 5 + 1] < 1.0f);  // the transposed field is far from it in both features
  place_field_layout bad = with_grid;
  bad.grid = 1;
  CHECK_THROWS_AS(place_field_encoder(d, {0, 1}, bad), invalid_parameter);
}

TEST_CASE("reward tasks: bad inputs get clear errors", "[reward][errors]") {
  grid_world w = grid_world::standard(false, {}, 1, 100.0);
  CHECK_THROWS_WITH(w.act(4), Catch::Contains("action 4 out of range"));
  CHECK_THROWS_WITH(w.place(24), Catch::Contains("not a start"));
  motor_params p;
  p.inputs = 4;
  p.actions = 2;
  simulator sim(motor_network(p), test::one_thread_cpu()());
  motor_agent agent(sim, motor_names_of(2));
  CHECK_THROWS_WITH(agent.reinforce(2, 0.1), Catch::Contains("action 2 out of range"));
  CHECK_THROWS_WITH(agent.teach(5, 1.0), Catch::Contains("action 5 out of range"));

  // a malformed Iris file: each fault named with the file and the row
  const std::string root = test::temp_path("iris_bad");
  std::filesystem::create_directories(root + "/iris");
  auto write = [&](const std::string& text) { std::ofstream(root + "/iris/iris.json") << text; };
  write("[[5.1, 3.5, 1.4, 0.2, \"setosa\"]]");
  CHECK_THROWS_WITH(load_iris(root), Catch::Contains("expected an array of 150 rows, got 1 rows"));
  std::string rows = "[";
  for (int i = 0; i < 150; ++i) rows += std::string(i ? "," : "") + (i == 7 ? "[5.1, 3.5, 1.4, \"x\", \"setosa\"]" : "[5.1, 3.5, 1.4, 0.2, \"setosa\"]");
  write(rows + "]");
  CHECK_THROWS_WITH(load_iris(root), Catch::Contains("row 7: feature 3 is not a number"));
  write(rows.substr(0, 40));
  CHECK_THROWS_WITH(load_iris(root), Catch::Contains("not valid JSON"));
  std::filesystem::remove_all(root + "/iris");
  CHECK_THROWS_WITH(load_iris(root), Catch::Contains("no such file"));

  // a snapshot of one task given to another
  const tabular_dataset data = synthetic_iris(1);
  snapshot_info info;
  network_state s = read_snapshot(stopped_iris(data, 1, "iris_other.h5"), &info);
  CHECK_THROWS_WITH(grid_trainer(std::move(s), info.task, test::one_thread_cpu()),
                    Catch::Contains("the snapshot's task is 'iris-rstdp', not grid-rstdp"));
}

TEST_CASE("reward tasks: an Iris task state that contradicts itself is refused on load", "[reward][errors]") {
  const tabular_dataset data = synthetic_iris(1);
  const std::string snapshot = stopped_iris(data, 2, "iris_forged.h5");
  auto reload = [&](auto&& edit) { return test::resume_forged<iris_trainer>(snapshot, edit, data, test::one_thread_cpu()); };
  CHECK_NOTHROW(reload([](task_state&) {}));
  const std::string position = "position does not fit its own run", kept = "is not its best validation's";
  CHECK_THROWS_WITH(reload([](task_state& s) { s.counters["position"] = 96; }), Catch::Contains(position));
  CHECK_THROWS_WITH(reload([](task_state& s) { s.counters["epoch_right"] = 4; }), Catch::Contains(position));
  CHECK_THROWS_WITH(reload([](task_state& s) { s.values["train_accuracy"] = {0.5}; }), Catch::Contains(position));
  CHECK_THROWS_WITH(reload([](task_state& s) { s.values["validation_accuracy"] = {0.5}; }), Catch::Contains(position));
  CHECK_THROWS_WITH(reload([](task_state& s) { s.counters["epoch"] = (uint64_t{1} << 32) + 1; }),
                    Catch::Contains("'epoch' is 4294967297: more than 32 bits"));
  CHECK_THROWS_WITH(reload([](task_state& s) { s.values["expectation"][1] = std::nan(""); }),
                    Catch::Contains("outside [0, 1]"));
  CHECK_THROWS_WITH(reload([](task_state& s) { s.counters["best_epoch"] = 1; }), Catch::Contains(kept));
  CHECK_THROWS_WITH(reload([](task_state& s) { s.values["best_validation"] = {5.0}; }), Catch::Contains(kept));
  CHECK_THROWS_WITH(reload([](task_state& s) { s.counters["averaged_epochs"] = 3; }), Catch::Contains("averaged epochs"));
  // a finished epoch whose kept weights are missing: refused on load, not at test time
  CHECK_THROWS_WITH(reload([](task_state& s) {
                      s.counters["epoch"] = 1;
                      s.counters["best_epoch"] = 1;
                      s.values["train_accuracy"] = s.values["validation_accuracy"] = s.values["best_validation"] = {0.5};
                    }),
                    Catch::Contains("best weights do not fit its network"));
}

TEST_CASE("MNIST studies: balanced subsets, the MLP baseline learns and degrades with its lesion", "[reward][studies]") {
  const labelled_dataset data = test::synthetic_digits(400, 200, 5);
  const std::vector<uint32_t> subset = balanced_subset(data.train, 6, 1, 3001);
  REQUIRE(subset.size() == 60);
  for (uint32_t k = 0; k < 60; ++k) CHECK(data.train.labels[subset[k]] == data.train.labels[subset[k % 10]]);
  CHECK(subset == balanced_subset(data.train, 6, 1, 3001));  // seeded
  CHECK_THROWS_WITH(balanced_subset(data.train, 1000, 1, 3001), Catch::Contains("per class asked"));

  labelled_rows train, test;
  for (auto* r : {&train, &test}) r->features = 64, r->classes = 10;
  for (uint32_t i = 0; i < 400; ++i) {
    auto& r = i < 300 ? train : test;
    const image_set& s = data.train;
    for (uint32_t k = 0; k < 64; ++k) r.x.push_back(s.pixels[i * 64 + k] / 255.0f);
    r.y.push_back(s.labels[i]);
  }
  mlp_options o;
  o.hidden = 32;
  o.epochs = 200;
  o.learning_rate = 1e-2;
  const mlp_model m = train_mlp(train, o);
  const double whole = mlp_accuracy(m, test), half = mlp_accuracy(m, test, 0.5), none = mlp_accuracy(m, test, 1.0);
  CHECK(whole > 0.8);
  CHECK(half <= whole);
  CHECK(none < 0.3);  // no hidden unit left: the output is the biases' class
}

TEST_CASE("baselines: the softmax readout separates blobs and predicts only among allowed classes", "[reward][studies]") {
  // three classes in two features (blob centres far apart) plus a constant feature (s.d. 0)
  labelled_rows rows;
  rows.features = 3;
  rows.classes = 4;  // class 3 has no rows: it must never win where it is not allowed
  const float centre[3][2] = {{0, 0}, {5, 0}, {0, 5}};
  for (uint32_t i = 0; i < 60; ++i) {
    const uint32_t c = i % 3;
    const float jitter = static_cast<float>(i % 7) * 0.1f;
    rows.x.insert(rows.x.end(), {centre[c][0] + jitter, centre[c][1] - jitter, 2.0f});
    rows.y.push_back(c);
  }
  const softmax_readout m = train_softmax_readout(rows, 500);
  uint32_t right = 0;
  for (uint32_t i = 0; i < rows.rows(); ++i) right += readout_predict(m, rows.x.data() + 3 * i) == rows.y[i];
  CHECK(right == rows.rows());
  CHECK(logistic_regression_accuracy(rows, rows, 500) == 1.0);
  const float near_two[3] = {0.1f, 4.9f, 2.0f};
  CHECK(readout_predict(m, near_two) == 2);
  CHECK(readout_predict(m, near_two, {1, 1, 0, 0}) != 2);  // class 2 not allowed
  CHECK(readout_predict(m, near_two, {0, 0, 0, 1}) == 3);  // the only allowed class
  labelled_rows bad = rows;
  bad.y[0] = 4;
  CHECK_THROWS_WITH(train_softmax_readout(bad), Catch::Contains("outside the classes"));
}
