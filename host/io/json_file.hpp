#pragma once
// Reading a JSON file (a SONATA config or dynamics_params, a data set) with the checks every file
// from elsewhere gets: a regular file of sane size, valid JSON, errors that name the file; and
// writing one (a run's results) atomically.
#include <nlohmann/json.hpp>
#include <string>

namespace engram {

// Throws engram::error "'<path>': ..." for a missing, oversized or malformed file; `what` says
// what the file was meant to be ("SONATA config", "dynamics_params").
nlohmann::json read_json_file(const std::string& path, const std::string& what);

// Writes `value` indented to a temporary file and renames it over `path` (host/io/atomic_file.hpp).
void write_json_file(const std::string& path, const nlohmann::json& value);

}  // namespace engram
