// The IDX reader on small synthetic files (good ones round-trip; each kind of bad file throws
// invalid_data naming its fault), and on the real MNIST when data/fetch.sh has put it there.
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <string>
#include <vector>

#include "engine/errors.hpp"
#include "host/io/idx_reader.hpp"
#include "tests/catch.hpp"
#include "tests/helpers.hpp"

using namespace engram;

namespace {

void put_u32(std::vector<uint8_t>& out, uint32_t v) {
  for (int shift = 24; shift >= 0; shift -= 8) out.push_back(uint8_t(v >> shift));
}

// An IDX file: magic, dims, payload, then `trailing` extra bytes (negative: cut that many off).
std::string write_idx(const std::string& name, uint32_t magic, const std::vector<uint32_t>& dims,
                      const std::vector<uint8_t>& payload, int trailing = 0) {
  std::vector<uint8_t> bytes;
  put_u32(bytes, magic);
  for (uint32_t d : dims) put_u32(bytes, d);
  bytes.insert(bytes.end(), payload.begin(), payload.end());
  if (trailing > 0) bytes.insert(bytes.end(), size_t(trailing), 0xab);
  if (trailing < 0) bytes.erase(bytes.end() + trailing, bytes.end());
  const std::string path = test::temp_path("idx_" + name);
  std::ofstream(path, std::ios::binary).write(reinterpret_cast<const char*>(bytes.data()), std::streamsize(bytes.size()));
  return path;
}

// Three 2x3 images with pixels 0..17 and labels 0, 9, 5.
const std::vector<uint8_t> pixels = [] {
  std::vector<uint8_t> p(18);
  for (size_t i = 0; i < p.size(); ++i) p[i] = uint8_t(i * 7);
  return p;
}();
const std::vector<uint8_t> labels = {0, 9, 5};

// `owner` names the test case: ctest runs test cases in parallel processes, and one rewriting a
// file that another is reading would make that one see it empty.
std::string good_images(const std::string& owner) {
  return write_idx(owner + "_good_images", idx_images_magic, {3, 2, 3}, pixels);
}
std::string good_labels(const std::string& owner) { return write_idx(owner + "_good_labels", idx_labels_magic, {3}, labels); }

// The message of the invalid_data that `f` throws ("" if it throws nothing or something else).
template <class F>
std::string invalid_data_message(F f) {
  try {
    f();
  } catch (const invalid_data& e) {
    return e.what();
  } catch (...) {
  }
  return "";
}

}  // namespace

TEST_CASE("IDX images and labels round-trip", "[idx]") {
  const std::string images = good_images("round_trip"), labels_path = good_labels("round_trip");
  const image_set s = read_idx_images_and_labels(images, labels_path);
  CHECK(s.count == 3);
  CHECK(s.rows == 2);
  CHECK(s.cols == 3);
  CHECK(s.pixels == pixels);
  CHECK(s.labels == labels);

  const image_set first = read_idx_images_and_labels(images, labels_path, 2);
  CHECK(first.count == 2);
  CHECK(first.pixels == std::vector<uint8_t>(pixels.begin(), pixels.begin() + 12));
  CHECK(first.labels == std::vector<uint8_t>{0, 9});
}

