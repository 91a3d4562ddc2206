// SONATA import (docs/sonata.md): a circuit written here with the HDF5 C API runs spike for spike
// like the same network built with the C++ API; `engram run --network` writes the spikes under
// the SONATA populations and node ids; damaged and unsupported inputs fail with one clear line.
#include <filesystem>
#include <fmt/format.h>
#include <hdf5.h>
#include <map>
#include <random>

#include "engine/errors.hpp"
#include "host/io/hdf5_io.hpp"
#include "host/io/sonata_config.hpp"
#include "host/io/sonata_csv.hpp"
#include "host/io/sonata_import.hpp"
#include "host/io/sonata_models.hpp"
#include "host/io/sonata_reader.hpp"
#include "tests/catch.hpp"
#include "tests/helpers.hpp"
#include "tests/sonata_fixture.hpp"

using namespace engram;

namespace {

struct raster {
  std::vector<uint64_t> step;
  std::vector<uint32_t> neuron;
};

raster simulate(const network& net, uint64_t steps) {
  auto sim = test::cpu_simulator(net, 1);
  sim->run_steps(steps);
  const spike_record r = sim->drain_spikes();
  return {r.step, r.neuron};
}

// The import must fail with an engram::error whose message contains `needle`.
void require_import_error(const std::string& config, const std::string& needle) {
  INFO("expecting: " << needle);
  try {
    import_sonata(config);
    FAIL("the import succeeded");
  } catch (const error& e) {
    INFO(e.what());
    CHECK(std::string(e.what()).find(needle) != std::string::npos);
  }
}

std::string fresh_circuit(const std::string& name, const test::sonata_spec& spec = test::default_sonata_spec()) {
  return test::write_sonata_circuit(test::temp_path("sonata/" + name), spec);
}

template <class T> std::vector<T> read_dataset(hid_t file, const std::string& path, hid_t type) {
  h5::handle ds(H5Dopen2(file, path.c_str(), H5P_DEFAULT), H5Dclose, path);
  h5::handle space(H5Dget_space(ds), H5Sclose, "space");
  std::vector<T> out(static_cast<size_t>(H5Sget_simple_extent_npoints(space)));
  if (!out.empty()) H5Dread(ds, type, H5S_ALL, H5S_ALL, H5P_DEFAULT, out.data());
  return out;
}

}  // namespace

TEST_CASE("an imported SONATA circuit runs spike for spike like the same network built by the API", "[sonata][import]") {
  const auto spec = test::default_sonata_spec();
  const std::string config = fresh_circuit("equal", spec);
  const sonata_circuit c = import_sonata(config);
  REQUIRE(c.net.populations.size() == 3);
  // Populations in the nodes file's (name) order; node types of one model and parameters apart.
  CHECK(c.net.populations[0].name == "input");
  CHECK(c.net.populations[0].kind == neuron_kind::spike_source);
  CHECK(c.net.populations[1].name == "net.100");
  CHECK(c.net.populations[2].name == "net.101");
  CHECK(c.net.dt_ms == 0.1);
  REQUIRE(c.tstop_ms);
  CHECK(*c.tstop_ms == 200);
  CHECK(c.edges == spec.input_edges.size() + spec.net_edges.size());
  CHECK(c.input_spikes == spec.input_spikes.size());
  CHECK(c.spikes_out == (std::filesystem::path(config).parent_path() / "output/spikes.h5").lexically_normal().string());
  const auto& inh = c.net.populations[2].lif;
  CHECK(inh.c_m == 200);
  CHECK(inh.tau_syn == 1);
  CHECK(inh.i_bias == 350);
  CHECK(inh.v_init == -70);  // NEST's default V_m

  std::vector<std::pair<std::string, uint64_t>> names;
  const network expected = expected_network(spec, names);
  const uint64_t steps = 2000;
  const raster a = simulate(c.net, steps), b = simulate(expected, steps);
  uint64_t exc_spikes = 0, inh_spikes = 0;
  for (uint32_t n : a.neuron) {
    exc_spikes += n >= spec.inputs && n < spec.inputs + 32;
    inh_spikes += n >= spec.inputs + 32;
  }
  INFO("imported " << a.step.size() << " spikes, " << exc_spikes << " excitatory, " << inh_spikes << " inhibitory");
  CHECK(exc_spikes > 50);
  CHECK(inh_spikes > 10);
  CHECK(a.step == b.step);
  CHECK(a.neuron == b.neuron);
}

