#include "host/io/sonata_csv.hpp"

#include <cmath>
#include <cstdlib>
#include <filesystem>
#include <fmt/format.h>
#include <fstream>
#include <sstream>

#include "engine/errors.hpp"

namespace engram {
namespace {

constexpr uintmax_t max_csv_bytes = uintmax_t{256} << 20;

// Splits one line into fields; returns false for an unterminated quote.
bool split(const std::string& line, std::vector<std::string>& fields) {
  fields.clear();
  size_t i = 0;
  while (true) {
    while (i < line.size() && (line[i] == ' ' || line[i] == '\t')) ++i;
    if (i >= line.size()) return true;
    std::string field;
    if (line[i] == '"') {
      ++i;
      while (true) {
        if (i >= line.size()) return false;
        if (line[i] == '"') {
          if (i + 1 < line.size() && line[i + 1] == '"') {
            field += '"';
            i += 2;
            continue;
          }
          ++i;
          break;
        }
        field += line[i++];
      }
      if (i < line.size() && line[i] != ' ' && line[i] != '\t') return false;  // text glued to a closing quote
    } else {
      while (i < line.size() && line[i] != ' ' && line[i] != '\t') field += line[i++];
    }
    fields.push_back(std::move(field));
  }
}

}  // namespace

sonata_table sonata_table::read(const std::string& path) {
  std::error_code ec;
  if (!std::filesystem::is_regular_file(path, ec))
    throw error(fmt::format("types file '{}': {}", path, std::filesystem::exists(path, ec) ? "not a regular file" : "no such file"));
  if (std::filesystem::file_size(path, ec) > max_csv_bytes)
    throw error(fmt::format("types file '{}': larger than {} MiB", path, max_csv_bytes >> 20));
  std::ifstream in(path, std::ios::binary);
  std::stringstream text;
  text << in.rdbuf();
  return parse(text.str(), path);
}

sonata_table sonata_table::parse(const std::string& text, const std::string& path) {
  sonata_table t;
  t.path_ = path;
  std::istringstream in(text);
  std::string line;
  std::vector<std::string> fields;
  int number = 0;
  while (std::getline(in, line)) {
    ++number;
    if (!line.empty() && line.back() == '\r') line.pop_back();
    if (line.find('\0') != std::string::npos) throw error(fmt::format("types file '{}' line {}: a NUL byte (not a text file?)", path, number));
    if (!split(line, fields)) throw error(fmt::format("types file '{}' line {}: unterminated or misplaced quote", path, number));
    if (fields.empty()) continue;
    if (t.header_.empty()) {
      t.header_ = fields;
      for (size_t a = 0; a < fields.size(); ++a)
        for (size_t b = 0; b < a; ++b)
          if (fields[a] == fields[b]) throw error(fmt::format("types file '{}': column '{}' appears twice", path, fields[a]));
      continue;
    }
    if (fields.size() != t.header_.size())
      throw error(fmt::format("types file '{}' line {}: {} fields, the header has {} columns", path, number, fields.size(), t.header_.size()));
    t.rows_.push_back(fields);
    t.lines_.push_back(number);
  }
  if (t.header_.empty()) throw error(fmt::format("types file '{}' is empty (no header row)", path));
  return t;
}

int sonata_table::column(const std::string& name) const {
  for (size_t c = 0; c < header_.size(); ++c)
    if (header_[c] == name) return static_cast<int>(c);
  return -1;
}

std::optional<std::string> sonata_table::text(size_t row, const std::string& name) const {
  const int c = column(name);
  if (c < 0) return std::nullopt;
  const std::string& v = rows_[row][static_cast<size_t>(c)];
  if (v.empty() || v == "NULL" || v == "None") return std::nullopt;
  return v;
}

std::optional<double> sonata_table::number(size_t row, const std::string& name) const {
  const auto v = text(row, name);
  if (!v) return std::nullopt;
  char* end = nullptr;
  const double x = std::strtod(v->c_str(), &end);
  if (end != v->c_str() + v->size() || !std::isfinite(x))
    throw error(fmt::format("types file '{}' line {}: {} '{}' is not a finite number", path_, lines_[row], name, *v));
  return x;
}

std::optional<uint64_t> sonata_table::index(size_t row, const std::string& name) const {
  const auto x = number(row, name);
  if (!x) return std::nullopt;
  if (*x < 0 || *x > 9007199254740992.0 || std::floor(*x) != *x)
    throw error(fmt::format("types file '{}' line {}: {} {} is not a non-negative integer", path_, lines_[row], name, *x));
  return static_cast<uint64_t>(*x);
}

}  // namespace engram
