#include "host/io/snapshot_replicas.hpp"

#include <fmt/format.h>

#include "engine/errors.hpp"
#include "engine/replicas.hpp"
#include "host/io/hdf5_io.hpp"

namespace engram {

void write_replicas(hid_t file, const network_state& s) {
  if (s.replicas.empty()) return;
  auto g = h5::create_group(file, "replicas");
  std::vector<uint64_t> seed;
  std::vector<uint32_t> blocks;  // per replica: first and count of populations, projections, inputs
  for (const auto& r : s.replicas) {
    seed.push_back(r.seed);
    blocks.insert(blocks.end(), {r.first_population, r.population_count, r.first_projection, r.projection_count,
                                 r.first_input, r.input_count});
  }
  h5::write_vector(g, "seed", seed);
  h5::write_vector(g, "blocks", blocks);
}

void read_replicas(hid_t file, network_state& s, const std::string& where) {
  s.replicas.clear();
  if (h5::exists(file, "replicas")) {
    auto g = h5::open_group(file, "replicas", where);
    const auto seed = h5::read_vector<uint64_t>(g, "seed", -1, where);
    const auto blocks = h5::read_vector<uint32_t>(g, "blocks", static_cast<int64_t>(seed.size() * 6), where);
    for (size_t r = 0; r < seed.size(); ++r) {
      const uint32_t* b = blocks.data() + 6 * r;
      s.replicas.push_back({seed[r], b[0], b[1], b[2], b[3], b[4], b[5]});
    }
    try {
      check_replica_tiling(s.replicas, s.populations.size(), s.projections.size(), s.inputs.size());
    } catch (const invalid_network& e) {
      throw error(fmt::format("{}: /replicas: {}", where, e.what()));
    }
  }
  assign_streams(s);
}

}  // namespace engram
