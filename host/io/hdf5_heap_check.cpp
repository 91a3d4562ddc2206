#include "host/io/hdf5_heap_check.hpp"

#include <cstdint>
#include <cstring>
#include <fmt/format.h>
#include <fstream>
#include <mutex>
#include <vector>

#include "engine/errors.hpp"

namespace engram::h5 {
namespace {

constexpr const char* heap_id_tag = "engram global heap id";
constexpr size_t heap_id_size = 16;             // sequence length (4), collection address (8), index (4)
constexpr uint64_t max_collection = 1ull << 26; // 64 MiB: HDF5 makes them 4 KiB unless one object is bigger

uint64_t little_endian(const unsigned char* p, int bytes) {
  uint64_t v = 0;
  for (int i = bytes - 1; i >= 0; --i) v = (v << 8) | p[i];
  return v;
}

// A conversion from a variable-length string in the file to a 16-byte opaque type, registered
// with HDF5: H5Aread hands it the attribute's raw bytes, the heap id, before HDF5 follows it.
herr_t copy_heap_id(hid_t src, hid_t dst, H5T_cdata_t* cdata, size_t, size_t, size_t, void*, void*, hid_t) {
  if (cdata->command != H5T_CONV_INIT) return 0;  // CONV: the raw bytes are already in place; FREE: nothing
  if (H5Tis_variable_str(src) <= 0 || H5Tget_class(dst) != H5T_OPAQUE || H5Tget_size(src) != heap_id_size) return -1;
  char* tag = H5Tget_tag(dst);
  const bool ours = tag && std::strcmp(tag, heap_id_tag) == 0;
  H5free_memory(tag);
  return ours ? 0 : -1;
}

hid_t heap_id_type() {
  static hid_t type = -1;
  static std::once_flag once;
  std::call_once(once, [] {
    type = H5Tcreate(H5T_OPAQUE, heap_id_size);
    H5Tset_tag(type, heap_id_tag);
    const hid_t vlen = H5Tcopy(H5T_C_S1);
    H5Tset_size(vlen, H5T_VARIABLE);
    H5Tregister(H5T_PERS_SOFT, "engram heap id", vlen, type, copy_heap_id);
    H5Tclose(vlen);
  });
  return type;
}

std::string file_name(hid_t obj) {
  const ssize_t len = H5Fget_name(obj, nullptr, 0);
  if (len <= 0) return {};
  std::string name(static_cast<size_t>(len) + 1, '\0');
  H5Fget_name(obj, name.data(), name.size());
  name.resize(static_cast<size_t>(len));
  return name;
}

// Walks the collection as HDF5 does (H5HG__cache_heap_deserialize) and requires every step to
// stay inside it, the walk to end exactly at its end, and object `index` to exist once with
// exactly `length` bytes.
std::string collection_problem(const std::vector<unsigned char>& c, uint32_t index, uint64_t length) {
  const uint64_t size = c.size();
  uint64_t p = 16, found = 0, found_size = 0;
  while (p < size) {
    if (p + 16 > size) break;  // a tail too small for an object header is free space
    const uint64_t idx = little_endian(&c[p], 2), object = little_endian(&c[p + 8], 8);
    if (object > size) return "an object is larger than its collection";
    const uint64_t need = idx > 0 ? 16 + ((object + 7) & ~uint64_t{7}) : object;
    if (need == 0 || p + need > size) return "an object runs past the end of its collection";
    if (idx == index) {
      ++found;
      found_size = object;
    }
    p += need;
  }
  if (found != 1) return fmt::format("object {} is {}", index, found ? "listed twice" : "missing");
  if (found_size != length) return fmt::format("the string's length {} does not match its heap object's {}", length, found_size);
  return {};
}

}  // namespace

void check_vlen_string_attribute(hid_t attr, const std::string& what, size_t max_length) {
  unsigned char id[heap_id_size] = {};
  if (H5Aread(attr, heap_id_type(), id) < 0) throw error(what + " cannot be read");
  const uint64_t length = little_endian(id, 4), address = little_endian(id + 4, 8);
  const uint32_t index = static_cast<uint32_t>(little_endian(id + 12, 4));
  if (length > max_length) throw error(fmt::format("{} is {} bytes long, at most {} expected", what, length, max_length));
  if (length == 0) return;  // an empty string reads nothing from the heap
  hid_t file_id = H5Iget_file_id(attr);
  if (file_id < 0) throw error(what + ": cannot find its file");
  handle file(file_id, H5Fclose, "file of " + what);
  hsize_t user_block = 0;
  {
    handle fcpl(H5Fget_create_plist(file), H5Pclose, "file creation properties");
    H5Pget_userblock(fcpl, &user_block);
  }
  const std::string path = file_name(file);
  std::ifstream in(path, std::ios::binary);
  in.seekg(0, std::ios::end);
  const uint64_t file_size = static_cast<uint64_t>(in.tellg());
  const uint64_t at = user_block + address;
  auto damaged = [&](const std::string& why) {
    return error(fmt::format("{}: its global heap is damaged ({})", what, why));
  };
  if (!in || address == 0 || at < address || at + 16 > file_size) throw damaged("collection address outside the file");
  unsigned char header[16];
  in.seekg(static_cast<std::streamoff>(at));
  in.read(reinterpret_cast<char*>(header), sizeof header);
  const uint64_t size = little_endian(header + 8, 8);
  if (!in || std::memcmp(header, "GCOL", 4) != 0 || header[4] != 1) throw damaged("no collection at its address");
  if (size < 16 || size > max_collection || size > file_size - at) throw damaged("collection size out of range");
  std::vector<unsigned char> collection(size);
  in.seekg(static_cast<std::streamoff>(at));
  in.read(reinterpret_cast<char*>(collection.data()), static_cast<std::streamsize>(size));
  if (!in) throw damaged("collection cut short");
  if (const std::string problem = collection_problem(collection, index, length); !problem.empty()) throw damaged(problem);
}

}  // namespace engram::h5
