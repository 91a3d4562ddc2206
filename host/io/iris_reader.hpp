#pragma once
// Fisher's Iris data as data/fetch.sh leaves it (data/fetched/iris/iris.json: 150 rows
// [sepal length, sepal width, petal length, petal width, species], cm).
#include <cstdint>
#include <string>
#include <vector>

namespace engram {

struct tabular_dataset {
  std::string name;
  uint32_t features = 0;
  std::vector<double> values;   // samples x features
  std::vector<uint32_t> labels; // per sample, index in classes
  std::vector<std::string> classes;
  uint32_t count() const { return static_cast<uint32_t>(labels.size()); }
};

// Throws engram::error naming the file and the first bad row (missing file, not JSON, a row that
// is not four finite numbers and a known species, a count other than 150).
tabular_dataset load_iris(const std::string& root);

}  // namespace engram
