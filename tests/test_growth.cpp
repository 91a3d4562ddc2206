// Structural plasticity (engine/growth.hpp, docs/growth.md): each rule on a hand-built network
// with a known outcome, the grown tables against the builder's from the same synapses, capacity
// errors, and the identity of growth across thread counts, the emulated CUDA backend and a resume.
#include <algorithm>
#include <set>

#include "engine/growth.hpp"
#include "engine/plasticity_layout.hpp"
#include "engine/state_check.hpp"
#include "host/io/snapshot.hpp"
#include "tests/catch.hpp"
#include "tests/cuda_emulation.hpp"
#include "tests/gpu/gpu_compare.hpp"
#include "tests/helpers.hpp"

using namespace engram;

namespace {

projection listed(const std::string& name, const std::string& pre, const std::string& post, std::vector<uint32_t> from,
                  std::vector<uint32_t> to, std::vector<float> weights) {
  projection pr;
  pr.name = name;
  pr.pre = pre;
  pr.post = post;
  pr.connect.type = connector::kind::explicit_list;
  pr.connect.pre = std::move(from);
  pr.connect.post = std::move(to);
  pr.connect.weights = std::move(weights);
  return pr;
}

// A constant current into neuron `i` of `population`: Izhikevich RS neurons fire faster the more.
input current_into(const std::string& population, uint32_t i, double amplitude) {
  input in;
  in.type = input::kind::current;
  in.population = population;
  in.first = i;
  in.count = 1;
  in.amplitude = amplitude;
  return in;
}

std::set<std::pair<uint32_t, uint32_t>> edges_of(const synapse_table& t) {
  std::set<std::pair<uint32_t, uint32_t>> e;
  for (uint32_t r = 0; r < t.pre_count; ++r)
    for (uint64_t k = t.row_ptr[r]; k < t.row_ptr[r + 1]; ++k) e.insert({r, t.target_of(k) - t.post_first});
  return e;
}

// Neurons 0..4 of "c" at decreasing currents (0, 1, 2 fire fast; 3, 4 are silent), a recurrent
// projection with no synapse at first: synaptogenesis alone.
network forming_network() {
  network net;
  net.seed = 11;
  net.growth_interval_ms = 200;
  net.populations.push_back(izhikevich_population("c", 5, izhikevich_pattern::RS));
  projection rec = listed("rec", "c", "c", {}, {}, {});
  rec.delay_ms = distribution::between(1.0, 4.0);
  rec.growth.enabled = true;
  rec.growth.prune = false;
  rec.growth.form_min_rate_hz = 5.0;
  rec.growth.form_max_per_phase = 2;
  rec.growth.weight_low = 0.1;
  rec.growth.weight_high = 0.2;  // too weak to change who fires
  net.projections.push_back(rec);
  for (auto [i, amplitude] : {std::pair{0u, 30.0}, {1u, 20.0}, {2u, 12.0}}) net.inputs.push_back(current_into("c", i, amplitude));
  return net;
}

std::unique_ptr<backend> cpu(int threads) {
  backend_options o;
  o.threads = threads;
  o.min_parallel_work = 1;  // every loop on every thread
  return make_backend(backend_kind::cpu, o);
}

std::string growth_difference(const network_state& a, const network_state& b) {
  if (a.growth.phases != b.growth.phases) return fmt::format("phases {} vs {}", a.growth.phases, b.growth.phases);
  for (size_t i = 0; i < a.growth.projections.size(); ++i)
    if (a.growth.projections[i].birth != b.growth.projections[i].birth) return fmt::format("births of growing projection {}", i);
  if (a.growth.log.size() != b.growth.log.size()) return "log lengths";
  for (size_t i = 0; i < a.growth.log.size(); ++i) {
    const growth_record &x = a.growth.log[i], &y = b.growth.log[i];
    if (x.step != y.step || x.made != y.made || x.pruned != y.pruned || x.refused != y.refused) return fmt::format("log record {}", i);
  }
  return "";
}

}  // namespace

