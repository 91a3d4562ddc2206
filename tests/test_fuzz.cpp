// Every loader path on a seeded corpus of damaged and forged files (tests/fuzz_corpus.hpp):
// resume (read_snapshot, then a backend and a few steps), metrics (the topology of the loaded
// excitatory graph) and inspect (describe_file). Each must end in a clean one-line engram::error
// or succeed; an invalid file must not load; a damaged file that loads must hold exactly what was
// written; HDF5 must print nothing. A handful also go through the engram binary: no signal, one
// error line. ENGRAM_FUZZ_SEED and ENGRAM_FUZZ_SCALE (a multiplier on the counts) run other or
// larger campaigns.
#include <cstdio>
#include <cstdlib>
#include <fcntl.h>
#include <fmt/format.h>
#include <fstream>
#include <map>
#include <typeinfo>
#include <unistd.h>

#include "engine/errors.hpp"
#include "engine/simulator.hpp"
#include "host/analysis/excitatory_graph.hpp"
#include "host/analysis/topology_metrics.hpp"
#include "host/io/inspect.hpp"
#include "host/io/snapshot.hpp"
#include "kernels/backend_factory.hpp"
#include "tests/catch.hpp"
#include "tests/fuzz_corpus.hpp"
#include "tests/helpers.hpp"

using namespace engram;

