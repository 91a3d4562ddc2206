// Memory traces (engine/memory_traces.hpp, host/memory_driver.hpp, docs/memory.md): capture,
// eviction, consolidation draws, fading, pattern completion; on a network, a half cue reactivates
// the rest of its trace and not another; replay strengthens in-trace synapses more than controls;
// traces and the replay draw resume exactly from a snapshot.
#include <cmath>
#include <filesystem>
#include <numeric>
#include <set>

#include "engine/errors.hpp"
#include "host/io/snapshot.hpp"
#include "host/memory_driver.hpp"
#include "tests/catch.hpp"
#include "tests/cuda_emulation.hpp"
#include "tests/fuzz_hdf5.hpp"
#include "tests/helpers.hpp"

using namespace engram;

namespace {

std::vector<uint32_t> range(uint32_t first, uint32_t count) {
  std::vector<uint32_t> v(count);
  std::iota(v.begin(), v.end(), first);
  return v;
}

// 100 drive sources one to one onto 100 excitatory Izhikevich neurons with plastic all-to-all
// recurrence (pair STDP, weak start), as the memory driver expects.
network memory_network(bool stdp = true) {
  network net;
  net.seed = 31;
  net.populations.push_back(poisson_source_population("drive", std::vector<float>(100, 0.0f)));
  net.populations.push_back(izhikevich_population("exc", 100, izhikevich_pattern::RS));
  projection in;
  in.name = "drive_exc";
  in.pre = "drive";
  in.post = "exc";
  in.connect.type = connector::kind::one_to_one;
  in.weight = distribution::fixed(40.0);
  net.projections.push_back(in);
  projection rec;
  rec.name = "exc_exc";
  rec.pre = rec.post = "exc";
  rec.connect.type = connector::kind::all_to_all;
  rec.weight = distribution::fixed(0.5);
  rec.delay_ms = distribution::between(1.0, 3.0);
  if (stdp) {
    rec.plasticity.stdp.enabled = true;
    rec.plasticity.stdp.a_plus = 0.05;
    rec.plasticity.stdp.a_minus = 0.04;
    rec.plasticity.w_max = 4.0;
  }
  net.projections.push_back(rec);
  return net;
}

uint32_t sum_of(const std::vector<uint32_t>& counts, const std::vector<uint32_t>& ids) {
  uint32_t s = 0;
  for (uint32_t i : ids) s += counts[i];
  return s;
}

}  // namespace

TEST_CASE("the trace store captures, refreshes, evicts the weakest, fades and forgets", "[memory]") {
  memory_state m;
  m.config.capacity = 3;
  m.config.fade_steps = 1000;
  CHECK(capture_trace(m, {4, 2}, 0) == -1);  // below min_members
  CHECK(capture_trace(m, {5, 1, 3, 3}, 10) == 0);
  CHECK(m.traces[0].members == std::vector<uint32_t>{1, 3, 5});
  CHECK(capture_trace(m, range(10, 10), 20) == 1);
  CHECK(capture_trace(m, range(10, 9), 30) == 1);  // Jaccard 0.9: the same pattern, refreshed
  CHECK(m.traces[1].members.size() == 9);
  CHECK(m.traces[1].created_step == 30);
  CHECK(capture_trace(m, range(40, 5), 40) == 2);
  m.traces[0].strength = 3.0;  // as if replayed
  m.traces[0].replays = 1;
  m.traces[2].strength = 0.5;
  CHECK(capture_trace(m, range(60, 5), 50) == 2);  // full: the weakest goes, not the oldest
  CHECK(m.traces[0].members.front() == 1);
  // Fading: never-replayed traces lose strength linearly with age and are forgotten near 0.
  consolidate_traces(m, 1035);  // the never-replayed traces are 985 and 1005 steps old: forgotten
  REQUIRE(m.traces.size() == 1);
  CHECK(m.traces[0].members.front() == 1);  // the replayed one stays
  CHECK(m.traces[0].replays >= 2);
}

TEST_CASE("consolidation draws traces in proportion to strength, without replacement, from the seed", "[memory]") {
  memory_state m;
  m.config.replays_per_consolidation = 1;
  m.config.replay_gain = 0;
  for (uint32_t k = 0; k < 3; ++k) {
    capture_trace(m, range(10 * k, 5), 0);
    m.traces[k].replays = 1;  // no fading
  }
  m.traces[0].strength = 4.0;
  m.traces[1].strength = 1.0;
  m.traces[2].strength = 0.1;
  std::vector<int> drawn(3, 0);
  for (int i = 0; i < 2000; ++i) drawn[consolidate_traces(m, 0).at(0)]++;
  CHECK(drawn[0] / 2000.0 == Approx(4.0 / 5.1).margin(0.04));
  CHECK(drawn[2] / 2000.0 == Approx(0.1 / 5.1).margin(0.015));
  m.config.replays_per_consolidation = 5;
  const auto all = consolidate_traces(m, 0);
  CHECK(std::set<uint32_t>(all.begin(), all.end()).size() == 3);  // each at most once
  memory_state again = m;
  CHECK(consolidate_traces(m, 0) == consolidate_traces(again, 0));  // a function of (seed, count)
}

