// A network that does not fit in device memory is refused with the bytes it needs and the bytes
// free, before anything large is allocated; the device stays usable afterwards.
#include "engine/errors.hpp"
#include "tests/catch.hpp"
#include "tests/gpu/gpu_compare.hpp"

using namespace engram;
using namespace engram::gpu_test;

TEST_CASE("a network too large for the device is refused with a clear message", "[gpu][memory][device]") {
  const network huge = model("izhikevich2003", 1, {"n=2000000", "k=20000"});  // 4e10 synapses
  std::string message;
  try {
    simulator sim(huge, make(backend_kind::cuda));
  } catch (const error& e) {
    message = e.what();
  }
  INFO(message);
  REQUIRE(!message.empty());
  CHECK(message.find("needs") != std::string::npos);
  CHECK(message.find("free") != std::string::npos);
  CHECK(message.find("GB") != std::string::npos);
  CHECK(message.find("CUDA error") == std::string::npos);  // refused by the plan, not by a failed cudaMalloc

  // The device is still usable.
  simulator small(model("izhikevich2003", 1, {"n=500"}), make(backend_kind::cuda));
  small.run_steps(50);
  CHECK(small.current_step() == 50);
}

TEST_CASE("the CUDA backend names the device it runs on", "[gpu][device]") {
  const auto b = make(backend_kind::cuda);
  CHECK(b->name() == "cuda");
  CHECK(b->device().find("SMs") != std::string::npos);
}

TEST_CASE("auto picks the CUDA backend for a plastic network", "[gpu][device]") {
  const auto& m = find_model("polychronization");
  const network plastic = m.build(m.parameters(), m.default_dt_ms, 1);  // STDP on by default
  REQUIRE(has_plasticity(plastic));
  backend_options o;
  o.needs_plasticity = true;
  simulator sim(plastic, make_backend(backend_kind::automatic, o));
  CHECK(sim.backend_ref().name() == "cuda");
  sim.run_steps(100);
  CHECK(sim.spikes_total() > 0);
}