TEST_CASE("engram run --network writes the spikes under SONATA populations and node ids", "[sonata][import][cli]") {
  const auto spec = test::default_sonata_spec();
  const std::string config = fresh_circuit("cli", spec);
  const std::string out = std::filesystem::path(config).parent_path().string() + "/output/spikes.h5";
  const auto r = test::run_command(std::string(ENGRAM_BINARY) + " run --network " + config + " --backend cpu --threads 1 --quiet");
  INFO(r.output);
  REQUIRE(r.exit_code == 0);
  CHECK(r.output.find("net.101") != std::string::npos);
  REQUIRE(std::filesystem::exists(out));

  // The expected raster, named as SONATA names it.
  std::vector<std::pair<std::string, uint64_t>> names;
  const network expected = expected_network(spec, names);
  const raster b = simulate(expected, 2000);
  std::map<std::string, std::vector<std::pair<double, uint64_t>>> want;
  for (size_t k = 0; k < b.step.size(); ++k) want[names[b.neuron[k]].first].emplace_back(b.step[k] * 0.1, names[b.neuron[k]].second);

  h5::handle file(H5Fopen(out.c_str(), H5F_ACC_RDONLY, H5P_DEFAULT), H5Fclose, "open");
  for (const char* pop : {"net", "input"}) {
    INFO(pop);
    const auto ids = read_dataset<uint64_t>(file, fmt::format("/spikes/{}/node_ids", pop), H5T_NATIVE_UINT64);
    const auto times = read_dataset<double>(file, fmt::format("/spikes/{}/timestamps", pop), H5T_NATIVE_DOUBLE);
    REQUIRE(ids.size() == times.size());
    REQUIRE(ids.size() == want[pop].size());
    // Both in time order; within a step the file's order is by Engram index, so compare as sets per step.
    std::vector<std::pair<double, uint64_t>> got;
    for (size_t k = 0; k < ids.size(); ++k) got.emplace_back(times[k], ids[k]);
    std::sort(got.begin(), got.end());
    auto w = want[pop];
    std::sort(w.begin(), w.end());
    CHECK(got == w);
    CHECK(std::is_sorted(times.begin(), times.end()));
  }
  CHECK_FALSE(h5::exists(file, "/spikes/net.100"));

  // The spike file Engram wrote is itself a SONATA spike file: it reads back as input.
  const auto sets = read_sonata_spikes(out);
  REQUIRE(sets.size() == 2);
  CHECK(sets[0].population == "input");
  CHECK(sets[1].population == "net");

  // --duration overrides tstop; --out the output block.
  const std::string other = test::temp_path("sonata/cli_other.h5");
  const auto r2 = test::run_command(std::string(ENGRAM_BINARY) + " run --network " + config +
                                    " --backend cpu --threads 1 --quiet --duration 50ms --out " + other);
  INFO(r2.output);
  REQUIRE(r2.exit_code == 0);
  CHECK(r2.output.find("500 steps") != std::string::npos);
  CHECK(std::filesystem::exists(other));
}

TEST_CASE("run --network refuses a model name beside it, and bad configs with exit code 2", "[sonata][import][cli]") {
  const std::string config = fresh_circuit("cli_errors");
  auto r = test::run_command(std::string(ENGRAM_BINARY) + " run brunel2000 --network " + config + " --quiet");
  CHECK(r.exit_code == 2);
  CHECK(r.output.find("not both") != std::string::npos);
  r = test::run_command(std::string(ENGRAM_BINARY) + " run --network " + config + " --set n=5 --quiet");
  CHECK(r.exit_code == 2);
  r = test::run_command(std::string(ENGRAM_BINARY) + " run --quiet");
  CHECK(r.exit_code == 2);
  CHECK(r.output.find("--network") != std::string::npos);
  test::write_text(config, "{\"network\": ");
  r = test::run_command(std::string(ENGRAM_BINARY) + " run --network " + config + " --quiet");
  CHECK(r.exit_code == 2);
  CHECK(r.output.find("engram: error: SONATA config '") != std::string::npos);
  CHECK(r.output.find("not valid JSON") != std::string::npos);
}

