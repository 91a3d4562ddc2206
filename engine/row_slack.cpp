// Rows with room to grow (engine/row_slack.hpp): the table and every per-synapse array of a
// projection laid out again, row by row, with a given capacity per row (0: compact).
#include "engine/row_slack.hpp"

#include <algorithm>

#include "engine/errors.hpp"

namespace engram {
namespace {

// The per-synapse arrays of projection `p` besides the table's own.
struct synapse_arrays {
  std::vector<uint32_t>* birth = nullptr;
  std::vector<float>* floats[3] = {nullptr, nullptr, nullptr};  // derivative or eligibility, importance, gate
};

synapse_arrays arrays_of(network_state& s, uint32_t p) {
  synapse_arrays a;
  for (growth_projection& e : s.growth.projections)
    if (e.projection == p) a.birth = &e.birth;
  for (plastic_projection& q : s.plasticity.projections) {  // the arrays its rules keep (engine/plasticity_layout.cpp)
    if (q.projection != p) continue;
    if (q.stdp.enabled && q.stdp.target != 0) a.floats[0] = &q.synapse_aux;
    if (q.protect) a.floats[1] = &q.importance, a.floats[2] = &q.gate;
  }
  return a;
}

// Moves the synapses of `t` (and `a`) into rows of `capacity` positions, or compact rows when 0.
template <class T>
std::vector<T> relaid(const std::vector<T>& from, const synapse_table& t, const std::vector<uint64_t>& row_ptr, T hole) {
  std::vector<T> to(row_ptr.back(), hole);
  for (uint32_t r = 0; r < t.pre_count; ++r)
    std::copy(from.begin() + static_cast<int64_t>(t.row_begin(r)), from.begin() + static_cast<int64_t>(t.row_end(r)),
              to.begin() + static_cast<int64_t>(row_ptr[r]));
  return to;
}

void lay_out(synapse_table& t, synapse_arrays a, uint32_t capacity) {
  std::vector<uint64_t> row_ptr(t.pre_count + 1, 0);
  std::vector<uint32_t> used(t.pre_count);
  for (uint32_t r = 0; r < t.pre_count; ++r) {
    used[r] = static_cast<uint32_t>(t.row_end(r) - t.row_begin(r));
    row_ptr[r + 1] = row_ptr[r] + (capacity ? capacity : used[r]);
  }
  for (std::vector<float>* f : a.floats)
    if (f) *f = relaid(*f, t, row_ptr, 0.0f);
  if (a.birth) *a.birth = relaid(*a.birth, t, row_ptr, 0u);
  t.weight = relaid(t.weight, t, row_ptr, 0.0f);
  t.packed = relaid(t.packed, t, row_ptr, hole_word(t));
  t.row_ptr = std::move(row_ptr);
  if (capacity) t.row_used = std::move(used);
  else t.row_used.clear();
}

}  // namespace

uint32_t hole_word(const synapse_table& t) { return t.code().word(0, t.per_synapse_delays() ? 1u : t.uniform_delay); }

uint64_t longest_row(const synapse_table& t) {
  uint64_t longest = 0;
  for (uint32_t r = 0; r < t.pre_count; ++r) longest = std::max(longest, t.row_end(r) - t.row_begin(r));
  return longest;
}

void open_row_slack(network_state& s, uint32_t projection, uint32_t capacity) {
  synapse_table& t = s.projections[projection];
  if (capacity < longest_row(t)) throw internal_error("row slack below the longest row");
  if (uint64_t{capacity} * t.pre_count >= UINT32_MAX)  // synapse ids are 32-bit in the transposed index
    throw invalid_network("growing projection '" + t.name + "' would hold 2^32 synapse positions or more");
  lay_out(t, arrays_of(s, projection), capacity);
}

void open_row_slack(network_state& s) {
  for (const growth_projection& e : s.growth.projections) {
    const synapse_table& t = s.projections[e.projection];
    if (t.has_slack() || e.max_row == 0 || e.birth.size() != t.size()) continue;
    const uint64_t capacity = std::max<uint64_t>(e.max_row, longest_row(t));
    open_row_slack(s, e.projection, static_cast<uint32_t>(std::min<uint64_t>(capacity, UINT32_MAX)));
  }
}

void close_row_slack(network_state& s) {
  for (uint32_t p = 0; p < s.projections.size(); ++p)
    if (s.projections[p].has_slack()) lay_out(s.projections[p], arrays_of(s, p), 0);
}

bool has_row_slack(const network_state& s) {
  return std::any_of(s.projections.begin(), s.projections.end(), [](const synapse_table& t) { return t.has_slack(); });
}

}  // namespace engram
