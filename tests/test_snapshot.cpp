// Brain snapshots: exact resume, atomic replacement, and clear errors for damaged or foreign files.
#include <chrono>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <hdf5.h>
#include <thread>

#include "apps/models/registry.hpp"
#include "engine/errors.hpp"
#include "host/io/hdf5_handle.hpp"
#include "host/io/hdf5_io.hpp"
#include "host/io/snapshot.hpp"
#include "host/io/sonata_writer.hpp"
#include "kernels/backend_factory.hpp"
#include "tests/catch.hpp"
#include "tests/helpers.hpp"

using namespace engram;
namespace fs = std::filesystem;

namespace {

network model(const std::string& name, std::vector<std::string> sets = {}) {
  const auto& m = find_model(name);
  model_params p = m.parameters();
  for (const auto& s : sets) p.set(s, name);
  return m.build(p, m.default_dt_ms, 21);
}


bool same_bits(const std::vector<float>& a, const std::vector<float>& b) {
  return a.size() == b.size() && (a.empty() || std::memcmp(a.data(), b.data(), a.size() * sizeof(float)) == 0);
}

void require_identical(const network_state& a, const network_state& b) {
  REQUIRE(a.step == b.step);
  CHECK(same_bits(a.neurons.v, b.neurons.v));
  CHECK(same_bits(a.neurons.u, b.neurons.u));
  CHECK(same_bits(a.neurons.i_syn, b.neurons.i_syn));
  CHECK(a.neurons.refractory == b.neurons.refractory);
  CHECK(a.ring == b.ring);
  REQUIRE(a.projections.size() == b.projections.size());
  for (size_t p = 0; p < a.projections.size(); ++p) {
    CHECK(same_bits(a.projections[p].weight, b.projections[p].weight));
    CHECK(a.projections[p].packed == b.projections[p].packed);
  }
}

// Runs 2T straight, and T + snapshot + read + fresh simulator + T; both must agree bit for bit.
void check_exact_resume(const network& net, uint64_t t, const std::string& file) {
  auto straight = test::cpu_simulator(net, 2);
  straight->run_steps(2 * t);
  const spike_record all = straight->drain_spikes();

  auto first = test::cpu_simulator(net, 1);
  first->run_steps(t);
  spike_record part = first->drain_spikes();
  write_snapshot(file, first->export_state(), {});
  first.reset();

  simulator second(read_snapshot(file), make_backend(backend_kind::cpu, {2}));
  second.run_steps(t);
  const spike_record rest = second.drain_spikes();
  part.step.insert(part.step.end(), rest.step.begin(), rest.step.end());
  part.neuron.insert(part.neuron.end(), rest.neuron.begin(), rest.neuron.end());

  REQUIRE(all.size() > 50);
  CHECK(part.step == all.step);
  CHECK(part.neuron == all.neuron);
  require_identical(second.export_state(), straight->export_state());
}

std::string copy_of(const std::string& from, const std::string& name) {
  const std::string to = test::temp_path(name);
  fs::copy_file(from, to, fs::copy_options::overwrite_existing);
  return to;
}

std::string error_of(const std::string& path) {
  try {
    read_snapshot(path);
  } catch (const error& e) {
    return e.what();
  }
  return "no error";
}

std::string reference_snapshot() {
  const std::string path = test::temp_path("reference.h5");
  auto sim = test::cpu_simulator(model("polychronization", {"n=300", "m=30"}));
  sim->run_steps(50);
  write_snapshot(path, sim->export_state(), {"polychronization", {{"n", 300}}, "", 0, {}, {}, 0});
  return path;
}

}  // namespace

TEST_CASE("running 2T equals T, snapshot, load, T: bit for bit", "[snapshot][resume][threads]") {
  SECTION("polychronization") { check_exact_resume(model("polychronization", {"n=500"}), 400, test::temp_path("poly.h5")); }
  SECTION("izhikevich2003") { check_exact_resume(model("izhikevich2003", {"n=400"}), 300, test::temp_path("izh.h5")); }
  SECTION("izhikevich2003, substep scheme") {
    check_exact_resume(model("izhikevich2003", {"n=400", "scheme=0"}), 300, test::temp_path("izh_substep.h5"));
  }
  SECTION("every neuron and input kind") { check_exact_resume(test::mixed_network(), 400, test::temp_path("mixed.h5")); }
  SECTION("oscillator phases (theta-gamma, free)") {
    check_exact_resume(model("theta_gamma", {"free=1", "n_exc=200", "n_inh=50"}), 300, test::temp_path("theta_gamma.h5"));
  }
}