TEST_CASE("growth: pruning removes exactly the old, weak synapses of quiet neurons", "[growth]") {
  network net;
  net.growth_interval_ms = 100;
  std::vector<std::pair<uint32_t, double>> spikes;
  for (int t = 0; t < 100; t += 2) spikes.emplace_back(2, t);  // only source 2 fires (fast)
  net.populations.push_back(spike_source_population("src", 3, spikes));
  net.populations.push_back(izhikevich_population("dst", 3, izhikevich_pattern::RS));
  projection pr = listed("ff", "src", "dst", {0, 1, 2}, {0, 1, 2}, {0.01f, 0.5f, 0.01f});
  pr.growth.enabled = true;
  pr.growth.form = false;
  pr.growth.prune_min_age_ms = 50;
  pr.growth.prune_max_weight = 0.02;
  pr.growth.prune_max_rate_hz = 10;
  net.projections.push_back(pr);

  simulator sim(net, cpu(1));
  sim.run_steps(99);
  CHECK(sim.synapse_count() == 3);  // no phase yet
  sim.run_steps(1);
  // 0 -> 0 is weak and its source silent: pruned. 1 -> 1 is strong; 2 -> 2 is weak but carries spikes.
  const network_state s = sim.export_state();
  CHECK(edges_of(s.projections[0]) == std::set<std::pair<uint32_t, uint32_t>>{{1, 1}, {2, 2}});
  CHECK(s.projections[0].weight == std::vector<float>{0.5f, 0.01f});
  CHECK(s.growth.projections[0].birth == std::vector<uint32_t>{0, 0});
  REQUIRE(sim.growth_log().size() == 1);
  CHECK(sim.growth_log()[0].step == 99);
  CHECK(sim.growth_log()[0].pruned == 1);
  CHECK(sim.growth_log()[0].made == 0);
  CHECK(sim.synapse_count() == 2);
  REQUIRE_NOTHROW(check_state(s, "grown"));
}

TEST_CASE("growth: pruning waits for the minimum age", "[growth]") {
  network net;
  net.growth_interval_ms = 100;
  net.populations.push_back(spike_source_population("src", 1, {}));
  net.populations.push_back(izhikevich_population("dst", 1, izhikevich_pattern::RS));
  projection pr = listed("ff", "src", "dst", {0}, {0}, {0.01f});
  pr.growth.enabled = true;
  pr.growth.form = false;
  pr.growth.prune_min_age_ms = 300;
  net.projections.push_back(pr);
  simulator sim(net, cpu(1));
  sim.run_steps(200);
  CHECK(sim.synapse_count() == 1);  // 200 ms old
  sim.run_steps(100);
  CHECK(sim.synapse_count() == 0);  // 300 ms old
}

TEST_CASE("growth: synaptogenesis connects the most co-active unconnected pairs", "[growth]") {
  simulator sim(forming_network(), cpu(1));
  sim.run_steps(200);
  const network_state s = sim.export_state();
  const auto& rate = s.plasticity.rate_hz;
  INFO("rates " << rate[0] << " " << rate[1] << " " << rate[2] << " " << rate[3] << " " << rate[4]);
  REQUIRE(rate[0] > rate[1]);
  REQUIRE(rate[1] > rate[2]);
  REQUIRE(rate[2] >= 5.0f);
  REQUIRE(rate[3] == 0.0f);
  // Top two products: 0 x 1, then 0 x 2; each pair gets one synapse in one direction.
  const auto e = edges_of(s.projections[0]);
  REQUIRE(e.size() == 2);
  CHECK((e.count({0, 1}) + e.count({1, 0})) == 1);
  CHECK((e.count({0, 2}) + e.count({2, 0})) == 1);
  const synapse_table& t = s.projections[0];
  for (uint64_t k = 0; k < t.size(); ++k) {
    CHECK(t.weight[k] >= 0.1f);
    CHECK(t.weight[k] <= 0.2f);
    CHECK(t.delay_of(k) >= 1);
    CHECK(t.delay_of(k) <= 4);
  }
  CHECK(s.growth.projections[0].birth == std::vector<uint32_t>{1, 1});
  // The next phase: pair 1 x 2 is the best left unconnected (0 is connected both ways now).
  sim.run_steps(200);
  const auto e2 = edges_of(sim.export_state().projections[0]);
  CHECK((e2.count({1, 2}) + e2.count({2, 1})) == 1);
  CHECK(e2.size() == 3);  // only three pairs are active
  CHECK(sim.growth_log().back().made == 1);
}

