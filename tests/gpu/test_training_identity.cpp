// Training through the experiment API (rates, resets, spike counts, conductance LIF, STDP with the
// triplet term, normalisation, adaptive thresholds): the CPU and the GPU learn the same weights.
#include "apps/tasks/mnist_task.hpp"
#include "tests/catch.hpp"
#include "tests/gpu/gpu_compare.hpp"
#include "tests/training_data.hpp"

using namespace engram;
using namespace engram::gpu_test;

TEST_CASE("Diehl & Cook training on synthetic digits: CPU and CUDA learn the same weights bit for bit", "[gpu][training]") {
  const labelled_dataset data = test::synthetic_digits(40, 10, 12);
  tasks::mnist_setup setup;
  setup.excitatory = 16;
  setup.train_samples = 10;
  setup.seed = 3;
  tasks::mnist_run_options quiet;
  quiet.progress = false;
  tasks::mnist_trainer cpu(setup, data, [] { return make(backend_kind::cpu); });
  tasks::mnist_trainer gpu(setup, data, [] { return make(backend_kind::cuda); });
  cpu.train(quiet);
  gpu.train(quiet);
  const network_state a = cpu.export_state(), b = gpu.export_state();
  INFO("first divergence: " << state_difference(a, b));
  CHECK(state_difference(a, b).empty());
  CHECK(cpu.progress().presentations == gpu.progress().presentations);
}
