// The engram binary: bad input gives a clear message and a non-zero exit, never a crash.
#include <cstdio>
#include <fstream>
#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include "host/io/snapshot.hpp"
#include "tests/catch.hpp"
#include "tests/helpers.hpp"

using engram::test::run_command;

namespace {

std::vector<nlohmann::json> json_lines(const std::string& path) {
  std::ifstream in(path);
  std::vector<nlohmann::json> lines;
  for (std::string line; std::getline(in, line);) lines.push_back(nlohmann::json::parse(line));
  return lines;
}

void expect_error(const std::string& args, const std::string& message) {
  const auto r = run_command(std::string(ENGRAM_BINARY) + " " + args);
  INFO(args << "\n" << r.output);
  CHECK(r.exit_code != 0);
  CHECK(r.exit_code < 128);  // not killed by a signal
  CHECK(r.output.find(message) != std::string::npos);
}

}  // namespace

TEST_CASE("bad command lines fail clearly", "[cli][errors]") {
  expect_error("run nosuch --duration 10ms --quiet", "unknown model 'nosuch'");
  expect_error("run izhikevich2003 --set bogus=1 --duration 10ms --quiet", "unknown parameter 'bogus' for model 'izhikevich2003'");
  expect_error("run izhikevich2003 --set n=nan --duration 10ms --quiet", "value must be finite");
  expect_error("run izhikevich2003 --set n=abc --duration 10ms --quiet", "'abc' is not a number");
  expect_error("run izhikevich2003 --set n=-5 --duration 10ms --quiet", "must be a non-negative integer");
  expect_error("run polychronization --set max_delay=0 --duration 10ms --quiet", "delays must be >= 1 step");
  expect_error("run polychronization --set max_delay=-3 --duration 10ms --quiet", "delays must be >= 1 step");
  expect_error("run polychronization --set w_exc=-1 --duration 10ms --quiet", "weights are magnitudes");
  expect_error("run polychronization --duration 10parsecs --quiet", "invalid duration unit");
  expect_error("run polychronization --backend gpu", "gpu");
  expect_error("run polychronization --dt -1 --quiet", "--dt must be a positive number");
  for (const char* sample : {"0", "-3", "abc", "1.5", "0%", "101%", "%", "10%%"})
    expect_error(std::string("run polychronization --quiet --out x.h5 --record-sample ") + sample, "--record-sample expects a neuron count");
  expect_error("run polychronization --quiet --record-sample 10", "--record-sample needs --out FILE.h5");
}

TEST_CASE("command lines of any kind: bounds and output paths are checked before anything runs", "[cli][errors]") {
  // Each of these crashed, hung or wrote where it should not before (issue 20).
  expect_error("run polychronization --threads 100000 --quiet", "--threads 100000 is more than");
  expect_error("run polychronization --duration 1e12s --quiet", "at most 68719476736 (2^36) steps per command");
  expect_error("run izhikevich2003 --set n=4000000000 --quiet", "more than this machine's");
  expect_error("run polychronization --set n=2000000000 --set m=1000 --quiet", "more than this machine's");
  expect_error("run polychronization --dt 1e-300 --quiet", "--dt must be in [0.0001, 1000] ms");
  expect_error("run polychronization --seed -1 --quiet", "must be an unsigned integer below 2^64");
  expect_error("run polychronization --seed 18446744073709551616 --quiet", "must be an unsigned integer below 2^64");
  const std::string dir = engram::test::temp_path("");
  const std::string run = "run polychronization --duration 10ms --quiet --backend cpu ";
  // /dev/null and /dev/full are devices: even as root, nothing is renamed over them.
  expect_error(run + "--out /dev/null", "--out '/dev/null': exists and is a device");
  expect_error(run + "--snapshot /dev/full", "--snapshot '/dev/full': exists and is a device");
  expect_error(run + "--out " + dir, "names a folder");
  expect_error(run + "--out " + dir + "..", "exists and is a folder");
  expect_error(run + "--out " + dir + "same.h5 --snapshot " + dir + "./same.h5", "--out and --snapshot name the same file");
  expect_error(run + "--out " + dir + std::string(300, 'a') + "/x.h5", "a name in it is longer than 255 bytes");
  expect_error(run + "--out " + dir + std::string(240, 'b') + ".h5", "the file name is longer than");
  expect_error(run + "--out /proc/engram_test.h5", "cannot create files in folder '/proc'");
}

