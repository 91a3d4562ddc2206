// An independent, deliberately plain re-implementation of the polychronization network with STDP
// (Izhikevich 2006, as the paper's Methods describe it), written to check Engram's
// `polychronization` model against something that shares none of its code. Double precision,
// std::mt19937 randomness, explicit loops; about 2 minutes for one simulated hour.
//
//   g++ -O2 -o spnet_reference validation/spnet_reference.cpp
//   ./spnet_reference SECONDS SEED INTEGRATION TOPOLOGY > weights.txt   (rates.bin: spikes per ms)
//
// INTEGRATION 0: the paper's (two 0.5 ms steps of v, then one 1 ms step of u; a spike is seen at
// the start of the next millisecond); 1: Engram's (u with each half step, reset at the crossing).
// TOPOLOGY 0: the paper's (each excitatory neuron picks 100 of all 1000 neurons); 1: Engram's
// (80 excitatory + 20 inhibitory targets). Delays 1..20 ms, five (four + one) per value, in
// random order with respect to the target's index. rates.bin holds, for each second, 1000
// uint16 counts of excitatory spikes per ms, then 1000 of inhibitory ones.
#include <algorithm>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <random>
#include <utility>
#include <vector>

#include "izhikevich_step.hpp"

int main(int argc, char** argv) {
  const int N = 1000, Ne = 800, M = 100, D = 20;
  const int seconds = argc > 1 ? std::atoi(argv[1]) : 3600;
  std::mt19937 rng(argc > 2 ? std::atoi(argv[2]) : 1);
  const bool engram_integration = argc > 3 && std::atoi(argv[3]) != 0;
  const bool engram_topology = argc > 4 && std::atoi(argv[4]) != 0;
  auto below = [&](int n) { return static_cast<int>(rng() % static_cast<unsigned>(n)); };

  std::vector<double> a(N), d(N), v(N, -65.0), u(N), I(N);
  std::vector<char> crossed(N, 0);
  for (int i = 0; i < N; ++i) {
    a[i] = i < Ne ? 0.02 : 0.1;
    d[i] = i < Ne ? 8.0 : 2.0;
    u[i] = 0.2 * v[i];
  }
  // Synapse j of neuron i: target, weight, derivative sd, delay as "index" k = delay - 1.
  std::vector<std::vector<int>> post(N, std::vector<int>(M)), delay(N, std::vector<int>(M));
  std::vector<std::vector<double>> s(N, std::vector<double>(M)), sd(N, std::vector<double>(M, 0.0));
  for (int i = 0; i < N; ++i)
    for (int j = 0; j < M; ++j) {
      int r;
      bool taken;
      do {
        if (i >= Ne) r = below(Ne);
        else if (engram_topology) r = j < 80 ? below(Ne) : Ne + below(N - Ne);
        else r = below(N);
        taken = r == i || std::find(post[i].begin(), post[i].begin() + j, r) != post[i].begin() + j;
      } while (taken);
      post[i][j] = r;
      s[i][j] = i < Ne ? 6.0 : -5.0;
      delay[i][j] = i < Ne ? j % D : 0;  // targets are in random order, so delays are too
    }
  std::vector<std::vector<std::pair<int, int>>> incoming(N);  // excitatory (pre, j) onto each neuron
  for (int i = 0; i < Ne; ++i)
    for (int j = 0; j < M; ++j) incoming[post[i][j]].push_back({i, j});

  // Potentiation trace of each neuron per ms, with D ms of history before the current second.
  std::vector<std::vector<double>> ltp(N, std::vector<double>(1000 + D + 1, 0.0));
  std::vector<double> ltd(N, 0.0);
  std::vector<std::pair<int, int>> firings;  // (ms within the second, neuron), recent ones only
  FILE* rates = std::fopen("rates.bin", "wb");
  for (int sec = 0; sec < seconds; ++sec) {
    std::vector<uint16_t> exc(1000, 0), inh(1000, 0);
    for (int t = 0; t < 1000; ++t) {
      std::fill(I.begin(), I.end(), 0.0);
      I[below(N)] = 20.0;  // thalamic input
      for (int i = 0; i < N; ++i) {
        if (!(engram_integration ? crossed[i] != 0 : v[i] >= 30.0)) continue;
        if (!engram_integration) {
          v[i] = -65.0;
          u[i] += d[i];
        }
        ltp[i][t + D] = 0.1;
        ltd[i] = 0.12;
        for (auto [pre, j] : incoming[i]) sd[pre][j] += ltp[pre][t + D - delay[pre][j] - 1];
        firings.push_back({t, i});
        ++(i < Ne ? exc : inh)[t];
      }
      for (auto f = firings.rbegin(); f != firings.rend() && f->first > t - D; ++f) {
        const int i = f->second;
        for (int j = 0; j < M; ++j) {
          if (f->first + delay[i][j] != t) continue;
          I[post[i][j]] += s[i][j];
          if (i < Ne) sd[i][j] -= ltd[post[i][j]];
        }
      }
      for (int i = 0; i < N; ++i) {
        izhikevich_ms(v[i], u[i], a[i], d[i], I[i], engram_integration, crossed[i]);
        ltp[i][t + D + 1] = 0.95 * ltp[i][t + D];
        ltd[i] *= 0.95;
      }
    }
    std::fwrite(exc.data(), sizeof(uint16_t), exc.size(), rates);
    std::fwrite(inh.data(), sizeof(uint16_t), inh.size(), rates);
    for (int i = 0; i < N; ++i)
      for (int k = 0; k <= D; ++k) ltp[i][k] = ltp[i][1000 + k];
    std::vector<std::pair<int, int>> recent;
    for (auto [t, i] : firings)
      if (t > 1000 - D) recent.push_back({t - 1000, i});
    firings.swap(recent);
    for (int i = 0; i < Ne; ++i)
      for (int j = 0; j < M; ++j) {
        s[i][j] = std::clamp(s[i][j] + 0.01 + sd[i][j], 0.0, 10.0);
        sd[i][j] *= 0.9;
      }
  }
  std::fclose(rates);
  for (int i = 0; i < Ne; ++i)
    for (int j = 0; j < M; ++j) std::printf("%.4f\n", s[i][j]);
}
