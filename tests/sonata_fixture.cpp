#include "tests/sonata_fixture.hpp"

#include <cmath>
#include <filesystem>
#include <fmt/format.h>
#include <fstream>
#include <map>
#include <sstream>

#include "engine/errors.hpp"

namespace engram::test {
namespace {

namespace fs = std::filesystem;

// A small deterministic generator: the circuit must not depend on the standard library's.
struct lcg {
  uint64_t state;
  uint32_t next() {
    state = state * 6364136223846793005ull + 1442695040888963407ull;
    return static_cast<uint32_t>(state >> 33);
  }
  double uniform() { return next() / 2147483648.0; }  // [0, 1)
};

template <class T> hid_t h5_type();
template <> hid_t h5_type<uint64_t>() { return H5T_STD_U64LE; }
template <> hid_t h5_type<int64_t>() { return H5T_STD_I64LE; }
template <> hid_t h5_type<double>() { return H5T_IEEE_F64LE; }
template <> hid_t h5_type<float>() { return H5T_IEEE_F32LE; }
template <class T> hid_t h5_native();
template <> hid_t h5_native<uint64_t>() { return H5T_NATIVE_UINT64; }
template <> hid_t h5_native<int64_t>() { return H5T_NATIVE_INT64; }
template <> hid_t h5_native<double>() { return H5T_NATIVE_DOUBLE; }
template <> hid_t h5_native<float>() { return H5T_NATIVE_FLOAT; }

template <class T> void write(hid_t parent, const std::string& name, const std::vector<T>& values) {
  const hsize_t n = values.size();
  h5::handle space(H5Screate_simple(1, &n, nullptr), H5Sclose, "space");
  h5::handle ds(H5Dcreate2(parent, name.c_str(), h5_type<T>(), space, H5P_DEFAULT, H5P_DEFAULT, H5P_DEFAULT), H5Dclose, name);
  if (n) h5::check(H5Dwrite(ds, h5_native<T>(), H5S_ALL, H5S_ALL, H5P_DEFAULT, values.data()), "write " + name);
}

void string_attribute(hid_t obj, const char* name, const std::string& value) {
  h5::handle type(H5Tcopy(H5T_C_S1), H5Tclose, "type");
  H5Tset_size(type, H5T_VARIABLE);
  H5Tset_cset(type, H5T_CSET_UTF8);
  h5::handle space(H5Screate(H5S_SCALAR), H5Sclose, "space");
  h5::handle attr(H5Acreate2(obj, name, type, space, H5P_DEFAULT, H5P_DEFAULT), H5Aclose, name);
  const char* text = value.c_str();
  h5::check(H5Awrite(attr, type, &text), name);
}

h5::handle create_file(const std::string& path) {
  fs::create_directories(fs::path(path).parent_path());
  h5::handle f(H5Fcreate(path.c_str(), H5F_ACC_TRUNC, H5P_DEFAULT, H5P_DEFAULT), H5Fclose, "create " + path);
  const uint32_t magic = 0x0A7A, version[2] = {0, 1};
  const hsize_t two = 2;
  h5::handle scalar(H5Screate(H5S_SCALAR), H5Sclose, "space"), pair(H5Screate_simple(1, &two, nullptr), H5Sclose, "space");
  h5::handle m(H5Acreate2(f, "magic", H5T_STD_U32LE, scalar, H5P_DEFAULT, H5P_DEFAULT), H5Aclose, "magic");
  H5Awrite(m, H5T_NATIVE_UINT32, &magic);
  h5::handle v(H5Acreate2(f, "version", H5T_STD_U32LE, pair, H5P_DEFAULT, H5P_DEFAULT), H5Aclose, "version");
  H5Awrite(v, H5T_NATIVE_UINT32, version);
  return f;
}

h5::handle group(hid_t parent, const std::string& name) {
  return h5::handle(H5Gcreate2(parent, name.c_str(), H5P_DEFAULT, H5P_DEFAULT, H5P_DEFAULT), H5Gclose, name);
}

void write_edges(hid_t edges, const std::string& name, const std::string& source, const std::string& target,
                 const std::vector<sonata_spec::edge>& list, bool per_edge_delay) {
  const h5::handle pop = group(edges, name);
  std::vector<uint64_t> src, tgt, type, gid, gidx;
  std::vector<double> weight, delay;
  for (size_t k = 0; k < list.size(); ++k) {
    src.push_back(list[k].source);
    tgt.push_back(list[k].target);
    type.push_back(list[k].type);
    gid.push_back(0);
    gidx.push_back(k);
    weight.push_back(list[k].weight);
    delay.push_back(list[k].delay);
  }
  write(pop, "source_node_id", src);
  write(pop, "target_node_id", tgt);
  {
    h5::handle s(H5Dopen2(pop, "source_node_id", H5P_DEFAULT), H5Dclose, "src"), t(H5Dopen2(pop, "target_node_id", H5P_DEFAULT), H5Dclose, "tgt");
    string_attribute(s, "node_population", source);
    string_attribute(t, "node_population", target);
  }
  write(pop, "edge_type_id", type);
  write(pop, "edge_group_id", gid);
  write(pop, "edge_group_index", gidx);
  const h5::handle g = group(pop, "0");
  write(g, "syn_weight", weight);
  if (per_edge_delay) write(g, "delay", delay);
}

const char* exc_params = R"({"C_m": 250.0, "tau_m": 10.0, "t_ref": 2.0, "E_L": -70.0, "V_th": -55.0, "V_reset": -70.0,
 "tau_syn_ex": 2.0, "tau_syn_in": 2.0, "I_e": 0.0, "V_m": -65.0})";
