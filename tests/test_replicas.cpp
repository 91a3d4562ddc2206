// Batched replicas (docs/research.md, "Batched replicas"): replica r of a batch gives exactly the
// spikes and final weights of its network run alone with its seed, on the CPU backend (1 and 2
// threads) and the emulated CUDA path; malformed replica tables are refused with a clear error.
#include <algorithm>
#include <cstring>
#include <functional>

#include "apps/models/registry.hpp"
#include "apps/research/replica_batch.hpp"
#include "engine/errors.hpp"
#include "engine/layout.hpp"
#include "engine/replicas.hpp"
#include "host/io/json_file.hpp"
#include "host/io/snapshot.hpp"
#include "tests/catch.hpp"
#include "tests/cuda_emulation.hpp"
#include "tests/helpers.hpp"

using namespace engram;

namespace {

plasticity_config stdp(double a_plus, double w_max) {
  plasticity_config c;
  c.stdp.enabled = true;
  c.stdp.a_plus = a_plus;
  c.stdp.a_minus = 1.2 * a_plus;
  c.stdp.tau_plus_ms = c.stdp.tau_minus_ms = 20.0;
  c.w_max = w_max;
  return c;
}

// Odd population sizes, so that a replica's first neuron is odd in the batch and the noise pairs
// (two neurons per Philox block) must count from the replica, not from neuron 0.
network small_network(uint64_t seed, double rate_hz, double a_plus) {
  network net;
  net.seed = seed;
  net.dt_ms = 0.5;
  net.populations.push_back(poisson_source_population("in", std::vector<float>(23, static_cast<float>(rate_hz))));
  lif_params l;
  l.v_init_range = 10.0;
  net.populations.push_back(lif_population("exc", 37, l));
  net.populations.push_back(izhikevich_population("inh", 11, izhikevich_pattern::FS));
  auto link = [&](const char* name, const char* pre, const char* post) {
    projection p;
    p.name = name;
    p.pre = pre;
    p.post = post;
    return p;
  };
  projection in_exc = link("in_exc", "in", "exc");
  in_exc.connect.type = connector::kind::fixed_probability;
  in_exc.connect.probability = 0.3;
  in_exc.weight = distribution::between(200, 600);
  in_exc.delay_ms = distribution::between(0.5, 2.5);
  in_exc.plasticity = stdp(a_plus, 800);
  projection exc_exc = link("exc_exc", "exc", "exc");
  exc_exc.connect.type = connector::kind::fixed_indegree;
  exc_exc.connect.degree = 5;
  exc_exc.weight = distribution::normal(100, 30, 10, 300);
  exc_exc.delay_ms = distribution::spread(0.5, 4.0);
  exc_exc.plasticity = stdp(a_plus, 400);
  projection exc_inh = link("exc_inh", "exc", "inh");
  exc_inh.connect.type = connector::kind::fixed_total_number;
  exc_inh.connect.total = 60;
  exc_inh.weight = distribution::fixed(4.0);
  projection inh_exc = link("inh_exc", "inh", "exc");
  inh_exc.connect.type = connector::kind::gaussian_distance;
  inh_exc.connect.probability = 0.5;
  inh_exc.connect.sigma = 0.3;
  inh_exc.sign = transmitter::gaba;
  inh_exc.weight = distribution::fixed(100);
  net.projections = {in_exc, exc_exc, exc_inh, inh_exc};
  input noise;
  noise.type = input::kind::noise;
  noise.population = "exc";
  noise.first = 1;  // a partial pair at each end
  noise.mean = 150;
  noise.sd = 200;
  input poisson;
  poisson.type = input::kind::poisson;
  poisson.population = "exc";
  poisson.rate_hz = 400;
  poisson.weight = 60;
  input uniform;
  uniform.type = input::kind::uniform_noise;
  uniform.population = "inh";
  uniform.mean = 2;
  uniform.amplitude = 6;
  input pulses;
  pulses.type = input::kind::random_pulse;
  pulses.population = "exc";
  pulses.amplitude = 300;
  pulses.pulses_per_step = 2;
  input theta = oscillation_input("inh", 8.0, 3.0);
  theta.oscillation.locked = false;  // a phase drawn from the seed
  net.inputs = {noise, poisson, uniform, pulses, theta};
  return net;
}

struct outcome {
  std::vector<std::pair<uint64_t, uint32_t>> spikes;  // (step, neuron), sorted
  network_state state;
};

outcome simulate(const network& net, std::unique_ptr<backend> b, uint64_t steps) {
  simulator sim(net, std::move(b));
  sim.run_steps(steps);
  const spike_record r = sim.drain_spikes();
  outcome o{{}, sim.export_state()};
  for (size_t k = 0; k < r.size(); ++k) o.spikes.emplace_back(r.step[k], r.neuron[k]);
  std::sort(o.spikes.begin(), o.spikes.end());
  return o;
}

std::unique_ptr<backend> cpu(int threads) {
  backend_options o;
  o.threads = threads;
  return make_backend(backend_kind::cpu, o);
}

bool same_bits(const std::vector<float>& a, const std::vector<float>& b) {
  return a.size() == b.size() && (a.empty() || std::memcmp(a.data(), b.data(), a.size() * sizeof(float)) == 0);
}

// Replica r's spikes (renumbered from its first neuron) and every table equal the part alone.
void check_replica(const outcome& batch, const network& batch_net, uint32_t r, const outcome& alone) {
  INFO("replica " << r);
  const replica& rep = batch_net.replicas[r];
  const uint32_t first = batch.state.populations[rep.first_population].first;
  const uint32_t end = first + alone.state.neuron_count();
  std::vector<std::pair<uint64_t, uint32_t>> mine;
  for (auto [step, n] : batch.spikes)
    if (n >= first && n < end) mine.emplace_back(step, n - first);
  REQUIRE(alone.spikes.size() > 50);
  CHECK(mine == alone.spikes);
  REQUIRE(rep.projection_count == alone.state.projections.size());
  for (uint32_t k = 0; k < rep.projection_count; ++k) {
    const synapse_table &a = batch.state.projections[rep.first_projection + k], &b = alone.state.projections[k];
    INFO("projection " << b.name);
    CHECK(a.row_ptr == b.row_ptr);
    CHECK(a.packed == b.packed);
    CHECK(same_bits(a.weight, b.weight));
  }
  const auto& v = batch.state.neurons.v;
  CHECK(same_bits(std::vector<float>(v.begin() + first, v.begin() + end), alone.state.neurons.v));
}

using factory = std::function<std::unique_ptr<backend>()>;

void check_batch(const factory& make, uint64_t steps) {
  const std::vector<network> parts = {small_network(3, 40, 2.0), small_network(11, 60, 4.0), small_network(42, 80, 6.0)};
  const network batch_net = research::concatenate_replicas(parts);
  const outcome batch = simulate(batch_net, make(), steps);
  for (uint32_t r = 0; r < parts.size(); ++r) check_replica(batch, batch_net, r, simulate(parts[r], make(), steps));
  // The weights moved: STDP ran, so equal weights are not just the initial ones.
  const network_state start = initial_state(batch_net);
  CHECK_FALSE(same_bits(batch.state.projections[1].weight, start.projections[1].weight));
}

}  // namespace

