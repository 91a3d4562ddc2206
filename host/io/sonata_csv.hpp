#pragma once
// The SONATA CSV dialect of node and edge types files: columns separated by one or more spaces,
// a header row of names, fields quoted with " where they hold spaces ("" is a quote inside one).
#include <optional>
#include <string>
#include <vector>

namespace engram {

class sonata_table {
 public:
  // Reads `path`; throws engram::error naming the file and line of a malformed row.
  static sonata_table read(const std::string& path);
  static sonata_table parse(const std::string& text, const std::string& path);

  const std::string& path() const { return path_; }
  size_t rows() const { return rows_.size(); }
  bool has_column(const std::string& name) const { return column(name) >= 0; }
  // The field, or nullopt when the column is absent or the field is empty or NULL.
  std::optional<std::string> text(size_t row, const std::string& column) const;
  // A number; throws when the field is there but not a finite number.
  std::optional<double> number(size_t row, const std::string& column) const;
  // An integer in [0, 2^53]; throws for anything else.
  std::optional<uint64_t> index(size_t row, const std::string& column) const;
  int line(size_t row) const { return lines_[row]; }

 private:
  int column(const std::string& name) const;
  std::string path_;
  std::vector<std::string> header_;
  std::vector<std::vector<std::string>> rows_;
  std::vector<int> lines_;  // file line of each row, for messages
};

}  // namespace engram
