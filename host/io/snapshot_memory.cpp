#include "host/io/snapshot_memory.hpp"

#include <fmt/format.h>

#include "engine/errors.hpp"
#include "host/io/hdf5_io.hpp"

namespace engram {

using h5::read_attribute;
using h5::read_vector;
using h5::write_attribute;
using h5::write_vector;

void write_memory(hid_t file, const memory_state& m) {
  auto g = h5::create_group(file, "memory");
  const memory_config& c = m.config;
  write_attribute(g, "seed", m.seed);
  write_attribute(g, "consolidations", m.consolidations);
  write_attribute(g, "capacity", c.capacity);
  write_attribute(g, "min_members", c.min_members);
  write_attribute(g, "refresh_overlap", c.refresh_overlap);
  write_attribute(g, "replays_per_consolidation", c.replays_per_consolidation);
  write_attribute(g, "replay_gain", c.replay_gain);
  write_attribute(g, "max_strength", c.max_strength);
  write_attribute(g, "fade_steps", c.fade_steps);
  write_attribute(g, "drop_below", c.drop_below);
  write_attribute(g, "min_overlap", c.min_overlap);
  std::vector<uint64_t> offsets{0}, created;
  std::vector<uint32_t> members, replays;
  std::vector<double> strength;
  for (const auto& t : m.traces) {
    members.insert(members.end(), t.members.begin(), t.members.end());
    offsets.push_back(members.size());
    strength.push_back(t.strength);
    created.push_back(t.created_step);
    replays.push_back(t.replays);
  }
  write_vector(g, "members", members);
  write_vector(g, "offsets", offsets);
  write_vector(g, "strength", strength);
  write_vector(g, "created_step", created);
  write_vector(g, "replays", replays);
}

std::optional<memory_state> read_memory(hid_t file, const std::string& where) {
  if (!h5::exists(file, "memory")) return std::nullopt;
  auto g = h5::open_group(file, "memory", where);
  memory_state m;
  memory_config& c = m.config;
  m.seed = read_attribute<uint64_t>(g, "seed", where);
  m.consolidations = read_attribute<uint64_t>(g, "consolidations", where);
  c.capacity = read_attribute<uint32_t>(g, "capacity", where);
  c.min_members = read_attribute<uint32_t>(g, "min_members", where);
  c.refresh_overlap = read_attribute<double>(g, "refresh_overlap", where);
  c.replays_per_consolidation = read_attribute<uint32_t>(g, "replays_per_consolidation", where);
  c.replay_gain = read_attribute<double>(g, "replay_gain", where);
  c.max_strength = read_attribute<double>(g, "max_strength", where);
  c.fade_steps = read_attribute<double>(g, "fade_steps", where);
  c.drop_below = read_attribute<double>(g, "drop_below", where);
  c.min_overlap = read_attribute<uint32_t>(g, "min_overlap", where);
  const auto offsets = read_vector<uint64_t>(g, "offsets", -1, where);
  if (offsets.empty() || offsets.front() != 0) throw error(where + ": /memory/offsets must start at 0");
  const int64_t n = static_cast<int64_t>(offsets.size()) - 1;
  const auto members = read_vector<uint32_t>(g, "members", static_cast<int64_t>(offsets.back()), where);
  const auto strength = read_vector<double>(g, "strength", n, where);
  const auto created = read_vector<uint64_t>(g, "created_step", n, where);
  const auto replays = read_vector<uint32_t>(g, "replays", n, where);
  for (int64_t k = 0; k < n; ++k) {
    if (offsets[k + 1] < offsets[k] || offsets[k + 1] > members.size())  // checked before the copy reads members
      throw error(fmt::format("{}: /memory/offsets decrease at trace {}", where, k));
    memory_trace t;
    t.members.assign(members.begin() + static_cast<int64_t>(offsets[k]), members.begin() + static_cast<int64_t>(offsets[k + 1]));
    t.strength = strength[k];
    t.created_step = created[k];
    t.replays = replays[k];
    m.traces.push_back(std::move(t));
  }
  check_memory(m, UINT32_MAX, where);
  return m;
}

}  // namespace engram