TEST_CASE("growth: a full row is refused, or with on_full = error the phase throws and changes nothing", "[growth][errors]") {
  network net;
  net.growth_interval_ms = 100;
  net.populations.push_back(izhikevich_population("a", 2, izhikevich_pattern::RS));
  net.populations.push_back(izhikevich_population("b", 2, izhikevich_pattern::RS));
  projection pr = listed("ab", "a", "b", {0}, {1}, {1.0f});  // row 0 holds one synapse, to silent b1
  pr.growth.enabled = true;
  pr.growth.prune = false;
  pr.growth.form_min_rate_hz = 5;
  pr.growth.max_row = 1;
  net.projections.push_back(pr);
  net.inputs.push_back(current_into("a", 0, 20));
  net.inputs.push_back(current_into("b", 0, 20));

  SECTION("refused") {
    simulator sim(net, cpu(1));
    sim.run_steps(100);
    REQUIRE(sim.growth_log().size() == 1);
    CHECK(sim.growth_log()[0].refused == 1);
    CHECK(sim.growth_log()[0].made == 0);
    CHECK(sim.synapse_count() == 1);
  }
  SECTION("error") {
    net.projections[0].growth.on_full = synapse_growth::full_row::error;
    for (bool emulated : {false, true}) {
      simulator sim(net, emulated ? std::unique_ptr<backend>(new test::emulated_cuda_backend()) : cpu(1));
      sim.run_steps(99);
      const network_state before = sim.export_state();
      try {
        sim.run_steps(1);
        FAIL("no capacity error");
      } catch (const growth_capacity& e) {
        const std::string m = e.what();
        CHECK(m.find("projection 'ab'") != std::string::npos);
        CHECK(m.find("row 0 (presynaptic neuron 0) is full") != std::string::npos);
        CHECK(m.find("the limit (max_row) is 1") != std::string::npos);
      }
      const network_state after = sim.export_state();
      CHECK(after.projections[0].packed == before.projections[0].packed);
      CHECK(after.growth.phases == 0);
      CHECK(after.growth.log.empty());
      REQUIRE_NOTHROW(check_state(after, "after"));
    }
  }
}

TEST_CASE("growth: bad growth rules are refused with the projection's name", "[growth][errors]") {
  network net = test::growing_network();
  SECTION("weights outside the plasticity bounds") {
    net.projections[0].growth.weight_high = 5.0;
    CHECK_THROWS_WITH(simulator(net, cpu(1)), Catch::Matchers::Contains("projection 'rec' growth") &&
                                                  Catch::Matchers::Contains("plasticity bounds"));
  }
  SECTION("an interval below one step") {
    net.growth_interval_ms = 0.1;
    CHECK_THROWS_WITH(simulator(net, cpu(1)), Catch::Matchers::Contains("growth_interval_ms"));
  }
  SECTION("a negative threshold") {
    net.projections[0].growth.prune_max_weight = -1;
    CHECK_THROWS_WITH(simulator(net, cpu(1)), Catch::Matchers::Contains("prune_max_weight"));
  }
}