TEST_CASE("NEST parameters map to Engram's with NEST's names, units and defaults", "[sonata][import]") {
  using json = nlohmann::json;
  const auto delta = map_node_type("point_neuron", "nest:iaf_psc_delta", json{{"tau_m", 20.0}, {"V_th", 20.0}, {"V_reset", 10.0},
                                                                             {"E_L", 0.0}, {"t_ref", 2.0}, {"V_m", 0.0}}, "t");
  CHECK(delta.kind == neuron_kind::lif);
  CHECK(delta.lif.tau_syn == 0);
  CHECK(delta.lif.v_thresh == 20);
  CHECK(std::string(weight_units(delta)) == "mV");
  const auto cond = map_node_type("point_neuron", "nest:iaf_cond_exp", json{{"g_L", 10.0}, {"E_in", -80.0}}, "t");
  CHECK(cond.kind == neuron_kind::lif_cond);
  CHECK(cond.lif_cond.g_leak == 10);
  CHECK(cond.lif_cond.e_inh == -80);
  CHECK(cond.lif_cond.tau_exc == 0.2);  // NEST default
  CHECK(cond.lif_cond.v_reset == -60);
  CHECK(std::string(weight_units(cond)) == "nS");
  const auto izh = map_node_type("point_neuron", "izhikevich", json{{"a", 0.1}, {"d", 2.0}, {"consistent_integration", false},
                                                                    {"I_e", 5.0}}, "t");
  CHECK(izh.kind == neuron_kind::izhikevich);
  CHECK(izh.a == 0.1f);
  CHECK(izh.b == 0.2f);
  CHECK(izh.i_e == 5.0);
  CHECK(map_node_type("virtual", "", json(), "t").kind == neuron_kind::spike_source);
  // Equal models share a population; different parameters do not.
  CHECK(map_node_type("point_neuron", "nest:iaf_psc_exp", json::object(), "t").key ==
        map_node_type("point_neuron", "iaf_psc_exp", json{{"C_m", 250.0}}, "t").key);
  CHECK(map_node_type("point_neuron", "nest:iaf_psc_exp", json::object(), "t").key !=
        map_node_type("point_neuron", "nest:iaf_psc_exp", json{{"C_m", 200.0}}, "t").key);

  auto refused = [](const std::string& tmpl, const json& params, const std::string& needle) {
    INFO(tmpl << " " << params.dump());
    try {
      map_node_type("point_neuron", tmpl, params, "node type 7");
      FAIL("accepted");
    } catch (const error& e) {
      INFO(e.what());
      CHECK(std::string(e.what()).find(needle) != std::string::npos);
      CHECK(std::string(e.what()).find("node type 7") == 0);
    }
  };
  refused("nest:iaf_psc_alpha", json::object(), "supported: point_neuron with nest:iaf_psc_exp");
  refused("nest:iaf_psc_exp", json{{"tau_syn_ex", 2.0}, {"tau_syn_in", 5.0}}, "one synaptic time constant");
  refused("nest:iaf_psc_exp", json{{"tau_syn_ex", 10.0}, {"tau_syn_in", 10.0}}, "tau_syn = tau_m");
  refused("nest:iaf_psc_exp", json{{"V_peak", 0.0}}, "unknown nest:iaf_psc_exp parameter 'V_peak'");
  refused("nest:iaf_psc_exp", json{{"C_m", "250"}}, "C_m must be a finite number");
  refused("nest:iaf_psc_exp", json::array(), "must be a JSON object");
  refused("nest:izhikevich", json{{"consistent_integration", true}}, "consistent_integration = true is not supported");
  refused("nest:izhikevich", json{{"U_m", 3.0}}, "U_m 3 differs from b * V_m");
  refused("nest:iaf_psc_delta", json{{"refractory_input", true}}, "refractory_input");
  refused("nest:iaf_psc_delta", json{{"V_min", -80.0}}, "V_min = -80 is not supported");
  try {
    map_node_type("biophysical", "ctdb:Biophys1.hoc", json(), "t");
    FAIL("accepted");
  } catch (const error& e) {
    CHECK(std::string(e.what()).find("model_type 'biophysical' is not supported") != std::string::npos);
  }
}