TEST_CASE("a snapshot round-trips every field", "[snapshot]") {
  auto sim = test::cpu_simulator(test::mixed_network());
  sim->run_steps(123);
  const network_state before = sim->export_state();
  const std::string path = test::temp_path("roundtrip.h5");
  write_snapshot(path, before, {"mixed", {{"alpha", 1.5}, {"n", 7}}, "", 40, {}, {}, 0});
  snapshot_info info;
  const network_state after = read_snapshot(path, &info);
  require_identical(before, after);
  CHECK(after.seed == before.seed);
  CHECK(after.dt_ms == before.dt_ms);
  CHECK(after.ring_slots == before.ring_slots);
  CHECK(after.scheduled_spikes.step == before.scheduled_spikes.step);
  CHECK(after.inputs.size() == before.inputs.size());
  CHECK(after.populations.size() == before.populations.size());
  CHECK(info.model == "mixed");
  CHECK(info.snapshot_every_steps == 40);
  CHECK(info.parameters.size() == 2);
  CHECK(info.engine_version == ENGRAM_VERSION);
}

TEST_CASE("damaged, foreign and incompatible files give a one-line error", "[snapshot][errors]") {
  const std::string good = reference_snapshot();
  REQUIRE_NOTHROW(read_snapshot(good));

  SECTION("missing file") { CHECK(error_of(test::temp_path("nope.h5")).find("no such file") != std::string::npos); }
  SECTION("not HDF5 at all") {
    const std::string path = test::temp_path("text.h5");
    std::ofstream(path) << "these are not the bytes you are looking for\n";
    CHECK(error_of(path).find("not an HDF5 file") != std::string::npos);
  }
  SECTION("truncated") {
    for (double fraction : {0.9, 0.5, 0.1}) {
      const std::string path = copy_of(good, "truncated.h5");
      fs::resize_file(path, static_cast<uintmax_t>(fs::file_size(path) * fraction));
      const std::string e = error_of(path);
      INFO(e);
      CHECK(e != "no error");
      CHECK(e.find("snapshot '") == 0);
    }
  }
  SECTION("a flipped byte in the weights") {
    const std::string path = copy_of(good, "flipped.h5");
    haddr_t address = 0;
    {
      h5::handle file(H5Fopen(path.c_str(), H5F_ACC_RDONLY, H5P_DEFAULT), H5Fclose, "open");
      h5::handle ds(H5Dopen2(file, "/projections/exc_exc/weight", H5P_DEFAULT), H5Dclose, "open");
      const hsize_t origin = 0;
      hsize_t size = 0;
      unsigned mask = 0;
      REQUIRE(H5Dget_chunk_info_by_coord(ds, &origin, &mask, &address, &size) >= 0);
    }
    std::fstream f(path, std::ios::in | std::ios::out | std::ios::binary);
    f.seekg(static_cast<std::streamoff>(address + 100));
    char c = 0;
    f.read(&c, 1);
    c = static_cast<char>(c ^ 0x10);
    f.seekp(static_cast<std::streamoff>(address + 100));
    f.write(&c, 1);
    f.close();
    CHECK(error_of(path).find("'/projections/exc_exc/weight' cannot be read (corrupted data") != std::string::npos);
  }
  SECTION("a missing dataset") {
    const std::string path = copy_of(good, "missing.h5");
    {
      h5::handle file(H5Fopen(path.c_str(), H5F_ACC_RDWR, H5P_DEFAULT), H5Fclose, "open");
      REQUIRE(H5Ldelete(file, "/projections/inh_exc/target", H5P_DEFAULT) >= 0);
    }
    CHECK(error_of(path).find("dataset '/projections/inh_exc/target' is missing") != std::string::npos);
  }
  SECTION("a dataset of the wrong shape or type") {
    const std::string path = copy_of(good, "shape.h5");
    {
      h5::handle file(H5Fopen(path.c_str(), H5F_ACC_RDWR, H5P_DEFAULT), H5Fclose, "open");
      REQUIRE(H5Ldelete(file, "/populations/inh/v", H5P_DEFAULT) >= 0);
      const hsize_t n = 7;
      h5::handle space(H5Screate_simple(1, &n, nullptr), H5Sclose, "space");
      h5::handle ds(H5Dcreate2(file, "/populations/inh/v", H5T_IEEE_F32LE, space, H5P_DEFAULT, H5P_DEFAULT, H5P_DEFAULT), H5Dclose, "create");
      REQUIRE(H5Ldelete(file, "/populations/exc/u", H5P_DEFAULT) >= 0);
      h5::handle ds2(H5Dcreate2(file, "/populations/exc/u", H5T_STD_I32LE, space, H5P_DEFAULT, H5P_DEFAULT, H5P_DEFAULT), H5Dclose, "create");
    }
    const std::string e = error_of(path);
    INFO(e);
    CHECK(e.find("has type int32, expected float32") != std::string::npos);
  }
  SECTION("a spike file is not a snapshot") {
    const std::string path = test::temp_path("spikes_not_snapshot.h5");
    sonata_writer w(path, {}, 1.0);
    w.close();
    CHECK(error_of(path).find("not an Engram snapshot") != std::string::npos);
  }
  SECTION("a newer format version") {
    const std::string path = copy_of(good, "newer.h5");
    {
      h5::handle file(H5Fopen(path.c_str(), H5F_ACC_RDWR, H5P_DEFAULT), H5Fclose, "open");
      h5::handle attr(H5Aopen(file, "format_version", H5P_DEFAULT), H5Aclose, "attr");
      const int32_t v = 99;
      REQUIRE(H5Awrite(attr, H5T_NATIVE_INT32, &v) >= 0);
    }
    CHECK(error_of(path).find("format_version 99 is not supported") != std::string::npos);
  }
}