TEST_CASE("pattern completion picks the best-overlapping trace and lists its missing members", "[memory]") {
  memory_state m;
  capture_trace(m, range(0, 10), 0);
  capture_trace(m, range(8, 10), 0);
  const completion c = complete_pattern(m, {0, 1, 2, 9});
  CHECK(c.trace == 0);
  CHECK(c.overlap == 4);
  CHECK(c.missing == std::vector<uint32_t>{3, 4, 5, 6, 7, 8});
  CHECK(complete_pattern(m, {50, 3}).trace == -1);  // one shared member: below min_overlap
  memory_config bad;
  bad.refresh_overlap = 0;
  CHECK_THROWS_AS(validate(bad), invalid_parameter);
}

TEST_CASE("a half cue reactivates the rest of its trace and not an unrelated trace", "[memory][network]") {
  simulator sim(memory_network(false), make_backend(backend_kind::cpu, {1}));
  memory_state m;
  memory_driver_options o;
  o.replay_steps = 40;
  memory_driver d(sim, m, o);
  const auto a = range(0, 20), b = range(50, 20);
  for (const auto* pattern : {&a, &b}) {
    d.begin_capture();
    d.drive(*pattern, 50);
    REQUIRE(d.end_capture() >= 0);
  }
  REQUIRE(m.traces.size() == 2);
  CHECK(m.traces[0].members == a);
  sim.run_steps(50);
  sim.take_spike_counts("exc");
  const completion c = d.cue(range(0, 10));
  const std::vector<uint32_t> counts = sim.take_spike_counts("exc");
  CHECK(c.trace == 0);
  CHECK(c.missing == range(10, 10));
  INFO("rest of A " << sum_of(counts, range(10, 10)) << ", B " << sum_of(counts, b));
  for (uint32_t i = 10; i < 20; ++i) CHECK(counts[i] >= 2);  // every missing member fires
  CHECK(sum_of(counts, b) == 0);
}

TEST_CASE("replay during sleep strengthens in-trace synapses more than control synapses", "[memory][network]") {
  simulator sim(memory_network(true), make_backend(backend_kind::cpu, {1}));
  memory_state m;
  m.config.replays_per_consolidation = 1;
  memory_driver d(sim, m, {});
  const auto a = range(0, 20);
  d.begin_capture();
  d.drive(a, 30);
  REQUIRE(d.end_capture() == 0);
  const size_t rec = sim.projection_index("exc_exc");
  std::vector<float> before, after;
  sim.read_weights(rec, before);
  d.sleep(2050, 100);  // 20 consolidations, each replays trace A for 20 steps
  sim.read_weights(rec, after);
  const synapse_table table = sim.projection_table(rec);
  REQUIRE(after.size() == table.size());
  double inside = 0, control = 0;
  uint32_t n_inside = 0, n_control = 0;
  for (uint32_t pre = 0; pre < table.pre_count; ++pre)
    for (uint64_t e = table.row_ptr[pre]; e < table.row_ptr[pre + 1]; ++e) {
      const uint32_t post = table.target_of(e) - table.post_first;
      const double dw = after[e] - before[e];
      if (pre < 20 && post < 20) inside += dw, ++n_inside;
      else control += dw, ++n_control;
    }
  inside /= n_inside;
  control /= n_control;
  INFO("mean change in trace " << inside << ", control " << control);
  CHECK(m.traces[0].replays == 20);
  CHECK(inside > 0.05);                     // +10 % of the starting 0.5 at least (0.108 measured)
  CHECK(inside > 10 * std::abs(control));  // controls hardly move
}

