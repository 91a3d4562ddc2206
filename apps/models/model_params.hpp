#pragma once
// The named numeric parameters of a model, set from the command line with --set key=value.
#include <map>
#include <string>
#include <vector>

namespace engram {

class model_params {
 public:
  struct entry {
    std::string key;
    double value;
    std::string help;
  };

  model_params& declare(const std::string& key, double value, const std::string& help);
  // "key=value"; throws invalid_parameter for an unknown key or a value that is not a finite number.
  void set(const std::string& assignment, const std::string& model);
  double get(const std::string& key) const;
  uint32_t count(const std::string& key) const;  // a non-negative integer parameter
  const std::vector<entry>& entries() const { return entries_; }

 private:
  std::vector<entry> entries_;
};

}  // namespace engram
