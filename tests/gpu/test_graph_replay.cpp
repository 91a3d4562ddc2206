// A captured step graph replays exactly what plain launches do, and the step bookkeeping around it
// (recording switched off, drains, a record buffer emptied to the host) loses nothing.
#include "tests/catch.hpp"
#include "tests/gpu/gpu_compare.hpp"

using namespace engram;
using namespace engram::gpu_test;

TEST_CASE("CUDA graph replay equals plain kernel launches", "[gpu][graphs]") {
  for (const char* name : {"izhikevich2003", "polychronization"}) {
    INFO(name);
    const network net = model(name, 11);
    outcome plain;
    {
      scoped_env off("ENGRAM_CUDA_GRAPHS", "0");
      plain = simulate(net, backend_kind::cuda, 1500, 400);
    }
    const outcome replay = simulate(net, backend_kind::cuda, 1500, 400);
    INFO("first divergence: " << difference(plain, replay));
    REQUIRE(plain.spikes.size() > 100);
    CHECK(difference(plain, replay).empty());
  }
}

TEST_CASE("recording switched on and off, irregular drains", "[gpu][graphs]") {
  const network net = model("polychronization", 4);
  auto run = [&](backend_kind kind) {
    simulator sim(net, make(kind));
    outcome o;
    for (uint64_t s = 0; s < 1200; ++s) {
      sim.set_recording(s % 100 < 60);
      sim.step();
      if (s % 37 == 0 || s % 250 == 0) {
        const spike_record part = sim.drain_spikes();
        o.spikes.step.insert(o.spikes.step.end(), part.step.begin(), part.step.end());
        o.spikes.neuron.insert(o.spikes.neuron.end(), part.neuron.begin(), part.neuron.end());
      }
    }
    const spike_record rest = sim.drain_spikes();
    o.spikes.step.insert(o.spikes.step.end(), rest.step.begin(), rest.step.end());
    o.spikes.neuron.insert(o.spikes.neuron.end(), rest.neuron.begin(), rest.neuron.end());
    o.state = sim.export_state();
    o.spikes_total = sim.spikes_total();
    o.events = sim.synaptic_events();
    return o;
  };
  const outcome cpu = run(backend_kind::cpu), gpu = run(backend_kind::cuda);
  INFO("first divergence: " << difference(cpu, gpu));
  REQUIRE(cpu.spikes.size() > 100);
  CHECK(difference(cpu, gpu).empty());
}

TEST_CASE("a record buffer of one step is emptied to the host without losing spikes", "[gpu][graphs]") {
  scoped_env tiny("ENGRAM_CUDA_RECORD_CAPACITY", "1");  // raised to one step of every neuron
  const network net = model("izhikevich2003", 21, {"n=1500"});
  const outcome cpu = simulate(net, backend_kind::cpu, 800), gpu = simulate(net, backend_kind::cuda, 800);
  INFO("first divergence: " << difference(cpu, gpu));
  REQUIRE(cpu.spikes.size() > 100);
  CHECK(difference(cpu, gpu).empty());
}

TEST_CASE("more recorded steps between drains than the record buffer has step slots", "[gpu][graphs]") {
  const network net = model("polychronization", 2);
  const outcome cpu = simulate(net, backend_kind::cpu, 5000), gpu = simulate(net, backend_kind::cuda, 5000);
  INFO("first divergence: " << difference(cpu, gpu));
  REQUIRE(cpu.spikes.size() > 1000);
  CHECK(difference(cpu, gpu).empty());
}
