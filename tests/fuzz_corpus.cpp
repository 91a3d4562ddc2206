#include "tests/fuzz_corpus.hpp"

#include <algorithm>
#include <cmath>
#include <cstring>
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

// Every neuron and input kind: LIF, Izhikevich, Poisson and spike sources; currents, noise,
// Poisson events, random pulses; per-synapse delays in flight.
network mixed_network() {
  network net;
  net.dt_ms = 0.5;
  net.seed = 3;
  net.populations.push_back(poisson_source_population("poisson", std::vector<float>(20, 40.0f)));
  net.populations.push_back(test::spike_source("cue", 4, {{0, 3.0}, {2, 10.5}, {3, 50.0}, {1, 90.0}}));
  net.populations.push_back(lif_population("lif", 30));
  net.populations.push_back(izhikevich_population("izh", 25, izhikevich_pattern::CH));
  auto connect = [&](const char* pre, const char* post, double w, transmitter t) {
    projection pr;
    pr.name = std::string(pre) + "_" + post;
    pr.pre = pre;
    pr.post = post;
    pr.connect.type = connector::kind::fixed_probability;
    pr.connect.probability = 0.3;
    pr.weight = distribution::between(0.2 * w, w);
    pr.delay_ms = distribution::between(0.5, 6.0);
    pr.sign = t;
    net.projections.push_back(pr);
  };
  connect("poisson", "lif", 300, transmitter::glutamate);
  connect("cue", "izh", 20, transmitter::glutamate);
  connect("lif", "izh", 5, transmitter::glutamate);
  connect("izh", "lif", 200, transmitter::gaba);
  input noise, events, pulses, step;
  noise.type = input::kind::noise;
  noise.population = "izh";
  noise.mean = 3;
  noise.sd = 4;
  events.type = input::kind::poisson;
  events.population = "lif";
  events.rate_hz = 300;
  events.weight = 150;
  pulses.type = input::kind::random_pulse;
  pulses.population = "izh";
  pulses.amplitude = 15;
  pulses.pulses_per_step = 2;
  step.type = input::kind::current;
  step.population = "lif";
  step.amplitude = 200;
  step.start_ms = 5;
  step.stop_ms = 30;
  net.inputs = {noise, events, pulses, step};
  return net;
}

std::string snapshot_of(simulator& sim, const std::string& path) {
  write_snapshot(path, sim.export_state(), {"fuzz", {{"n", 200}}, "", 0});
  return path;
}

// Every attribute of every object, by walking the file: new arrays are mutated without a change here.
struct attribute {
  std::string object, name;
  H5T_class_t kind;
  size_t size;
  bool is_signed, variable;
};
struct dataset {
  std::string path;
  H5T_class_t kind;
  size_t size;
  hsize_t length;  // first dimension
  int rank;
};
struct layout {
  std::vector<std::string> groups;  // "/" first
  std::vector<dataset> datasets;
  std::vector<attribute> attributes;
};

herr_t collect_link(hid_t, const char* name, const H5L_info_t*, void* names) {
  static_cast<std::vector<std::string>*>(names)->push_back(std::string("/") + name);
  return 0;
}

void collect_attributes(hid_t obj, const std::string& path, layout& out) {
  const int count = H5Aget_num_attrs(obj);
  for (int i = 0; i < count; ++i) {
    handle a(H5Aopen_by_idx(obj, ".", H5_INDEX_NAME, H5_ITER_INC, static_cast<hsize_t>(i), H5P_DEFAULT, H5P_DEFAULT), H5Aclose, "attr");
    char name[512] = {};
    H5Aget_name(a, sizeof name, name);
    handle t(H5Aget_type(a), H5Tclose, "type");
    const H5T_class_t kind = H5Tget_class(t);
    out.attributes.push_back({path, name, kind, H5Tget_size(t), kind == H5T_INTEGER && H5Tget_sign(t) == H5T_SGN_2,
                              kind == H5T_STRING && H5Tis_variable_str(t) > 0});
  }
}

