#include "tests/fuzz_corpus.hpp"

#include <algorithm>
#include <cmath>
#include <filesystem>
#include <fmt/format.h>
#include <fstream>
#include <functional>
#include <hdf5.h>
#include <limits>
#include <random>

#include "apps/models/registry.hpp"
#include "engine/simulator.hpp"
#include "host/io/hdf5_handle.hpp"
#include "host/io/snapshot.hpp"
#include "host/streams/run_recorder.hpp"
#include "tests/fuzz_hdf5.hpp"
#include "tests/helpers.hpp"
#include "tests/test_plasticity_networks.hpp"

namespace engram::fuzz {
namespace {

namespace fs = std::filesystem;
using h5::check;
using h5::handle;

// ---- Base files -------------------------------------------------------------------------------

network model(const std::string& name, const std::vector<std::string>& sets) {
  const auto& m = find_model(name);
  model_params p = m.parameters();
  for (const auto& s : sets) p.set(s, name);
  return m.build(p, m.default_dt_ms, 5);
}


std::string snapshot_of(simulator& sim, const std::string& path) {
  write_snapshot(path, sim.export_state(), {"fuzz", {{"n", 200}}, "", 0, {}, {}, 0});
  return path;
}

// ---- Mutations ----------------------------------------------------------------------------------

class generator {
 public:
  generator(const corpus_options& o) : options_(o), rng_(o.seed) { fs::create_directories(o.dir); }

  std::vector<mutant> take() { return std::move(out_); }
  uint64_t below(uint64_t n) { return n ? rng_() % n : 0; }

  // A mutation through HDF5 on a copy of `base`.
  void edit(const std::string& base, const std::string& name, expect e, const std::function<void(hid_t)>& change, bool snapshot = true) {
    const std::string path = next_path();
    fs::copy_file(base, path, fs::copy_options::overwrite_existing);
    {
      handle file(H5Fopen(path.c_str(), H5F_ACC_RDWR, H5P_DEFAULT), H5Fclose, "open " + path);
      change(file);
    }
    out_.push_back({name, path, base, e, snapshot});
  }

  // A mutation of the bytes of a copy of `base`.
  void bytes(const std::string& base, const std::string& name, expect e, const std::function<void(std::string&)>& change, bool snapshot = true) {
    std::string data = file_bytes(base);
    change(data);
    const std::string path = next_path();
    std::ofstream(path, std::ios::binary | std::ios::trunc).write(data.data(), static_cast<std::streamsize>(data.size()));
    out_.push_back({name, path, base, e, snapshot});
  }

  // Byte `at` of a copy of `base` xor `mask`, named "<what> <at> ^ <mask>".
  void flip_byte(const std::string& base, const std::string& what, uint64_t at, uint64_t mask, expect e, bool snapshot = true) {
    bytes(base, fmt::format("{} {} ^ {:#x}", what, at, mask), e,
          [&](std::string& d) { d[at] = static_cast<char>(d[at] ^ static_cast<char>(mask)); }, snapshot);
  }

  // A copy of `base` without the group or dataset at `link`.
  void remove_link(const std::string& base, const std::string& name, const std::string& link, expect e, bool snapshot = true) {
    edit(base, name, e, [&](hid_t f) { delete_link(f, link); }, snapshot);
  }

 private:
  std::string next_path() const { return fmt::format("{}/m{:04}.h5", options_.dir, out_.size()); }

