#include "host/io/iris_reader.hpp"

#include <algorithm>
#include <cmath>
#include <fmt/format.h>

#include "engine/errors.hpp"
#include "host/io/json_file.hpp"

namespace engram {

tabular_dataset load_iris(const std::string& root) {
  const std::string path = root + "/iris/iris.json";
  const nlohmann::json rows = read_json_file(path, "Iris data (data/fetch.sh iris)");
  tabular_dataset d;
  d.name = "iris";
  d.features = 4;
  d.classes = {"setosa", "versicolor", "virginica"};
  if (!rows.is_array() || rows.size() != 150)
    throw error(fmt::format("Iris data '{}': expected an array of 150 rows, got {}", path,
                            rows.is_array() ? std::to_string(rows.size()) + " rows" : std::string("no array")));
  for (size_t i = 0; i < rows.size(); ++i) {
    const auto& r = rows[i];
    const auto bad = [&](const std::string& why) { return error(fmt::format("Iris data '{}': row {}: {}", path, i, why)); };
    if (!r.is_array() || r.size() != 5) throw bad("not [4 numbers, species]");
    for (int k = 0; k < 4; ++k) {
      if (!r[k].is_number()) throw bad(fmt::format("feature {} is not a number", k));
      const double v = r[k].get<double>();
      if (!std::isfinite(v) || v < 0 || v > 100) throw bad(fmt::format("feature {} = {} is not a length in cm", k, v));
      d.values.push_back(v);
    }
    if (!r[4].is_string()) throw bad("the species is not a string");
    const std::string species = r[4].get<std::string>();
    const auto it = std::find(d.classes.begin(), d.classes.end(), species);
    if (it == d.classes.end()) throw bad(fmt::format("unknown species '{}'", species));
    d.labels.push_back(static_cast<uint32_t>(it - d.classes.begin()));
  }
  return d;
}

}  // namespace engram
