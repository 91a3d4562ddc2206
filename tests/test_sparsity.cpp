// Prune-and-regrow's pruning step (apps/tasks/sparsity_study.hpp): each post neuron keeps exactly
// its strongest (1 - sparsity) inputs; with the spatial prior, a pixel near the receptive field's
// centre outranks a slightly stronger one far from it.
#include <algorithm>

#include "apps/tasks/sparsity_study.hpp"
#include "engine/errors.hpp"
#include "tests/catch.hpp"

using engram::tasks::prune_inputs;

TEST_CASE("pruning keeps each neuron's strongest inputs, under the spatial prior when asked", "[sparsity]") {
  const uint32_t side = 4, pixels = 16, posts = 2;
  std::vector<float> w(pixels * posts);
  for (uint32_t i = 0; i < pixels; ++i) {
    w[i * posts + 0] = 1.0f + i;          // post 0: pixel 15 strongest
    w[i * posts + 1] = 1.0f + (i % 5);    // post 1: ties
  }
  SECTION("magnitude") {
    auto v = w;
    prune_inputs(v, pixels, side, posts, 0.75, 0.0);
    for (uint32_t j = 0; j < posts; ++j) {
      uint32_t kept = 0;
      for (uint32_t i = 0; i < pixels; ++i) kept += v[i * posts + j] != 0.0f;
      CHECK(kept == 4);
    }
    for (uint32_t i = 12; i < 16; ++i) CHECK(v[i * posts] == w[i * posts]);  // the four strongest of post 0
    CHECK(v[11 * posts] == 0.0f);
  }
  SECTION("a narrow prior prefers pixels near the centre of the receptive field") {
    std::vector<float> u(pixels * posts, 0.0f);
    u[5 * posts] = 10.0f;   // pixel (1, 1): the mass, and so the centre, sits near it
    u[6 * posts] = 9.0f;    // (2, 1), next to it
    u[15 * posts] = 9.5f;   // (3, 3), far, a little stronger than pixel 6
    u[5 * posts + 1] = u[6 * posts + 1] = u[15 * posts + 1] = 1.0f;
    auto plain = u, prior = u;
    prune_inputs(plain, pixels, side, posts, 1.0 - 2.0 / pixels, 0.0);
    prune_inputs(prior, pixels, side, posts, 1.0 - 2.0 / pixels, 1.0);
    CHECK(plain[15 * posts] == 9.5f);
    CHECK(plain[6 * posts] == 0.0f);
    CHECK(prior[6 * posts] == 9.0f);
    CHECK(prior[15 * posts] == 0.0f);
  }
  SECTION("a table that is not all to all") {
    std::vector<float> short_table(7);
    CHECK_THROWS_AS(prune_inputs(short_table, pixels, side, posts, 0.5, 0.0), engram::invalid_parameter);
  }
}
