#pragma once
// Reader for the IDX files of MNIST-like data sets (MNIST, Fashion-MNIST): unsigned-byte images
// (magic 0x00000803: count, rows, cols) and labels (magic 0x00000801: count), big-endian headers.
// Every header is checked against the file's size before anything is allocated from it; a bad file
// throws engram::invalid_data with a one-line reason.
#include <cstdint>
#include <string>
#include <vector>

namespace engram {

struct image_set {
  uint32_t count = 0, rows = 0, cols = 0;
  std::vector<uint8_t> pixels;  // count * rows * cols, image after image, each row-major
  std::vector<uint8_t> labels;  // count, each a class 0..9
};

// One IDX file's header, checked against the file's size (its payload is not read).
struct idx_header {
  uint32_t magic = 0;
  std::vector<uint32_t> dims;  // dims[0] is the item count
  uint64_t header_bytes = 0;   // where the payload starts
  uint64_t item_bytes = 0;     // the product of dims[1..]
};
inline constexpr uint32_t idx_images_magic = 0x00000803;
inline constexpr uint32_t idx_labels_magic = 0x00000801;
inline constexpr uint32_t idx_max_pixels = 65536;     // rows * cols beyond this is not an image set
inline constexpr uint32_t idx_max_count = 100000000;  // nor are more items than this
inline constexpr uint8_t idx_max_label = 9;           // MNIST-like sets have ten classes

// Throws invalid_data unless the magic is `expected_magic`, no dimension is zero or absurd and the
// file is exactly as long as the header implies.
idx_header read_idx_header(const std::string& path, uint32_t expected_magic);

// The first min(count, max_count) images and their labels, each label checked to be 0..9. Both
// headers are checked against their whole file's size, and against each other's count.
image_set read_idx_images_and_labels(const std::string& images_path, const std::string& labels_path,
                                     uint32_t max_count = UINT32_MAX);

struct labelled_dataset {
  std::string name;
  image_set train, test;
};
// Loads data set `name` ("mnist" | "fashion-mnist") from `root` (the data/fetched folder):
// root/name/{train,t10k}-{images-idx3,labels-idx1}-ubyte, as data/fetch.sh leaves them.
labelled_dataset load_dataset(const std::string& name, const std::string& root);

// The data root: $ENGRAM_DATA_DIR if set and not empty, else `default_root`
// (the caller passes <source dir>/data/fetched).
std::string data_root(const std::string& default_root);

}  // namespace engram