TEST_CASE("SONATA CSV: spaces, quotes, NULL, and malformed rows", "[sonata][import]") {
  const auto t = sonata_table::parse("a  b \"c d\"\n1 \"x \"\"y\"\"\" NULL\r\n\n2 z 3.5\n", "t.csv");
  REQUIRE(t.rows() == 2);
  CHECK(*t.text(0, "b") == "x \"y\"");
  CHECK_FALSE(t.text(0, "c d"));
  CHECK(*t.number(1, "c d") == 3.5);
  CHECK(*t.index(1, "a") == 2);
  CHECK_FALSE(t.text(0, "missing"));
  CHECK_THROWS_WITH(t.number(1, "b"), Catch::Contains("'z' is not a finite number"));
  CHECK_THROWS_WITH(sonata_table::parse("a b\n1 \"2\n", "t.csv"), Catch::Contains("line 2: unterminated"));
  CHECK_THROWS_WITH(sonata_table::parse("a b\n1 2 3\n", "t.csv"), Catch::Contains("line 2: 3 fields, the header has 2"));
  CHECK_THROWS_WITH(sonata_table::parse("a a\n", "t.csv"), Catch::Contains("column 'a' appears twice"));
  CHECK_THROWS_WITH(sonata_table::parse("", "t.csv"), Catch::Contains("empty"));
}

TEST_CASE("manifest variables expand, unknown and cyclic ones are refused", "[sonata][import]") {
  const std::vector<std::pair<std::string, std::string>> m = {{"$A", "/x"}, {"$B", "$A/y"}, {"$C", "$D"}, {"$D", "$C"}};
  CHECK(expand_manifest("$B/z", m, "w") == "/x/y/z");
  CHECK(expand_manifest("${B}z", m, "w") == "/x/yz");
  CHECK_THROWS_WITH(expand_manifest("$E/z", m, "w"), Catch::Contains("unknown variable '$E'"));
  CHECK_THROWS_WITH(expand_manifest("$C", m, "w"), Catch::Contains("a cycle?"));
  CHECK_THROWS_WITH(expand_manifest("${A", m, "w"), Catch::Contains("without"));
}

