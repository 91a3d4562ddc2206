#include "apps/tasks/margin_rule.hpp"

#include <fmt/format.h>

#include "engine/errors.hpp"

namespace engram::tasks {

margin_check check_margin(const std::vector<uint64_t>& counts, uint32_t right, double margin) {
  if (right >= counts.size()) throw invalid_parameter(fmt::format("class {} is not among {} counts", right, counts.size()));
  if (!(margin >= 0 && margin <= 1)) throw invalid_parameter(fmt::format("margin {} is not in [0, 1]", margin));
  margin_check m;
  for (uint32_t c = 0; c < counts.size(); ++c)
    if (c != right && counts[c] > 0 && (m.rival < 0 || counts[c] > counts[static_cast<uint32_t>(m.rival)])) m.rival = static_cast<int>(c);
  const double rival = m.rival < 0 ? 0.0 : static_cast<double>(counts[static_cast<uint32_t>(m.rival)]);
  const double own = static_cast<double>(counts[right]);
  m.confident = own > rival && rival <= (1.0 - margin) * own;
  return m;
}

}  // namespace engram::tasks