const char* inh_params = R"({"C_m": 200.0, "tau_m": 8.0, "t_ref": 1.0, "E_L": -70.0, "V_th": -52.0, "V_reset": -68.0,
 "tau_syn_ex": 1.0, "tau_syn_in": 1.0, "I_e": 350.0})";

}  // namespace

void write_text(const std::string& path, const std::string& text) {
  fs::create_directories(fs::path(path).parent_path());
  std::ofstream out(path, std::ios::binary | std::ios::trunc);
  out << text;
}

std::string read_text(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::stringstream s;
  s << in.rdbuf();
  return s.str();
}

sonata_spec default_sonata_spec() {
  sonata_spec s;
  lcg rng{42};
  for (uint32_t r = 0; r < s.net; ++r) {
    s.net_types.push_back(r % 5 == 4 ? 101 : 100);
    s.net_ids.push_back(s.net - 1 - r);  // reverse order: ids are not rows
  }
  for (uint64_t i = 0; i < s.inputs; ++i)
    for (int k = 0; k < 8; ++k)
      s.input_edges.push_back({i, rng.next() % s.net, 1, 300.0 + 400.0 * rng.uniform(), std::nan("")});
  for (uint32_t r = 0; r < s.net; ++r) {
    const bool inh = s.net_types[r] == 101;
    for (int k = 0; k < 6; ++k) {
      const double w = inh ? -(100.0 + 200.0 * rng.uniform()) : 50.0 + 150.0 * rng.uniform();
      s.net_edges.push_back({s.net_ids[r], rng.next() % s.net, inh ? 3u : 2u, w, 1.0 + 0.1 * (rng.next() % 40)});
    }
  }
  for (uint64_t i = 0; i < s.inputs; ++i)
    for (int k = 0; k < 12; ++k) s.input_spikes.emplace_back(i, 0.1 * (rng.next() % 1900));
  return s;
}

