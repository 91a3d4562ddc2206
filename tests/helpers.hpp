#pragma once
// Small helpers shared by the tests.
#include <memory>
#include <string>

#include "engine/backend.hpp"
#include "engine/network.hpp"
#include "engine/simulator.hpp"
#include "kernels/backend_factory.hpp"

namespace engram::test {

inline std::unique_ptr<simulator> cpu_simulator(const network& net, int threads = 1) {
  backend_options o;
  o.threads = threads;
  return std::make_unique<simulator>(net, make_backend(backend_kind::cpu, o));
}

// A spike_source population with the given (neuron, time ms) spikes.
inline population spike_source(const std::string& name, uint32_t size, std::vector<std::pair<uint32_t, double>> spikes) {
  return spike_source_population(name, size, std::move(spikes));
}

struct command_result {
  int exit_code;
  std::string output;  // stdout and stderr
};
command_result run_command(const std::string& command);
std::string temp_path(const std::string& name);

}  // namespace engram::test