TEST_CASE("the Izhikevich scheme is stored, older files read as substep, a damaged value is refused", "[snapshot][errors]") {
  auto sim = test::cpu_simulator(model("izhikevich2003", {"n=200"}));
  sim->run_steps(20);
  const std::string good = test::temp_path("scheme.h5");
  write_snapshot(good, sim->export_state(), {});
  CHECK(read_snapshot(good).populations.at(0).scheme == izhikevich_scheme::published);

  auto edited = [&](const std::string& name, auto edit) {
    const std::string path = copy_of(good, name);
    h5::handle file(H5Fopen(path.c_str(), H5F_ACC_RDWR, H5P_DEFAULT), H5Fclose, "open");
    edit(static_cast<hid_t>(file));
    return path;
  };
  auto drop_scheme = [](hid_t file) {
    for (const char* pop : {"/populations/exc", "/populations/inh"})
      REQUIRE(H5Adelete_by_name(file, pop, "izhikevich_scheme", H5P_DEFAULT) >= 0);
  };
  SECTION("a version 2 file has no scheme: substep") {
    const std::string path = edited("scheme_v2.h5", [&](hid_t file) {
      drop_scheme(file);
      h5::handle attr(H5Aopen(file, "format_version", H5P_DEFAULT), H5Aclose, "attr");
      const int32_t v = 2;
      REQUIRE(H5Awrite(attr, H5T_NATIVE_INT32, &v) >= 0);
    });
    for (const auto& p : read_snapshot(path).populations) CHECK(p.scheme == izhikevich_scheme::substep);
  }
  SECTION("a version 3 file without it") {
    const std::string e = error_of(edited("scheme_missing.h5", drop_scheme));
    INFO(e);
    CHECK(e.find("izhikevich_scheme") != std::string::npos);
  }
  SECTION("a value that names no scheme") {
    const std::string path = edited("scheme_7.h5", [](hid_t file) {
      // rewritten, not written in place: HDF5 1.10 cannot modify an attribute of this header in place
      REQUIRE(H5Adelete_by_name(file, "/populations/inh", "izhikevich_scheme", H5P_DEFAULT) >= 0);
      h5::handle group(H5Gopen2(file, "/populations/inh", H5P_DEFAULT), H5Gclose, "group");
      h5::write_attribute(group, "izhikevich_scheme", uint8_t{7});
    });
    const std::string e = error_of(path);
    INFO(e);
    CHECK(e.find("population 'inh': izhikevich_scheme 7 is neither 0 (substep) nor 1 (published)") != std::string::npos);
  }
}

