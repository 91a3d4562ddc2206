#pragma once
// Reading a JSON file of a SONATA circuit (configs, dynamics_params) with the checks every file
// from elsewhere gets: a regular file of sane size, valid JSON, errors that name the file.
#include <nlohmann/json.hpp>
#include <string>

namespace engram {

// Throws engram::error "'<path>': ..." for a missing, oversized or malformed file; `what` says
// what the file was meant to be ("SONATA config", "dynamics_params").
nlohmann::json read_json_file(const std::string& path, const std::string& what);

}  // namespace engram
