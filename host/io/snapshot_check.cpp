#include "host/io/snapshot_check.hpp"

#include <fmt/format.h>

#include "engine/errors.hpp"
#include "engine/fixed_point.hpp"
#include "host/io/hdf5_io.hpp"

namespace engram {

uint32_t read_ring_header(hid_t g, const std::string& where) {
  const uint32_t slots = h5::read_attribute<uint32_t>(g, "slots", where);
  if (slots < 2 || slots > 256) throw error(fmt::format("{}: /ringbuffers slots {} outside [2, 256]", where, slots));
  const double scale = h5::read_attribute<double>(g, "fixed_point_scale", where);
  if (scale != fixed_point_scale)
    throw error(fmt::format("{}: /ringbuffers fixed_point_scale is {}, this Engram reads {} (2^32)", where, scale, fixed_point_scale));
  return slots;
}

void check_declared_count(hid_t obj, const char* name, uint64_t actual, const std::string& what, const std::string& where) {
  if (!h5::has_attribute(obj, name)) return;
  const uint32_t declared = h5::read_attribute<uint32_t>(obj, name, where);
  if (declared != actual) throw error(fmt::format("{}: {} holds {} entries, the file declares {}", where, what, actual, declared));
}

void check_declared_totals(hid_t file, const network_state& s, const std::string& where) {
  const uint32_t neurons = h5::read_attribute<uint32_t>(file, "neurons", where);
  if (neurons != s.neuron_count())
    throw error(fmt::format("{}: the populations hold {} neurons, the file declares {}", where, s.neuron_count(), neurons));
  const uint64_t synapses = h5::read_attribute<uint64_t>(file, "synapses", where);
  if (synapses != s.synapse_count())
    throw error(fmt::format("{}: the projections hold {} synapses, the file declares {}", where, s.synapse_count(), synapses));
  if (h5::has_attribute(file, "plasticity") && h5::read_attribute<uint8_t>(file, "plasticity", where) != s.plasticity.active())
    throw error(fmt::format("{}: the file declares {} plasticity but /plasticity holds {}", where,
                            s.plasticity.active() ? "no" : "some", s.plasticity.active() ? "rules" : "none"));
}

}  // namespace engram