TEST_CASE("IDX files that are not what their header says are rejected", "[idx]") {
  const std::string images = good_images("rejected"), labels_path = good_labels("rejected");
  auto read = [&](const std::string& i, const std::string& l) {
    return invalid_data_message([&] { read_idx_images_and_labels(i, l); });
  };

  const std::string truncated = write_idx("truncated", idx_images_magic, {3, 2, 3}, pixels, -1);
  CHECK_THAT(read(truncated, labels_path), Catch::Contains("is truncated: its header implies 34 bytes, the file has 33"));
  const std::string short_header = write_idx("short_header", idx_images_magic, {3}, {});
  CHECK_THAT(read(short_header, labels_path), Catch::Contains("shorter than its 16-byte IDX header"));

  const std::string trailing = write_idx("trailing", idx_labels_magic, {3}, labels, 2);
  CHECK_THAT(read(images, trailing), Catch::Contains("2 trailing bytes: its header implies 11 bytes, the file has 13"));

  CHECK_THAT(read(labels_path, labels_path), Catch::Contains("has IDX magic 0x00000801, expected 0x00000803"));
  CHECK_THAT(read(images, images), Catch::Contains("has IDX magic 0x00000803, expected 0x00000801"));

  const std::string two_labels = write_idx("two_labels", idx_labels_magic, {2}, {1, 2});
  CHECK_THAT(read(images, two_labels), Catch::Contains("holds 3 images but"));
  CHECK_THAT(read(images, two_labels), Catch::Contains("holds 2 labels"));

  const std::string bad_label = write_idx("bad_label", idx_labels_magic, {3}, {0, 10, 5});
  CHECK_THAT(read(images, bad_label), Catch::Contains("label 10 at index 1 is not a class 0..9"));

  const std::string zero_rows = write_idx("zero_rows", idx_images_magic, {3, 0, 3}, {});
  CHECK_THAT(read(zero_rows, labels_path), Catch::Contains("rows = 0"));
  // Absurd headers are refused before anything is allocated from them.
  const std::string huge_images = write_idx("huge_images", idx_images_magic, {3, 1000, 1000}, pixels);
  CHECK_THAT(read(huge_images, labels_path), Catch::Contains("rows * cols = 1000000, absurd"));
  const std::string huge_count = write_idx("huge_count", idx_labels_magic, {0xffffffffu}, labels);
  CHECK_THAT(read(images, huge_count), Catch::Contains("count = 4294967295, absurd"));

  const std::string missing = test::temp_path("idx_no_such_file");
  std::filesystem::remove(missing);
  CHECK_THAT(read(missing, labels_path), Catch::Contains("cannot open IDX file '" + missing + "': no such file"));
}

TEST_CASE("A data set that was not fetched says how to fetch it", "[idx]") {
  const std::string root = test::temp_path("idx_empty_root");
  std::filesystem::create_directories(root);
  CHECK_THAT(invalid_data_message([&] { load_dataset("mnist", root); }),
             Catch::Contains("data set 'mnist' not found at " + root + "/mnist") &&
                 Catch::Contains("run data/fetch.sh mnist"));
  CHECK_THROWS_AS(load_dataset("cifar", root), invalid_parameter);
}

TEST_CASE("The data root is ENGRAM_DATA_DIR, else the default", "[idx]") {
  const char* before = std::getenv("ENGRAM_DATA_DIR");
  const std::string saved = before ? before : "";
  ::setenv("ENGRAM_DATA_DIR", "/elsewhere", 1);
  CHECK(data_root("/repo/data/fetched") == "/elsewhere");
  ::unsetenv("ENGRAM_DATA_DIR");
  CHECK(data_root("/repo/data/fetched") == "/repo/data/fetched");
  if (before) ::setenv("ENGRAM_DATA_DIR", saved.c_str(), 1);
}

TEST_CASE("The real MNIST loads when fetched", "[idx][mnist]") {
  // This file is <source>/tests/test_idx.cpp; CMake compiles it by its absolute path.
  const auto source = std::filesystem::path(__FILE__).parent_path().parent_path();
  const std::string root = data_root((source / "data" / "fetched").string());
  if (!std::filesystem::exists(std::filesystem::path(root) / "mnist" / "train-labels-idx1-ubyte")) {
#ifdef SKIP
    SKIP("MNIST not fetched under " << root << "; run data/fetch.sh mnist");
#else
    WARN("MNIST not fetched under " << root << "; run data/fetch.sh mnist: test skipped");
    return;
#endif
  }
  const labelled_dataset d = load_dataset("mnist", root);
  CHECK(d.name == "mnist");
  CHECK(d.train.count == 60000);
  CHECK(d.test.count == 10000);
  for (const image_set* s : {&d.train, &d.test}) {
    CHECK(s->rows == 28);
    CHECK(s->cols == 28);
    CHECK(s->pixels.size() == size_t(s->count) * 28 * 28);
    CHECK(s->labels.size() == s->count);
    std::vector<size_t> per_class(10, 0);
    for (uint8_t l : s->labels) ++per_class.at(l);
    for (size_t n : per_class) CHECK(n > 0);
  }
  CHECK(d.train.labels[0] == 5);
  CHECK(d.test.labels[0] == 7);
}