TEST_CASE("engram train continual: saved counts and rescoring fail clearly", "[cli][errors]") {
  expect_error("train mnist --rescore x.h5 --quiet", "--counts and --rescore are for the continual task, not mnist");
  expect_error("train continual --arm mlp --counts x.h5 --quiet", "--counts: the mlp arm has no spike counts");
  expect_error("train continual --rescore x.h5 --counts y.h5 --quiet", "--rescore reads a counts file: it takes no --counts");
  expect_error("train continual --rescore " + engram::test::temp_path("no_counts_here.h5"), "no such file");
  expect_error("train continual --counts /dev/null", "--counts '/dev/null': exists and is a device");
}

TEST_CASE("engram models and a short run succeed", "[cli]") {
  const auto models = run_command(std::string(ENGRAM_BINARY) + " models");
  CHECK(models.exit_code == 0);
  CHECK(models.output.find("izhikevich2003") != std::string::npos);
  CHECK(models.output.find("polychronization") != std::string::npos);

  const std::string out = engram::test::temp_path("cli_run.h5");
  const auto r = run_command(std::string(ENGRAM_BINARY) + " run polychronization --backend cpu --duration 200ms --quiet --out " + out);
  INFO(r.output);
  CHECK(r.exit_code == 0);
  CHECK(r.output.find("real-time factor") != std::string::npos);
  CHECK(r.output.find("events/s") != std::string::npos);
}

TEST_CASE("engram compare finds 1 and 2 CPU threads identical", "[cli][compare][threads]") {
  const auto r = run_command(std::string(ENGRAM_BINARY) +
                             " compare polychronization --candidate cpu --reference-threads 1 --threads 2 --duration 300ms --set n=400");
  INFO(r.output);
  CHECK(r.exit_code == 0);
  CHECK(r.output.find("identical: spike rasters and final state match bit for bit") != std::string::npos);
}

TEST_CASE("engram bench appends a JSON line with the documented keys", "[cli][bench]") {
  const std::string json = engram::test::temp_path("bench.jsonl");
  std::remove(json.c_str());
  const auto r = run_command(std::string(ENGRAM_BINARY) + " bench polychronization --backend cpu --threads 1 --duration 200ms --json " + json);
  INFO(r.output);
  REQUIRE(r.exit_code == 0);
  const auto lines = json_lines(json);
  REQUIRE(lines.size() == 1);
  const auto& j = lines[0];
  CHECK(j["model"] == "polychronization");
  CHECK(j["backend"] == "cpu");
  CHECK(j["threads"] == 1);
  CHECK(j["neurons"] == 1000);
  CHECK(j["synapses"] == 100000);
  CHECK(j["steps"] == 200);
  CHECK(j["dt_ms"] == 1.0);
  for (const char* key : {"device", "build_s", "sim_s", "rtf", "steps_per_s", "spikes", "synaptic_events", "events_per_s",
                          "bytes_per_synapse", "seed", "params", "snapshot_bytes"})
    CHECK(j.contains(key));
  CHECK(j["peak_rss_bytes"].get<double>() > 1e6);
  // Each population's mean rate, which with the sizes gives back the spike count.
  const double spikes = (j["rates_hz"]["exc"].get<double>() * 800 + j["rates_hz"]["inh"].get<double>() * 200) * 0.2;
  CHECK(spikes == Approx(j["spikes"].get<double>()));
}