TEST_CASE("batched replicas give exactly the results of separate runs with the same seeds (CPU, 1 and 2 threads)",
          "[replicas][threads]") {
  SECTION("one thread") { check_batch([] { return cpu(1); }, 600); }
  SECTION("two threads") { check_batch([] { return cpu(2); }, 600); }
}

TEST_CASE("batched replicas give exactly the results of separate runs on the emulated CUDA path", "[replicas][cuda-emulation]") {
  check_batch([] { return std::make_unique<test::emulated_cuda_backend>(); }, 300);
}

TEST_CASE("a model batch reproduces each model run alone, whole-network inputs covering their replica", "[replicas]") {
  const auto& m = find_model("polychronization");
  const std::vector<research::replica_spec> specs = {{5, {"n=200", "m=20", "sigma=0.3"}}, {6, {"n=200", "m=20", "a_plus=0.2"}}};
  const network batch_net = research::model_batch(m, specs, m.default_dt_ms);
  CHECK(batch_net.populations[2].name == "r1.exc");
  const outcome batch = simulate(batch_net, cpu(2), 400);
  for (uint32_t r = 0; r < specs.size(); ++r) {
    model_params p = m.parameters();
    for (const auto& s : specs[r].sets) p.set(s, m.name);
    check_replica(batch, batch_net, r, simulate(m.build(p, m.default_dt_ms, specs[r].seed), cpu(1), 400));
  }
  SECTION("a replica's view is the network alone, for its metrics") {
    const network_state view = research::replica_view(batch.state, 1);
    CHECK(view.seed == 6);
    CHECK(view.populations[0].name == "exc");
    CHECK(view.populations[0].first == 0);
    CHECK(view.projections[0].post_first == 0);
  }
}

TEST_CASE("a batch resumes from its snapshot exactly, and the table is checked on reading", "[replicas][snapshot]") {
  const network batch_net = research::concatenate_replicas({small_network(3, 40, 2.0), small_network(11, 60, 4.0)});
  simulator straight(batch_net, cpu(1));
  straight.run_steps(400);
  simulator first(batch_net, cpu(1));
  first.run_steps(200);
  const std::string path = test::temp_path("replicas_snapshot.h5");
  write_snapshot(path, first.export_state(), {});
  network_state loaded = read_snapshot(path);
  REQUIRE(loaded.replicas.size() == 2);
  CHECK(loaded.replicas[1].seed == 11);
  CHECK(loaded.inputs[5].rng.key == 11);
  CHECK(loaded.inputs[5].rng.object == 0);
  simulator resumed(std::move(loaded), cpu(1));
  resumed.run_steps(200);
  CHECK(same_bits(resumed.export_state().neurons.v, straight.export_state().neurons.v));
  CHECK(same_bits(resumed.export_state().projections[5].weight, straight.export_state().projections[5].weight));
}

