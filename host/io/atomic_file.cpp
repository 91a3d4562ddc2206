#include "host/io/atomic_file.hpp"

#include <atomic>
#include <cerrno>
#include <cstdio>
#include <cstring>
#include <fcntl.h>
#include <filesystem>
#include <fmt/format.h>
#include <sys/stat.h>
#include <unistd.h>

#include "engine/errors.hpp"

namespace engram {
namespace {

void fsync_path(const std::string& path, int flags) {
  const int fd = ::open(path.c_str(), flags);
  if (fd < 0) throw error(fmt::format("cannot open '{}' to sync it: {}", path, std::strerror(errno)));
  const int rc = ::fsync(fd);
  ::close(fd);
  if (rc != 0) throw error(fmt::format("fsync of '{}' failed: {}", path, std::strerror(errno)));
}

}  // namespace

std::string temporary_path_for(const std::string& path) {
  // Unique per file within a process too: a run file and a snapshot may be written at once.
  static std::atomic<uint64_t> counter{0};
  return fmt::format("{}.tmp-{}-{}", path, ::getpid(), counter++);
}

void commit_file(const std::string& temporary, const std::string& path) {
  // rename() replaces whatever is at `path`: as root, even /dev/null. Only a regular file may go.
  struct stat st {};
  if (::stat(path.c_str(), &st) == 0 && !S_ISREG(st.st_mode)) {
    std::remove(temporary.c_str());
    throw error(fmt::format("'{}' exists and is not a regular file; it was left as it is", path));
  }
  fsync_path(temporary, O_RDONLY);
  if (std::rename(temporary.c_str(), path.c_str()) != 0)
    throw error(fmt::format("cannot rename '{}' to '{}': {}", temporary, path, std::strerror(errno)));
  auto folder = std::filesystem::path(path).parent_path();
  fsync_path(folder.empty() ? "." : folder.string(), O_RDONLY | O_DIRECTORY);
}

}  // namespace engram
