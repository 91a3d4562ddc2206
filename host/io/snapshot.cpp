#include "host/io/snapshot.hpp"

#include <cstring>

#include <algorithm>
#include <cmath>
#include <filesystem>
#include <fmt/format.h>

#include "engine/errors.hpp"
#include "engine/state_check.hpp"
#include "engine/synapse_packing.hpp"
#include "host/io/allocate_ahead.hpp"
#include "host/io/atomic_file.hpp"
#include "host/io/hdf5_io.hpp"
#include "host/io/snapshot_check.hpp"
#include "host/io/snapshot_memory.hpp"
#include "host/io/snapshot_replicas.hpp"
#include "host/io/snapshot_growth.hpp"
#include "host/io/snapshot_plasticity.hpp"

namespace engram {
namespace {

using h5::read_attribute;
using h5::read_vector;
using h5::write_attribute;
using h5::write_vector;

const char* kind_name(neuron_kind k) {
  switch (k) {
    case neuron_kind::izhikevich: return "izhikevich";
    case neuron_kind::lif: return "lif";
    case neuron_kind::poisson_source: return "poisson_source";
    case neuron_kind::spike_source: return "spike_source";
    case neuron_kind::lif_cond: return "lif_cond";
  }
  return "?";
}

neuron_kind parse_kind(const std::string& s, const std::string& where) {
  for (auto k : {neuron_kind::izhikevich, neuron_kind::lif, neuron_kind::poisson_source, neuron_kind::spike_source,
                 neuron_kind::lif_cond})
    if (s == kind_name(k)) return k;
  throw error(fmt::format("{}: unknown neuron kind '{}'", where, s));
}

template <class T>
std::vector<T> slice(const std::vector<T>& v, uint32_t first, uint32_t size) {
  return std::vector<T>(v.begin() + first, v.begin() + first + size);
}

void write_populations(hid_t file, const network_state& s) {
  auto group = h5::create_group(file, "populations");
  for (const auto& p : s.populations) {
    auto g = h5::create_group(group, p.name);
    h5::write_fixed_string_attribute(g, "kind", kind_name(p.kind));
    write_attribute(g, "first", p.first);
    write_attribute(g, "size", p.size);
    write_attribute(g, "substeps", p.substeps);
    write_attribute(g, "izhikevich_scheme", static_cast<uint8_t>(p.scheme));
    write_attribute(g, "delta_synapses", p.delta_synapses);
    write_attribute(g, "v_peak", p.v_peak);
    for (auto [name, value] : {std::pair{"p_vv", p.p_vv}, {"p_vi", p.p_vi}, {"p_vbias", p.p_vbias}, {"p_ii", p.p_ii},
                               {"v_rest", p.v_rest}, {"v_reset", p.v_reset}, {"v_thresh", p.v_thresh}, {"i_bias", p.i_bias},
                               {"e_exc", p.e_exc}, {"e_inh", p.e_inh}, {"g_leak", p.g_leak}, {"dt_over_c", p.dt_over_c},
                               {"g_exc_decay", p.g_exc_decay}, {"g_inh_decay", p.g_inh_decay}, {"v_init", p.v_init}})
      write_attribute(g, name, value);
    write_attribute(g, "refractory_steps", p.refractory_steps);
    write_attribute(g, "lockout_steps", p.lockout_steps);
    const auto& n = s.neurons;
    for (auto [name, v] : {std::pair{"v", &n.v}, {"u", &n.u}, {"i_syn", &n.i_syn}, {"g_inh", &n.g_inh}, {"a", &n.a}, {"b", &n.b},
                           {"c", &n.c}, {"d", &n.d}})
      write_vector(g, name, slice(*v, p.first, p.size));
    write_vector(g, "refractory", slice(n.refractory, p.first, p.size));
    write_vector(g, "spike_probability", slice(n.spike_probability, p.first, p.size));
  }
}

void read_populations(hid_t file, network_state& s, int32_t version, const std::string& where) {
  auto group = h5::open_group(file, "populations", where);
  auto& n = s.neurons;
  for (const auto& name : h5::member_names(group)) {
    auto g = h5::open_group(group, name, where);
    population_range p;
    p.name = name;
    p.kind = parse_kind(h5::read_string_attribute(g, "kind", where), where);
    p.first = read_attribute<uint32_t>(g, "first", where);
    p.size = read_attribute<uint32_t>(g, "size", where);
    p.substeps = read_attribute<int32_t>(g, "substeps", where);
    // Before version 3 every Izhikevich population ran the substep scheme; the state check
    // refuses a value that names no scheme.
    if (version >= 3) p.scheme = static_cast<izhikevich_scheme>(read_attribute<uint8_t>(g, "izhikevich_scheme", where));
    if (version >= 3) p.delta_synapses = read_attribute<uint8_t>(g, "delta_synapses", where);
    p.v_peak = read_attribute<float>(g, "v_peak", where);
    for (auto [key, field] : {std::pair{"p_vv", &p.p_vv}, {"p_vi", &p.p_vi}, {"p_vbias", &p.p_vbias}, {"p_ii", &p.p_ii},
                              {"v_rest", &p.v_rest}, {"v_reset", &p.v_reset}, {"v_thresh", &p.v_thresh}, {"i_bias", &p.i_bias}})
      *field = read_attribute<float>(g, key, where);
    if (version >= 2)
      for (auto [key, field] : {std::pair{"e_exc", &p.e_exc}, {"e_inh", &p.e_inh}, {"g_leak", &p.g_leak}, {"dt_over_c", &p.dt_over_c},
                                {"g_exc_decay", &p.g_exc_decay}, {"g_inh_decay", &p.g_inh_decay}, {"v_init", &p.v_init}})
        *field = read_attribute<float>(g, key, where);
    else if (p.kind == neuron_kind::lif_cond)
      throw error(fmt::format("{}: population '{}' is lif_cond in a version 1 snapshot", where, name));
    else
      p.v_init = p.kind == neuron_kind::izhikevich ? -65.0f : p.v_reset;  // version 1 did not store it
    p.refractory_steps = read_attribute<int32_t>(g, "refractory_steps", where);
    p.lockout_steps = version >= 2 ? read_attribute<int32_t>(g, "lockout_steps", where) : p.refractory_steps;
    if (p.kind == neuron_kind::lif_cond && p.lockout_steps < p.refractory_steps)
      throw error(fmt::format("{}: population '{}' has lockout_steps {} below refractory_steps {}", where, name, p.lockout_steps,
                              p.refractory_steps));
    if (p.first != n.v.size()) throw error(fmt::format("{}: population '{}' starts at {}, expected {}", where, name, p.first, n.v.size()));
    if (p.size >= UINT32_MAX - p.first) throw error(fmt::format("{}: population '{}' takes the network past 2^32 - 1 neurons", where, name));
    for (auto [key, v] : {std::pair{"v", &n.v}, {"u", &n.u}, {"i_syn", &n.i_syn}, {"a", &n.a}, {"b", &n.b}, {"c", &n.c}, {"d", &n.d}}) {
      const auto part = read_vector<float>(g, key, p.size, where);
      v->insert(v->end(), part.begin(), part.end());
    }
    const auto g_inh = version >= 2 ? read_vector<float>(g, "g_inh", p.size, where) : std::vector<float>(p.size, 0.0f);
    n.g_inh.insert(n.g_inh.end(), g_inh.begin(), g_inh.end());
    const auto refractory = read_vector<int32_t>(g, "refractory", p.size, where);
    n.refractory.insert(n.refractory.end(), refractory.begin(), refractory.end());
    const auto prob = read_vector<double>(g, "spike_probability", p.size, where);
    n.spike_probability.insert(n.spike_probability.end(), prob.begin(), prob.end());
    s.populations.push_back(p);
  }
  if (s.populations.empty()) throw error(where + ": the snapshot has no populations");
}

void write_projections(hid_t file, const network_state& s) {
  auto group = h5::create_group(file, "projections");
  for (const auto& t : s.projections) {
    auto g = h5::create_group(group, t.name);
    write_attribute(g, "pre_first", t.pre_first);
    write_attribute(g, "pre_count", t.pre_count);
    write_attribute(g, "post_first", t.post_first);
    write_attribute(g, "post_count", t.post_count);
    write_attribute(g, "uniform_delay", t.uniform_delay);
    write_attribute(g, "channel", t.channel);
    if (t.dendrite_choices > 0) {  // docs/rhythms.md#dendrites
      write_attribute(g, "dendrite_key", t.dendrite_key);
      write_vector(g, "dendrite_gain", std::vector<float>(t.dendrite_gain, t.dendrite_gain + t.dendrite_choices));
    }
    write_vector(g, "row_ptr", t.row_ptr);
    // Files keep plain arrays (global target, delay), whatever the packing in memory.
    write_vector(g, "target", global_targets(t));
    write_vector(g, "weight", t.weight);
    write_vector(g, "delay", synapse_delays(t));
  }
}

void read_projections(hid_t file, network_state& s, int32_t version, const std::string& where) {
  auto group = h5::open_group(file, "projections", where);
  const auto names = h5::member_names(group);
  // Lengths from the datasets' headers (a missing one plans 0: its read below names the problem).
  std::vector<synapse_array_lengths> plan;
  for (const auto& name : names) {
    auto g = h5::open_group(group, name, where);
    auto length = [&](const char* dataset) { return static_cast<uint64_t>(std::max<int64_t>(h5::dataset_length(g, dataset), 0)); };
    plan.push_back({length("target"), length("weight"), length("delay")});
  }
  synapse_arrays_ahead ahead(plan);
  for (size_t k = 0; k < names.size(); ++k) {
    const std::string& name = names[k];
    auto g = h5::open_group(group, name, where);
    synapse_table t;
    t.name = name;
    t.pre_first = read_attribute<uint32_t>(g, "pre_first", where);
    t.pre_count = read_attribute<uint32_t>(g, "pre_count", where);
    t.post_first = read_attribute<uint32_t>(g, "post_first", where);
    t.post_count = read_attribute<uint32_t>(g, "post_count", where);
    t.uniform_delay = read_attribute<uint8_t>(g, "uniform_delay", where);
    t.channel = version >= 2 ? read_attribute<uint8_t>(g, "channel", where) : 0;
    if (h5::exists(g, "dendrite_gain")) {
      const auto gain = read_vector<float>(g, "dendrite_gain", -1, where);
      if (gain.empty() || gain.size() > max_compartment_choices)
        throw error(fmt::format("{}: '/projections/{}/dendrite_gain' has {} elements, expected 1 to {}", where, name, gain.size(),
                                max_compartment_choices));
      t.dendrite_choices = static_cast<uint8_t>(gain.size());
      std::copy(gain.begin(), gain.end(), t.dendrite_gain);
      t.dendrite_key = read_attribute<uint32_t>(g, "dendrite_key", where);
    }
    t.row_ptr = read_vector<uint64_t>(g, "row_ptr", static_cast<int64_t>(t.pre_count) + 1, where);
    const int64_t size = static_cast<int64_t>(t.row_ptr.back());
    std::vector<uint32_t> target = ahead.target(k);
    h5::read_vector_into(g, "target", size, where, target);
    t.weight = ahead.weight(k);
    h5::read_vector_into(g, "weight", size, where, t.weight);
    std::vector<uint8_t> delay = ahead.delay(k);
    h5::read_vector_into(g, "delay", -1, where, delay);
    if (!delay.empty() && static_cast<int64_t>(delay.size()) != size)
      throw error(fmt::format("{}: dataset '/projections/{}/delay' has {} elements, expected 0 or {}", where, name, delay.size(), size));
    if (!delay.empty()) t.uniform_delay = 0;  // written with per-synapse delays: the attribute is unused
    pack_synapses(t, std::move(target), delay, s.ring_slots, where);
    s.projections.push_back(std::move(t));
  }
}

// Oscillation inputs' phases (docs/rhythms.md): one row of six per input, zeros for the others.
// Snapshots without them (written before oscillations existed) have no oscillation inputs.
constexpr size_t oscillation_fields = 6;

void write_oscillations(hid_t g, const std::vector<compiled_input>& inputs) {
  std::vector<uint64_t> rows;
  for (const auto& in : inputs) {
    uint32_t depth_bits;
    std::memcpy(&depth_bits, &in.envelope_depth, sizeof depth_bits);
    for (uint64_t x : {in.phase_origin, in.phase_step, in.envelope_origin, in.envelope_step, in.envelope_preferred, uint64_t{depth_bits}})
      rows.push_back(x);
  }
  write_vector(g, "oscillation", rows);
}

void read_oscillations(hid_t g, std::vector<compiled_input>& inputs, const std::string& where) {
  if (!h5::exists(g, "oscillation")) return;
  const auto rows = read_vector<uint64_t>(g, "oscillation", static_cast<int64_t>(inputs.size() * oscillation_fields), where);
  for (size_t i = 0; i < inputs.size(); ++i) {
    const uint64_t* r = rows.data() + i * oscillation_fields;
    auto& in = inputs[i];
    in.phase_origin = r[0];
    in.phase_step = r[1];
    in.envelope_origin = r[2];
    in.envelope_step = r[3];
    in.envelope_preferred = r[4];
    const uint32_t depth_bits = static_cast<uint32_t>(r[5]);
    std::memcpy(&in.envelope_depth, &depth_bits, sizeof depth_bits);
  }
}

void write_inputs(hid_t file, const network_state& s) {
  auto g = h5::create_group(file, "inputs");
  std::vector<uint8_t> type;
  std::vector<uint32_t> ordinal, first, count, pulses;
  std::vector<float> amplitude, mean, sd, weight;
  std::vector<uint64_t> start, stop;
  std::vector<double> exp_lambda;
  for (const auto& in : s.inputs) {
    type.push_back(static_cast<uint8_t>(in.type));
    ordinal.push_back(in.ordinal);
    first.push_back(in.first);
    count.push_back(in.count);
    pulses.push_back(in.pulses_per_step);
    amplitude.push_back(in.amplitude);
    mean.push_back(in.mean);
    sd.push_back(in.sd);
    weight.push_back(in.weight);
    start.push_back(in.start_step);
    stop.push_back(in.stop_step);
    exp_lambda.push_back(in.exp_minus_lambda);
  }
  write_vector(g, "type", type);
  write_vector(g, "ordinal", ordinal);
  write_vector(g, "first", first);
  write_vector(g, "count", count);
  write_vector(g, "pulses_per_step", pulses);
  write_vector(g, "amplitude", amplitude);
  write_vector(g, "mean", mean);
  write_vector(g, "sd", sd);
  write_vector(g, "weight", weight);
  write_vector(g, "start_step", start);
  write_vector(g, "stop_step", stop);
  write_vector(g, "exp_minus_lambda", exp_lambda);
  write_oscillations(g, s.inputs);
}

void read_inputs(hid_t file, network_state& s, const std::string& where) {
  auto g = h5::open_group(file, "inputs", where);
  const auto type = read_vector<uint8_t>(g, "type", -1, where);
  const int64_t n = static_cast<int64_t>(type.size());
  const auto ordinal = read_vector<uint32_t>(g, "ordinal", n, where), first = read_vector<uint32_t>(g, "first", n, where),
             count = read_vector<uint32_t>(g, "count", n, where), pulses = read_vector<uint32_t>(g, "pulses_per_step", n, where);
  const auto amplitude = read_vector<float>(g, "amplitude", n, where), mean = read_vector<float>(g, "mean", n, where),
             sd = read_vector<float>(g, "sd", n, where), weight = read_vector<float>(g, "weight", n, where);
  const auto start = read_vector<uint64_t>(g, "start_step", n, where), stop = read_vector<uint64_t>(g, "stop_step", n, where);
  const auto exp_lambda = read_vector<double>(g, "exp_minus_lambda", n, where);
  for (int64_t i = 0; i < n; ++i) {
    if (type[i] > static_cast<uint8_t>(input::kind::oscillation)) throw error(fmt::format("{}: input {} has unknown type {}", where, i, type[i]));
    compiled_input in;
    in.type = static_cast<input::kind>(type[i]);
    in.ordinal = ordinal[i];
    in.first = first[i];
    in.count = count[i];
    in.pulses_per_step = pulses[i];
    in.amplitude = amplitude[i];
    in.mean = mean[i];
    in.sd = sd[i];
    in.weight = weight[i];
    in.start_step = start[i];
    in.stop_step = stop[i];
    in.exp_minus_lambda = exp_lambda[i];
    s.inputs.push_back(in);
  }
  read_oscillations(g, s.inputs, where);
}

void write_model(hid_t file, const snapshot_info& info) {
  auto g = h5::create_group(file, "model");
  h5::write_fixed_string_attribute(g, "name", info.model);
  write_attribute(g, "snapshot_every_steps", info.snapshot_every_steps);
  auto params = h5::create_group(g, "parameters");
  for (const auto& [key, value] : info.parameters) write_attribute(params, key, value);
}

void write_task(hid_t file, const task_state& t) {
  if (t.name.empty()) return;
  auto g = h5::create_group(file, "task");
  write_attribute(g, "name", t.name);
  auto counters = h5::create_group(g, "counters");
  for (const auto& [key, value] : t.counters) write_attribute(counters, key, value);
  auto texts = h5::create_group(g, "texts");
  for (const auto& [key, value] : t.texts) write_attribute(texts, key, value);
  auto indices = h5::create_group(g, "indices");
  for (const auto& [key, value] : t.indices) write_vector(indices, key, value);
  auto values = h5::create_group(g, "values");
  for (const auto& [key, value] : t.values) write_vector(values, key, value);
}

void read_task(hid_t file, task_state& t, const std::string& where) {
  if (!h5::exists(file, "task")) return;
  auto g = h5::open_group(file, "task", where);
  t.name = h5::read_string_attribute(g, "name", where);
  auto counters = h5::open_group(g, "counters", where);
  for (const auto& key : h5::attribute_names(counters, where)) t.counters[key] = read_attribute<uint64_t>(counters, key, where);
  auto texts = h5::open_group(g, "texts", where);
  for (const auto& key : h5::attribute_names(texts, where)) t.texts[key] = h5::read_string_attribute(texts, key, where);
  auto indices = h5::open_group(g, "indices", where);
  for (const auto& key : h5::member_names(indices)) t.indices[key] = read_vector<uint32_t>(indices, key, -1, where);
  auto values = h5::open_group(g, "values", where);
  for (const auto& key : h5::member_names(values)) t.values[key] = read_vector<double>(values, key, -1, where);
}

void read_model(hid_t file, snapshot_info& info, const std::string& where) {
  auto g = h5::open_group(file, "model", where);
  info.model = h5::read_string_attribute(g, "name", where);
  info.snapshot_every_steps = read_attribute<uint64_t>(g, "snapshot_every_steps", where);
  auto params = h5::open_group(g, "parameters", where);
  for (const auto& name : h5::attribute_names(params, where)) {
    const double value = read_attribute<double>(params, name, where);
    if (!std::isfinite(value)) throw error(fmt::format("{}: model parameter '{}' is {}, expected a finite number", where, name, value));
    info.parameters.emplace_back(name, value);
  }
}

}  // namespace

void write_snapshot(const std::string& path, const network_state& s, const snapshot_info& info) {
  const auto folder = std::filesystem::path(path).parent_path();
  if (!folder.empty()) std::filesystem::create_directories(folder);
  const std::string temporary = temporary_path_for(path);
  try {
    h5::silence_errors();
    h5::handle fapl(H5Pcreate(H5P_FILE_ACCESS), H5Pclose, "file access properties");
    // The 1.10 formats checksum every piece of metadata, chunk indexes included (the 1.8 format's
    // B-trees have none: a flipped byte there could make a chunk read as zeros); strings are
    // fixed-length, in the checksummed headers, not in the unchecked global heap.
    h5::check(H5Pset_libver_bounds(fapl, H5F_LIBVER_V110, H5F_LIBVER_LATEST), "format bounds");
    h5::handle file(H5Fcreate(temporary.c_str(), H5F_ACC_TRUNC, H5P_DEFAULT, fapl), H5Fclose,
                    fmt::format("create snapshot '{}'", temporary));
    h5::write_fixed_string_attribute(file, "format", snapshot_format);
    // Version 5 only with replicas: a version-4 reader would drop the table and draw every replica
    // from the batch's seed; every other state stays a version-4 file.
    write_attribute(file, "format_version", static_cast<int32_t>(s.replicas.empty() ? 4 : snapshot_format_version));
    h5::write_fixed_string_attribute(file, "engine_version", ENGRAM_VERSION);
    write_attribute(file, "step", s.step);
    write_attribute(file, "dt_ms", s.dt_ms);
    write_attribute(file, "seed", s.seed);
    write_attribute(file, "neurons", s.neuron_count());
    write_attribute(file, "synapses", s.synapse_count());
    write_attribute(file, "plasticity", static_cast<uint8_t>(s.plasticity.active()));
    write_model(file, info);
    write_task(file, info.task);
    if (info.memory) write_memory(file, *info.memory);
    write_populations(file, s);
    write_projections(file, s);
    write_inputs(file, s);
    write_replicas(file, s);
    {
      auto g = h5::create_group(file, "spike_schedule");
      write_vector(g, "step", s.scheduled_spikes.step);
      write_vector(g, "neuron", s.scheduled_spikes.neuron);
    }
    {
      auto g = h5::create_group(file, "ringbuffers");
      write_attribute(g, "slots", s.ring_slots);
      write_attribute(g, "channels", s.ring_channels);
      write_attribute(g, "fixed_point_scale", 4294967296.0);
      write_vector(g, "synaptic_input", s.ring);
    }
    write_plasticity(h5::create_group(file, "plasticity"), s);
    write_growth(h5::create_group(file, "growth"), s);
    h5::create_group(file, "metrics");
    h5::check(H5Fflush(file, H5F_SCOPE_GLOBAL), "flush snapshot");
  } catch (...) {
    std::error_code ignored;
    std::filesystem::remove(temporary, ignored);
    throw;
  }
  commit_file(temporary, path);
}

namespace {

network_state read_snapshot_file(const std::string& path, const std::string& where, snapshot_info* info_out) {
  std::error_code missing;
  if (!std::filesystem::is_regular_file(path, missing))
    throw error(where + (std::filesystem::exists(path, missing) ? ": not a regular file" : ": no such file"));
  h5::silence_errors();
  if (H5Fis_hdf5(path.c_str()) <= 0) throw error(where + ": not an HDF5 file (or its header is damaged)");
  const hid_t id = H5Fopen(path.c_str(), H5F_ACC_RDONLY, H5P_DEFAULT);
  if (id < 0) throw error(where + ": cannot be opened as HDF5 (truncated or corrupted file)");
  h5::handle file(id, H5Fclose, "open");
  if (!h5::has_attribute(file, "format"))
    throw error(where + ": not an Engram snapshot (no 'format' attribute; is it a spike file or another tool's file?)");
  const std::string format = h5::read_string_attribute(file, "format", where);
  if (format != snapshot_format) throw error(fmt::format("{}: format is '{}', expected '{}'", where, format, snapshot_format));
  const int32_t version = read_attribute<int32_t>(file, "format_version", where);
  if (version < 1 || version > snapshot_format_version)
    throw error(fmt::format("{}: format_version {} is not supported by this Engram (reads 1..{})", where, version, snapshot_format_version));

  network_state s;
  s.step = read_attribute<uint64_t>(file, "step", where);
  s.dt_ms = read_attribute<double>(file, "dt_ms", where);
  s.seed = read_attribute<uint64_t>(file, "seed", where);
  snapshot_info info;
  info.engine_version = h5::read_string_attribute(file, "engine_version", where);
  info.format_version = version;
  read_model(file, info, where);
  read_task(file, info.task, where);
  info.memory = read_memory(file, where);
  read_populations(file, s, version, where);
  s.ring_slots = read_ring_header(h5::open_group(file, "ringbuffers", where), where);  // the projections' delays need it
  read_projections(file, s, version, where);
  read_inputs(file, s, where);
  read_replicas(file, s, where);  // absent: one network keyed by `seed`
  {
    auto g = h5::open_group(file, "spike_schedule", where);
    s.scheduled_spikes.step = read_vector<uint64_t>(g, "step", -1, where);
    s.scheduled_spikes.neuron = read_vector<uint32_t>(g, "neuron", static_cast<int64_t>(s.scheduled_spikes.step.size()), where);
  }
  {
    auto g = h5::open_group(file, "ringbuffers", where);
    s.ring_slots = read_ring_header(g, where);
    s.ring_channels = version >= 2 ? h5::read_attribute<uint32_t>(g, "channels", where) : 1;
    if (s.ring_channels < 1 || s.ring_channels > 2)
      throw error(fmt::format("{}: /ringbuffers channels {} outside [1, 2]", where, s.ring_channels));
    s.ring = read_vector<int64_t>(g, "synaptic_input", static_cast<int64_t>(s.ring_channels) * s.ring_slots * s.neuron_count(), where);
  }
  read_plasticity(file, s, where);
  read_growth(file, s, where);
  check_declared_totals(file, s, where);
  check_state(s, where);
  if (info_out) *info_out = info;
  return s;
}

}  // namespace

network_state read_snapshot(const std::string& path, snapshot_info* info_out) {
  const std::string where = fmt::format("snapshot '{}'", path);
  try {
    return read_snapshot_file(path, where, info_out);
  } catch (const error& e) {
    // Every message names the file: a failure deep in HDF5 says only which object.
    if (std::string(e.what()).find(where) == std::string::npos) throw error(fmt::format("{}: {}", where, e.what()));
    throw;
  }
}

}  // namespace engram
