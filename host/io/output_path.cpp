#include "host/io/output_path.hpp"

#include <cerrno>
#include <climits>
#include <cstring>
#include <fcntl.h>
#include <filesystem>
#include <fmt/format.h>
#include <sys/stat.h>
#include <unistd.h>

#include "engine/errors.hpp"

namespace engram {
namespace {

namespace fs = std::filesystem;

// Room kept in the last component for the temporary file's suffix (atomic_file.cpp).
constexpr size_t temporary_suffix = 32;

const char* kind_of(mode_t mode) {
  if (S_ISDIR(mode)) return "a folder";
  if (S_ISCHR(mode) || S_ISBLK(mode)) return "a device";
  if (S_ISFIFO(mode)) return "a pipe";
  if (S_ISSOCK(mode)) return "a socket";
  return "not a regular file";
}

void check_one(const std::string& option, const std::string& path) {
  auto fail = [&](const std::string& why) { return invalid_parameter(fmt::format("{} '{}': {}", option, path, why)); };
  if (path.size() >= PATH_MAX) throw fail(fmt::format("the path is longer than {} bytes", PATH_MAX - 1));
  const fs::path p(path);
  if (!p.has_filename()) throw fail("names a folder, expected a file");
  for (const auto& part : p)
    if (part.native().size() > NAME_MAX) throw fail(fmt::format("a name in it is longer than {} bytes", NAME_MAX));
  if (p.filename().native().size() + temporary_suffix > NAME_MAX)
    throw fail(fmt::format("the file name is longer than {} bytes (it is written under a temporary name first)", NAME_MAX - temporary_suffix));
  struct stat st {};
  if (::stat(path.c_str(), &st) == 0 && !S_ISREG(st.st_mode))
    throw fail(fmt::format("exists and is {}; Engram replaces the file at that path, so it must be a regular file or absent", kind_of(st.st_mode)));
  // The folder: created now (the run would create it), then proven writable by creating and
  // removing a file in it: permission bits do not tell (root, read-only mounts, /proc).
  const fs::path folder = p.parent_path().empty() ? fs::path(".") : p.parent_path();
  std::error_code ec;
  fs::create_directories(folder, ec);
  if (!fs::is_directory(folder, ec)) throw fail(fmt::format("cannot create folder '{}'", folder.string()));
  const std::string probe = fmt::format("{}.tmp-{}-check", path, ::getpid());
  const int fd = ::open(probe.c_str(), O_WRONLY | O_CREAT | O_EXCL, 0644);
  if (fd < 0) throw fail(fmt::format("cannot create files in folder '{}': {}", folder.string(), std::strerror(errno)));
  ::close(fd);
  ::unlink(probe.c_str());
}

}  // namespace

void check_output_paths(const std::vector<std::pair<std::string, std::string>>& outputs) {
  for (const auto& [option, path] : outputs)
    if (!path.empty()) check_one(option, path);
  for (size_t i = 0; i < outputs.size(); ++i)
    for (size_t j = i + 1; j < outputs.size(); ++j) {
      if (outputs[i].second.empty() || outputs[j].second.empty()) continue;
      std::error_code ec;
      const fs::path a = fs::weakly_canonical(outputs[i].second, ec), b = fs::weakly_canonical(outputs[j].second, ec);
      if (a == b)
        throw invalid_parameter(fmt::format("{} and {} name the same file '{}'; each needs its own", outputs[i].first,
                                            outputs[j].first, outputs[i].second));
    }
}

}  // namespace engram