TEST_CASE("growth: grown tables equal the builder's tables from the same synapses", "[growth]") {
  // After many phases of pruning and synaptogenesis, the rows hold what building the network
  // afresh from the surviving synapses gives: the same order (STDP rows by delay, then target),
  // weights, delay range, and so the same transposed index, delivery and STDP from then on.
  const network net = test::growing_network(25);
  simulator grown(net, cpu(1));
  grown.run_steps(1000);
  const network_state s = grown.export_state();
  uint64_t made = 0, pruned = 0;
  for (const growth_record& r : grown.growth_log()) made += r.made, pruned += r.pruned;
  INFO("made " << made << ", pruned " << pruned);
  REQUIRE(made > 20);
  REQUIRE(pruned > 20);

  network rebuilt = net;
  projection& pr = rebuilt.projections[0];
  const synapse_table& t = s.projections[0];
  pr.connect = {};
  pr.connect.type = connector::kind::explicit_list;
  for (uint32_t r = 0; r < t.pre_count; ++r)
    for (uint64_t k = t.row_ptr[r]; k < t.row_ptr[r + 1]; ++k) {
      pr.connect.pre.push_back(r);
      pr.connect.post.push_back(t.target_of(k) - t.post_first);
      pr.connect.weights.push_back(t.weight[k]);
      pr.connect.delays.push_back(static_cast<uint16_t>(t.delay_of(k)));
    }
  pr.growth.enabled = false;
  simulator fresh(rebuilt, cpu(1));
  const network_state f = fresh.export_state();
  CHECK(f.projections[0].row_ptr == t.row_ptr);
  CHECK(f.projections[0].packed == t.packed);
  CHECK(f.projections[0].weight == t.weight);
  REQUIRE_NOTHROW(check_state(s, "grown"));  // delay range covers every synapse, rows sorted by delay

  // From the grown state, with growth held off, delivery and STDP run as in the fresh build.
  network_state a = s, b = s;
  a.growth = {};
  b.growth = {};
  b.projections[0] = f.projections[0];
  b.plasticity.projections[0].delay_min = f.plasticity.projections[0].delay_min;
  b.plasticity.projections[0].delay_max = f.plasticity.projections[0].delay_max;
  simulator sa(std::move(a), cpu(1)), sb(std::move(b), cpu(1));
  sa.run_steps(300);
  sb.run_steps(300);
  const std::string d = gpu_test::state_difference(sa.export_state(), sb.export_state());
  INFO(d);
  CHECK(d.empty());
  CHECK(sa.synaptic_events() == sb.synaptic_events());
}

TEST_CASE("growth: 1 and 2 threads, and the emulated CUDA backend, grow the same network bit for bit", "[growth][cuda-emulation][threads]") {
  const network net = test::growing_network();
  const uint64_t steps = 600;
  simulator one(net, cpu(1));
  one.run_steps(steps);
  const gpu_test::outcome a = gpu_test::outcome_of(one);
  REQUIRE(one.growth_log().size() == steps / 50);

  simulator two(net, cpu(2));
  for (uint64_t k = 0; k < steps; k += 37) two.run_steps(std::min<uint64_t>(37, steps - k));  // chunks across phases
  const gpu_test::outcome b = gpu_test::outcome_of(two);

  auto emulation = std::make_unique<test::emulated_cuda_backend>(true);
  simulator emulated(net, std::move(emulation));
  for (uint64_t k = 0; k < steps; ++k) emulated.step();  // phase by phase
  const gpu_test::outcome c = gpu_test::outcome_of(emulated);

  REQUIRE(a.spikes.size() > 500);
  uint64_t changes = 0;
  for (const growth_record& r : one.growth_log()) changes += r.made + r.pruned;
  REQUIRE(changes > 20);
  CHECK(gpu_test::difference(a, b).empty());
  CHECK(gpu_test::difference(a, c).empty());
  CHECK(growth_difference(a.state, b.state).empty());
  CHECK(growth_difference(a.state, c.state).empty());
}

TEST_CASE("growth: moving the state between backends across phases resumes exactly", "[growth][cuda-emulation][threads]") {
  const network net = test::growing_network();
  simulator straight(net, cpu(1));
  straight.run_steps(500);
  const network_state expected = straight.export_state();
  for (uint64_t cut : {uint64_t{150}, uint64_t{173}}) {  // right after a phase, and mid-interval
    simulator first(net, std::unique_ptr<backend>(new test::emulated_cuda_backend()));
    first.run_steps(cut);
    simulator second(first.export_state(), cpu(2));
    second.run_steps(500 - cut);
    const network_state got = second.export_state();
    INFO("cut at " << cut);
    CHECK(gpu_test::state_difference(expected, got).empty());
    CHECK(growth_difference(expected, got).empty());
    CHECK(second.growth_log().size() == straight.growth_log().size());
  }
}

