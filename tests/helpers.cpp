#include "tests/helpers.hpp"

#include <array>
#include <cstdio>
#include <filesystem>
#include <sys/wait.h>

namespace engram::test {

command_result run_command(const std::string& command) {
  command_result r{-1, {}};
  FILE* pipe = popen((command + " 2>&1").c_str(), "r");
  if (!pipe) return r;
  std::array<char, 4096> buf;
  size_t n;
  while ((n = fread(buf.data(), 1, buf.size(), pipe)) > 0) r.output.append(buf.data(), n);
  const int status = pclose(pipe);
  r.exit_code = WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
  return r;
}

std::string temp_path(const std::string& name) {
  std::filesystem::create_directories(ENGRAM_TEST_TMP);
  return std::string(ENGRAM_TEST_TMP) + "/" + name;
}

}  // namespace engram::test
