// The run file's streams: weights, membrane probes, written by the background writer.
#include <filesystem>
#include <hdf5.h>
#include <stdexcept>

#include "apps/models/registry.hpp"
#include "engine/errors.hpp"
#include "host/analysis/excitatory_graph.hpp"
#include "host/io/hdf5_io.hpp"
#include "host/streams/background_writer.hpp"
#include "host/streams/run_recorder.hpp"
#include "tests/catch.hpp"
#include "tests/helpers.hpp"

using namespace engram;

namespace {

std::vector<double> read_all(hid_t file, const std::string& path) {
  h5::handle ds(H5Dopen2(file, path.c_str(), H5P_DEFAULT), H5Dclose, path);
  h5::handle space(H5Dget_space(ds), H5Sclose, "space");
  hsize_t dims[2] = {1, 1};
  const int rank = H5Sget_simple_extent_ndims(space);
  H5Sget_simple_extent_dims(space, dims, nullptr);
  std::vector<double> out(dims[0] * (rank == 2 ? dims[1] : 1));
  if (!out.empty()) H5Dread(ds, H5T_NATIVE_DOUBLE, H5S_ALL, H5S_ALL, H5P_DEFAULT, out.data());
  return out;
}

}  // namespace

TEST_CASE("weights and membrane probes stream into the run file", "[streams]") {
  const auto& m = find_model("polychronization");
  model_params params = m.parameters();
  params.set("n=200", m.name);
  params.set("m=20", m.name);
  auto sim = test::cpu_simulator(m.build(params, 1.0, 3));
  const std::string path = test::temp_path("streams.h5");
  std::filesystem::remove(path);

  recording_plan plan;
  plan.out = path;
  plan.weight_projections = {"exc_exc"};
  plan.weights_every = 100;
  plan.probes = {{"exc", {0, 1, 2}}, {"inh", {5}}};
  // What the probes must see: the state after each step, taken here from a twin simulation.
  auto twin = test::cpu_simulator(m.build(params, 1.0, 3));
  std::vector<float> expected_v;
  for (int s = 0; s < 250; ++s) {
    twin->step();
    std::vector<float> v, u;
    twin->read_neurons({0, 1, 2}, v, u);
    expected_v.insert(expected_v.end(), v.begin(), v.end());
  }
  {
    run_recorder recorder(plan, *sim);
    run_options ro;
    ro.steps = 250;
    ro.progress = false;
    ro.drain_every = 64;
    std::vector<spike_consumer> consumers;
    recorder.attach(ro, consumers);
    run(*sim, ro, consumers);
    recorder.finish(*sim);
  }
  h5::handle file(H5Fopen(path.c_str(), H5F_ACC_RDONLY, H5P_DEFAULT), H5Fclose, "open");
  const auto times = read_all(file, "/weights/exc_exc/times");
  CHECK(times == std::vector<double>{0, 100, 200, 250});
  const auto summary = read_all(file, "/weights/exc_exc/summary");
  REQUIRE(summary.size() == 16);
  CHECK(summary[0] == Approx(6.0));  // static weights: mean 6, sd 0, min = max = 6
  CHECK(summary[1] == Approx(0.0).margin(1e-9));
  const auto values = read_all(file, "/weights/exc_exc/values");
  CHECK(values.size() == 4 * 160 * 16);
  const auto v = read_all(file, "/state/exc/v");
  REQUIRE(v.size() == expected_v.size());
  for (size_t i = 0; i < v.size(); ++i) REQUIRE(static_cast<float>(v[i]) == expected_v[i]);
  CHECK(read_all(file, "/state/inh/times").size() == 250);
  CHECK(read_all(file, "/state/exc/times").back() == 250.0);
}

TEST_CASE("bad stream requests are refused before the run starts", "[streams][errors]") {
  auto sim = test::cpu_simulator(find_model("polychronization").build(find_model("polychronization").parameters(), 1.0, 1));
  recording_plan plan;
  plan.out = test::temp_path("bad_streams.h5");
  plan.weight_projections = {"nope"};
  CHECK_THROWS_WITH(run_recorder(plan, *sim), Catch::Contains("no projection named 'nope'"));
  plan.weight_projections = {};
  plan.probes = {{"exc", {900}}};
  CHECK_THROWS_WITH(run_recorder(plan, *sim), Catch::Contains("outside the population"));
  plan.out = "";
  CHECK_THROWS_WITH(run_recorder(plan, *sim), Catch::Contains("needs a run file"));
}

TEST_CASE("the background writer runs tasks in order and reports failures", "[streams]") {
  background_writer writer(2);
  std::vector<int> seen;
  for (int i = 0; i < 50; ++i) writer.submit([&seen, i] { seen.push_back(i); });
  writer.wait();
  REQUIRE(seen.size() == 50);
  for (int i = 0; i < 50; ++i) CHECK(seen[i] == i);
  writer.submit([] { throw std::runtime_error("disk full"); });
  CHECK_THROWS_WITH(writer.wait(), "disk full");
  writer.submit([&seen] { seen.push_back(99); });  // usable again after the failure is reported
  writer.wait();
  CHECK(seen.back() == 99);
}

TEST_CASE("topology metrics of the excitatory graph stream into the run file", "[streams][topology]") {
  const auto& m = find_model("polychronization");
  model_params params = m.parameters();
  params.set("n=300", m.name);
  params.set("m=30", m.name);
  auto sim = test::cpu_simulator(m.build(params, 1.0, 5));
  const network_state state = sim->export_state();
  const auto g = build_excitatory_graph(state);
  CHECK(g.populations == std::vector<std::string>{"exc"});
  CHECK(g.graph.nodes == 240);
  CHECK(g.graph.target.size() == state.projections[0].size());  // exc_exc only: exc_inh leaves the node set
  const topology_metrics expected = compute_topology_metrics(g.graph.view(), {});

  const std::string path = test::temp_path("metrics_stream.h5");
  recording_plan plan;
  plan.out = path;
  plan.metrics_every = 50;
  {
    run_recorder recorder(plan, *sim);
    run_options ro;
    ro.steps = 100;
    ro.progress = false;
    std::vector<spike_consumer> consumers;
    recorder.attach(ro, consumers);
    run(*sim, ro, consumers);
    recorder.finish(*sim);
  }
  h5::handle file(H5Fopen(path.c_str(), H5F_ACC_RDONLY, H5P_DEFAULT), H5Fclose, "open");
  CHECK(read_all(file, "/metrics/times") == std::vector<double>{50, 100});
  const auto clustering = read_all(file, "/metrics/clustering");
  REQUIRE(clustering.size() == 2);
  CHECK(clustering[0] == Approx(expected.clustering));  // static weights: the graph does not change
  CHECK(read_all(file, "/metrics/edges")[1] == static_cast<double>(expected.edges));
}