TEST_CASE("damaged or unsupported circuits fail with a clear error", "[sonata][import]") {
  const auto spec = test::default_sonata_spec();
  const auto dir = [](const std::string& config) { return std::filesystem::path(config).parent_path().string(); };

  SECTION("missing dataset") {
    const auto config = fresh_circuit("missing_dataset", spec);
    test::delete_object(dir(config) + "/network/nodes.h5", "/nodes/net/node_type_id");
    require_import_error(config, "dataset '/nodes/net/node_type_id' is missing");
  }
  SECTION("node id out of range in an edge") {
    auto s = spec;
    s.net_edges[5].target = 9999;
    require_import_error(fresh_circuit("edge_range", s), "edge 5 has target_node_id 9999, not a node of population 'net'");
  }
  SECTION("unknown model_template") {
    auto s = spec;
    s.exc_template = "nest:iaf_psc_alpha";
    require_import_error(fresh_circuit("unknown_model", s), "model_template 'nest:iaf_psc_alpha' is not supported (supported:");
  }
  SECTION("negative delay") {
    auto s = spec;
    s.net_edges[3].delay = -1.0;
    require_import_error(fresh_circuit("negative_delay", s), "has delay -1 ms; delays must be finite and >= 0");
  }
  SECTION("delay below one step") {
    auto s = spec;
    s.net_edges[3].delay = 0.01;
    require_import_error(fresh_circuit("short_delay", s), "below one step of 0.1 ms");
  }
  SECTION("wrong types") {
    const auto config = fresh_circuit("wrong_types", spec);
    test::replace_dataset<double>(dir(config) + "/network/nodes.h5", "/nodes/net/node_type_id", std::vector<double>(spec.net, 100.0));
    require_import_error(config, "'/nodes/net/node_type_id' must hold integers (got floats)");
    const auto config2 = fresh_circuit("wrong_types_2", spec);
    test::replace_with_strings(dir(config2) + "/network/edges.h5", "/edges/net_to_net/0/syn_weight", spec.net_edges.size());
    require_import_error(config2, "must hold numbers (integer or float) (got strings)");
    const auto config3 = fresh_circuit("wrong_types_3", spec);
    test::replace_dataset<int64_t>(dir(config3) + "/network/edges.h5", "/edges/net_to_net/edge_type_id",
                                   std::vector<int64_t>(spec.net_edges.size(), -2));
    require_import_error(config3, "element 0 is -2, expected a non-negative integer");
  }
  SECTION("a group index beyond its group") {
    const auto config = fresh_circuit("group_index", spec);
    std::vector<uint64_t> index(spec.net_edges.size());
    for (size_t k = 0; k < index.size(); ++k) index[k] = k + 1;
    test::replace_dataset<uint64_t>(dir(config) + "/network/edges.h5", "/edges/net_to_net/edge_group_index", index);
    require_import_error(config, "beyond the 240 rows of '/edges/net_to_net/0/syn_weight'");
  }
  SECTION("columns of different lengths") {
    const auto config = fresh_circuit("lengths", spec);
    test::replace_dataset<uint64_t>(dir(config) + "/network/edges.h5", "/edges/net_to_net/target_node_id", {1, 2, 3});
    require_import_error(config, "'/edges/net_to_net/target_node_id' has 3 elements, expected 240");
  }
  SECTION("a node type the CSV lacks") {
    auto s = spec;
    s.net_types[7] = 555;
    require_import_error(fresh_circuit("node_type", s), "node_type_id 555 is not in types file");
  }
  SECTION("spikes for a node set the file lacks, and for point neurons") {
    const auto config = fresh_circuit("spike_target", spec);
    const auto text = test::read_text(config);
    const std::string node_set = ", \"node_set\": \"input\"";
    test::write_text(config, std::string(text).replace(text.find(node_set), node_set.size(), ", \"node_set\": \"net\""));
    require_import_error(config, "no spikes for node set 'net'");
    test::write_text(config, std::string(text).replace(text.find(node_set), node_set.size(), ""));
    {
      h5::handle f(H5Fopen((dir(config) + "/inputs/spikes.h5").c_str(), H5F_ACC_RDWR, H5P_DEFAULT), H5Fclose, "open");
      h5::check(H5Lmove(f, "/spikes/input", f, "/spikes/net", H5P_DEFAULT, H5P_DEFAULT), "rename");
    }
    require_import_error(config, "of 'net', which is not virtual");
  }
  SECTION("missing and malformed JSON") {
    const auto config = fresh_circuit("json", spec);
    std::filesystem::remove(dir(config) + "/components/point/inh.json");
    require_import_error(config, "dynamics_params '" + dir(config) + "/components/point/inh.json': no such file");
    test::write_text(dir(config) + "/components/point/inh.json", "{\"C_m\": 250,");
    require_import_error(config, "not valid JSON");
    test::write_text(dir(config) + "/components/synapses/static.json", "{\"receptor_type\": 1}");
    test::write_text(dir(config) + "/components/point/inh.json", "{}");
    require_import_error(config, "synapse dynamics_params 'receptor_type' is not supported");
  }
  SECTION("config entries") {
    const auto config = fresh_circuit("config", spec);
    const std::string circuit = dir(config) + "/circuit_config.json";
    auto text = test::read_text(circuit);
    test::write_text(circuit, std::string(text).replace(text.find("$NETWORK_DIR/nodes.h5"), 12, "$NOWHERE"));
    require_import_error(config, "unknown variable '$NOWHERE'");
    test::write_text(circuit, std::string(text).replace(text.find("\"nodes\":"), 8, "\"nodez\":"));
    require_import_error(config, "networks has no \"nodes\" list");
    test::write_text(circuit, "[1, 2]");
    require_import_error(config, "a SONATA config is a JSON object");
    test::write_text(circuit, text);
    test::write_text(dir(config) + "/network/node_types.csv", "node_type_id model_type\n100 \"point\n");
    require_import_error(config, "unterminated or misplaced quote");
  }
  SECTION("an edge group with per-edge synapse parameters") {
    const auto config = fresh_circuit("edge_dynamics", spec);
    h5::handle f(H5Fopen((dir(config) + "/network/edges.h5").c_str(), H5F_ACC_RDWR, H5P_DEFAULT), H5Fclose, "open");
    h5::handle g(H5Gcreate2(f, "/edges/net_to_net/0/dynamics_params", H5P_DEFAULT, H5P_DEFAULT, H5P_DEFAULT), H5Gclose, "g");
    h5::handle g2(H5Gcreate2(g, "tau", H5P_DEFAULT, H5P_DEFAULT, H5P_DEFAULT), H5Gclose, "g2");
    g2.reset();
    g.reset();
    f.reset();
    require_import_error(config, "sets synapse parameters per edge");
  }
}

