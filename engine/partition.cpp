#include "engine/partition.hpp"

#include <algorithm>
#include <fmt/format.h>
#include <numeric>

#include "engine/errors.hpp"

namespace engram {
namespace {

plastic_projection* entry_of(network_state& s, uint32_t projection) {
  for (auto& p : s.plasticity.projections)
    if (p.projection == projection) return &p;
  return nullptr;
}
const plastic_projection* entry_of(const network_state& s, uint32_t projection) {
  return entry_of(const_cast<network_state&>(s), projection);
}

// The per-synapse arrays of a projection that move with its synapses: weights and, when it is
// plastic, the derivative or eligibility, importances and gates (each empty or one per synapse).
std::vector<std::vector<float>*> synapse_floats(network_state& s, uint32_t projection) {
  std::vector<std::vector<float>*> out{&s.projections[projection].weight};
  if (plastic_projection* p = entry_of(s, projection))
    for (auto* v : {&p->synapse_aux, &p->importance, &p->gate})
      if (!v->empty()) out.push_back(v);
  return out;
}

// Keeps, in order, the synapses for which keep[e] is set (or reorders by `order`): row_ptr,
// words and every per-synapse array follow.
void select_synapses(network_state& s, uint32_t projection, const std::vector<uint64_t>& order,
                     const std::vector<uint64_t>& row_ptr) {
  synapse_table& t = s.projections[projection];
  std::vector<uint32_t> packed(order.size());
  for (size_t k = 0; k < order.size(); ++k) packed[k] = t.packed[order[k]];
  t.packed = std::move(packed);
  for (std::vector<float>* v : synapse_floats(s, projection)) {
    std::vector<float> out(order.size());
    for (size_t k = 0; k < order.size(); ++k) out[k] = (*v)[order[k]];
    *v = std::move(out);
  }
  t.row_ptr = row_ptr;
}

uint32_t key_of(const synapse_table& t, bool by_word, uint32_t word) { return by_word ? word : t.code().target(word); }

template <class T>
std::vector<T> slice(const std::vector<T>& v, size_t n, neuron_block b) {
  if (v.size() != n) return {};
  return std::vector<T>(v.begin() + b.first, v.begin() + b.end);
}

template <class T>
void put(std::vector<T>& v, size_t n, neuron_block b, const std::vector<T>& part) {
  if (v.size() != n || part.size() != b.size()) return;
  std::copy(part.begin(), part.end(), v.begin() + b.first);
}

// The part [lo, hi) of a projection's post population (local indices) that lies in `b`.
std::pair<uint32_t, uint32_t> posts_in(const synapse_table& t, neuron_block b) {
  const uint32_t lo = std::clamp(b.first, t.post_first, t.post_first + t.post_count) - t.post_first;
  const uint32_t hi = std::clamp(b.end, t.post_first, t.post_first + t.post_count) - t.post_first;
  return {lo, hi};
}

}  // namespace

neuron_block block_of(uint32_t neurons, int rank, int ranks) {
  if (ranks < 1 || rank < 0 || rank >= ranks) throw internal_error("rank out of range");
  if (static_cast<uint64_t>(ranks) > neurons)
    throw invalid_parameter(fmt::format("{} ranks for a network of {} neurons: every rank must own at least one neuron; "
                                        "launch at most {} ranks",
                                        ranks, neurons, neurons));
  const auto at = [&](int r) { return static_cast<uint32_t>(uint64_t{neurons} * static_cast<uint64_t>(r) / static_cast<uint64_t>(ranks)); };
  return {at(rank), at(rank + 1)};
}

bool sorted_by_word(const network_state& s, uint32_t projection) {
  const plastic_projection* p = entry_of(s, projection);
  return p && p->stdp.enabled;
}

void sort_rows_canonically(network_state& s) {
  for (uint32_t q = 0; q < s.projections.size(); ++q) {
    const synapse_table& t = s.projections[q];
    const bool by_word = sorted_by_word(s, q);
    bool sorted = true;
    for (uint32_t row = 0; row < t.pre_count && sorted; ++row)
      for (uint64_t e = t.row_ptr[row] + 1; e < t.row_ptr[row + 1] && sorted; ++e)
        sorted = key_of(t, by_word, t.packed[e - 1]) <= key_of(t, by_word, t.packed[e]);
    if (sorted) continue;
    std::vector<uint64_t> order(t.size());
    std::iota(order.begin(), order.end(), uint64_t{0});
    for (uint32_t row = 0; row < t.pre_count; ++row)
      std::stable_sort(order.begin() + static_cast<int64_t>(t.row_ptr[row]), order.begin() + static_cast<int64_t>(t.row_ptr[row + 1]),
                       [&](uint64_t x, uint64_t y) { return key_of(t, by_word, t.packed[x]) < key_of(t, by_word, t.packed[y]); });
    select_synapses(s, q, order, t.row_ptr);
  }
}

void keep_incoming(network_state& s, neuron_block owned) {
  for (uint32_t q = 0; q < s.projections.size(); ++q) {
    const synapse_table& t = s.projections[q];
    const auto [lo, hi] = posts_in(t, owned);
    std::vector<uint64_t> order, row_ptr(static_cast<size_t>(t.pre_count) + 1, 0);
    const synapse_code code = t.code();
    for (uint32_t row = 0; row < t.pre_count; ++row) {
      for (uint64_t e = t.row_ptr[row]; e < t.row_ptr[row + 1]; ++e)
        if (const uint32_t j = code.target(t.packed[e]); j >= lo && j < hi) order.push_back(e);
      row_ptr[row + 1] = order.size();
    }
    select_synapses(s, q, order, row_ptr);
  }
}

rank_share share_of(const network_state& s, neuron_block b) {
  rank_share r;
  r.block = b;
  const size_t n = s.neuron_count();
  const auto& a = s.neurons;
  r.v = slice(a.v, n, b), r.u = slice(a.u, n, b), r.i_syn = slice(a.i_syn, n, b), r.g_inh = slice(a.g_inh, n, b);
  r.a = slice(a.a, n, b), r.b = slice(a.b, n, b), r.c = slice(a.c, n, b), r.d = slice(a.d, n, b);
  r.refractory = slice(a.refractory, n, b);
  r.spike_probability = slice(a.spike_probability, n, b);
  for (uint64_t row = 0; row < uint64_t{s.ring_channels} * s.ring_slots; ++row)
    r.ring.insert(r.ring.end(), s.ring.begin() + static_cast<int64_t>(row * n + b.first),
                  s.ring.begin() + static_cast<int64_t>(row * n + b.end));
  for (const auto& p : s.plasticity.projections) {
    const synapse_table& t = s.projections[p.projection];
    const auto [lo, hi] = posts_in(t, b);
    std::vector<float> mine;
    for (size_t half = 0; half * t.post_count < p.post_trace.size(); ++half)
      mine.insert(mine.end(), p.post_trace.begin() + static_cast<int64_t>(half * t.post_count + lo),
                  p.post_trace.begin() + static_cast<int64_t>(half * t.post_count + hi));
    r.post_trace.push_back(std::move(mine));
  }
  for (uint32_t q = 0; q < s.projections.size(); ++q) {
    const synapse_table& t = s.projections[q];
    rank_share::table out;
    out.row_length.resize(t.pre_count);
    for (uint32_t row = 0; row < t.pre_count; ++row) out.row_length[row] = static_cast<uint32_t>(t.row_ptr[row + 1] - t.row_ptr[row]);
    out.packed = t.packed;
    out.weight = t.weight;
    if (const plastic_projection* p = entry_of(s, q)) out.aux = p->synapse_aux, out.importance = p->importance, out.gate = p->gate;
    r.tables.push_back(std::move(out));
  }
  return r;
}

void merge_shares(network_state& s, const std::vector<rank_share>& shares) {
  const size_t n = s.neuron_count();
  auto& a = s.neurons;
  for (const rank_share& r : shares) {
    const neuron_block b = r.block;
    put(a.v, n, b, r.v), put(a.u, n, b, r.u), put(a.i_syn, n, b, r.i_syn), put(a.g_inh, n, b, r.g_inh);
    put(a.a, n, b, r.a), put(a.b, n, b, r.b), put(a.c, n, b, r.c), put(a.d, n, b, r.d);
    put(a.refractory, n, b, r.refractory);
    put(a.spike_probability, n, b, r.spike_probability);
    if (r.ring.size() != uint64_t{s.ring_channels} * s.ring_slots * b.size()) throw internal_error("rank share: ring size");
    for (uint64_t row = 0; row < uint64_t{s.ring_channels} * s.ring_slots; ++row)
      std::copy_n(r.ring.begin() + static_cast<int64_t>(row * b.size()), b.size(), s.ring.begin() + static_cast<int64_t>(row * n + b.first));
    for (size_t e = 0; e < s.plasticity.projections.size(); ++e) {
      plastic_projection& p = s.plasticity.projections[e];
      const synapse_table& t = s.projections[p.projection];
      const auto [lo, hi] = posts_in(t, b);
      size_t k = 0;
      for (size_t half = 0; half * t.post_count < p.post_trace.size(); ++half)
        for (uint32_t j = lo; j < hi; ++j) p.post_trace[half * t.post_count + j] = r.post_trace.at(e).at(k++);
    }
  }
  // Rows: each share's part of a row is in canonical order, and synapses with equal keys share a
  // target and so a rank; a merge by key that takes ties in rank order restores the row.
  for (uint32_t q = 0; q < s.projections.size(); ++q) {
    synapse_table& t = s.projections[q];
    plastic_projection* p = entry_of(s, q);
    const bool by_word = sorted_by_word(s, q);
    uint64_t total = 0;
    for (const rank_share& r : shares) total += r.tables.at(q).packed.size();
    t.row_ptr.assign(static_cast<size_t>(t.pre_count) + 1, 0);
    t.packed.clear(), t.weight.clear();
    t.packed.reserve(total), t.weight.reserve(total);
    // An array a rule keeps per synapse is empty on a rank whose share of the table is empty.
    bool aux = false, importance = false, gate = false;
    for (const rank_share& r : shares)
      aux |= !r.tables[q].aux.empty(), importance |= !r.tables[q].importance.empty(), gate |= !r.tables[q].gate.empty();
    if (p) p->synapse_aux.clear(), p->importance.clear(), p->gate.clear();
    std::vector<uint64_t> at(shares.size(), 0);  // each share's next synapse
    for (uint32_t row = 0; row < t.pre_count; ++row) {
      std::vector<uint64_t> end(shares.size());
      for (size_t r = 0; r < shares.size(); ++r) end[r] = at[r] + shares[r].tables[q].row_length.at(row);
      while (true) {
        size_t best = shares.size();
        uint32_t best_key = 0;
        for (size_t r = 0; r < shares.size(); ++r) {
          if (at[r] == end[r]) continue;
          const uint32_t k = key_of(t, by_word, shares[r].tables[q].packed[at[r]]);
          if (best == shares.size() || k < best_key) best = r, best_key = k;
        }
        if (best == shares.size()) break;
        const rank_share::table& from = shares[best].tables[q];
        const uint64_t e = at[best]++;
        t.packed.push_back(from.packed[e]);
        t.weight.push_back(from.weight[e]);
        if (aux) p->synapse_aux.push_back(from.aux.at(e));
        if (importance) p->importance.push_back(from.importance.at(e));
        if (gate) p->gate.push_back(from.gate.at(e));
      }
      t.row_ptr[row + 1] = t.packed.size();
    }
  }
}

}  // namespace engram
