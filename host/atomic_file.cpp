#include "host/atomic_file.hpp"

#include <cerrno>
#include <cstdio>
#include <cstring>
#include <fcntl.h>
#include <filesystem>
#include <fmt/format.h>
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

std::string temporary_path_for(const std::string& path) { return fmt::format("{}.tmp-{}", path, ::getpid()); }

void commit_file(const std::string& temporary, const std::string& path) {
  fsync_path(temporary, O_RDONLY);
  if (std::rename(temporary.c_str(), path.c_str()) != 0)
    throw error(fmt::format("cannot rename '{}' to '{}': {}", temporary, path, std::strerror(errno)));
  auto folder = std::filesystem::path(path).parent_path();
  fsync_path(folder.empty() ? "." : folder.string(), O_RDONLY | O_DIRECTORY);
}

}  // namespace engram
