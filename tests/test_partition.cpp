// Distributed runs without MPI (docs/distributed.md): a state split into rank shares merges back
// bit for bit, and CPU backends holding one block each, exchanging spikes through threads in
// this process, run exactly the single-process simulation (every step, and every minimum delay).
// The same runs under mpirun are tests/mpi/.
#include <barrier>
#include <cstring>
#include <thread>

#include "apps/models/registry.hpp"
#include "engine/errors.hpp"
#include "engine/partition.hpp"
#include "engine/spike_exchange.hpp"
#include "kernels/cpu/cpu_backend.hpp"
#include "tests/catch.hpp"
#include "tests/helpers.hpp"

using namespace engram;

namespace {

// The tests' mixed network in odd sizes (blocks cut populations and noise pairs), delays from
// `delay_low` ms.
network mixed_network(double delay_low) {
  test::mixed_spec spec;
  spec.seed = 77, spec.poisson = 41, spec.cue = 7, spec.lif = 83, spec.izh = 61;
  spec.cue_spikes = {{0, 3.0}, {6, 40.5}, {3, 77.0}, {1, 120.0}, {5, 121.0}};
  spec.delay_low_ms = delay_low;
  return test::mixed_network(spec);
}

network model(const std::string& name, std::vector<std::string> sets = {}) {
  const auto& m = find_model(name);
  model_params p = m.parameters();
  for (const auto& s : sets) p.set(s, name);
  return m.build(p, m.default_dt_ms, 5);
}


template <class T>
bool same_bits(const std::vector<T>& a, const std::vector<T>& b) {
  return a.size() == b.size() && (a.empty() || std::memcmp(a.data(), b.data(), a.size() * sizeof(T)) == 0);
}

void require_same(const network_state& a, const network_state& b) {
  const auto& x = a.neurons;
  const auto& y = b.neurons;
  CHECK(same_bits(x.v, y.v));
  CHECK(same_bits(x.u, y.u));
  CHECK(same_bits(x.i_syn, y.i_syn));
  CHECK(same_bits(x.g_inh, y.g_inh));
  CHECK(same_bits(x.refractory, y.refractory));
  CHECK(same_bits(x.a, y.a));
  CHECK(same_bits(x.spike_probability, y.spike_probability));
  CHECK(a.ring == b.ring);
  REQUIRE(a.projections.size() == b.projections.size());
  for (size_t p = 0; p < a.projections.size(); ++p) {
    CHECK(a.projections[p].row_ptr == b.projections[p].row_ptr);
    CHECK(a.projections[p].packed == b.projections[p].packed);
    CHECK(same_bits(a.projections[p].weight, b.projections[p].weight));
  }
  REQUIRE(a.plasticity.projections.size() == b.plasticity.projections.size());
  for (size_t e = 0; e < a.plasticity.projections.size(); ++e) {
    const auto& p = a.plasticity.projections[e];
    const auto& q = b.plasticity.projections[e];
    CHECK(same_bits(p.synapse_aux, q.synapse_aux));
    CHECK(same_bits(p.post_trace, q.post_trace));
    CHECK(same_bits(p.pre_trace, q.pre_trace));
    CHECK(same_bits(p.importance, q.importance));
    CHECK(same_bits(p.gate, q.gate));
  }
  CHECK(a.plasticity.spike_history == b.plasticity.spike_history);
}

// Splits `full` over `ranks` as a distributed run's ranks hold it and merges the shares again.
network_state split_and_merge(const network_state& full, int ranks) {
  std::vector<rank_share> shares;
  network_state base;
  for (int r = 0; r < ranks; ++r) {
    network_state part = full;
    const neuron_block b = block_of(full.neuron_count(), r, ranks);
    sort_rows_canonically(part);
    keep_incoming(part, b);
    shares.push_back(share_of(part, b));
    if (r == 0) base = std::move(part);
  }
  merge_shares(base, shares);
  return base;
}

// An exchange between threads of this process: each rank's spikes into its slot, a barrier, the
// others' spikes out in (step, neuron) order (the slots are in rank order, blocks ascend).
class thread_exchange {
 public:
  thread_exchange(int ranks, uint32_t interval) : slots_(ranks), barrier_(ranks), interval_(interval) {}
  struct endpoint final : spike_exchange {
    thread_exchange* x;
    int rank;
    uint32_t interval() const override { return x->interval_; }
    void exchange(const spike_record& mine, spike_record& others) override {
      x->slots_[rank] = mine;
      x->barrier_.arrive_and_wait();
      std::vector<std::pair<uint64_t, uint32_t>> all;
      for (int r = 0; r < static_cast<int>(x->slots_.size()); ++r)
        if (r != rank)
          for (size_t k = 0; k < x->slots_[r].size(); ++k) all.emplace_back(x->slots_[r].step[k], x->slots_[r].neuron[k]);
      std::stable_sort(all.begin(), all.end(), [](const auto& a, const auto& b) { return a.first < b.first; });
      others = {};
      for (const auto& [s, n] : all) others.step.push_back(s), others.neuron.push_back(n);
      x->barrier_.arrive_and_wait();
    }
  };