layout layout_of(const std::string& path) {
  handle file(H5Fopen(path.c_str(), H5F_ACC_RDONLY, H5P_DEFAULT), H5Fclose, "open " + path);
  std::vector<std::string> names;
  check(H5Lvisit(file, H5_INDEX_NAME, H5_ITER_INC, collect_link, &names), "visit");
  layout out;
  out.groups.push_back("/");
  collect_attributes(file, "/", out);
  for (const auto& name : names) {
    handle o(H5Oopen(file, name.c_str(), H5P_DEFAULT), H5Oclose, "open " + name);
    collect_attributes(o, name, out);
    if (H5Iget_type(o) == H5I_GROUP) {
      out.groups.push_back(name);
    } else if (H5Iget_type(o) == H5I_DATASET) {
      handle t(H5Dget_type(o), H5Tclose, "type"), s(H5Dget_space(o), H5Sclose, "space");
      hsize_t dims[H5S_MAX_RANK] = {};
      const int rank = H5Sget_simple_extent_dims(s, dims, nullptr);
      out.datasets.push_back({name, H5Tget_class(t), H5Tget_size(t), rank > 0 ? dims[0] : 1, rank});
    }
  }
  return out;
}

// Rewrites every fixed-length string attribute as a variable-length one, as Engram wrote them
// before: the strings then live in the global heap.
void to_variable_length_strings(const std::string& path) {
  const layout l = layout_of(path);
  handle file(H5Fopen(path.c_str(), H5F_ACC_RDWR, H5P_DEFAULT), H5Fclose, "open");
  for (const auto& a : l.attributes) {
    if (a.kind != H5T_STRING || a.variable) continue;
    handle o(H5Oopen(file, a.object.c_str(), H5P_DEFAULT), H5Oclose, "open");
    std::string value(a.size, '\0');
    {
      handle attr(H5Aopen(o, a.name.c_str(), H5P_DEFAULT), H5Aclose, "attr");
      handle t(H5Aget_type(attr), H5Tclose, "type");
      check(H5Aread(attr, t, value.data()), "read");
    }
    value.resize(std::strlen(value.c_str()));
    check(H5Adelete(o, a.name.c_str()), "delete");
    handle t(H5Tcopy(H5T_C_S1), H5Tclose, "type");
    check(H5Tset_size(t, H5T_VARIABLE), "size");
    handle s(H5Screate(H5S_SCALAR), H5Sclose, "space");
    handle attr(H5Acreate2(o, a.name.c_str(), t, s, H5P_DEFAULT, H5P_DEFAULT), H5Aclose, "create");
    const char* text = value.c_str();
    check(H5Awrite(attr, t, &text), "write");
  }
}

// ---- Mutations ----------------------------------------------------------------------------------

class generator {
 public:
  generator(const corpus_options& o) : options_(o), rng_(o.seed) { fs::create_directories(o.dir); }

  std::vector<mutant> take() { return std::move(out_); }
  uint64_t below(uint64_t n) { return n ? rng_() % n : 0; }

  std::string fresh_copy(const std::string& base) {
    const std::string path = fmt::format("{}/m{:04}.h5", options_.dir, out_.size());
    fs::copy_file(base, path, fs::copy_options::overwrite_existing);
    return path;
  }

  // A mutation through HDF5 on a copy of `base`.
  void edit(const std::string& base, const std::string& name, expect e, const std::function<void(hid_t)>& change, bool snapshot = true) {
    const std::string path = fresh_copy(base);
    {
      handle file(H5Fopen(path.c_str(), H5F_ACC_RDWR, H5P_DEFAULT), H5Fclose, "open " + path);
      change(file);
    }
    out_.push_back({name, path, base, e, snapshot});
  }

