// Synapse words (engine/synapse_code.hpp): a target and a delay in 32 bits, 8 bytes per synapse
// with the weight, and the plain arrays files hold.
#include <algorithm>
#include <random>

#include "engine/errors.hpp"
#include "engine/layout.hpp"
#include "engine/synapse_packing.hpp"
#include "tests/catch.hpp"

using namespace engram;

namespace {

synapse_table table(uint32_t post_first, uint32_t post_count) {
  synapse_table t;
  t.name = "p";
  t.post_first = post_first;
  t.post_count = post_count;
  return t;
}

std::string error_of(auto&& f) {
  try {
    f();
  } catch (const invalid_network& e) {
    return e.what();
  }
  return "";
}

}  // namespace

TEST_CASE("the delays take the bits they need, the targets the rest", "[synapses][packing]") {
  CHECK(target_bits_for(2) == 31);    // delays up to 1
  CHECK(target_bits_for(21) == 27);   // up to 20 steps (20 ms at 1 ms)
  CHECK(target_bits_for(256) == 24);  // up to 255
  const synapse_code code = synapse_code::per_synapse(target_bits_for(21));
  for (uint32_t d : {1u, 7u, 20u})
    for (uint32_t j : {0u, 12345u, (1u << 27) - 1}) {
      CHECK(code.target(code.word(j, d)) == j);
      CHECK(code.delay(code.word(j, d)) == d);
    }
  // Words order as (delay, target): a row sorted by word is sorted by delay.
  CHECK(code.word(5, 2) > code.word((1u << 27) - 1, 1));
  const synapse_code uniform = synapse_code::uniform(9);
  CHECK(uniform.target(uniform.word(0xFFFFFFF0u, 0)) == 0xFFFFFFF0u);  // all 32 bits for the target
  CHECK(uniform.delay(uniform.word(77, 0)) == 9);
}

TEST_CASE("a post population too large for the target bits is refused by name", "[synapses][packing]") {
  synapse_table fits = table(0, 1u << 24), too_many = table(0, (1u << 24) + 1);
  set_synapse_format(fits, true, 0, 256);
  CHECK(fits.target_bits == 24);
  const std::string e = error_of([&] { set_synapse_format(too_many, true, 0, 256); });
  CHECK(e.find("projection 'p'") != std::string::npos);
  CHECK(e.find("16777217 target neurons") != std::string::npos);
  CHECK(e.find("uniform delay") != std::string::npos);
  set_synapse_format(too_many, false, 3, 256);  // one delay for all: 32 target bits
  CHECK(too_many.target_bits == 32);
  CHECK(too_many.uniform_delay == 3);
}

TEST_CASE("packing round-trips the arrays files hold", "[synapses][packing]") {
  std::mt19937 rng(3);
  const uint32_t first = 500, count = 3000, slots = 40;
  std::vector<uint32_t> target(10000);
  std::vector<uint8_t> delay(target.size());
  for (size_t e = 0; e < target.size(); ++e) {
    target[e] = first + rng() % count;
    delay[e] = static_cast<uint8_t>(1 + rng() % (slots - 1));
  }
  synapse_table t = table(first, count);
  pack_synapses(t, std::vector<uint32_t>(target), delay, slots, "test");
  CHECK(t.per_synapse_delays());
  t.weight.assign(target.size(), 1.0f);
  CHECK(t.bytes() == t.row_ptr.size() * 8 + target.size() * 8);
  CHECK(global_targets(t) == target);
  CHECK(synapse_delays(t) == delay);
  for (size_t e = 0; e < target.size(); e += 997) {
    CHECK(t.target_of(e) == target[e]);
    CHECK(t.delay_of(e) == delay[e]);
  }

  synapse_table u = table(first, count);
  u.uniform_delay = 4;
  pack_synapses(u, std::vector<uint32_t>(target), {}, slots, "test");
  CHECK_FALSE(u.per_synapse_delays());
  CHECK(global_targets(u) == target);
  CHECK(synapse_delays(u).empty());
  CHECK(u.delay_of(17) == 4);
}

TEST_CASE("packing names the first synapse it cannot hold", "[synapses][packing]") {
  std::vector<uint32_t> target{10, 11, 12, 13};
  std::vector<uint8_t> delay{1, 2, 3, 4};
  auto pack = [&](std::vector<uint32_t> x, std::vector<uint8_t> d) {
    synapse_table t = table(10, 4);
    return error_of([&] { pack_synapses(t, std::move(x), d, 5, "snapshot 'f.h5'"); });
  };
  CHECK(pack(target, delay).empty());
  auto outside = target;
  outside[2] = 14;
  CHECK(pack(outside, delay) == "snapshot 'f.h5': projection 'p': synapse 2 targets neuron 14, outside the post population [10, 14)");
  outside[2] = 9;
  CHECK(pack(outside, delay).find("synapse 2 targets neuron 9") != std::string::npos);
  auto late = delay;
  late[3] = 5;
  CHECK(pack(target, late) == "snapshot 'f.h5': projection 'p': synapse 3 has delay 5, outside [1, 4]");
  late[3] = 0;
  CHECK(pack(target, late).find("synapse 3 has delay 0") != std::string::npos);
  CHECK(pack(target, {1, 2}).find("2 delays for 4 synapses") != std::string::npos);
}