TEST_CASE("growth: snapshot and resume are exact across a growth phase", "[growth][snapshot][resume][threads]") {
  const network net = test::growing_network();
  simulator straight(net, cpu(2));
  straight.run_steps(400);
  const spike_record all = straight.drain_spikes();
  const network_state expected = straight.export_state();
  for (uint64_t cut : {uint64_t{150}, uint64_t{149}, uint64_t{173}}) {  // after a phase, the step before one, mid-interval
    simulator first(net, cpu(1));
    first.run_steps(cut);
    spike_record part = first.drain_spikes();
    const std::string file = test::temp_path(fmt::format("growth_resume_{}.h5", cut));
    write_snapshot(file, first.export_state(), {});
    simulator second(read_snapshot(file), cpu(2));
    CHECK(second.growth_log().size() == first.growth_log().size());
    second.run_steps(400 - cut);
    const spike_record rest = second.drain_spikes();
    part.step.insert(part.step.end(), rest.step.begin(), rest.step.end());
    part.neuron.insert(part.neuron.end(), rest.neuron.begin(), rest.neuron.end());
    const network_state got = second.export_state();
    INFO("cut at " << cut);
    CHECK(part.step == all.step);
    CHECK(part.neuron == all.neuron);
    CHECK(gpu_test::state_difference(expected, got).empty());
    CHECK(growth_difference(expected, got).empty());
  }
}

namespace {

// Poisson inputs in0..in5 one-to-one onto the pool c0..c5 (in0..in2 fire fast, the rest never),
// a recurrent projection c -> c with c0 <-> c3 and c1 -> c2, and the pool's rule `g`.
network pool_network(const neuron_growth& g, uint32_t pool = 6) {
  network net;
  net.seed = 3;
  net.growth_interval_ms = 100;
  std::vector<float> rates(pool, 0.0f);
  for (uint32_t i = 0; i < 3; ++i) rates[i] = 300.0f;
  net.populations.push_back(poisson_source_population("in", rates));
  population c = izhikevich_population("c", pool, izhikevich_pattern::RS);
  c.growth = g;
  net.populations.push_back(c);
  std::vector<uint32_t> ids(pool);
  for (uint32_t i = 0; i < pool; ++i) ids[i] = i;
  projection ff = listed("ff", "in", "c", ids, ids, std::vector<float>(pool, 60.0f));
  ff.growth.enabled = true;
  ff.growth.prune = ff.growth.form = false;
  ff.growth.weight_low = ff.growth.weight_high = 60.0;
  net.projections.push_back(ff);
  projection rec = listed("rec", "c", "c", {0, 3, 1}, {3, 0, 2}, {0.1f, 0.1f, 0.1f});
  rec.growth.enabled = true;
  rec.growth.prune = rec.growth.form = false;
  rec.growth.weight_low = rec.growth.weight_high = 0.5;
  net.projections.push_back(rec);
  return net;
}

std::vector<uint32_t> sources_of(const synapse_table& t, uint32_t target) {  // local pre indices, ascending
  std::vector<uint32_t> out;
  for (uint32_t r = 0; r < t.pre_count; ++r)
    for (uint64_t k = t.row_ptr[r]; k < t.row_ptr[r + 1]; ++k)
      if (t.target_of(k) - t.post_first == target) out.push_back(r);
  return out;
}

}  // namespace

