#include "host/io/json_file.hpp"

#include <filesystem>
#include <fmt/format.h>
#include <fstream>
#include <sstream>

#include "engine/errors.hpp"
#include "host/io/atomic_file.hpp"

namespace engram {

// Configs and parameter files are small; a bigger one is a mistake (or a forged file).
constexpr uintmax_t max_json_bytes = uintmax_t{16} << 20;

nlohmann::json read_json_file(const std::string& path, const std::string& what) {
  std::error_code ec;
  if (!std::filesystem::is_regular_file(path, ec))
    throw error(fmt::format("{} '{}': {}", what, path, std::filesystem::exists(path, ec) ? "not a regular file" : "no such file"));
  const uintmax_t size = std::filesystem::file_size(path, ec);
  if (ec || size > max_json_bytes)
    throw error(fmt::format("{} '{}': {} bytes, more than the {} MiB a JSON file may have", what, path, size, max_json_bytes >> 20));
  std::ifstream in(path, std::ios::binary);
  std::stringstream text;
  text << in.rdbuf();
  if (!in) throw error(fmt::format("{} '{}': cannot be read", what, path));
  try {
    return nlohmann::json::parse(text.str());
  } catch (const nlohmann::json::exception& e) {
    throw error(fmt::format("{} '{}': not valid JSON ({})", what, path, e.what()));
  }
}

void write_json_file(const std::string& path, const nlohmann::json& value) {
  const std::string temporary = temporary_path_for(path);
  {
    std::ofstream out(temporary, std::ios::binary | std::ios::trunc);
    out << value.dump(2) << "\n";
    out.flush();
    if (!out) {
      std::error_code ec;
      std::filesystem::remove(temporary, ec);
      throw error(fmt::format("cannot write '{}'", temporary));
    }
  }
  commit_file(temporary, path);
}

}  // namespace engram