TEST_CASE("byte flips in SONATA files fail cleanly or import", "[sonata][import][fuzz]") {
  const auto spec = test::default_sonata_spec();
  const std::string config = fresh_circuit("flips", spec);
  const std::string dir = std::filesystem::path(config).parent_path().string();
  std::mt19937_64 rng(7);
  size_t errors = 0, imported = 0;
  for (const char* name : {"/network/nodes.h5", "/network/edges.h5", "/inputs/spikes.h5"}) {
    const std::string path = dir + name;
    const std::string original = test::read_text(path);
    for (int m = 0; m < 25; ++m) {
      std::string bytes = original;
      const size_t at = rng() % bytes.size();
      bytes[at] = static_cast<char>(bytes[at] ^ static_cast<char>(1 + rng() % 255));
      test::write_text(path, bytes);
      INFO(name << " byte " << at);
      try {
        const sonata_circuit c = import_sonata(config);
        ++imported;
        CHECK(c.net.populations.size() >= 2);
      } catch (const error& e) {
        ++errors;
        CHECK(std::string(e.what()).find('\n') == std::string::npos);
      }
    }
    test::write_text(path, original);
  }
  CHECK(errors + imported == 75);
}

#ifdef ENGRAM_MPIRUN
TEST_CASE("engram run --network on 2 MPI ranks writes the single-process spike file", "[sonata][import][cli][mpi]") {
  const std::string config = fresh_circuit("mpi", test::default_sonata_spec());
  const std::string one = test::temp_path("sonata/mpi_one.h5"), two = test::temp_path("sonata/mpi_two.h5");
  const std::string args = " run --network " + config + " --threads 1 --quiet --duration 100ms --out ";
  const auto a = test::run_command(std::string(ENGRAM_BINARY) + args + one);
  const auto b = test::run_command("OMPI_ALLOW_RUN_AS_ROOT=1 OMPI_ALLOW_RUN_AS_ROOT_CONFIRM=1 " ENGRAM_MPIRUN " --oversubscribe -np 2 " +
                                   std::string(ENGRAM_BINARY) + args + two);
  INFO(a.output << b.output);
  REQUIRE(a.exit_code == 0);
  REQUIRE(b.exit_code == 0);
  CHECK(b.output.find("ranks        2") != std::string::npos);
  h5::handle fa(H5Fopen(one.c_str(), H5F_ACC_RDONLY, H5P_DEFAULT), H5Fclose, "open");
  h5::handle fb(H5Fopen(two.c_str(), H5F_ACC_RDONLY, H5P_DEFAULT), H5Fclose, "open");
  for (const char* pop : {"net", "input"}) {
    INFO(pop);
    const std::string ids = fmt::format("/spikes/{}/node_ids", pop), times = fmt::format("/spikes/{}/timestamps", pop);
    const auto ids_a = read_dataset<uint64_t>(fa, ids, H5T_NATIVE_UINT64);
    CHECK(ids_a.size() > 10);
    CHECK(ids_a == read_dataset<uint64_t>(fb, ids, H5T_NATIVE_UINT64));
    CHECK(read_dataset<double>(fa, times, H5T_NATIVE_DOUBLE) == read_dataset<double>(fb, times, H5T_NATIVE_DOUBLE));
  }
}
#endif
