#pragma once
// Spikes between ranks over MPI (docs/distributed.md): at each exchange every rank sends all of
// its spikes since the last one to every other rank (MPI_Allgather of the counts, then
// MPI_Allgatherv of step offsets and neuron ids). Counts the time spent in MPI and the bytes.
#include <cstdint>
#include <utility>
#include <vector>

#include "engine/spike_exchange.hpp"

namespace engram::mpi {

struct exchange_totals {
  uint64_t exchanges = 0;
  uint64_t bytes_sent = 0;      // by this rank
  uint64_t bytes_received = 0;  // by this rank
  double seconds = 0;           // inside MPI calls
};

class mpi_spike_exchange final : public spike_exchange {
 public:
  explicit mpi_spike_exchange(uint32_t interval) : interval_(interval) {}
  uint32_t interval() const override { return interval_; }
  void exchange(const spike_record& mine, spike_record& others) override;
  const exchange_totals& totals() const { return totals_; }

 private:
  uint32_t interval_;
  exchange_totals totals_;
  std::vector<uint32_t> out_, in_;
  std::vector<int> counts_, displacements_;
  std::vector<std::pair<uint64_t, uint32_t>> spikes_;
};

}  // namespace engram::mpi
