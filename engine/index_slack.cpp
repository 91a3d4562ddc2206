// The transposed index with column slack (engine/index_slack.hpp). Ids stay ascending in every
// column, as in the compact index, so a walk of a column meets the synapses in the same order on
// every backend.
#include "engine/index_slack.hpp"

#include <algorithm>

#include "engine/errors.hpp"

namespace engram {

transposed_index build_slack_index(const synapse_table& t) {
  transposed_index x;
  const synapse_code code = t.code();
  std::vector<uint32_t> used(t.post_count, 0);
  for (uint32_t r = 0; r < t.pre_count; ++r)
    for (uint64_t e = t.row_begin(r), row_end = t.row_end(r); e < row_end; ++e) ++used[code.target(t.packed[e])];
  const uint64_t mean = t.post_count ? t.synapses() / t.post_count : 0;
  x.col_ptr.assign(static_cast<size_t>(t.post_count) + 1, 0);
  for (uint32_t j = 0; j < t.post_count; ++j) {
    const uint64_t typical = std::max<uint64_t>(used[j], mean);
    x.col_ptr[j + 1] = x.col_ptr[j] + typical + typical / 2 + 8;
  }
  x.synapse.assign(x.col_ptr.back(), 0);
  x.col_used.assign(t.post_count, 0);
  for (uint32_t r = 0; r < t.pre_count; ++r)  // synapses in order: columns come out ascending
    for (uint64_t e = t.row_begin(r), row_end = t.row_end(r); e < row_end; ++e) {
      const uint32_t j = code.target(t.packed[e]);
      x.synapse[x.col_ptr[j] + x.col_used[j]++] = static_cast<uint32_t>(e);
    }
  return x;  // rows have one capacity, so a synapse's row is id / capacity: no chunk_row
}

namespace {

uint32_t* column_begin(transposed_index& x, uint32_t j) { return x.synapse.data() + x.col_ptr[j]; }

// Where id sits in column j (every id erased or renumbered is there).
uint32_t* find_id(transposed_index& x, uint32_t j, uint32_t id) {
  uint32_t* begin = column_begin(x, j);
  uint32_t* end = begin + x.col_used[j];
  uint32_t* at = std::lower_bound(begin, end, id);
  if (at == end || *at != id) throw internal_error("growth: a synapse is missing from the transposed index");
  return at;
}

void erase_id(transposed_index& x, uint32_t j, uint32_t id) {
  uint32_t* at = find_id(x, j, id);
  std::copy(at + 1, column_begin(x, j) + x.col_used[j], at);
  --x.col_used[j];
}

bool insert_id(transposed_index& x, uint32_t j, uint32_t id) {
  if (x.col_ptr[j] + x.col_used[j] == x.col_ptr[j + 1]) return false;
  uint32_t* begin = column_begin(x, j);
  uint32_t* end = begin + x.col_used[j];
  uint32_t* at = std::lower_bound(begin, end, id);
  std::copy_backward(at, end, end + 1);
  *at = id;
  ++x.col_used[j];
  return true;
}

}  // namespace

// Erases the ids of the row's removed synapses, renumbers those that moved in place (a column
// stays sorted: the moves keep the row's order, and rightward ones go last first), and inserts
// the new ones.
bool apply_row_change(transposed_index& x, const synapse_table& t, const row_change& change) {
  const synapse_code code = t.code();
  const uint64_t base = t.row_begin(change.row) + change.unchanged;
  auto id = [&](uint64_t offset) { return static_cast<uint32_t>(base + offset); };
  std::vector<uint8_t> kept(change.old_targets.size(), 0);
  for (int32_t f : change.from)
    if (f >= 0) kept[f] = 1;
  for (size_t i = 0; i < change.old_targets.size(); ++i)
    if (!kept[i]) erase_id(x, change.old_targets[i], id(i));
  const size_t n = change.from.size();
  auto move = [&](size_t j) { *find_id(x, change.old_targets[change.from[j]], id(change.from[j])) = id(j); };
  for (size_t j = n; j-- > 0;)
    if (change.from[j] >= 0 && j > static_cast<size_t>(change.from[j])) move(j);
  for (size_t j = 0; j < n; ++j)
    if (change.from[j] >= 0 && j < static_cast<size_t>(change.from[j])) move(j);
  for (size_t j = 0; j < n; ++j)
    if (change.from[j] < 0 && !insert_id(x, code.target(t.packed[base + j]), id(j))) return false;
  return true;
}

bool update_transposed_index(transposed_index& x, const synapse_table& t, const std::vector<row_change>& changes) {
  for (const row_change& c : changes)
    if (!apply_row_change(x, t, c)) {
      x = build_slack_index(t);
      return true;
    }
  return false;
}

}  // namespace engram