 private:
  std::vector<spike_record> slots_;
  std::barrier<> barrier_;
  uint32_t interval_;
};

// `ranks` CPU backends, one block each, run `steps` in chunks of `chunk` on threads; returns
// rank 0's record (every spike) and the merged final state.
std::pair<spike_record, network_state> run_ranks(const network_state& built, int ranks, uint32_t interval, uint64_t steps,
                                                 uint64_t chunk) {
  thread_exchange x(ranks, interval);
  std::vector<thread_exchange::endpoint> ends(ranks);
  std::vector<std::unique_ptr<cpu::cpu_backend>> backends;
  std::vector<neuron_block> blocks;
  for (int r = 0; r < ranks; ++r) {
    ends[r].x = &x, ends[r].rank = r;
    network_state part = built;
    blocks.push_back(block_of(built.neuron_count(), r, ranks));
    sort_rows_canonically(part);
    keep_incoming(part, blocks[r]);
    backends.push_back(std::make_unique<cpu::cpu_backend>(backend_options{1}));
    backends[r]->load(std::move(part));
    backends[r]->distribute(blocks[r], &ends[r]);
  }
  const bool plastic = built.plasticity.active();
  spike_record record;
  std::vector<std::thread> threads;
  for (int r = 0; r < ranks; ++r)
    threads.emplace_back([&, r] {
      for (uint64_t first = built.step; first < built.step + steps; first += chunk)
        backends[r]->run_steps(first, std::min(chunk, built.step + steps - first), plastic, r == 0);
    });
  for (auto& t : threads) t.join();
  record = backends[0]->drain_recorded();
  std::vector<rank_share> shares;
  for (int r = 0; r < ranks; ++r) shares.push_back(share_of(backends[r]->export_state(), blocks[r]));
  network_state merged = backends[0]->export_state();
  merge_shares(merged, shares);
  return {record, merged};
}

void check_ranks_match_one_process(const network& net, int ranks, uint32_t interval, uint64_t steps, uint64_t chunk) {
  auto one = test::cpu_simulator(net, 1);
  const network_state built = one->export_state();
  one->run_steps(steps);
  const spike_record expected = one->drain_spikes();
  network_state single = one->export_state();
  const auto [record, merged] = run_ranks(built, ranks, interval, steps, chunk);
  REQUIRE(expected.size() > 100);
  CHECK(record.step == expected.step);
  CHECK(record.neuron == expected.neuron);
  require_same(merged, single);
}

}  // namespace

TEST_CASE("blocks of neurons cover the network in rank order, and a rank without a neuron is refused", "[distributed]") {
  uint32_t next = 0;
  for (int r = 0; r < 3; ++r) {
    const neuron_block b = block_of(10, r, 3);
    CHECK(b.first == next);
    CHECK((b.size() == 3 || b.size() == 4));
    next = b.end;
  }
  CHECK(next == 10);
  CHECK_THROWS_AS(block_of(3, 0, 4), invalid_parameter);
  CHECK_THROWS_WITH(block_of(3, 0, 4), Catch::Matchers::Contains("4 ranks for a network of 3 neurons"));
}

TEST_CASE("rank shares of a plastic state merge back into it bit for bit", "[distributed]") {
  auto sim = test::cpu_simulator(model("polychronization", {"n=300"}), 1);
  sim->run_steps(300);
  const network_state full = sim->export_state();
  REQUIRE(!full.plasticity.projections.empty());
  for (int ranks : {1, 2, 3, 4}) {
    INFO(ranks << " ranks");
    require_same(split_and_merge(full, ranks), full);
  }
}

TEST_CASE("rows out of canonical order are sorted with their weights, and a share keeps only its targets", "[distributed]") {
  auto sim = test::cpu_simulator(mixed_network(0.5), 1);
  network_state s = sim->export_state();
  synapse_table& t = s.projections[2];  // lif -> izh
  std::vector<std::pair<uint32_t, float>> first_row;
  for (uint64_t e = t.row_ptr[0]; e < t.row_ptr[1]; ++e) first_row.emplace_back(t.target_of(e), t.weight[e]);
  REQUIRE(first_row.size() > 3);
  for (uint32_t row = 0; row < t.pre_count; ++row) {  // reverse every row
    std::reverse(t.packed.begin() + static_cast<int64_t>(t.row_ptr[row]), t.packed.begin() + static_cast<int64_t>(t.row_ptr[row + 1]));
    std::reverse(t.weight.begin() + static_cast<int64_t>(t.row_ptr[row]), t.weight.begin() + static_cast<int64_t>(t.row_ptr[row + 1]));
  }
  sort_rows_canonically(s);
  for (uint64_t e = t.row_ptr[0]; e < t.row_ptr[1]; ++e) {
    CHECK(t.target_of(e) == first_row[e].first);
    CHECK(t.weight[e] == first_row[e].second);
  }
  const neuron_block b = block_of(s.neuron_count(), 1, 3);
  const uint64_t before = s.synapse_count();
  keep_incoming(s, b);
  CHECK(s.synapse_count() < before);
  for (const auto& table : s.projections)
    for (uint64_t e = 0; e < table.size(); ++e) CHECK(b.contains(table.target_of(e)));
}

TEST_CASE("ranks exchanging spikes every step run the single-process simulation", "[distributed]") {
  SECTION("every input kind, 3 uneven blocks") { check_ranks_match_one_process(mixed_network(0.5), 3, 1, 400, 97); }
  SECTION("STDP and its traces, 2 ranks") { check_ranks_match_one_process(model("polychronization", {"n=300"}), 2, 1, 400, 150); }
}

TEST_CASE("ranks exchanging spikes every minimum delay run the single-process simulation", "[distributed]") {
  // Delays of 3 to 9 ms at 0.5 ms steps: 6 steps at least; chunks that end inside an interval
  // flush it early, as a snapshot or drain would.
  check_ranks_match_one_process(mixed_network(3.0), 3, 6, 500, 131);
  check_ranks_match_one_process(mixed_network(3.0), 4, 6, 500, 500);
}