std::string write_sonata_circuit(const std::string& dir, const sonata_spec& spec) {
  fs::remove_all(dir);
  fs::create_directories(dir);
  {
    auto f = create_file(dir + "/network/nodes.h5");
    const h5::handle nodes = group(f, "nodes");
    {
      const h5::handle net = group(nodes, "net");
      write(net, "node_type_id", spec.net_types);
      write(net, "node_id", spec.net_ids);
      std::vector<uint64_t> gidx(spec.net);
      for (uint32_t r = 0; r < spec.net; ++r) gidx[r] = r;
      write(net, "node_group_id", std::vector<uint64_t>(spec.net, 0));
      write(net, "node_group_index", gidx);
      const h5::handle g = group(net, "0");
      write(g, "x", std::vector<double>(spec.net, 1.5));  // an attribute Engram has no use for
    }
    {
      const h5::handle in = group(nodes, "input");
      write(in, "node_type_id", std::vector<uint64_t>(spec.inputs, 200));
      std::vector<uint64_t> gidx(spec.inputs);
      for (uint32_t r = 0; r < spec.inputs; ++r) gidx[r] = r;
      write(in, "node_group_id", std::vector<uint64_t>(spec.inputs, 0));
      write(in, "node_group_index", gidx);
      group(in, "0");
    }
  }
  {
    auto f = create_file(dir + "/network/edges.h5");
    const h5::handle edges = group(f, "edges");
    write_edges(edges, "input_to_net", "input", "net", spec.input_edges, false);
    write_edges(edges, "net_to_net", "net", "net", spec.net_edges, true);
  }
  {
    auto f = create_file(dir + "/inputs/spikes.h5");
    const h5::handle spikes = group(f, "spikes");
    const h5::handle pop = group(spikes, "input");
    std::vector<uint64_t> ids;
    std::vector<double> times;
    for (auto [id, t] : spec.input_spikes) {
      ids.push_back(id);
      times.push_back(t);
    }
    write(pop, "node_ids", ids);
    write(pop, "timestamps", times);
    h5::handle ts(H5Dopen2(pop, "timestamps", H5P_DEFAULT), H5Dclose, "timestamps");
    string_attribute(ts, "units", "ms");
  }
  write_text(dir + "/network/node_types.csv",
             "node_type_id model_type model_template dynamics_params \"pop name\"\n"
             "100 point_neuron " + spec.exc_template + " exc.json \"layer 4 exc\"\n"
             "101 point_neuron nest:iaf_psc_exp inh.json \"layer 4 \"\"inh\"\"\"\n"
             "200 virtual NULL NULL input\n");
  write_text(dir + "/network/edge_types.csv",
             fmt::format("edge_type_id syn_weight delay nsyns model_template dynamics_params\n"
                         "1 NULL {} NULL static_synapse static.json\n"
                         "2 NULL NULL NULL nest:static_synapse NULL\n"
                         "3 NULL NULL {} static_synapse NULL\n",
                         spec.input_delay_ms, spec.inh_nsyns));
  write_text(dir + "/components/point/exc.json", exc_params);
  write_text(dir + "/components/point/inh.json", inh_params);
  write_text(dir + "/components/synapses/static.json", "{}");
  write_text(dir + "/circuit_config.json", R"({
  "manifest": {"$BASE_DIR": "${configdir}", "$NETWORK_DIR": "$BASE_DIR/network", "$COMPONENTS": "$BASE_DIR/components"},
  "components": {"point_neuron_models_dir": "$COMPONENTS/point", "synaptic_models_dir": "${COMPONENTS}/synapses"},
  "networks": {
    "nodes": [{"nodes_file": "$NETWORK_DIR/nodes.h5", "node_types_file": "$NETWORK_DIR/node_types.csv"}],
    "edges": [{"edges_file": "$NETWORK_DIR/edges.h5", "edge_types_file": "$NETWORK_DIR/edge_types.csv"}]
  }
})");
  write_text(dir + "/simulation_config.json", fmt::format(R"({{
  "manifest": {{"$BASE_DIR": ".", "$OUTPUT_DIR": "$BASE_DIR/output"}},
  "target_simulator": "NEST",
  "network": "circuit_config.json",
  "run": {{"tstop": {}, "dt": {}}},
  "inputs": {{"lgn": {{"input_type": "spikes", "module": "sonata", "input_file": "$BASE_DIR/inputs/spikes.h5", "node_set": "input"}}}},
  "output": {{"output_dir": "$OUTPUT_DIR", "spikes_file": "spikes.h5"}}
}})", spec.tstop_ms, spec.dt_ms));
  return dir + "/simulation_config.json";
}

