// The on-device connectivity builders produce the CPU's synapse tables: same rows, same targets in
// the same order, same weights and delays, bit for bit (cases in tests/connectivity_cases.hpp).
#include "tests/catch.hpp"
#include "tests/connectivity_cases.hpp"

using namespace engram;

namespace {

std::unique_ptr<backend> cuda_backend() { return gpu_test::make(backend_kind::cuda); }

}  // namespace

TEST_CASE("every row builder, same and different populations, every value distribution", "[gpu][connectivity]") {
  test::check_every_builder(cuda_backend);
  test::check_truncated_distributions(cuda_backend);
}

TEST_CASE("large fixed in-degree and fixed probability builds agree", "[gpu][connectivity]") {
  test::check_large_builds(cuda_backend);
}

TEST_CASE("explicit lists: unsorted, duplicated, with and without weights and delays", "[gpu][connectivity]") {
  test::check_explicit_lists(cuda_backend);
}
