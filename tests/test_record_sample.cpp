// Sampled spike recording (--record-sample): the run file keeps the first neurons of every
// population, under their own node ids, and exactly their spikes.
#include <filesystem>
#include <hdf5.h>

#include "apps/models/registry.hpp"
#include "engine/errors.hpp"
#include "host/io/hdf5_handle.hpp"
#include "host/streams/run_recorder.hpp"
#include "host/streams/spike_sample.hpp"
#include "tests/catch.hpp"
#include "tests/helpers.hpp"

using namespace engram;

namespace {

template <typename T>
std::vector<T> read_dataset(hid_t file, const std::string& path, hid_t type) {
  h5::handle ds(H5Dopen2(file, path.c_str(), H5P_DEFAULT), H5Dclose, path);
  h5::handle space(H5Dget_space(ds), H5Sclose, "space");
  hsize_t n = 0;
  H5Sget_simple_extent_dims(space, &n, nullptr);
  std::vector<T> out(n);
  if (n) h5::check(H5Dread(ds, type, H5S_ALL, H5S_ALL, H5P_DEFAULT, out.data()), "read " + path);
  return out;
}

struct spikes_of {
  std::vector<double> times;
  std::vector<uint64_t> ids;
};

spikes_of read_spikes(const std::string& path, const std::string& population) {
  h5::handle file(H5Fopen(path.c_str(), H5F_ACC_RDONLY, H5P_DEFAULT), H5Fclose, "open " + path);
  return {read_dataset<double>(file, "/spikes/" + population + "/timestamps", H5T_NATIVE_DOUBLE),
          read_dataset<uint64_t>(file, "/spikes/" + population + "/node_ids", H5T_NATIVE_UINT64)};
}

std::vector<population_range> two_populations() {
  population_range a, b;
  a.name = "exc";
  a.size = 10;
  b.name = "inh";
  b.first = 10;
  b.size = 3;
  return {a, b};
}

}  // namespace

TEST_CASE("a spike sample keeps the first neurons of every population", "[streams][sample]") {
  spike_record r;
  for (uint32_t n = 0; n < 13; ++n) {
    r.step.push_back(7);
    r.neuron.push_back(n);
  }
  const spike_sample first4(two_populations(), {4, 0});
  CHECK(first4.kept(0) == 4);
  CHECK(first4.kept(1) == 3);  // all of a smaller population
  CHECK(first4.filter(r).neuron == std::vector<uint32_t>{0, 1, 2, 3, 10, 11, 12});
  const spike_sample fifth(two_populations(), {0, 0.2});
  CHECK(fifth.kept(0) == 2);
  CHECK(fifth.kept(1) == 1);  // round(0.6), and at least one
  CHECK(fifth.filter(r).neuron == std::vector<uint32_t>{0, 1, 10});
  CHECK(spike_sample(two_populations(), {}).keeps_all());
  CHECK(spike_sample(two_populations(), {100, 0}).keeps_all());
}

TEST_CASE("a sampled run file holds exactly the sampled neurons' spikes of the full one", "[streams][sample]") {
  const auto& m = find_model("brunel2000");
  model_params params = m.parameters();
  params.set("n_exc=400", m.name);
  auto sim = test::cpu_simulator(m.build(params, 0.1, 5));
  const std::string full = test::temp_path("sample_full.h5"), sampled = test::temp_path("sample_40.h5");
  std::filesystem::remove(full);
  std::filesystem::remove(sampled);
  const uint32_t kept = 40;
  const uint64_t steps = 2000;  // 200 ms
  {
    recording_plan all_plan, sample_plan;
    all_plan.out = full;
    sample_plan.out = sampled;
    sample_plan.sample.count = kept;
    run_recorder all_recorder(all_plan, *sim), sample_recorder(sample_plan, *sim);
    run_options ro;
    ro.steps = steps;
    ro.progress = false;
    ro.drain_every = 300;
    std::vector<spike_consumer> consumers;
    all_recorder.attach(ro, consumers);
    sample_recorder.attach(ro, consumers);
    run(*sim, ro, consumers);
    all_recorder.finish(*sim);
    sample_recorder.finish(*sim);
  }
  for (const auto& [population, size] : {std::pair<std::string, uint32_t>{"exc", 400}, {"inh", 100}}) {
    const spikes_of a = read_spikes(full, population), s = read_spikes(sampled, population);
    spikes_of expected;
    for (size_t k = 0; k < a.ids.size(); ++k)
      if (a.ids[k] < kept) {
        expected.times.push_back(a.times[k]);
        expected.ids.push_back(a.ids[k]);
      }
    INFO(population << ": " << a.ids.size() << " spikes in all, " << s.ids.size() << " sampled");
    REQUIRE(!expected.ids.empty());
    CHECK(s.ids.size() < a.ids.size());
    CHECK(s.ids == expected.ids);  // node ids as they were, in time order
    CHECK(s.times == expected.times);
    // Rates from the sample are the full recording's rates of those neurons.
    const double seconds = steps * 0.1 / 1000;
    std::vector<double> rate_sampled(kept), rate_full(kept);
    for (uint64_t id : s.ids) rate_sampled[id] += 1 / seconds;
    for (size_t k = 0; k < a.ids.size(); ++k)
      if (a.ids[k] < kept) rate_full[a.ids[k]] += 1 / seconds;
    CHECK(rate_sampled == rate_full);
  }
}

TEST_CASE("a spike sample needs a run file", "[streams][sample][errors]") {
  const auto& m = find_model("polychronization");
  model_params params = m.parameters();
  params.set("n=200", m.name);
  params.set("m=20", m.name);
  auto sim = test::cpu_simulator(m.build(params, 1.0, 1));
  recording_plan plan;
  plan.sample.count = 10;
  CHECK_THROWS_AS(run_recorder(plan, *sim), invalid_parameter);
}

TEST_CASE("engram run --record-sample writes the first neurons of every population", "[cli][sample]") {
  const std::string out = test::temp_path("cli_sample.h5");
  std::filesystem::remove(out);
  const auto r = test::run_command(std::string(ENGRAM_BINARY) +
                                   " run brunel2000 --set n_exc=400 --backend cpu --threads 1 --duration 100ms --quiet --record-sample 5% --out " + out);
  INFO(r.output);
  REQUIRE(r.exit_code == 0);
  for (const auto& [population, kept] : {std::pair<std::string, uint64_t>{"exc", 20}, {"inh", 5}}) {
    const spikes_of s = read_spikes(out, population);
    CHECK(!s.ids.empty());
    for (uint64_t id : s.ids) REQUIRE(id < kept);
  }
}
