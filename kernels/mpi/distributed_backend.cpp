#include "kernels/mpi/distributed_backend.hpp"

#include <algorithm>
#include <climits>
#include <cstring>
#include <fmt/format.h>
#include <mpi.h>
#include <omp.h>

#include "engine/errors.hpp"
#include "engine/plasticity_layout.hpp"
#include "kernels/cpu/build_synapses.hpp"
#include "kernels/cpu/cpu_backend.hpp"

namespace engram::mpi {
namespace {

// A rank's share as bytes for MPI_Gatherv: each array as its length and its elements.
class share_writer {
 public:
  template <class T>
  void put(const std::vector<T>& v) {
    const uint64_t n = v.size();
    append(&n, sizeof n);
    append(v.data(), n * sizeof(T));
  }
  std::vector<char> bytes;

 private:
  void append(const void* p, size_t n) {
    const char* c = static_cast<const char*>(p);
    bytes.insert(bytes.end(), c, c + n);
  }
};

class share_reader {
 public:
  share_reader(const char* p, size_t n) : p_(p), end_(p + n) {}
  template <class T>
  void get(std::vector<T>& v) {
    uint64_t n = 0;
    take(&n, sizeof n);
    v.resize(n);
    take(v.data(), n * sizeof(T));
  }

 private:
  void take(void* to, size_t n) {
    if (static_cast<size_t>(end_ - p_) < n) throw internal_error("rank share truncated");
    if (n) std::memcpy(to, p_, n);
    p_ += n;
  }
  const char* p_;
  const char* end_;
};

std::vector<char> serialize(const rank_share& r) {
  share_writer w;
  w.put(std::vector<uint32_t>{r.block.first, r.block.end});
  for (const auto* v : {&r.v, &r.u, &r.i_syn, &r.g_inh, &r.a, &r.b, &r.c, &r.d}) w.put(*v);
  w.put(r.refractory), w.put(r.spike_probability), w.put(r.ring);
  w.put(std::vector<uint64_t>{r.post_trace.size(), r.tables.size()});
  for (const auto& t : r.post_trace) w.put(t);
  for (const auto& t : r.tables) {
    w.put(t.row_length), w.put(t.packed);
    for (const auto* v : {&t.weight, &t.aux, &t.importance, &t.gate}) w.put(*v);
  }
  return std::move(w.bytes);
}

rank_share deserialize(const char* p, size_t n) {
  share_reader in(p, n);
  rank_share r;
  std::vector<uint32_t> block;
  in.get(block);
  if (block.size() != 2) throw internal_error("rank share: block");
  r.block = {block[0], block[1]};
  for (auto* v : {&r.v, &r.u, &r.i_syn, &r.g_inh, &r.a, &r.b, &r.c, &r.d}) in.get(*v);
  in.get(r.refractory), in.get(r.spike_probability), in.get(r.ring);
  std::vector<uint64_t> sizes;
  in.get(sizes);
  if (sizes.size() != 2) throw internal_error("rank share: sizes");
  r.post_trace.resize(sizes[0]);
  r.tables.resize(sizes[1]);
  for (auto& t : r.post_trace) in.get(t);
  for (auto& t : r.tables) {
    in.get(t.row_length), in.get(t.packed);
    for (auto* v : {&t.weight, &t.aux, &t.importance, &t.gate}) in.get(*v);
  }
  return r;
}

// Steps between exchanges: 1 when a rule reads spikes in the step they happen (plasticity: the
// traces, the history, STP and contingencies see every neuron's spikes at once), else the
// network's smallest delay, by which every spike of an interval reaches its targets after it.
uint32_t exchange_interval_of(const network_state& s) {
  if (s.plasticity.active()) return 1;
  uint32_t smallest = s.ring_slots > 1 ? s.ring_slots - 1 : 1;
  for (const auto& t : s.projections) {
    if (t.size() == 0) continue;
    if (!t.per_synapse_delays()) {
      smallest = std::min<uint32_t>(smallest, t.uniform_delay);
      continue;
    }
    for (uint32_t word : t.packed) smallest = std::min(smallest, t.code().delay(word));
  }
  return std::max<uint32_t>(smallest, 1);
}

int world_rank() {
  int r = 0;
  MPI_Comm_rank(MPI_COMM_WORLD, &r);
  return r;
}

int world_size() {
  int r = 1;
  MPI_Comm_size(MPI_COMM_WORLD, &r);
  return r;
}

}  // namespace

distributed_backend::distributed_backend(const backend_options& options)
    : options_(options), inner_(std::make_unique<cpu::cpu_backend>(options)) {}

std::string distributed_backend::device() const { return fmt::format("{} MPI ranks x {}", world_size(), inner_->device()); }

void distributed_backend::refuse(const std::string& what) const {
  throw backend_unavailable(fmt::format("{} is not available in a distributed (MPI) run yet; run on one rank (without mpirun)", what));
}

// Each rank generates only its share: the synapses onto its block, each drawn exactly as the
// single-process builder draws it (a row is generated whole for a moment, one projection at a
// time, fixed in-degree columns only for the block). What the whole table decides, the delay
// range of an STDP projection and the smallest delay, is then agreed over the ranks.
void distributed_backend::build(const network& net, network_state s) {
  if (s.growth.active()) refuse("growth");
  block_ = block_of(s.neuron_count(), world_rank(), world_size());
  const int threads = options_.threads > 0 ? options_.threads : omp_get_max_threads();
  for (uint32_t p = 0; p < s.projections.size(); ++p) {
    synapse_table& t = s.projections[p];
    const uint32_t first = std::clamp(block_.first, t.post_first, t.post_first + t.post_count) - t.post_first;
    const uint32_t end = std::clamp(block_.end, t.post_first, t.post_first + t.post_count) - t.post_first;
    cpu::build_synapses(net, p, t, threads, {first, end});
  }
  prepare_plastic_synapses(s);
  // Delay ranges: a rank without synapses in a table leaves it to the others (all empty: 1..1).
  std::vector<int> low, high;
  for (const auto& e : s.plasticity.projections) {
    const bool none = s.projections[e.projection].size() == 0;
    low.push_back(none ? 256 : e.delay_min);
    high.push_back(none ? 0 : e.delay_max);
  }
  if (!low.empty()) {
    MPI_Allreduce(MPI_IN_PLACE, low.data(), static_cast<int>(low.size()), MPI_INT, MPI_MIN, MPI_COMM_WORLD);
    MPI_Allreduce(MPI_IN_PLACE, high.data(), static_cast<int>(high.size()), MPI_INT, MPI_MAX, MPI_COMM_WORLD);
  }
  for (size_t k = 0; k < low.size(); ++k) {
    auto& e = s.plasticity.projections[k];
    e.delay_min = static_cast<uint8_t>(low[k] > high[k] ? 1 : low[k]);
    e.delay_max = static_cast<uint8_t>(low[k] > high[k] ? 1 : high[k]);
  }
  uint32_t interval = exchange_interval_of(s);
  MPI_Allreduce(MPI_IN_PLACE, &interval, 1, MPI_UINT32_T, MPI_MIN, MPI_COMM_WORLD);
  start(s, interval);
}

// A complete state (a snapshot, on every rank): sorted into canonical order and cut to the share.
void distributed_backend::load(network_state s) {
  if (s.growth.active()) refuse("growth");
  block_ = block_of(s.neuron_count(), world_rank(), world_size());
  const uint32_t interval = exchange_interval_of(s);
  sort_rows_canonically(s);
  keep_incoming(s, block_);
  start(s, interval);
}

void distributed_backend::start(network_state& share, uint32_t interval) {
  inner_->load(std::move(share));
  exchange_ = std::make_unique<mpi_spike_exchange>(interval);
  inner_->distribute(block_, exchange_.get());
}

network_state distributed_backend::export_state() const {
  const double t0 = MPI_Wtime();
  struct timed {  // counts the export however it returns
    export_totals& t;
    double t0;
    ~timed() { t.seconds += MPI_Wtime() - t0, t.exports += 1; }
  } timing{exports_, t0};
  network_state mine = inner_->export_state();
  const std::vector<char> bytes = serialize(share_of(mine, block_));
  if (bytes.size() > static_cast<size_t>(INT_MAX))
    throw backend_unavailable(fmt::format("this rank's share of the state ({} bytes) is over MPI's 2 GiB per message; use more ranks",
                                          bytes.size()));
  const int ranks = world_size(), me = world_rank();
  int size = static_cast<int>(bytes.size());
  exports_.bytes += bytes.size();
  std::vector<int> sizes(me == 0 ? ranks : 0), offsets(me == 0 ? ranks : 0);
  MPI_Gather(&size, 1, MPI_INT, sizes.data(), 1, MPI_INT, 0, MPI_COMM_WORLD);
  std::vector<char> all;
  if (me == 0) {
    int64_t total = 0;
    for (int r = 0; r < ranks; ++r) {
      if (total + sizes[r] > INT_MAX) throw backend_unavailable("the gathered state is over MPI's 2 GiB per message");
      offsets[r] = static_cast<int>(total);
      total += sizes[r];
    }
    all.resize(static_cast<size_t>(total));
  }
  MPI_Gatherv(bytes.data(), size, MPI_BYTE, all.data(), sizes.data(), offsets.data(), MPI_BYTE, 0, MPI_COMM_WORLD);
  if (me != 0) return mine;
  std::vector<rank_share> shares;
  for (int r = 0; r < ranks; ++r) shares.push_back(deserialize(all.data() + offsets[r], static_cast<size_t>(sizes[r])));
  merge_shares(mine, shares);
  return mine;
}

backend::synapse_footprint distributed_backend::footprint() const {
  synapse_footprint f = inner_->footprint();
  uint64_t v[2] = {f.synapses, f.bytes};
  MPI_Allreduce(MPI_IN_PLACE, v, 2, MPI_UINT64_T, MPI_SUM, MPI_COMM_WORLD);
  return {v[0], v[1]};
}

uint64_t distributed_backend::synaptic_events() const {
  uint64_t events = inner_->synaptic_events();
  MPI_Allreduce(MPI_IN_PLACE, &events, 1, MPI_UINT64_T, MPI_SUM, MPI_COMM_WORLD);
  return events;
}

const exchange_totals& distributed_backend::totals() const {
  static const exchange_totals none;
  return exchange_ ? exchange_->totals() : none;
}

}  // namespace engram::mpi