  // A mutation of the bytes of a copy of `base`.
  void bytes(const std::string& base, const std::string& name, expect e, const std::function<void(std::string&)>& change, bool snapshot = true) {
    std::ifstream in(base, std::ios::binary);
    std::string data((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
    change(data);
    const std::string path = fmt::format("{}/m{:04}.h5", options_.dir, out_.size());
    std::ofstream(path, std::ios::binary | std::ios::trunc).write(data.data(), static_cast<std::streamsize>(data.size()));
    out_.push_back({name, path, base, e, snapshot});
  }

 private:
  corpus_options options_;
  std::mt19937_64 rng_;
  std::vector<mutant> out_;
};

// Raw little-endian bytes of an integer of `size` bytes: the kinds of value that break loaders.
std::string integer_bytes(size_t size, bool is_signed, int which) {
  std::string b(size, '\0');
  switch (which) {
    case 0: break;                                   // 0
    case 1: b[0] = 1; break;                         // 1
    case 2: std::fill(b.begin(), b.end(), '\xff'); break;  // -1, or the unsigned maximum
    case 3:                                          // the maximum
      std::fill(b.begin(), b.end(), '\xff');
      if (is_signed) b.back() = '\x7f';
      break;
    default:                                         // the signed minimum, or the top bit alone
      b.back() = '\x80';
      break;
  }
  return b;
}

std::string float_bytes(size_t size, double x) {
  std::string b(size, '\0');
  if (size == 4) {
    const float f = static_cast<float>(x);
    std::memcpy(b.data(), &f, 4);
  } else {
    std::memcpy(b.data(), &x, 8);
  }
  return b;
}

hid_t file_type_of(H5T_class_t kind, size_t size, bool is_signed) {
  if (kind == H5T_FLOAT) return size == 4 ? H5T_IEEE_F32LE : H5T_IEEE_F64LE;
  switch (size) {
    case 1: return is_signed ? H5T_STD_I8LE : H5T_STD_U8LE;
    case 2: return is_signed ? H5T_STD_I16LE : H5T_STD_U16LE;
    case 4: return is_signed ? H5T_STD_I32LE : H5T_STD_U32LE;
    default: return is_signed ? H5T_STD_I64LE : H5T_STD_U64LE;
  }
}

// Replaces attribute `name` of `object` with one of `type`, `count` values (0: a scalar).
void put_attribute(hid_t file, const std::string& object, const std::string& name, hid_t type, hsize_t count, const void* data) {
  handle o(H5Oopen(file, object.c_str(), H5P_DEFAULT), H5Oclose, "open " + object);
  if (H5Aexists(o, name.c_str()) > 0) check(H5Adelete(o, name.c_str()), "delete attribute");
  handle s(count ? H5Screate_simple(1, &count, nullptr) : H5Screate(H5S_SCALAR), H5Sclose, "space");
  handle a(H5Acreate2(o, name.c_str(), type, s, H5P_DEFAULT, H5P_DEFAULT), H5Aclose, "create attribute");
  check(H5Awrite(a, type, data), "write attribute");
}

void set_attribute_bytes(hid_t file, const std::string& object, const std::string& name, const std::string& bytes) {
  handle o(H5Oopen(file, object.c_str(), H5P_DEFAULT), H5Oclose, "open " + object);
  handle a(H5Aopen(o, name.c_str(), H5P_DEFAULT), H5Aclose, "attribute");
  handle t(H5Aget_type(a), H5Tclose, "type");
  check(H5Awrite(a, t, bytes.data()), "write attribute");
}

// Writes raw value bytes into element `index` of a 1-D dataset (its checksum is recomputed: a
// forged file, not a damaged one).
void set_element_bytes(hid_t file, const std::string& path, hsize_t index, const std::string& bytes) {
  handle ds(H5Dopen2(file, path.c_str(), H5P_DEFAULT), H5Dclose, "open " + path);
  handle t(H5Dget_type(ds), H5Tclose, "type"), space(H5Dget_space(ds), H5Sclose, "space");
  const hsize_t one = 1;
  check(H5Sselect_hyperslab(space, H5S_SELECT_SET, &index, nullptr, &one, nullptr), "select");
  handle mem(H5Screate_simple(1, &one, nullptr), H5Sclose, "mem");
  check(H5Dwrite(ds, t, mem, space, H5P_DEFAULT, bytes.data()), "write element");
}

// Replaces dataset `path` with an unwritten one of `type` and `dims` (chunked when `chunked`).
void put_dataset(hid_t file, const std::string& path, hid_t type, std::vector<hsize_t> dims, bool chunked) {
  check(H5Ldelete(file, path.c_str(), H5P_DEFAULT), "delete " + path);
  std::vector<hsize_t> max = dims;
  handle props(H5Pcreate(H5P_DATASET_CREATE), H5Pclose, "props");
  if (chunked) {
    std::fill(max.begin(), max.end(), H5S_UNLIMITED);
    std::vector<hsize_t> chunk(dims.size(), 1);
    chunk[0] = 1024;
    check(H5Pset_chunk(props, static_cast<int>(chunk.size()), chunk.data()), "chunk");
  }
  handle s(H5Screate_simple(static_cast<int>(dims.size()), dims.data(), max.data()), H5Sclose, "space");
  handle ds(H5Dcreate2(file, path.c_str(), type, s, H5P_DEFAULT, props, H5P_DEFAULT), H5Dclose, "create " + path);
}

// Replaces dataset `path` with a written one of the same type and `length` zero elements.
void put_zeros(hid_t file, const std::string& path, hsize_t length) {
  handle type;
  {
    handle ds(H5Dopen2(file, path.c_str(), H5P_DEFAULT), H5Dclose, "open " + path);
    type = handle(H5Dget_type(ds), H5Tclose, "type");
  }
  check(H5Ldelete(file, path.c_str(), H5P_DEFAULT), "delete " + path);
  handle s(H5Screate_simple(1, &length, nullptr), H5Sclose, "space");
  handle ds(H5Dcreate2(file, path.c_str(), type, s, H5P_DEFAULT, H5P_DEFAULT, H5P_DEFAULT), H5Dclose, "create " + path);
  std::vector<char> zeros(length * H5Tget_size(type) + 1, 0);
  if (length) check(H5Dwrite(ds, type, H5S_ALL, H5S_ALL, H5P_DEFAULT, zeros.data()), "write zeros");
}

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
  g.edit(b, "deleted plastic projection group", expect::error,
         [](hid_t f) { check(H5Ldelete(f, "/plasticity/projections/exc_exc", H5P_DEFAULT), "delete"); });
  g.edit(b, "deleted /plasticity", expect::error, [](hid_t f) { check(H5Ldelete(f, "/plasticity", H5P_DEFAULT), "delete"); });
  g.edit(b, "deleted projection", expect::error, [](hid_t f) { check(H5Ldelete(f, "/projections/exc_inh", H5P_DEFAULT), "delete"); });
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
            handle o(H5Oopen(f, a.object.c_str(), H5P_DEFAULT), H5Oclose, "open");
            handle at(H5Aopen(o, a.name.c_str(), H5P_DEFAULT), H5Aclose, "attr");
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
            handle o(H5Oopen(f, a.object.c_str(), H5P_DEFAULT), H5Oclose, "open");
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
          g.edit(b, where + " deleted", expect::error_or_identical, [&](hid_t f) { check(H5Ldelete(f, d.path.c_str(), H5P_DEFAULT), "delete"); });
      }
    }
  }
  // Whole groups, once each for the first few.
  for (size_t k = 1; k < std::min<size_t>(l.groups.size(), 6); ++k) {
    const std::string group = l.groups[1 + g.below(l.groups.size() - 1)];
    g.edit(b, "group " + group + " deleted", expect::error_or_identical, [&](hid_t f) { check(H5Ldelete(f, group.c_str(), H5P_DEFAULT), "delete"); });
  }
}