namespace {

fuzz::corpus_options options_for(const std::string& dir) {
  fuzz::corpus_options o;
  o.dir = dir;
  if (const char* seed = std::getenv("ENGRAM_FUZZ_SEED")) o.seed = std::strtoull(seed, nullptr, 10);
  if (const char* scale = std::getenv("ENGRAM_FUZZ_SCALE")) {
    const double k = std::max(0.0, std::atof(scale));
    for (size_t* n : {&o.byte_flips, &o.truncations, &o.heap_flips, &o.generic, &o.run_file}) *n = static_cast<size_t>(*n * k);
  }
  return o;
}

// Runs `f` with file descriptor 2 sent to a file, and returns what was written there.
template <class F> std::string stderr_of(F&& f) {
  const std::string path = test::temp_path("fuzz_stderr.txt");
  std::fflush(stderr);
  const int saved = ::dup(2), fd = ::open(path.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0644);
  ::dup2(fd, 2);
  ::close(fd);
  f();
  std::fflush(stderr);
  ::dup2(saved, 2);
  ::close(saved);
  std::ifstream in(path);
  return std::string((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
}

// AddressSanitizer, told to let malloc fail as it does without it (allocator_may_return_null),
// still says so on stderr: HDF5 asks for the size a damaged header declares before it verifies
// the header's checksum, and reports the failed allocation as an error. Not Engram's output.
std::string without_sanitizer_notes(const std::string& text) {
  std::string out, line;
  for (size_t at = 0; at < text.size();) {
    const size_t end = std::min(text.find('\n', at), text.size());
    line = text.substr(at, end - at);
    if (line.find("WARNING: AddressSanitizer failed to allocate") == std::string::npos) out += line + (end < text.size() ? "\n" : "");
    at = end + 1;
  }
  return out;
}

// What one call did: succeeded, failed with an engram::error (the message), or anything else.
struct outcome {
  bool ok = false;
  std::string message, unexpected;
};

template <class F> outcome attempt(F&& f) {
  outcome o;
  try {
    f();
    o.ok = true;
  } catch (const error& e) {
    o.message = e.what();
  } catch (const std::exception& e) {
    o.unexpected = fmt::format("{}: {}", typeid(e).name(), e.what());
  }
  return o;
}

// A clean error: an engram::error of one non-empty line.
void require_clean(const outcome& o, const std::string& step) {
  INFO(step);
  CHECK(o.unexpected == "");
  if (!o.ok) {
    CHECK(!o.message.empty());
    CHECK(o.message.find('\n') == std::string::npos);
  }
}

struct tally {
  size_t mutants = 0, refused = 0, loaded = 0;
};

void run_snapshot_mutant(const fuzz::mutant& m, const network_state& base, tally& t) {
  INFO(m.name << " (" << fuzz::expect_name(m.expectation) << ", " << m.path << ")");
  network_state loaded;
  outcome load, resume, metrics, inspect;
  const std::string printed = stderr_of([&] {
    load = attempt([&] { loaded = read_snapshot(m.path); });
    if (load.ok) {
      resume = attempt([&] {
        simulator sim(loaded, make_backend(backend_kind::cpu, {1}));
        sim.run_steps(10);
      });
      metrics = attempt([&] {
        topology_options o;
        o.reference_graphs = 0;
        compute_topology_metrics(build_excitatory_graph(loaded).graph.view(), o);
      });
    }
    inspect = attempt([&] { describe_file(m.path); });
  });
  CHECK(without_sanitizer_notes(printed) == "");  // no HDF5 error stack, nothing else
  require_clean(load, "load");
  require_clean(inspect, "inspect");
  ++t.mutants;
  if (!load.ok) {
    ++t.refused;
    CHECK(load.message.find(m.path) != std::string::npos);
    return;
  }
  ++t.loaded;
  CHECK(m.expectation != fuzz::expect::error);  // an invalid file must not load
  if (m.expectation == fuzz::expect::error_or_identical) CHECK(fuzz::state_difference(loaded, base) == "");
  require_clean(resume, "resume");
  require_clean(metrics, "metrics");
  CHECK(resume.ok);  // a state the loader accepted runs
  CHECK(metrics.ok);
}

void run_file_mutant(const fuzz::mutant& m, tally& t) {
  INFO(m.name << " (" << fuzz::expect_name(m.expectation) << ", " << m.path << ")");
  outcome inspect;
  const std::string printed = stderr_of([&] { inspect = attempt([&] { describe_file(m.path); }); });
  CHECK(without_sanitizer_notes(printed) == "");
  require_clean(inspect, "inspect");
  ++t.mutants;
  (inspect.ok ? t.loaded : t.refused) += 1;
  if (m.expectation == fuzz::expect::error) CHECK(!inspect.ok);
}

}  // namespace

TEST_CASE("damaged and forged files: clean errors or exact loads, never a crash or silent nonsense", "[fuzz][snapshot]") {
  const std::string dir = test::temp_path("fuzz_inproc");
  const fuzz::bases b = fuzz::write_bases(dir);
  std::map<std::string, network_state> base_state;
  for (const auto& path : b.snapshots) base_state[path] = read_snapshot(path);
  base_state[b.legacy] = read_snapshot(b.legacy);
  CHECK(fuzz::state_difference(base_state[b.legacy], base_state[b.snapshots[0]]) == "");  // old strings still load

  const auto corpus = fuzz::make_corpus(b, options_for(dir + "/mutants"));
  tally snapshots, run_files;
  for (const auto& m : corpus) {
    if (m.snapshot) run_snapshot_mutant(m, base_state.at(m.base), snapshots);
    else run_file_mutant(m, run_files);
  }
  std::printf("fuzz: %zu snapshot mutants (%zu refused, %zu loaded), %zu run-file mutants (%zu refused, %zu described)\n",
              snapshots.mutants, snapshots.refused, snapshots.loaded, run_files.mutants, run_files.refused, run_files.loaded);
  CHECK(snapshots.mutants > 100);
}

TEST_CASE("the engram binary on damaged files: exit 0 or 2, one error line, no signal", "[fuzz][cli]") {
  const std::string dir = test::temp_path("fuzz_cli");
  const fuzz::bases b = fuzz::write_bases(dir);
  fuzz::corpus_options o = options_for(dir + "/mutants");
  o.byte_flips = o.truncations = o.heap_flips = 2;  // the named cases, and a few of each random class
  o.generic = 0;
  o.run_file = 6;
  const auto corpus = fuzz::make_corpus(b, o);
  // One of each class: a scalar stored as an array, a forged ring, a truncation, a heap flip, a
  // byte flip, a 3-D spike dataset.
  std::vector<fuzz::mutant> chosen;
  for (const char* prefix : {"root step as 64 values", "ring entry INT64_MAX", "truncated", "global heap byte", "byte ",
                             "spike timestamps 3-D"})
    for (const auto& m : corpus)
      if (m.name.rfind(prefix, 0) == 0) {
        chosen.push_back(m);
        break;
      }
  REQUIRE(chosen.size() == 6);
  const std::string bin = ENGRAM_BINARY;
  for (const auto& m : chosen) {
    std::vector<std::string> commands{bin + " inspect " + m.path};
    if (m.snapshot) {
      commands.push_back(bin + " resume " + m.path + " --duration 5ms --backend cpu --threads 1 --quiet");
      commands.push_back(bin + " metrics " + m.path);
    }
    for (const auto& c : commands) {
      auto r = test::run_command(c);
      r.output = without_sanitizer_notes(r.output);
      INFO(m.name << "\n" << c << "\n" << r.output);
      CHECK((r.exit_code == 0 || r.exit_code == 2));
      if (r.exit_code == 2) {
        CHECK(r.output.rfind("engram: error: ", 0) == 0);
        CHECK(r.output.find('\n') == r.output.size() - 1);  // one line
      }
    }
  }
}