network expected_network(const sonata_spec& spec, std::vector<std::pair<std::string, uint64_t>>& names) {
  network net;
  net.dt_ms = spec.dt_ms;
  lif_params exc, inh;
  exc.c_m = 250, exc.tau_m = 10, exc.t_ref = 2, exc.v_rest = -70, exc.v_thresh = -55, exc.v_reset = -70, exc.tau_syn = 2, exc.v_init = -65;
  inh.c_m = 200, inh.tau_m = 8, inh.t_ref = 1, inh.v_rest = -70, inh.v_thresh = -52, inh.v_reset = -68, inh.tau_syn = 1, inh.i_bias = 350;
  inh.v_init = -70;  // NEST's default V_m
  // Rows of each type in row order; a node id's population and index within it.
  std::map<uint64_t, std::pair<int, uint32_t>> where;  // net node id -> (0 exc / 1 inh, local)
  uint32_t counts[2] = {0, 0};
  std::vector<uint64_t> ids[2];
  for (uint32_t r = 0; r < spec.net; ++r) {
    const int k = spec.net_types[r] == 101 ? 1 : 0;
    where[spec.net_ids[r]] = {k, counts[k]++};
    ids[k].push_back(spec.net_ids[r]);
  }
  // The nodes file does not track creation order, so its populations come in name order.
  std::vector<std::pair<uint32_t, double>> spikes;
  for (auto [id, t] : spec.input_spikes) spikes.emplace_back(static_cast<uint32_t>(id), t);
  net.populations.push_back(spike_source_population("input", spec.inputs, spikes));
  net.populations.push_back(lif_population("net.100", counts[0], exc));
  net.populations.push_back(lif_population("net.101", counts[1], inh));
  for (uint64_t i = 0; i < spec.inputs; ++i) names.emplace_back("input", i);
  for (int k = 0; k < 2; ++k)
    for (uint64_t id : ids[k]) names.emplace_back("net", id);

  const char* pop_names[3] = {"net.100", "net.101", "input"};  // by the index add() takes
  std::map<std::tuple<int, int, bool>, size_t> index;
  auto add = [&](int pre, uint32_t pre_local, int post, uint32_t post_local, double w, double delay_ms) {
    const bool inh_syn = w < 0;
    auto [it, fresh] = index.try_emplace({pre, post, inh_syn}, net.projections.size());
    if (fresh) {
      projection p;
      p.name = fmt::format("{}-{}-{}", pre, post, inh_syn);
      p.pre = pop_names[pre];  // 0 net.100, 1 net.101, 2 input
      p.post = pop_names[post];
      p.connect.type = connector::kind::explicit_list;
      p.sign = inh_syn ? transmitter::gaba : transmitter::glutamate;
      p.delay_ms = distribution::fixed(spec.dt_ms);
      net.projections.push_back(p);
    }
    auto& c = net.projections[it->second].connect;
    c.pre.push_back(pre_local);
    c.post.push_back(post_local);
    c.weights.push_back(static_cast<float>(std::abs(w)));
    c.delays.push_back(static_cast<uint16_t>(std::lround(delay_ms / spec.dt_ms)));
  };
  for (const auto& e : spec.input_edges) {
    const auto [post, local] = where.at(e.target);
    add(2, static_cast<uint32_t>(e.source), post, local, e.weight, spec.input_delay_ms);
  }
  for (const auto& e : spec.net_edges) {
    const auto [pre, pre_local] = where.at(e.source);
    const auto [post, post_local] = where.at(e.target);
    add(pre, pre_local, post, post_local, e.type == 3 ? e.weight * spec.inh_nsyns : e.weight, e.delay);
  }
  return net;
}

void delete_object(const std::string& file, const std::string& path) {
  h5::handle f(H5Fopen(file.c_str(), H5F_ACC_RDWR, H5P_DEFAULT), H5Fclose, "open " + file);
  h5::check(H5Ldelete(f, path.c_str(), H5P_DEFAULT), "delete " + path);
}

template <class T> void replace_dataset(const std::string& file, const std::string& path, const std::vector<T>& values) {
  delete_object(file, path);
  h5::handle f(H5Fopen(file.c_str(), H5F_ACC_RDWR, H5P_DEFAULT), H5Fclose, "open " + file);
  write(f, path, values);
}
template void replace_dataset<uint64_t>(const std::string&, const std::string&, const std::vector<uint64_t>&);
template void replace_dataset<int64_t>(const std::string&, const std::string&, const std::vector<int64_t>&);
template void replace_dataset<double>(const std::string&, const std::string&, const std::vector<double>&);
template void replace_dataset<float>(const std::string&, const std::string&, const std::vector<float>&);

void replace_with_strings(const std::string& file, const std::string& path, size_t count) {
  delete_object(file, path);
  h5::handle f(H5Fopen(file.c_str(), H5F_ACC_RDWR, H5P_DEFAULT), H5Fclose, "open " + file);
  h5::handle type(H5Tcopy(H5T_C_S1), H5Tclose, "type");
  H5Tset_size(type, 8);
  const hsize_t n = count;
  h5::handle space(H5Screate_simple(1, &n, nullptr), H5Sclose, "space");
  h5::handle ds(H5Dcreate2(f, path.c_str(), type, space, H5P_DEFAULT, H5P_DEFAULT, H5P_DEFAULT), H5Dclose, path);
  std::string text(count * 8, 'x');
  h5::check(H5Dwrite(ds, type, H5S_ALL, H5S_ALL, H5P_DEFAULT, text.data()), "write strings");
}

}  // namespace engram::test