// Offsets of global heap collections ("GCOL", version 1) in a file's bytes.
std::vector<size_t> heap_collections(const std::string& data) {
  std::vector<size_t> at;
  for (size_t p = data.find("GCOL"); p != std::string::npos; p = data.find("GCOL", p + 1))
    if (p + 5 < data.size() && data[p + 4] == 1) at.push_back(p);
  return at;
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
    auto sim = test::cpu_simulator(mixed_network());
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
    g.bytes(base, fmt::format("byte {} ^ {:#x}", at, mask), expect::error_or_identical,
            [&](std::string& d) { d[at] = static_cast<char>(d[at] ^ static_cast<char>(mask)); });
  }
  for (size_t k = 0; k < o.truncations; ++k) {
    const std::string& base = all[g.below(all.size())];
    const uint64_t size = g.below(fs::file_size(base));
    g.bytes(base, fmt::format("truncated to {} bytes", size), expect::error, [&](std::string& d) { d.resize(size); });
  }
  {
    std::ifstream in(b.legacy, std::ios::binary);
    const std::string data((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
    const auto collections = heap_collections(data);
    for (size_t k = 0; k < o.heap_flips && !collections.empty(); ++k) {
      // The collection header and its first objects: lengths, indices, reference counts, text.
      const size_t at = collections[g.below(collections.size())] + g.below(320);
      const uint64_t mask = 1 + g.below(255);
      if (at >= data.size()) continue;
      g.bytes(b.legacy, fmt::format("global heap byte {} ^ {:#x}", at, mask), expect::error_or_identical,
              [&](std::string& d) { d[at] = static_cast<char>(d[at] ^ static_cast<char>(mask)); });
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
  g.edit(r, "no spikes group", expect::error_or_success, [&](hid_t f) { check(H5Ldelete(f, "/spikes", H5P_DEFAULT), "delete"); }, false);
  for (size_t k = 0; k + 6 < o.run_file; ++k) {
    const uint64_t at = g.below(fs::file_size(r)), mask = 1 + g.below(255);
    g.bytes(r, fmt::format("run file byte {} ^ {:#x}", at, mask), expect::error_or_success,
            [&](std::string& d) { d[at] = static_cast<char>(d[at] ^ static_cast<char>(mask)); }, false);
  }
  return g.take();
}

// ---- Comparison ---------------------------------------------------------------------------------

namespace {

template <class T> bool same(const std::vector<T>& a, const std::vector<T>& b) {
  return a.size() == b.size() && (a.empty() || std::memcmp(a.data(), b.data(), a.size() * sizeof(T)) == 0);
}
template <class T> bool same_bits(const T& a, const T& b) { return std::memcmp(&a, &b, sizeof(T)) == 0; }

}  // namespace

#define ENGRAM_SAME(x, y, field) \
  if (!same_bits(x.field, y.field)) return fmt::format("{} {}", what, #field)
#define ENGRAM_SAME_ARRAY(x, y, field) \
  if (!same(x.field, y.field)) return fmt::format("{} {}", what, #field)

std::string state_difference(const network_state& a, const network_state& b) {
  std::string what = "state";
  ENGRAM_SAME(a, b, dt_ms);
  ENGRAM_SAME(a, b, seed);
  ENGRAM_SAME(a, b, step);
  ENGRAM_SAME(a, b, ring_slots);
  ENGRAM_SAME_ARRAY(a, b, ring);
  if (a.populations.size() != b.populations.size()) return "number of populations";
  for (size_t i = 0; i < a.populations.size(); ++i) {
    const auto &x = a.populations[i], &y = b.populations[i];
    what = "population " + x.name;
    if (x.name != y.name) return what + " name";
    ENGRAM_SAME(x, y, first);
    ENGRAM_SAME(x, y, size);
    ENGRAM_SAME(x, y, kind);
    ENGRAM_SAME(x, y, substeps);
    ENGRAM_SAME(x, y, v_peak);
    ENGRAM_SAME(x, y, p_vv);
    ENGRAM_SAME(x, y, p_vi);
    ENGRAM_SAME(x, y, p_vbias);
    ENGRAM_SAME(x, y, p_ii);
    ENGRAM_SAME(x, y, v_rest);
    ENGRAM_SAME(x, y, v_reset);
    ENGRAM_SAME(x, y, v_thresh);
    ENGRAM_SAME(x, y, i_bias);
    ENGRAM_SAME(x, y, refractory_steps);
  }
  what = "neurons";
  for (auto field : {&neuron_arrays::v, &neuron_arrays::u, &neuron_arrays::i_syn, &neuron_arrays::a, &neuron_arrays::b,
                     &neuron_arrays::c, &neuron_arrays::d})
    if (!same(a.neurons.*field, b.neurons.*field)) return "a neuron array";
  ENGRAM_SAME_ARRAY(a.neurons, b.neurons, refractory);
  ENGRAM_SAME_ARRAY(a.neurons, b.neurons, spike_probability);
  if (a.projections.size() != b.projections.size()) return "number of projections";
  for (size_t i = 0; i < a.projections.size(); ++i) {
    const auto &x = a.projections[i], &y = b.projections[i];
    what = "projection " + x.name;
    if (x.name != y.name) return what + " name";
    ENGRAM_SAME(x, y, pre_first);
    ENGRAM_SAME(x, y, pre_count);
    ENGRAM_SAME(x, y, post_first);
    ENGRAM_SAME(x, y, post_count);
    ENGRAM_SAME(x, y, uniform_delay);
    ENGRAM_SAME_ARRAY(x, y, row_ptr);
    ENGRAM_SAME_ARRAY(x, y, target);
    ENGRAM_SAME_ARRAY(x, y, weight);
    ENGRAM_SAME_ARRAY(x, y, delay);
  }
  if (a.inputs.size() != b.inputs.size()) return "number of inputs";
  for (size_t i = 0; i < a.inputs.size(); ++i) {
    const auto &x = a.inputs[i], &y = b.inputs[i];
    what = fmt::format("input {}", i);
    ENGRAM_SAME(x, y, type);
    ENGRAM_SAME(x, y, ordinal);
    ENGRAM_SAME(x, y, first);
    ENGRAM_SAME(x, y, count);
    ENGRAM_SAME(x, y, amplitude);
    ENGRAM_SAME(x, y, mean);
    ENGRAM_SAME(x, y, sd);
    ENGRAM_SAME(x, y, weight);
    ENGRAM_SAME(x, y, start_step);
    ENGRAM_SAME(x, y, stop_step);
    ENGRAM_SAME(x, y, exp_minus_lambda);
    ENGRAM_SAME(x, y, pulses_per_step);
  }
  what = "spike schedule";
  ENGRAM_SAME_ARRAY(a.scheduled_spikes, b.scheduled_spikes, step);
  ENGRAM_SAME_ARRAY(a.scheduled_spikes, b.scheduled_spikes, neuron);
  const auto &p = a.plasticity, &q = b.plasticity;
  if (p.projections.size() != q.projections.size()) return "number of plastic projections";
  for (size_t i = 0; i < p.projections.size(); ++i) {
    const auto &x = p.projections[i], &y = q.projections[i];
    what = fmt::format("plastic projection {}", i);
    ENGRAM_SAME(x, y, projection);
    ENGRAM_SAME(x, y, frozen);
    ENGRAM_SAME(x, y, modulation);
    ENGRAM_SAME(x, y, delay_min);
    ENGRAM_SAME(x, y, delay_max);
    ENGRAM_SAME(x, y, stdp.enabled);
    ENGRAM_SAME(x, y, stdp.nearest);
    ENGRAM_SAME(x, y, stdp.multiplicative);
    ENGRAM_SAME(x, y, stdp.target);
    ENGRAM_SAME(x, y, stdp.bcm);
    ENGRAM_SAME(x, y, stdp.a_plus);
    ENGRAM_SAME(x, y, stdp.a_minus);
    ENGRAM_SAME(x, y, stdp.lambda_plus);
    ENGRAM_SAME(x, y, stdp.lambda_minus);
    ENGRAM_SAME(x, y, stdp.w_min);
    ENGRAM_SAME(x, y, stdp.w_max);
    ENGRAM_SAME(x, y, stdp.polarity);
    ENGRAM_SAME(x, y, stdp.bcm_inv_target);
    ENGRAM_SAME(x, y, stdp.bcm_min);
    ENGRAM_SAME(x, y, stdp.bcm_max);
    ENGRAM_SAME(x, y, derivative_period);
    ENGRAM_SAME(x, y, derivative_bias);
    ENGRAM_SAME(x, y, derivative_decay);
    ENGRAM_SAME(x, y, dopamine_channel);
    ENGRAM_SAME(x, y, dopamine_reference);
    ENGRAM_SAME(x, y, dopamine_gain);
    ENGRAM_SAME(x, y, apply_period);
    ENGRAM_SAME(x, y, eligibility_period_decay);
    ENGRAM_SAME(x, y, scaling);
    ENGRAM_SAME(x, y, scaling_period);
    ENGRAM_SAME(x, y, scaling_target_hz);
    ENGRAM_SAME(x, y, scaling_eta);
    ENGRAM_SAME(x, y, scaling_max_step);
    ENGRAM_SAME(x, y, normalise);
    ENGRAM_SAME(x, y, normalise_period);
    ENGRAM_SAME(x, y, normalise_target);
    ENGRAM_SAME(x, y, stp);
    ENGRAM_SAME(x, y, stp_U);
    ENGRAM_SAME(x, y, stp_rec_decay);
    ENGRAM_SAME(x, y, stp_fac_decay);
    ENGRAM_SAME_ARRAY(x, y, eligibility_lag);
    ENGRAM_SAME_ARRAY(x, y, pre_trace);
    ENGRAM_SAME_ARRAY(x, y, post_trace);
    ENGRAM_SAME_ARRAY(x, y, synapse_aux);
    ENGRAM_SAME_ARRAY(x, y, stp_u);
    ENGRAM_SAME_ARRAY(x, y, stp_x);
  }
  if (p.populations.size() != q.populations.size()) return "number of homeostasis entries";
  for (size_t i = 0; i < p.populations.size(); ++i) {
    const auto &x = p.populations[i], &y = q.populations[i];
    what = fmt::format("homeostasis {}", i);
    ENGRAM_SAME(x, y, population);
    ENGRAM_SAME(x, y, threshold);
    ENGRAM_SAME(x, y, theta_increment);
    ENGRAM_SAME(x, y, theta_decay);
    ENGRAM_SAME(x, y, track_rate);
    ENGRAM_SAME(x, y, rate_decay);
    ENGRAM_SAME(x, y, rate_gain);
  }
  what = "plasticity";
  ENGRAM_SAME_ARRAY(p, q, theta);
  ENGRAM_SAME_ARRAY(p, q, rate_hz);
  if (p.dopamine.size() != q.dopamine.size()) return "number of dopamine channels";
  for (size_t i = 0; i < p.dopamine.size(); ++i) {
    const auto &x = p.dopamine[i], &y = q.dopamine[i];
    what = fmt::format("dopamine {}", i);
    if (x.name != y.name) return what + " name";
    ENGRAM_SAME(x, y, baseline);
    ENGRAM_SAME(x, y, decay);
    ENGRAM_SAME(x, y, level);
  }
  if (p.contingencies.size() != q.contingencies.size()) return "number of contingencies";
  for (size_t i = 0; i < p.contingencies.size(); ++i) {
    const auto &x = p.contingencies[i], &y = q.contingencies[i];
    what = fmt::format("contingency {}", i);
    ENGRAM_SAME(x, y, ordinal);
    ENGRAM_SAME(x, y, channel);
    ENGRAM_SAME(x, y, pre);
    ENGRAM_SAME(x, y, post);
    ENGRAM_SAME(x, y, window_steps);
    ENGRAM_SAME(x, y, delay_min_steps);
    ENGRAM_SAME(x, y, delay_max_steps);
    ENGRAM_SAME(x, y, amount);
    ENGRAM_SAME(x, y, last_pre_step);
    ENGRAM_SAME(x, y, released);
    ENGRAM_SAME_ARRAY(x, y, pending);
  }
  if (p.spike_history != q.spike_history) return "spike history";
  return "";
}

#undef ENGRAM_SAME
#undef ENGRAM_SAME_ARRAY

}  // namespace engram::fuzz
