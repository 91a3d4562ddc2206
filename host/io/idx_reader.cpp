#include "host/io/idx_reader.hpp"

#include <algorithm>
#include <cstdlib>
#include <filesystem>
#include <fmt/format.h>
#include <fstream>

#include "engine/errors.hpp"

namespace engram {
namespace {

uint32_t big_endian_u32(const unsigned char* b) {
  return (uint32_t(b[0]) << 24) | (uint32_t(b[1]) << 16) | (uint32_t(b[2]) << 8) | uint32_t(b[3]);
}

std::ifstream open_idx(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) {
    std::error_code ec;
    const bool exists = std::filesystem::exists(path, ec);
    throw invalid_data(fmt::format("cannot open IDX file '{}': {}", path, exists ? "not readable" : "no such file"));
  }
  return in;
}

void read_exactly(std::ifstream& in, const std::string& path, uint64_t offset, void* to, uint64_t bytes) {
  in.seekg(std::streamoff(offset));
  in.read(static_cast<char*>(to), std::streamsize(bytes));
  if (!in) throw invalid_data(fmt::format("'{}': read of {} bytes at offset {} failed", path, bytes, offset));
}

// The payload of the first `items` items.
std::vector<uint8_t> read_payload(const std::string& path, const idx_header& h, uint32_t items) {
  std::vector<uint8_t> data(uint64_t(items) * h.item_bytes);
  std::ifstream in = open_idx(path);
  if (!data.empty()) read_exactly(in, path, h.header_bytes, data.data(), data.size());
  return data;
}

}  // namespace

idx_header read_idx_header(const std::string& path, uint32_t expected_magic) {
  std::ifstream in = open_idx(path);
  std::error_code ec;
  const uint64_t size = std::filesystem::file_size(path, ec);
  if (ec) throw invalid_data(fmt::format("cannot read the size of '{}': {}", path, ec.message()));

  const uint32_t ndims = expected_magic & 0xff;  // the magic's last byte; 1 or 3 here
  idx_header h;
  h.header_bytes = 4 + 4 * uint64_t(ndims);
  if (size < 4) throw invalid_data(fmt::format("'{}' is truncated: {} bytes, too short for an IDX magic number", path, size));
  unsigned char buf[4 + 4 * 3];
  read_exactly(in, path, 0, buf, 4);
  h.magic = big_endian_u32(buf);
  if (h.magic != expected_magic)
    throw invalid_data(fmt::format("'{}' has IDX magic 0x{:08x}, expected 0x{:08x} ({})", path, h.magic, expected_magic,
                                   expected_magic == idx_images_magic ? "unsigned-byte images" : "unsigned-byte labels"));
  if (size < h.header_bytes)
    throw invalid_data(fmt::format("'{}' is truncated: {} bytes, shorter than its {}-byte IDX header", path, size, h.header_bytes));
  read_exactly(in, path, 4, buf + 4, 4 * ndims);

  const char* const dim_names[] = {"count", "rows", "cols"};
  h.item_bytes = 1;
  for (uint32_t d = 0; d < ndims; ++d) {
    h.dims.push_back(big_endian_u32(buf + 4 + 4 * d));
    if (h.dims.back() == 0) throw invalid_data(fmt::format("'{}': its header gives {} = 0", path, dim_names[d]));
    if (d > 0) h.item_bytes *= h.dims.back();
  }
  if (h.dims[0] > idx_max_count)
    throw invalid_data(fmt::format("'{}': its header gives count = {}, absurd (at most {})", path, h.dims[0], idx_max_count));
  if (h.item_bytes > idx_max_pixels)
    throw invalid_data(fmt::format("'{}': its header gives rows * cols = {}, absurd (at most {})", path, h.item_bytes, idx_max_pixels));

  // No overflow: at most 1e8 items of 65536 bytes.
  const uint64_t expected = h.header_bytes + uint64_t(h.dims[0]) * h.item_bytes;
  if (size < expected)
    throw invalid_data(fmt::format("'{}' is truncated: its header implies {} bytes, the file has {}", path, expected, size));
  if (size > expected)
    throw invalid_data(fmt::format("'{}' has {} trailing bytes: its header implies {} bytes, the file has {}", path,
                                   size - expected, expected, size));
  return h;
}

image_set read_idx_images_and_labels(const std::string& images_path, const std::string& labels_path, uint32_t max_count) {
  const idx_header ih = read_idx_header(images_path, idx_images_magic);
  const idx_header lh = read_idx_header(labels_path, idx_labels_magic);
  if (ih.dims[0] != lh.dims[0])
    throw invalid_data(fmt::format("'{}' holds {} images but '{}' holds {} labels", images_path, ih.dims[0], labels_path, lh.dims[0]));

  image_set s;
  s.count = std::min(ih.dims[0], max_count);
  s.rows = ih.dims[1];
  s.cols = ih.dims[2];
  s.labels = read_payload(labels_path, lh, s.count);
  const auto bad = std::find_if(s.labels.begin(), s.labels.end(), [](uint8_t l) { return l > idx_max_label; });
  if (bad != s.labels.end())
    throw invalid_data(fmt::format("'{}': label {} at index {} is not a class 0..{}", labels_path, int(*bad),
                                   bad - s.labels.begin(), idx_max_label));
  s.pixels = read_payload(images_path, ih, s.count);
  return s;
}

labelled_dataset load_dataset(const std::string& name, const std::string& root) {
  if (name != "mnist" && name != "fashion-mnist")
    throw invalid_parameter(fmt::format("unknown data set '{}' (known: mnist, fashion-mnist)", name));
  const std::filesystem::path dir = std::filesystem::path(root) / name;
  for (const char* f : {"train-images-idx3-ubyte", "train-labels-idx1-ubyte", "t10k-images-idx3-ubyte", "t10k-labels-idx1-ubyte"}) {
    std::error_code ec;
    if (!std::filesystem::is_regular_file(dir / f, ec))
      throw invalid_data(fmt::format("data set '{}' not found at {} (no {}); run data/fetch.sh {}", name, dir.string(), f, name));
  }
  labelled_dataset d;
  d.name = name;
  d.train = read_idx_images_and_labels((dir / "train-images-idx3-ubyte").string(), (dir / "train-labels-idx1-ubyte").string());
  d.test = read_idx_images_and_labels((dir / "t10k-images-idx3-ubyte").string(), (dir / "t10k-labels-idx1-ubyte").string());
  return d;
}

std::string data_root(const std::string& default_root) {
  const char* env = std::getenv("ENGRAM_DATA_DIR");
  return env && *env ? std::string(env) : default_root;
}

}  // namespace engram
