// The SONATA spike file: exact group, dataset and attribute names and types, readable by HDF5
// and (when installed) by h5py.
#include <filesystem>
#include <hdf5.h>

#include "host/io/hdf5_handle.hpp"
#include "host/io/sonata_writer.hpp"
#include "tests/catch.hpp"
#include "tests/helpers.hpp"

using namespace engram;

namespace {

std::vector<population_range> two_pops() {
  population_range a, b;
  a.name = "exc";
  a.first = 0;
  a.size = 3;
  b.name = "inh";
  b.first = 3;
  b.size = 2;
  return {a, b};
}

}  // namespace

TEST_CASE("spike file has the SONATA layout", "[sonata][hdf5]") {
  const std::string path = test::temp_path("spikes.h5");
  std::filesystem::remove(path);
  {
    sonata_writer w(path, two_pops(), 0.5);
    spike_record r;
    r.step = {2, 2, 7, 9};
    r.neuron = {0, 4, 1, 3};
    w.append(r);
    spike_record r2;
    r2.step = {12};
    r2.neuron = {2};
    w.append(r2);
    CHECK_FALSE(std::filesystem::exists(path));  // only the temporary exists until close()
    w.close();
  }
  REQUIRE(std::filesystem::exists(path));

  h5::handle file(H5Fopen(path.c_str(), H5F_ACC_RDONLY, H5P_DEFAULT), H5Fclose, "open");
  uint32_t magic = 0, version[2] = {9, 9};
  h5::handle magic_attr(H5Aopen(file, "magic", H5P_DEFAULT), H5Aclose, "magic");
  H5Aread(magic_attr, H5T_NATIVE_UINT32, &magic);
  CHECK(magic == 0x0A7A);
  h5::handle version_attr(H5Aopen(file, "version", H5P_DEFAULT), H5Aclose, "version");
  H5Aread(version_attr, H5T_NATIVE_UINT32, version);
  CHECK(version[0] == 0);
  CHECK(version[1] == 1);

  h5::handle exc(H5Gopen2(file, "/spikes/exc", H5P_DEFAULT), H5Gclose, "group");
  h5::handle sorting(H5Aopen(exc, "sorting", H5P_DEFAULT), H5Aclose, "sorting");
  h5::handle sorting_type(H5Aget_type(sorting), H5Tclose, "type");
  CHECK(H5Tget_class(sorting_type) == H5T_ENUM);
  uint8_t value = 0;
  H5Aread(sorting, sorting_type, &value);
  char name[16] = {};
  H5Tenum_nameof(sorting_type, &value, name, sizeof name);
  CHECK(std::string(name) == "by_time");

  h5::handle ts(H5Dopen2(exc, "timestamps", H5P_DEFAULT), H5Dclose, "timestamps");
  h5::handle ids(H5Dopen2(exc, "node_ids", H5P_DEFAULT), H5Dclose, "node_ids");
  h5::handle ts_type(H5Dget_type(ts), H5Tclose, "type"), ids_type(H5Dget_type(ids), H5Tclose, "type");
  CHECK(H5Tequal(ts_type, H5T_IEEE_F64LE) > 0);
  CHECK(H5Tequal(ids_type, H5T_STD_U64LE) > 0);
  double t[3] = {};
  uint64_t n[3] = {};
  H5Dread(ts, H5T_NATIVE_DOUBLE, H5S_ALL, H5S_ALL, H5P_DEFAULT, t);
  H5Dread(ids, H5T_NATIVE_UINT64, H5S_ALL, H5S_ALL, H5P_DEFAULT, n);
  CHECK(t[0] == 1.0);
  CHECK(t[1] == 3.5);
  CHECK(t[2] == 6.0);
  CHECK(n[0] == 0);
  CHECK(n[1] == 1);
  CHECK(n[2] == 2);
  h5::handle units(H5Aopen(ts, "units", H5P_DEFAULT), H5Aclose, "units");
  h5::handle units_type(H5Aget_type(units), H5Tclose, "type");
  REQUIRE(H5Tis_variable_str(units_type) > 0);
  char* text = nullptr;
  H5Aread(units, units_type, &text);
  CHECK(std::string(text) == "ms");
  H5free_memory(text);

  // h5py, where installed, reads the same names (DESIGN.md: readable as they are).
  const auto probe = test::run_command("/usr/bin/python3 -c 'import h5py' ");
  if (probe.exit_code == 0) {
    const auto r = test::run_command(
        "/usr/bin/python3 -c \"import h5py; f=h5py.File('" + path +
        "','r'); g=f['spikes/inh']; print(int(f.attrs['magic']), [int(x) for x in g['node_ids']], [float(x) for x in g['timestamps']], "
        "g['timestamps'].attrs['units'], h5py.check_enum_dtype(g.attrs.get_id('sorting').dtype))\"");
    INFO(r.output);
    CHECK(r.exit_code == 0);
    CHECK(r.output.find("2682 [1, 0] [1.0, 4.5] ms") != std::string::npos);
    CHECK(r.output.find("'by_time': 2") != std::string::npos);
  }
}

TEST_CASE("an abandoned spike file leaves no partial file behind", "[sonata][hdf5]") {
  const std::string path = test::temp_path("abandoned.h5");
  std::filesystem::remove(path);
  {
    sonata_writer w(path, two_pops(), 1.0);
    spike_record r;
    r.step = {1};
    r.neuron = {0};
    w.append(r);
  }  // destroyed without close(): as when a run throws
  CHECK_FALSE(std::filesystem::exists(path));
  for (const auto& e : std::filesystem::directory_iterator(std::filesystem::path(path).parent_path()))
    CHECK(e.path().filename().string().find("abandoned.h5.tmp") == std::string::npos);
}