TEST_CASE("growth: apoptosis kills the old silent neuron with its synapses, and it never fires again", "[growth]") {
  neuron_growth g;
  g.enabled = true;
  g.apoptosis_min_age_ms = 100;
  g.apoptosis_max_rate_hz = 1;
  g.neurogenesis = false;
  simulator sim(pool_network(g, 4), cpu(1));
  sim.run_steps(100);
  const network_state s = sim.export_state();
  const uint32_t c = s.populations[1].first;
  CHECK(s.growth.alive == std::vector<uint8_t>{1, 1, 1, 1, 1, 1, 1, 0});  // in0..3, then c0..c2 alive, c3 dead
  CHECK(s.growth.died[c + 3] == 100);
  CHECK(sources_of(s.projections[0], 3).empty());  // in3 -> c3 gone
  CHECK(edges_of(s.projections[1]) == std::set<std::pair<uint32_t, uint32_t>>{{1, 2}});  // c0 <-> c3 gone
  CHECK(s.neurons.a[c + 3] == 0.0f);
  REQUIRE(sim.growth_log().size() == 3);
  CHECK(sim.growth_log()[2].population == 1);
  CHECK(sim.growth_log()[2].pruned == 1);  // one death
  CHECK(sim.growth_log()[1].pruned == 2);  // the recurrent synapses it took along
  sim.drain_spikes();
  sim.run_steps(500);
  const spike_record later = sim.drain_spikes();
  CHECK(std::count(later.neuron.begin(), later.neuron.end(), c + 3) == 0);
  CHECK(std::count(later.neuron.begin(), later.neuron.end(), c + 0) > 10);
}

TEST_CASE("growth: neurogenesis takes the apoptotic slot first, then free ones, with feed-forward and recurrent inputs", "[growth]") {
  neuron_growth g;
  g.enabled = true;
  g.initial_size = 4;  // c4, c5 start unborn
  g.apoptosis_min_age_ms = 100;
  g.apoptosis_max_rate_hz = 1;  // c3 (silent) dies in the first phase
  g.neurogenesis_min_rate_hz = 5;
  g.neurogenesis_max_per_phase = 2;
  g.fan_in_min = g.fan_in_max = 1;
  g.neighbour_min_rate_hz = 5;
  g.reciprocal_probability = 0;
  g.excitatory_fraction = 1;  // regular spiking
  simulator sim(pool_network(g), cpu(1));
  const network_state before = sim.export_state();
  CHECK(before.projections[0].size() == 4);  // in4 -> c4, in5 -> c5 dropped: unborn slots have no synapses
  CHECK(before.projections[1].size() == 3);
  sim.run_steps(100);
  const network_state s = sim.export_state();
  const uint32_t c = s.populations[1].first;
  // c3 died and was born again (apoptotic first), then c4; c5 stays free.
  CHECK(std::vector<uint8_t>(s.growth.alive.begin() + c, s.growth.alive.end()) == std::vector<uint8_t>{1, 1, 1, 1, 1, 0});
  CHECK(s.growth.born[c + 3] == 100);
  CHECK(s.growth.born[c + 4] == 100);
  for (uint32_t n : {3u, 4u}) {
    INFO("newborn c" << n);
    CHECK(s.neurons.a[c + n] == 0.02f);  // RS
    CHECK(s.neurons.d[c + n] == 8.0f);
    const std::vector<uint32_t> ff = sources_of(s.projections[0], n), rec = sources_of(s.projections[1], n);
    REQUIRE(ff.size() == 1);  // one feed-forward input (A5 gave none), from a firing source
    CHECK(ff[0] < 3);
    REQUIRE(rec.size() == 1);  // one input from a firing neighbour
    CHECK(rec[0] < 3);
  }
  const growth_record& pop = sim.growth_log().back();
  CHECK(pop.population == 1);
  CHECK(pop.made == 2);
  CHECK(pop.pruned == 1);
  // The newborns fire from their feed-forward input.
  sim.drain_spikes();
  sim.run_steps(100);
  const spike_record later = sim.drain_spikes();
  CHECK(std::count(later.neuron.begin(), later.neuron.end(), c + 3) > 5);
  CHECK(std::count(later.neuron.begin(), later.neuron.end(), c + 4) > 5);
  CHECK(sim.export_state().growth.born[c + 5] == 200);  // the next phase fills the last slot
  REQUIRE_NOTHROW(check_state(sim.export_state(), "grown"));
}

