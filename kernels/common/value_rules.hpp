#pragma once
// The value rules of a projection's weights and delays (connectivity.hpp), made on the host once
// for every builder, so that the CPU and the device draw the same values.
#include "engine/layout.hpp"
#include "engine/network.hpp"
#include "kernels/common/connectivity.hpp"

namespace engram::connect {

inline value_rule rule_of(const distribution& d) {
  return {static_cast<uint8_t>(d.type), d.low, d.high, d.mu, d.sigma, 1.0};
}

inline value_rule weight_rule(const projection& pr) { return rule_of(pr.weight); }

// Normal and log-normal delays are drawn in ms and rounded per synapse; the others have their
// bounds in steps.
inline value_rule delay_rule(const projection& pr, double dt_ms) {
  value_rule r = rule_of(pr.delay_ms);
  if (pr.delay_ms.truncated()) {
    r.step = dt_ms;
  } else {
    r.low = delay_steps(pr.delay_ms.low, dt_ms);
    r.high = delay_steps(pr.delay_ms.high, dt_ms);
  }
  return r;
}

}  // namespace engram::connect