  corpus_options options_;
  std::mt19937_64 rng_;
  std::vector<mutant> out_;
};

// The cases, by name, on the plastic base (polychronization: exc, inh; exc_exc, exc_inh,
// inh_exc; one random_pulse input; STDP with a derivative).
void named_cases(generator& g, const std::string& b) {
  const double nan = std::numeric_limits<double>::quiet_NaN(), inf = std::numeric_limits<double>::infinity();
  auto scalar = [&](const std::string& label, const std::string& object, const std::string& name, hid_t type, const void* value) {
    g.edit(b, label, expect::error, [=](hid_t f) { put_attribute(f, object, name, type, 0, value); });
  };
  auto element = [&](const std::string& label, const std::string& path, hsize_t index, const std::string& bytes) {
    g.edit(b, label, expect::error, [=](hid_t f) { set_element_bytes(f, path, index, bytes); });
  };
  {
    const std::vector<uint64_t> steps(64, 7);
    g.edit(b, "root step as 64 values", expect::error, [&](hid_t f) { put_attribute(f, "/", "step", H5T_STD_U64LE, 64, steps.data()); });
    handle t(H5Tcopy(H5T_C_S1), H5Tclose, "type");
    H5Tset_size(t, 15);
    const std::string strings(16 * 15, 'x');
    g.edit(b, "format as 16 strings", expect::error, [&](hid_t f) { put_attribute(f, "/", "format", t, 16, strings.data()); });
  }
  const int64_t negative = -5;
  scalar("negative step (int64)", "/", "step", H5T_STD_I64LE, &negative);
  for (int32_t s : {0, -1, 2147483647}) scalar(fmt::format("substeps {}", s), "/populations/exc", "substeps", H5T_STD_I32LE, &s);
  for (uint8_t s : {2, 255}) scalar(fmt::format("izhikevich_scheme {}", s), "/populations/exc", "izhikevich_scheme", H5T_STD_U8LE, &s);
  for (double dt : {1e-300, 0.0, -1.0, nan, inf, 1e9}) scalar(fmt::format("dt_ms {}", dt), "/", "dt_ms", H5T_IEEE_F64LE, &dt);
  const float v_peak = static_cast<float>(nan);
  scalar("v_peak NaN", "/populations/exc", "v_peak", H5T_IEEE_F32LE, &v_peak);
  const double scale = 2147483648.0;
  scalar("fixed_point_scale 2^31", "/ringbuffers", "fixed_point_scale", H5T_IEEE_F64LE, &scale);
  for (uint32_t slots : {0u, 1u, 257u, 4294967295u}) scalar(fmt::format("ring slots {}", slots), "/ringbuffers", "slots", H5T_STD_U32LE, &slots);
  const float a_plus = static_cast<float>(nan);
  scalar("a_plus NaN", "/plasticity/projections/exc_exc", "a_plus", H5T_IEEE_F32LE, &a_plus);
  const float lambda = 2.0f;
  scalar("lambda_plus 2", "/plasticity/projections/exc_exc", "lambda_plus", H5T_IEEE_F32LE, &lambda);
  const uint8_t target = 7;
  scalar("stdp_target 7", "/plasticity/projections/exc_exc", "stdp_target", H5T_STD_U8LE, &target);
  const float polarity = 0.0f;
  scalar("polarity 0", "/plasticity/projections/exc_exc", "polarity", H5T_IEEE_F32LE, &polarity);
  for (double x : {nan, inf, 1e30, -1.0}) element(fmt::format("exc_exc weight {}", x), "/projections/exc_exc/weight", 3, float_bytes(4, x));
  element("inh_exc weight of the wrong sign", "/projections/inh_exc/weight", 0, float_bytes(4, 1.0));
  for (auto [name, x] : {std::pair{"v", nan}, {"v", inf}, {"u", nan}, {"a", nan}, {"d", -inf}})
    element(fmt::format("exc {} {}", name, x), fmt::format("/populations/exc/{}", name), 5, float_bytes(4, x));
  element("pre_trace NaN", "/plasticity/projections/exc_exc/pre_trace", 1, float_bytes(4, nan));
  element("post_trace inf", "/plasticity/projections/exc_exc/post_trace", 1, float_bytes(4, inf));
  element("pre_trace negative", "/plasticity/projections/exc_exc/pre_trace", 2, float_bytes(4, -1.0));
  element("derivative NaN", "/plasticity/projections/exc_exc/synapse_aux", 0, float_bytes(4, nan));
  element("ring entry INT64_MAX", "/ringbuffers/synaptic_input", 7, integer_bytes(8, true, 3));
  element("ring entry INT64_MIN", "/ringbuffers/synaptic_input", 9, integer_bytes(8, true, 4));
  element("pulses_per_step 2^32-1", "/inputs/pulses_per_step", 0, integer_bytes(4, false, 2));
  element("input type 9", "/inputs/type", 0, std::string(1, '\x09'));
  element("input exp_minus_lambda NaN", "/inputs/exp_minus_lambda", 0, float_bytes(8, nan));
  element("target outside the post population", "/projections/exc_inh/target", 0, integer_bytes(4, false, 1));
  element("delay 0", "/projections/exc_exc/delay", 0, std::string(1, '\0'));
  element("delay 255", "/projections/exc_exc/delay", 0, std::string(1, '\xff'));
  element("row_ptr decreasing", "/projections/exc_exc/row_ptr", 1, integer_bytes(8, false, 2));
  element("spike history neuron out of range", "/plasticity/spike_history/count", 0, integer_bytes(4, false, 3));
  g.remove_link(b, "deleted plastic projection group", "/plasticity/projections/exc_exc", expect::error);
  g.remove_link(b, "deleted /plasticity", "/plasticity", expect::error);
  g.remove_link(b, "deleted projection", "/projections/exc_inh", expect::error);
  g.edit(b, "target declares 2^33 elements", expect::error,
         [](hid_t f) { put_dataset(f, "/projections/exc_exc/target", H5T_STD_U32LE, {hsize_t{1} << 33}, true); });
  g.edit(b, "ring declares 2^33 elements", expect::error,
         [](hid_t f) { put_dataset(f, "/ringbuffers/synaptic_input", H5T_STD_I64LE, {hsize_t{1} << 33}, true); });
  g.edit(b, "v as a 2-D dataset", expect::error, [](hid_t f) { put_dataset(f, "/populations/exc/v", H5T_IEEE_F32LE, {160, 1}, false); });
  const double parameter = nan;
  scalar("model parameter NaN", "/model/parameters", "n", H5T_IEEE_F64LE, &parameter);
}

// Mutations of every attribute and dataset the walk finds, sampled with the corpus seed.
void generic_cases(generator& g, const std::string& b, size_t count) {
  const layout l = layout_of(b);
  const double nan = std::numeric_limits<double>::quiet_NaN(), inf = std::numeric_limits<double>::infinity();
  for (size_t k = 0; k < count; ++k) {
    const bool on_attribute = g.below(2) == 0 || l.datasets.empty();
    if (on_attribute) {
      const attribute a = l.attributes[g.below(l.attributes.size())];
      const std::string where = fmt::format("attribute {}:{}", a.object, a.name);
      switch (g.below(5)) {
        case 0: {  // an array in place of the scalar
          std::vector<char> zeros(16 * std::max<size_t>(a.size, 8), 0);
          std::vector<const char*> texts(16, "x");
          g.edit(b, where + " as 16 values", expect::error, [&](hid_t f) {
            handle o = open_object(f, a.object);
            handle at = open_attribute(o, a.name);
            handle t(H5Aget_type(at), H5Tclose, "type");
            at.reset();
            o.reset();
            put_attribute(f, a.object, a.name, t, 16, a.variable ? static_cast<const void*>(texts.data()) : zeros.data());
          });
          break;
        }
        case 1: {  // another type
          const int32_t i = 1;
          const double d = 1;
          const bool to_int = a.kind != H5T_INTEGER || a.size != 4;
          g.edit(b, where + (to_int ? " as int32" : " as float64"), expect::error,
                 [&](hid_t f) { put_attribute(f, a.object, a.name, to_int ? H5T_STD_I32LE : H5T_IEEE_F64LE, 0, to_int ? static_cast<const void*>(&i) : &d); });
          break;
        }
        case 2:
          g.edit(b, where + " deleted", expect::error_or_identical, [&](hid_t f) {
            handle o = open_object(f, a.object);
            check(H5Adelete(o, a.name.c_str()), "delete");
          });
          break;
        default:
          if (a.kind == H5T_FLOAT) {
            const double values[] = {nan, inf, -inf, 1e30, -1e30, 0.0, 1e-300};
            const double x = values[g.below(7)];
            g.edit(b, fmt::format("{} = {}", where, x), std::isfinite(x) ? expect::error_or_success : expect::error,
                   [&](hid_t f) { set_attribute_bytes(f, a.object, a.name, float_bytes(a.size, x)); });
          } else if (a.kind == H5T_INTEGER) {
            const int which = static_cast<int>(g.below(5));
            g.edit(b, fmt::format("{} = extreme {}", where, which), expect::error_or_success,
                   [&](hid_t f) { set_attribute_bytes(f, a.object, a.name, integer_bytes(a.size, a.is_signed, which)); });
          } else if (a.kind == H5T_STRING && !a.variable) {
            g.edit(b, where + " = another string", expect::error_or_success,
                   [&](hid_t f) { set_attribute_bytes(f, a.object, a.name, std::string(a.size, 'z')); });
          }
      }
    } else {
      const dataset d = l.datasets[g.below(l.datasets.size())];
      const std::string where = fmt::format("dataset {}", d.path);
      switch (g.below(7)) {
        case 0:
          if (d.length > 0 && d.kind == H5T_FLOAT) {
            const double x = g.below(2) ? nan : (g.below(2) ? inf : -inf);
            const hsize_t at = g.below(d.length);
            g.edit(b, fmt::format("{}[{}] = {}", where, at, x), expect::error, [&](hid_t f) { set_element_bytes(f, d.path, at, float_bytes(d.size, x)); });
            break;
          }
          [[fallthrough]];
        case 1:
          if (d.length > 0) {
            const hsize_t at = g.below(d.length);
            const int which = static_cast<int>(g.below(5));
            const std::string value = d.kind == H5T_FLOAT ? float_bytes(d.size, which % 2 ? 1e30 : -1e30)
                                                          : integer_bytes(d.size, false, which);
            g.edit(b, fmt::format("{}[{}] = extreme {}", where, at, which), expect::error_or_success,
                   [&](hid_t f) { set_element_bytes(f, d.path, at, value); });
            break;
          }
          [[fallthrough]];
        case 2:
          g.edit(b, where + " one element longer", expect::error_or_success, [&](hid_t f) { put_zeros(f, d.path, d.length + 1); });
          break;
        case 3: {
          const int rank = 2 + static_cast<int>(g.below(3));
          std::vector<hsize_t> dims(static_cast<size_t>(rank), 2);
          dims[0] = std::max<hsize_t>(d.length, 1);
          g.edit(b, fmt::format("{} as {}-D", where, rank), expect::error,
                 [&](hid_t f) { put_dataset(f, d.path, file_type_of(d.kind, d.size, false), dims, false); });
          break;
        }
        case 4: {
          const hid_t other = d.kind == H5T_FLOAT ? H5T_STD_I32LE : H5T_IEEE_F32LE;
          g.edit(b, where + " of another type", expect::error, [&](hid_t f) { put_dataset(f, d.path, other, {d.length}, false); });
          break;
        }
        case 5:
          g.edit(b, where + " declares 2^40 elements", expect::error,
                 [&](hid_t f) { put_dataset(f, d.path, file_type_of(d.kind, d.size, false), {hsize_t{1} << 40}, true); });
          break;
        default:
          g.remove_link(b, where + " deleted", d.path, expect::error_or_identical);
      }
    }
  }
  // Whole groups, once each for the first few.
  for (size_t k = 1; k < std::min<size_t>(l.groups.size(), 6); ++k) {
    const std::string group = l.groups[1 + g.below(l.groups.size() - 1)];
    g.remove_link(b, "group " + group + " deleted", group, expect::error_or_identical);
  }
}

}  // namespace

const char* expect_name(expect e) {
  switch (e) {
    case expect::error: return "error";
    case expect::error_or_identical: return "error or identical";
    case expect::error_or_success: return "error or success";
  }
  return "?";
}

bases write_bases(const std::string& dir) {
  fs::create_directories(dir);
  bases b;
  {
    auto sim = test::cpu_simulator(model("polychronization", {"n=200", "m=20"}));
    sim->run_steps(60);
    b.snapshots.push_back(snapshot_of(*sim, dir + "/base_plastic.h5"));
    b.legacy = dir + "/base_legacy.h5";
    fs::copy_file(b.snapshots.back(), b.legacy, fs::copy_options::overwrite_existing);
    to_variable_length_strings(b.legacy);

    recording_plan plan;
    plan.out = dir + "/base_run.h5";
    plan.weight_projections = {"exc_exc"};
    plan.probes = {{"exc", {0, 1, 2}}};
    plan.metrics_every = 20;
    run_recorder recorder(plan, *sim);
    run_options ro;
    ro.steps = 40;
    ro.progress = false;
    std::vector<spike_consumer> consumers;
    recorder.attach(ro, consumers);
    run(*sim, ro, consumers);
    recorder.finish(*sim);
    b.run_file = plan.out;
  }
  {
    test::mixed_spec spec;  // small: the corpus writes many files
    spec.seed = 3, spec.poisson = 20, spec.cue = 4, spec.lif = 30, spec.izh = 25, spec.lif_tau_syn = -1;
    spec.cue_spikes = {{0, 3.0}, {2, 10.5}, {3, 50.0}, {1, 90.0}};
    spec.delay_high_ms = 6.0, spec.step_start_ms = 5, spec.step_stop_ms = 30;
    auto sim = test::cpu_simulator(test::mixed_network(spec));
    sim->run_steps(40);
    b.snapshots.push_back(snapshot_of(*sim, dir + "/base_mixed.h5"));
  }
  {
    auto sim = test::cpu_simulator(test::every_rule_network());
    test::run_with_rewards(*sim, 120);
    b.snapshots.push_back(snapshot_of(*sim, dir + "/base_rules.h5"));
  }
  return b;
}

std::vector<mutant> make_corpus(const bases& b, const corpus_options& o) {
  h5::silence_errors();
  generator g(o);
  named_cases(g, b.snapshots[0]);
  for (size_t k = 0; k < b.snapshots.size(); ++k)
    generic_cases(g, b.snapshots[k], o.generic / b.snapshots.size());
  std::vector<std::string> all = b.snapshots;
  all.push_back(b.legacy);
  for (size_t k = 0; k < o.byte_flips; ++k) {
    const std::string& base = all[g.below(all.size())];
    const uint64_t at = g.below(fs::file_size(base)), mask = 1 + g.below(255);
    g.flip_byte(base, "byte", at, mask, expect::error_or_identical);
  }
  for (size_t k = 0; k < o.truncations; ++k) {
    const std::string& base = all[g.below(all.size())];
    const uint64_t size = g.below(fs::file_size(base));
    g.bytes(base, fmt::format("truncated to {} bytes", size), expect::error, [&](std::string& d) { d.resize(size); });
  }
  {
    const std::string data = file_bytes(b.legacy);
    const auto collections = heap_collections(data);
    for (size_t k = 0; k < o.heap_flips && !collections.empty(); ++k) {
      // The collection header and its first objects: lengths, indices, reference counts, text.
      const size_t at = collections[g.below(collections.size())] + g.below(320);
      const uint64_t mask = 1 + g.below(255);
      if (at >= data.size()) continue;
      g.flip_byte(b.legacy, "global heap byte", at, mask, expect::error_or_identical);
    }
  }
  // The run file, for inspect.
  const std::string r = b.run_file;
  for (int rank : {3, 4})
    g.edit(r, fmt::format("spike timestamps {}-D", rank), expect::error,
           [&](hid_t f) { put_dataset(f, "/spikes/exc/timestamps", H5T_IEEE_F64LE, std::vector<hsize_t>(static_cast<size_t>(rank), 3), false); }, false);
  g.edit(r, "spike node_ids shorter", expect::error, [&](hid_t f) { put_zeros(f, "/spikes/exc/node_ids", 1); }, false);
  g.edit(r, "spike timestamps as integers", expect::error,
         [&](hid_t f) { put_dataset(f, "/spikes/inh/timestamps", H5T_STD_I32LE, {5}, false); }, false);
  g.edit(r, "weights times 3-D", expect::error,
         [&](hid_t f) { put_dataset(f, "/weights/exc_exc/times", H5T_IEEE_F64LE, {2, 2, 2}, false); }, false);
  g.remove_link(r, "no spikes group", "/spikes", expect::error_or_success, false);
  for (size_t k = 0; k + 6 < o.run_file; ++k) {
    const uint64_t at = g.below(fs::file_size(r)), mask = 1 + g.below(255);
    g.flip_byte(r, "run file byte", at, mask, expect::error_or_success, false);
  }
  return g.take();
}

}  // namespace engram::fuzz