TEST_CASE("malformed replica tables are refused with a clear error", "[replicas][errors]") {
  network net = research::concatenate_replicas({small_network(3, 40, 2.0), small_network(11, 60, 4.0)});
  auto error_of = [](const network& n) {
    try {
      n.validate();
    } catch (const invalid_network& e) {
      return std::string(e.what());
    }
    return std::string();
  };
  REQUIRE(error_of(net).empty());
  SECTION("duplicate ranges") {
    net.replicas[1] = net.replicas[0];
    CHECK(error_of(net).find("replica 1 overlaps replica 0") != std::string::npos);
  }
  SECTION("overlapping blocks") {
    net.replicas[1].first_projection -= 1;
    net.replicas[1].projection_count += 1;
    CHECK(error_of(net).find("replica 1 overlaps replica 0: its projections start at 3") != std::string::npos);
  }
  SECTION("a gap") {
    net.replicas[1].first_input += 1;
    net.replicas[1].input_count -= 1;
    CHECK(error_of(net).find("inputs 5 to 5 belong to no replica") != std::string::npos);
  }
  SECTION("objects left over") {
    net.replicas.pop_back();
    CHECK(error_of(net).find("every one must belong to a replica") != std::string::npos);
  }
  SECTION("a projection across replicas") {
    net.projections[4].post = "r0.exc";
    CHECK(error_of(net).find("projection 'r1.in_exc' of replica 1 connects 'r1.in' (replica 1) to 'r0.exc' (replica 0)") !=
          std::string::npos);
  }
  SECTION("an input on another replica") {
    net.inputs[5].population = "r0.exc";
    CHECK(error_of(net).find("input 5 of replica 1 drives 'r0.exc' of replica 0") != std::string::npos);
  }
  SECTION("an empty replica") {
    net.replicas[1].population_count = 0;
    CHECK(error_of(net).find("replica 1 has no populations") != std::string::npos);
  }
  SECTION("batching a batch, or networks with other steps") {
    network other = small_network(5, 40, 2.0);
    other.dt_ms = 1.0;
    CHECK_THROWS_WITH(research::concatenate_replicas({small_network(3, 40, 2.0), other}),
                      Catch::Contains("replica 1: dt 1 ms differs from replica 0's 0.5 ms"));
    CHECK_THROWS_WITH(research::concatenate_replicas({net}), Catch::Contains("already a batch"));
  }
}

TEST_CASE("engram sweep runs a grid x seeds as one batch, with the numbers of separate runs", "[replicas][cli]") {
  const std::string bin = ENGRAM_BINARY;
  const std::string batched = test::temp_path("sweep_batched.json"), separate = test::temp_path("sweep_separate.json");
  const std::string args = " sweep polychronization --set n=200 --set m=20 --grid sigma=0.3,0.5 --grid a_plus=0.05,0.2 --seeds 1,2"
                           " --duration 300ms --threads 1 --quiet --json ";
  const auto a = test::run_command(bin + args + batched), b = test::run_command(bin + args + separate + " --separate");
  INFO(a.output << b.output);
  REQUIRE(a.exit_code == 0);
  REQUIRE(b.exit_code == 0);
  const nlohmann::json x = read_json_file(batched, "sweep"), y = read_json_file(separate, "sweep");
  CHECK(x["mode"] == "batched");
  REQUIRE(x["replicas"].size() == 8);
  CHECK(x["replicas"][7]["seed"] == 2);
  CHECK(x["replicas"][7]["params"]["sigma"] == 0.5);
  CHECK(x["replicas"][7]["params"]["a_plus"] == 0.2);
  CHECK(x["replicas"][0]["spikes"].get<uint64_t>() > 0);
  CHECK(x["replicas"] == y["replicas"]);  // spikes and every metric, exactly
  const auto bad = test::run_command(bin + " sweep polychronization --grid a_plus=0.1,x --duration 10ms");
  CHECK(bad.exit_code == 2);
  CHECK(bad.output.find("--grid 'a_plus=0.1,x': 'x' is not a finite number") != std::string::npos);
  const auto unknown = test::run_command(bin + " sweep polychronization --grid nope=1 --duration 10ms");
  CHECK(unknown.exit_code == 2);
  CHECK(unknown.output.find("nope") != std::string::npos);
}