TEST_CASE("traces and the replay draw resume exactly from a snapshot", "[memory][snapshot][resume]") {
  auto prepare = [](simulator& sim, memory_state& m) {
    m.config.replays_per_consolidation = 2;
    memory_driver d(sim, m, {});
    for (uint32_t k = 0; k < 3; ++k) {
      d.begin_capture();
      d.drive(range(25 * k, 15), 30);
      d.end_capture();
    }
    d.sleep(600, 100);
  };
  simulator straight(memory_network(), make_backend(backend_kind::cpu, {1}));
  memory_state ms;
  prepare(straight, ms);
  memory_driver(straight, ms, {}).sleep(600, 100);

  simulator first(memory_network(), make_backend(backend_kind::cpu, {1}));
  memory_state mf;
  prepare(first, mf);
  snapshot_info info;
  info.memory = mf;
  const std::string path = test::temp_path("memory.h5");
  write_snapshot(path, first.export_state(), info);
  snapshot_info loaded;
  simulator second(read_snapshot(path, &loaded), make_backend(backend_kind::cpu, {1}));
  REQUIRE(loaded.memory);
  memory_state mr = *loaded.memory;
  CHECK(mr.traces.size() == mf.traces.size());
  memory_driver(second, mr, {}).sleep(600, 100);
  REQUIRE(mr.traces.size() == ms.traces.size());
  CHECK(mr.consolidations == ms.consolidations);
  for (size_t k = 0; k < ms.traces.size(); ++k) {
    CHECK(mr.traces[k].members == ms.traces[k].members);
    CHECK(mr.traces[k].strength == ms.traces[k].strength);
    CHECK(mr.traces[k].replays == ms.traces[k].replays);
  }
  const network_state x = second.export_state(), y = straight.export_state();
  CHECK(x.ring == y.ring);
  CHECK(x.projections[1].weight == y.projections[1].weight);

  // a trace whose end lies past the stored members is refused before a member is read
  const std::string forged = test::temp_path("memory_forged.h5");
  std::filesystem::copy_file(path, forged, std::filesystem::copy_options::overwrite_existing);
  {
    h5::handle f(H5Fopen(forged.c_str(), H5F_ACC_RDWR, H5P_DEFAULT), H5Fclose, "open " + forged);
    const uint64_t past = 1000;
    fuzz::set_element_bytes(f, "/memory/offsets", 1, std::string(reinterpret_cast<const char*>(&past), sizeof past));
  }
  CHECK_THROWS_WITH(read_snapshot(forged), Catch::Contains("/memory/offsets decrease at trace 0"));
}

TEST_CASE("engram memory learns, sleeps and completes half cues from the command line", "[memory][cli]") {
  const std::string bin = ENGRAM_BINARY, snap = test::temp_path("memory_cli.h5");
  const auto r = test::run_command(bin + " memory --backend cpu --threads 1 --sleep 500ms --snapshot " + snap);
  INFO(r.output);
  REQUIRE(r.exit_code == 0);
  CHECK(r.output.find("cue          half of each pattern") != std::string::npos);
  snapshot_info info;
  read_snapshot(snap, &info);
  REQUIRE(info.memory);
  CHECK(info.memory->traces.size() == 3);
  CHECK(test::run_command(bin + " inspect " + snap).output.find("memory    3 traces") != std::string::npos);
  const auto bad = test::run_command(bin + " memory --patterns 1");
  CHECK(bad.exit_code == 2);
  CHECK(bad.output.find("--patterns must be >= 2") != std::string::npos);
}

TEST_CASE("replay during sleep runs identically on the CPU and the emulated CUDA kernels", "[memory][cuda-emulation]") {
  auto protocol = [](std::unique_ptr<backend> b) {
    simulator sim(memory_network(true), std::move(b));
    memory_state m;
    m.config.replays_per_consolidation = 2;
    memory_driver d(sim, m, {});
    for (uint32_t k = 0; k < 2; ++k) {
      d.begin_capture();
      d.drive(range(30 * k, 20), 40);
      d.end_capture();
    }
    d.sleep(600, 100);
    d.cue(range(0, 10));
    return std::pair{sim.export_state(), m};
  };
  const auto [cpu, cpu_memory] = protocol(make_backend(backend_kind::cpu, {1}));
  const auto [emulated, emulated_memory] = protocol(std::make_unique<test::emulated_cuda_backend>(true));
  CHECK(cpu.ring == emulated.ring);
  CHECK(cpu.projections[1].weight == emulated.projections[1].weight);
  REQUIRE(cpu_memory.traces.size() == emulated_memory.traces.size());
  for (size_t k = 0; k < cpu_memory.traces.size(); ++k) {
    CHECK(cpu_memory.traces[k].members == emulated_memory.traces[k].members);
    CHECK(cpu_memory.traces[k].replays == emulated_memory.traces[k].replays);
  }
}

TEST_CASE("down-scaling in sleep multiplies the named projection's weights at each consolidation", "[memory]") {
  simulator sim(memory_network(false), make_backend(backend_kind::cpu, {1}));
  memory_state m;
  m.config.replays_per_consolidation = 0;
  memory_driver_options o;
  o.downscale_projection = "exc_exc";
  o.downscale = 0.5;
  memory_driver d(sim, m, o);
  std::vector<float> before, after;
  sim.read_weights(1, before);
  d.sleep(250, 100);  // consolidations at 100 and 200
  sim.read_weights(1, after);
  for (size_t k = 0; k < before.size(); ++k) REQUIRE(after[k] == before[k] * 0.25f);
  o.downscale_projection = "nope";
  CHECK_THROWS_AS(memory_driver(sim, m, o), invalid_parameter);
  o.downscale = 0;
  CHECK_THROWS_AS(memory_driver(sim, m, o), invalid_parameter);
}
