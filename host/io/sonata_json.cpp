#include "host/io/sonata_json.hpp"

#include <filesystem>
#include <fmt/format.h>
#include <fstream>
#include <sstream>

#include "engine/errors.hpp"

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

}  // namespace engram