TEST_CASE("growth: a growing population refuses direct inputs and static projections", "[growth][errors]") {
  neuron_growth g;
  g.enabled = true;
  network net = pool_network(g);
  SECTION("direct input") {
    net.inputs.push_back(current_into("c", 0, 5));
    CHECK_THROWS_WITH(simulator(net, cpu(1)), Catch::Matchers::Contains("population 'c' growth: a direct input targets it"));
  }
  SECTION("static projection") {
    net.projections[1].growth.enabled = false;
    CHECK_THROWS_WITH(simulator(net, cpu(1)), Catch::Matchers::Contains("projection 'rec' touches it but does not grow"));
  }
}

TEST_CASE("growth: neurons born and dying match across threads, the emulated CUDA backend and a snapshot", "[growth][cuda-emulation][snapshot][threads]") {
  neuron_growth g;
  g.enabled = true;
  g.initial_size = 60;
  g.apoptosis_min_age_ms = 100;
  g.apoptosis_max_rate_hz = 2;
  g.neurogenesis_min_rate_hz = 2;
  g.neurogenesis_max_per_phase = 3;
  g.neighbour_min_rate_hz = 4;
  network net;
  net.seed = 9;
  net.growth_interval_ms = 50;
  std::vector<float> rates(80);
  for (uint32_t i = 0; i < rates.size(); ++i) rates[i] = static_cast<float>(i % 4 == 0 ? 80 : 5);
  net.populations.push_back(poisson_source_population("in", rates));
  population c = izhikevich_population("c", 100, izhikevich_pattern::RS);
  c.growth = g;
  net.populations.push_back(c);
  projection ff;
  ff.name = "ff";
  ff.pre = "in";
  ff.post = "c";
  ff.connect.type = connector::kind::fixed_probability;
  ff.connect.probability = 0.1;
  ff.weight = distribution::between(10.0, 30.0);
  ff.delay_ms = distribution::between(1.0, 3.0);
  ff.growth.enabled = true;
  ff.growth.prune = false;
  ff.growth.form_min_rate_hz = 10;
  ff.growth.weight_low = 10;
  ff.growth.weight_high = 30;
  net.projections.push_back(ff);
  projection rec = ff;
  rec.name = "rec";
  rec.pre = "c";
  rec.weight = distribution::between(0.0, 2.0);
  rec.growth.prune = true;
  rec.growth.prune_min_age_ms = 100;
  rec.growth.prune_max_weight = 0.5;
  rec.growth.weight_low = 0.1;
  rec.growth.weight_high = 2.0;
  rec.plasticity.stdp.enabled = true;
  rec.plasticity.w_max = 4;
  net.projections.push_back(rec);

  simulator one(net, cpu(1));
  one.run_steps(600);
  const gpu_test::outcome a = gpu_test::outcome_of(one);
  uint32_t born = 0, died = 0;
  for (const growth_record& r : one.growth_log())
    if (r.population) born += r.made, died += r.pruned;
  INFO("born " << born << ", died " << died);
  REQUIRE(born > 3);
  REQUIRE(died > 3);

  simulator two(net, cpu(2));
  two.run_steps(600);
  simulator emulated(net, std::unique_ptr<backend>(new test::emulated_cuda_backend(true)));
  emulated.run_steps(275);
  const std::string file = test::temp_path("growth_neurons.h5");
  write_snapshot(file, emulated.export_state(), {});
  simulator resumed(read_snapshot(file), cpu(2));
  resumed.run_steps(325);
  const gpu_test::outcome b = gpu_test::outcome_of(two), d = gpu_test::outcome_of(resumed);
  CHECK(gpu_test::difference(a, b).empty());
  CHECK(growth_difference(a.state, b.state).empty());
  CHECK(gpu_test::state_difference(a.state, d.state).empty());
  CHECK(growth_difference(a.state, d.state).empty());
  CHECK(a.state.growth.alive == d.state.growth.alive);
  CHECK(a.state.growth.born == d.state.growth.born);
}
