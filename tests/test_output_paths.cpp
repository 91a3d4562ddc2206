// Where a run writes: checked before it starts, and never a rename over something that is not a
// regular file (as root, over /dev/null).
#include <filesystem>
#include <sys/stat.h>

#include "engine/errors.hpp"
#include "host/io/atomic_file.hpp"
#include "host/io/output_path.hpp"
#include "host/io/snapshot.hpp"
#include "tests/catch.hpp"
#include "tests/helpers.hpp"

using namespace engram;
namespace fs = std::filesystem;

namespace {

std::string error_of(const std::vector<std::pair<std::string, std::string>>& outputs) {
  try {
    check_output_paths(outputs);
  } catch (const invalid_parameter& e) {
    return e.what();
  }
  return "";
}

}  // namespace

TEST_CASE("output paths are checked before a run", "[output][errors]") {
  const std::string dir = test::temp_path("outputs");
  fs::remove_all(dir);
  CHECK(error_of({{"--out", dir + "/new/folders/run.h5"}, {"--snapshot", ""}}) == "");  // created, writable
  CHECK(fs::is_directory(dir + "/new/folders"));
  CHECK(fs::is_empty(dir + "/new/folders"));  // the probe file is gone
  CHECK(error_of({{"--out", dir}}).find("exists and is a folder") != std::string::npos);
  CHECK(error_of({{"--out", "/dev/null"}}).find("exists and is a device") != std::string::npos);
  CHECK(error_of({{"--out", dir + "/a.h5"}, {"--snapshot", dir + "/new/../a.h5"}}).find("name the same file") != std::string::npos);
  const std::string fifo = dir + "/pipe.h5";
  REQUIRE(::mkfifo(fifo.c_str(), 0644) == 0);
  CHECK(error_of({{"--snapshot", fifo}}).find("exists and is a pipe") != std::string::npos);
}

TEST_CASE("a snapshot is never renamed over something that is not a regular file", "[output][snapshot][errors]") {
  const std::string dir = test::temp_path("outputs_rename");
  fs::remove_all(dir);
  fs::create_directories(dir);
  const std::string fifo = dir + "/pipe.h5";
  REQUIRE(::mkfifo(fifo.c_str(), 0644) == 0);
  network_state s;
  s.populations.push_back({"p", 0, 1});
  s.neurons.v = s.neurons.u = s.neurons.i_syn = s.neurons.g_inh = s.neurons.a = s.neurons.b = s.neurons.c = s.neurons.d = {0.0f};
  s.neurons.refractory = {0};
  s.neurons.spike_probability = {0.0};
  s.ring.assign(2, 0);
  std::string message;
  try {
    write_snapshot(fifo, s, {});
  } catch (const error& e) {
    message = e.what();
  }
  CHECK(message.find("exists and is not a regular file") != std::string::npos);
  CHECK(fs::is_fifo(fifo));  // left as it was
  for (const auto& e : fs::directory_iterator(dir)) CHECK(e.path().filename() == "pipe.h5");  // no temporary left
  // Temporary names are unique per file within a process: a run file and a snapshot never share one.
  CHECK(temporary_path_for(fifo) != temporary_path_for(fifo));
}
