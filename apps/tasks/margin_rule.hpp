#pragma once
// The margin rule of the Iris protocol (a perceptron with margin, on spike counts): a decision
// counts as learnt only when the right class fires strictly most and its strongest rival fires at
// most (1 - margin) of the right class's spikes. A decision that is right but within the margin
// is trained like an error, so the readout keeps separating the classes near their boundary
// instead of only reinforcing each class's template. With margin 0 it is the decoding rule of
// closed_loop.hpp: confident exactly when the decision is right.
#include <cstdint>
#include <vector>

namespace engram::tasks {

struct margin_check {
  bool confident = false;  // right, and the rival within (1 - margin) of the right class's spikes
  int rival = -1;          // the other class with the most spikes (the lowest on a tie); -1: all silent
};

margin_check check_margin(const std::vector<uint64_t>& counts, uint32_t right, double margin);

}  // namespace engram::tasks
