#include "kernels/mpi/mpi_spike_exchange.hpp"

#include <algorithm>
#include <mpi.h>
#include <numeric>
#include <vector>

#include "engine/errors.hpp"

namespace engram::mpi {

// A rank's message: the first step of its spikes (two 32-bit words), then per spike its step's
// offset from it and its neuron. Ranks own ascending blocks of neurons, so the others' spikes,
// joined in rank order and stably sorted by step, come out in (step, neuron) order.
void mpi_spike_exchange::exchange(const spike_record& mine, spike_record& others) {
  const double t0 = MPI_Wtime();
  int rank = 0, ranks = 1;
  MPI_Comm_rank(MPI_COMM_WORLD, &rank);
  MPI_Comm_size(MPI_COMM_WORLD, &ranks);
  // The buffers are members: with plastic networks this runs every step.
  const uint64_t base = mine.size() ? mine.step.front() : 0;
  out_.assign({static_cast<uint32_t>(base), static_cast<uint32_t>(base >> 32)});
  for (size_t k = 0; k < mine.size(); ++k) {
    const uint64_t offset = mine.step[k] - base;
    if (offset > UINT32_MAX) throw internal_error("spike exchange interval too long");
    out_.push_back(static_cast<uint32_t>(offset));
    out_.push_back(mine.neuron[k]);
  }
  int words = static_cast<int>(out_.size());
  counts_.resize(ranks);
  displacements_.resize(ranks);
  MPI_Allgather(&words, 1, MPI_INT, counts_.data(), 1, MPI_INT, MPI_COMM_WORLD);
  std::exclusive_scan(counts_.begin(), counts_.end(), displacements_.begin(), 0);
  const int total = displacements_.back() + counts_.back();
  in_.resize(static_cast<size_t>(total));
  MPI_Allgatherv(out_.data(), words, MPI_UINT32_T, in_.data(), counts_.data(), displacements_.data(), MPI_UINT32_T, MPI_COMM_WORLD);
  spikes_.clear();
  for (int r = 0; r < ranks; ++r) {
    if (r == rank) continue;
    const uint32_t* m = in_.data() + displacements_[r];
    const uint64_t first = uint64_t{m[0]} | uint64_t{m[1]} << 32;
    for (int w = 2; w < counts_[r]; w += 2) spikes_.emplace_back(first + m[w], m[w + 1]);
  }
  const auto by_step = [](const auto& x, const auto& y) { return x.first < y.first; };
  if (!std::is_sorted(spikes_.begin(), spikes_.end(), by_step))  // an interval of several steps
    std::stable_sort(spikes_.begin(), spikes_.end(), by_step);
  others.step.clear();
  others.neuron.clear();
  for (const auto& [step, neuron] : spikes_) {
    others.step.push_back(step);
    others.neuron.push_back(neuron);
  }
  totals_.exchanges += 1;
  totals_.bytes_sent += 4ull * static_cast<uint64_t>(words + 1) * static_cast<uint64_t>(ranks - 1);  // + its count
  totals_.bytes_received += 4ull * static_cast<uint64_t>(total - words + ranks - 1);
  totals_.seconds += MPI_Wtime() - t0;
}

}  // namespace engram::mpi