TEST_CASE("killing the process while it writes snapshots leaves a loadable snapshot", "[snapshot][atomic]") {
  const std::string path = test::temp_path("killed.h5");
  fs::remove(path);
  const std::string base = std::string(ENGRAM_BINARY) + " run izhikevich2003 --set n=2000 --quiet --backend cpu --threads 1 --snapshot " + path;
  // A first complete snapshot, then runs that rewrite it every 5 ms of simulated time and are
  // killed at staggered moments, most of them inside a write.
  REQUIRE(test::run_command(base + " --duration 5ms").exit_code == 0);
  const uint64_t first_step = read_snapshot(path).step;
  CHECK(first_step == 5);
  for (int delay_ms : {150, 230, 310, 390, 470}) {
    const auto r = test::run_command("timeout -s KILL " + std::to_string(delay_ms / 1000.0) + " " + base +
                                     " --duration 10s --snapshot-every 5ms");
    CHECK(r.exit_code == 128 + 9);
    network_state s;
    REQUIRE_NOTHROW(s = read_snapshot(path));
    CHECK(s.step % 5 == 0);
  }
  for (const auto& e : fs::directory_iterator(fs::path(path).parent_path()))
    if (e.path().filename().string().rfind("killed.h5.tmp-", 0) == 0) fs::remove(e.path());  // what a kill leaves
}

TEST_CASE("engram resume continues a CLI run exactly", "[snapshot][cli][resume]") {
  const std::string bin = ENGRAM_BINARY, dir = test::temp_path("");
  auto spikes_of = [](const std::string& path, const std::string& pop) {
    h5::handle file(H5Fopen(path.c_str(), H5F_ACC_RDONLY, H5P_DEFAULT), H5Fclose, "open");
    h5::handle ds(H5Dopen2(file, ("/spikes/" + pop + "/node_ids").c_str(), H5P_DEFAULT), H5Dclose, "open");
    h5::handle space(H5Dget_space(ds), H5Sclose, "space");
    hsize_t n = 0;
    H5Sget_simple_extent_dims(space, &n, nullptr);
    std::vector<uint64_t> ids(n);
    if (n) H5Dread(ds, H5T_NATIVE_UINT64, H5S_ALL, H5S_ALL, H5P_DEFAULT, ids.data());
    return ids;
  };
  const std::string common = " --backend cpu --quiet --seed 4";
  REQUIRE(test::run_command(bin + " run polychronization --duration 600ms --out " + dir + "full.h5" + common).exit_code == 0);
  REQUIRE(test::run_command(bin + " run polychronization --duration 300ms --out " + dir + "first.h5 --snapshot " + dir + "cli_brain.h5" + common).exit_code == 0);
  const auto r = test::run_command(bin + " resume " + dir + "cli_brain.h5 --duration 300ms --backend cpu --quiet --out " + dir + "second.h5");
  INFO(r.output);
  REQUIRE(r.exit_code == 0);
  CHECK(r.output.find("resumed at 0.300 s") != std::string::npos);
  for (const char* pop : {"exc", "inh"}) {
    auto joined = spikes_of(dir + "first.h5", pop);
    const auto rest = spikes_of(dir + "second.h5", pop);
    joined.insert(joined.end(), rest.begin(), rest.end());
    CHECK(joined == spikes_of(dir + "full.h5", pop));
  }
  const auto bad = test::run_command(bin + " resume " + dir + "full.h5 --duration 10ms");
  CHECK(bad.exit_code == 2);
  CHECK(bad.output.find("not an Engram snapshot") != std::string::npos);
}
