#include "tests/training_data.hpp"

#include <filesystem>
#include <fstream>
#include <random>

namespace engram::test {
namespace {

image_set synthetic_set(uint32_t count, std::mt19937_64& rng) {
  image_set s;
  s.count = count;
  s.rows = 8;
  s.cols = 8;
  s.pixels.assign(uint64_t{count} * 64, 0);
  s.labels.resize(count);
  for (uint32_t k = 0; k < count; ++k) {
    const uint32_t c = static_cast<uint32_t>(rng() % 10);
    s.labels[k] = static_cast<uint8_t>(c);
    uint8_t* img = s.pixels.data() + uint64_t{k} * 64;
    for (uint32_t i = 0; i < 8; ++i) {
      const uint32_t at = c < 5 ? (c + 1) * 8 + i : i * 8 + (c - 4);  // rows for 0..4, columns for 5..9
      img[at % 64] = 200;
    }
    for (int noise = 0; noise < 6; ++noise) img[rng() % 64] = static_cast<uint8_t>(rng() % 256);
  }
  return s;
}

void put_u32(std::ofstream& out, uint32_t v) {
  const char b[4] = {char(v >> 24), char(v >> 16), char(v >> 8), char(v)};
  out.write(b, 4);
}

void write_pair(const image_set& s, const std::string& images, const std::string& labels) {
  std::ofstream img(images, std::ios::binary);
  put_u32(img, 0x00000803);
  put_u32(img, s.count);
  put_u32(img, s.rows);
  put_u32(img, s.cols);
  img.write(reinterpret_cast<const char*>(s.pixels.data()), static_cast<std::streamsize>(s.pixels.size()));
  std::ofstream lab(labels, std::ios::binary);
  put_u32(lab, 0x00000801);
  put_u32(lab, s.count);
  lab.write(reinterpret_cast<const char*>(s.labels.data()), static_cast<std::streamsize>(s.labels.size()));
}

}  // namespace

labelled_dataset synthetic_digits(uint32_t train_count, uint32_t test_count, uint64_t seed, const std::string& name) {
  std::mt19937_64 rng(seed);
  labelled_dataset d;
  d.name = name;
  d.train = synthetic_set(train_count, rng);
  d.test = synthetic_set(test_count, rng);
  return d;
}

void write_idx_dataset(const labelled_dataset& data, const std::string& root) {
  const std::string dir = root + "/" + data.name;
  std::filesystem::create_directories(dir);
  write_pair(data.train, dir + "/train-images-idx3-ubyte", dir + "/train-labels-idx1-ubyte");
  write_pair(data.test, dir + "/t10k-images-idx3-ubyte", dir + "/t10k-labels-idx1-ubyte");
}

}  // namespace engram::test
