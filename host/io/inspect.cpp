#include "host/io/inspect.hpp"

#include <algorithm>
#include <filesystem>
#include <fmt/format.h>

#include "engine/errors.hpp"
#include "host/io/hdf5_io.hpp"
#include "host/io/snapshot.hpp"

namespace engram {
namespace {

std::string human_bytes(double b) {
  const char* units[] = {"B", "KB", "MB", "GB", "TB"};
  int u = 0;
  while (b >= 1000 && u < 4) {
    b /= 1000;
    ++u;
  }
  return fmt::format("{:.1f} {}", b, units[u]);
}

// Dimensions of dataset `path` under `parent`, which must exist and have `min_rank` to `max_rank`
// dimensions (run files hold 1-D spikes and 2-D streams; anything else is not ours to summarise).
std::vector<hsize_t> dims_of(hid_t parent, const std::string& path, int min_rank, int max_rank, const std::string& where) {
  if (!h5::exists(parent, path)) throw error(fmt::format("{}: dataset '{}' is missing", where, path));
  h5::handle ds(H5Dopen2(parent, path.c_str(), H5P_DEFAULT), H5Dclose, "open " + path);
  h5::handle space(H5Dget_space(ds), H5Sclose, "space of " + path);
  const int rank = H5Sget_simple_extent_ndims(space);
  if (rank < min_rank || rank > max_rank)
    throw error(fmt::format("{}: dataset '{}' has {} dimensions, expected {}", where, path, rank,
                            min_rank == max_rank ? std::to_string(min_rank) : fmt::format("{} to {}", min_rank, max_rank)));
  std::vector<hsize_t> dims(static_cast<size_t>(rank), 0);
  H5Sget_simple_extent_dims(space, dims.data(), nullptr);
  return dims;
}

hsize_t rows_of(hid_t parent, const std::string& path, const std::string& where) { return dims_of(parent, path, 1, 2, where)[0]; }

// The last spike time of a population: one element read, whatever the file declares.
double last_timestamp(hid_t spikes, const std::string& pop, hsize_t n, const std::string& where) {
  const std::string path = pop + "/timestamps";
  h5::handle ds(H5Dopen2(spikes, path.c_str(), H5P_DEFAULT), H5Dclose, "open " + path);
  h5::handle type(H5Dget_type(ds), H5Tclose, "type of " + path);
  if (H5Tget_class(type) != H5T_FLOAT) throw error(fmt::format("{}: dataset 'spikes/{}' is not floating point", where, path));
  h5::handle space(H5Dget_space(ds), H5Sclose, "space");
  const hsize_t at = n - 1, one = 1;
  h5::check(H5Sselect_hyperslab(space, H5S_SELECT_SET, &at, nullptr, &one, nullptr), "select the last spike");
  h5::handle mem(H5Screate_simple(1, &one, nullptr), H5Sclose, "mem");
  double last = 0;
  if (H5Dread(ds, H5T_NATIVE_DOUBLE, mem, space, H5P_DEFAULT, &last) < 0)
    throw error(fmt::format("{}: dataset 'spikes/{}' cannot be read (corrupted data)", where, path));
  return last;
}

std::string describe_snapshot(const std::string& path) {
  snapshot_info info;
  const network_state s = read_snapshot(path, &info);
  std::string out = fmt::format("Engram snapshot (format {}, written by Engram {})\n", info.format_version, info.engine_version);
  out += fmt::format("  model     {}", info.model.empty() ? "(built through the API)" : info.model);
  for (const auto& [k, v] : info.parameters) out += fmt::format(" {}={:g}", k, v);
  out += fmt::format("\n  time      step {} = {:.3f} s at dt {} ms, seed {}\n", s.step, s.step * s.dt_ms / 1000, s.dt_ms, s.seed);
  out += fmt::format("  neurons   {} in {} populations\n", s.neuron_count(), s.populations.size());
  for (const auto& p : s.populations) {
    const char* kind[] = {"izhikevich", "lif", "poisson_source", "spike_source", "lif_cond"};
    out += fmt::format("    {:<16} {:>10} {}\n", p.name, p.size, kind[std::min<int>(static_cast<int>(p.kind), 4)]);
  }
  out += fmt::format("  synapses  {} in {} projections, {} ({:.2f} bytes/synapse)\n", s.synapse_count(), s.projections.size(),
                     human_bytes(static_cast<double>(s.synapse_bytes())),
                     s.synapse_count() ? double(s.synapse_bytes()) / s.synapse_count() : 0.0);
  for (const auto& t : s.projections) {
    double mean = 0;
    for (float w : t.weight) mean += w;
    out += fmt::format("    {:<16} {:>12} synapses, mean weight {:.4g}, delays {}\n", t.name, t.size(),
                       t.size() ? mean / t.size() : 0.0, t.per_synapse_delays() ? std::string("per synapse") : fmt::format("all {}", t.uniform_delay));
  }
  uint64_t in_flight = 0;
  for (int64_t x : s.ring) in_flight += x != 0;
  out += fmt::format("  in flight {} non-zero ring-buffer entries over {} slots{}\n", in_flight, s.ring_slots,
                     s.ring_channels > 1 ? fmt::format(" x {} channels", s.ring_channels) : "");
  out += fmt::format("  inputs    {}, scheduled spikes {}\n", s.inputs.size(), s.scheduled_spikes.step.size());
  if (info.snapshot_every_steps) out += fmt::format("  schedule  snapshot every {} steps\n", info.snapshot_every_steps);
  if (info.memory) {  // docs/memory.md
    uint64_t replays = 0;
    for (const auto& t : info.memory->traces) replays += t.replays;
    out += fmt::format("  memory    {} traces (capacity {}), {} consolidations, {} replays\n", info.memory->traces.size(),
                       info.memory->config.capacity, info.memory->consolidations, replays);
  }
  if (!info.task.name.empty()) {  // a training run: where it stands (engram resume continues it)
    const auto& c = info.task.counters;
    auto at = [&](const char* key) { const auto it = c.find(key); return it == c.end() ? uint64_t{0} : it->second; };
    const auto dataset = info.task.texts.find("dataset");
    out += fmt::format("  task      {} on {}: epoch {} of {}, {} samples seen ({} presentations)\n", info.task.name,
                       dataset == info.task.texts.end() ? "?" : dataset->second, at("epoch"), at("epochs"), at("samples_seen"),
                       at("presentations"));
  }
  return out;
}

std::string describe_run_file(hid_t file, const std::string& where) {
  std::string out = "Engram run file (SONATA spikes";
  const bool weights = h5::exists(file, "weights"), state = h5::exists(file, "state"), metrics = h5::exists(file, "metrics");
  out += weights ? ", weights" : "";
  out += state ? ", membrane probes" : "";
  out += metrics ? ", topology metrics" : "";
  out += ")\n";
  auto spikes = h5::open_group(file, "spikes", where);
  for (const auto& pop : h5::member_names(spikes)) {
    const hsize_t n = dims_of(spikes, pop + "/timestamps", 1, 1, where)[0];
    if (dims_of(spikes, pop + "/node_ids", 1, 1, where)[0] != n)
      throw error(fmt::format("{}: spikes of '{}' have {} timestamps but a different number of node_ids", where, pop, n));
    const double last = n ? last_timestamp(spikes, pop, n, where) : 0.0;
    out += fmt::format("  spikes    {:<16} {:>12} spikes, last at {:.1f} ms\n", pop, n, last);
  }
  if (weights) {
    auto g = h5::open_group(file, "weights", where);
    for (const auto& p : h5::member_names(g))
      out += fmt::format("  weights   {:<16} {:>6} samples{}\n", p, rows_of(g, p + "/times", where), h5::exists(g, p + "/values") ? " (full)" : " (summaries)");
  }
  if (state) {
    auto g = h5::open_group(file, "state", where);
    for (const auto& p : h5::member_names(g))
      out += fmt::format("  probes    {:<16} {:>6} neurons x {} steps\n", p, rows_of(g, p + "/node_ids", where), rows_of(g, p + "/times", where));
  }
  if (metrics) {
    auto g = h5::open_group(file, "metrics", where);
    if (h5::exists(g, "times"))
      out += fmt::format("  metrics   {} samples of {} measures\n", rows_of(g, "times", where), h5::member_names(g).size() - 1);
  }
  return out;
}

}  // namespace

namespace {

std::string describe(const std::string& path) {
  std::error_code ec;
  if (!std::filesystem::exists(path, ec)) throw error(fmt::format("'{}': no such file", path));
  if (!std::filesystem::is_regular_file(path, ec)) throw error(fmt::format("'{}' is not a regular file", path));
  h5::silence_errors();
  if (H5Fis_hdf5(path.c_str()) <= 0) throw error(fmt::format("'{}' is not an HDF5 file", path));
  const std::string size = human_bytes(static_cast<double>(std::filesystem::file_size(path, ec)));
  const std::string where = fmt::format("'{}'", path);
  {
    const hid_t id = H5Fopen(path.c_str(), H5F_ACC_RDONLY, H5P_DEFAULT);
    if (id < 0) throw error(where + ": cannot be opened as HDF5 (truncated or corrupted file)");
    h5::handle file(id, H5Fclose, "open " + path);
    if (h5::has_attribute(file, "format") && h5::read_string_attribute(file, "format", where) == snapshot_format) {
      file.reset();
      return fmt::format("{} ({})\n{}", path, size, describe_snapshot(path));
    }
    if (h5::exists(file, "spikes")) return fmt::format("{} ({})\n{}", path, size, describe_run_file(file, where + " (run file)"));
    std::string out = fmt::format("{} ({})\nnot an Engram file; top-level members:", path, size);
    for (const auto& m : h5::member_names(file)) out += " " + m;
    return out + "\n";
  }
}

}  // namespace

std::string describe_file(const std::string& path) {
  try {
    return describe(path);
  } catch (const error& e) {
    if (std::string(e.what()).find(path) == std::string::npos) throw error(fmt::format("'{}': {}", path, e.what()));
    throw;
  }
}

}  // namespace engram