TEST_CASE("engram bench --suite smoke writes one line per benchmark with every population's rate", "[cli][bench]") {
  const std::string json = engram::test::temp_path("suite.jsonl");
  std::remove(json.c_str());
  const auto r = run_command(std::string(ENGRAM_BINARY) + " bench --suite smoke --backend cpu --threads 1 --json " + json);
  INFO(r.output);
  REQUIRE(r.exit_code == 0);
  CHECK(r.output.find("[7/7] microcircuit") != std::string::npos);
  CHECK(r.output.find("| benchmark | neurons |") != std::string::npos);  // the summary table
  const std::vector<std::pair<std::string, size_t>> expected = {
      {"izhikevich2003", 2}, {"polychronization_static", 2}, {"polychronization_stdp", 2}, {"brunel2000_ai", 2},
      {"coba", 2},           {"cuba", 2},                    {"microcircuit", 8}};
  const auto lines = json_lines(json);
  REQUIRE(lines.size() == expected.size());
  for (size_t i = 0; i < lines.size(); ++i) {
    const auto& j = lines[i];
    INFO(j.dump());
    CHECK(j["suite"] == "smoke");
    CHECK(j["benchmark"] == expected[i].first);
    REQUIRE(j["rates_hz"].size() == expected[i].second);
    for (const auto& [name, hz] : j["rates_hz"].items()) CHECK(hz.get<double>() >= 0);
    CHECK(j["peak_rss_bytes"].get<double>() > 1e6);
    CHECK(j["build_s"].get<double>() >= 0);
    CHECK(j["steps"].get<double>() > 0);
  }
  expect_error("bench --suite nosuch", "unknown suite 'nosuch' (known: standard, smoke)");
  expect_error("bench izhikevich2003 --suite smoke", "give a model ('izhikevich2003') or --suite, not both");
  expect_error("bench --suite smoke --duration 1s", "--duration is set per benchmark by the suite");
  expect_error("bench --suite smoke --scale-factor 0", "--scale-factor must be in (0, 1000]");
  expect_error("bench izhikevich2003 --scale-factor 2", "--scale-factor goes with --suite");
  expect_error("bench", "bench needs a model name");
}

TEST_CASE("engram inspect summarises snapshots and run files", "[cli][inspect]") {
  const std::string bin = ENGRAM_BINARY;
  const std::string run_file = engram::test::temp_path("inspect_run.h5"), snap = engram::test::temp_path("inspect_snap.h5");
  REQUIRE(run_command(bin + " run polychronization --set n=300 --set m=20 --duration 100ms --quiet --out " + run_file +
                      " --record-weights exc_exc --probe exc:0-3 --snapshot " + snap).exit_code == 0);
  const auto s = run_command(bin + " inspect " + snap);
  INFO(s.output);
  CHECK(s.exit_code == 0);
  CHECK(s.output.find("Engram snapshot (format 4") != std::string::npos);  // 5 only for a batch of replicas
  CHECK(s.output.find("step 100 = 0.100 s") != std::string::npos);
  CHECK(s.output.find("exc_exc") != std::string::npos);
  const auto r = run_command(bin + " inspect " + run_file);
  INFO(r.output);
  CHECK(r.exit_code == 0);
  CHECK(r.output.find("Engram run file (SONATA spikes, weights, membrane probes)") != std::string::npos);
  CHECK(r.output.find("4 neurons x 100 steps") != std::string::npos);
  expect_error("inspect " + std::string(ENGRAM_BINARY), "is not an HDF5 file");
}

TEST_CASE("engram metrics reports the topology of a snapshot", "[cli][topology]") {
  const std::string bin = ENGRAM_BINARY, snap = engram::test::temp_path("metrics_snap.h5");
  REQUIRE(run_command(bin + " run polychronization --set n=300 --set m=30 --duration 20ms --quiet --snapshot " + snap).exit_code == 0);
  const auto r = run_command(bin + " metrics " + snap);
  INFO(r.output);
  CHECK(r.exit_code == 0);
  for (const char* key : {"nodes            240", "clustering", "path_length", "modularity", "sigma", "omega", "rich club"})
    CHECK(r.output.find(key) != std::string::npos);
}
