// An independent, deliberately plain re-implementation of Izhikevich 2007's instrumental
// conditioning (Fig. 1, as the paper's Methods describe it), to check Engram's `rstdp_pavlovian`
// against code it shares nothing with. Double precision, std::mt19937; about 2 minutes per hour.
//
//   g++ -O2 -o dastdp_reference validation/dastdp_reference.cpp
//   ./dastdp_reference SECONDS SEED GAUSSIAN INTEGRATION
//
// GAUSSIAN 1: Gaussian input of the same s.d. instead of the paper's uniform input. INTEGRATION
// 0: the paper's (two 0.5 ms steps of v, then one 1 ms step of u; a spike is seen at the start of
// the next millisecond); 1: Engram's (u with each half step, reset at the crossing).
//
// Prints every 5 minutes the chosen synapse, the other excitatory weights (mean, share at the
// maximum 4, share above 2) and the rewards so far. 800 RS + 200 FS neurons, 100 distinct random
// targets each (inhibitory ones onto excitatory neurons only), all delays 1 ms; excitatory weights
// start at 1 (the chosen one at 0). Nearest-spike STDP (0.1, 0.15, tau 20 ms) feeds eligibility
// sd, which decays by 0.99 every 10 ms, when w += (0.002 + DA) sd; DA decays by 0.995 per ms. A
// post spike within 20 ms after the pre spike of the chosen synapse releases 0.5 DA 1-3 s later.
#include <algorithm>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <random>
#include <utility>
#include <vector>

#include "izhikevich_step.hpp"

int main(int argc, char** argv) {
  const int N = 1000, Ne = 800, M = 100;
  const double w_max = 4.0;
  const int seconds = argc > 1 ? std::atoi(argv[1]) : 3600;
  std::mt19937 rng(argc > 2 ? std::atoi(argv[2]) : 1);
  const bool gaussian = argc > 3 && std::atoi(argv[3]) != 0;
  const bool engram_integration = argc > 4 && std::atoi(argv[4]) != 0;
  std::uniform_real_distribution<double> uniform(0.0, 1.0);
  std::normal_distribution<double> normal(0.0, 13.0 / std::sqrt(12.0));
  auto below = [&](int n) { return static_cast<int>(rng() % static_cast<unsigned>(n)); };

  std::vector<double> a(N), d(N), v(N, -65.0), u(N), I(N);
  std::vector<char> crossed(N, 0);
  for (int i = 0; i < N; ++i) {
    a[i] = i < Ne ? 0.02 : 0.1;
    d[i] = i < Ne ? 8.0 : 2.0;
    u[i] = 0.2 * v[i];
  }
  std::vector<std::vector<int>> post(N, std::vector<int>(M));
  std::vector<std::vector<double>> s(N, std::vector<double>(M)), sd(N, std::vector<double>(M, 0.0));
  for (int i = 0; i < N; ++i)
    for (int j = 0; j < M; ++j) {
      int r;
      bool taken;
      do {
        r = i < Ne ? below(N) : below(Ne);
        taken = r == i || std::find(post[i].begin(), post[i].begin() + j, r) != post[i].begin() + j;
      } while (taken);
      post[i][j] = r;
      s[i][j] = i < Ne ? 1.0 : -1.0;
    }
  const int n1 = 0, chosen = 0, n2 = post[n1][chosen];
  s[n1][chosen] = 0.0;
  std::vector<std::vector<std::pair<int, int>>> incoming(N);
  for (int i = 0; i < Ne; ++i)
    for (int j = 0; j < M; ++j) incoming[post[i][j]].push_back({i, j});

  std::vector<double> ltp(N, 0.0), ltp_before(N, 0.0), ltd(N, 0.0);
  double dopamine = 0.0;
  long last_n1 = -1000000;
  std::vector<long> rewards_due;
  int rewards = 0;
  for (long t = 0; t < seconds * 1000L; ++t) {
    for (int i = 0; i < N; ++i) I[i] = gaussian ? normal(rng) : 13.0 * (uniform(rng) - 0.5);
    std::vector<int> fired;
    for (int i = 0; i < N; ++i)
      if (engram_integration ? crossed[i] != 0 : v[i] >= 30.0) fired.push_back(i);
    for (int i : fired) {
      if (!engram_integration) {
        v[i] = -65.0;
        u[i] += d[i];
      }
      ltp[i] = 0.1;
      ltd[i] = 0.15;
      for (auto [pre, j] : incoming[i]) sd[pre][j] += ltp_before[pre];  // pre spikes up to the step before
    }
    for (int i : fired)  // 1 ms delay: arrives in this step's update
      for (int j = 0; j < M; ++j) {
        I[post[i][j]] += s[i][j];
        if (i < Ne) sd[i][j] -= ltd[post[i][j]];
      }
    for (int i : fired) {
      if (i == n1) last_n1 = t;
      if (i == n2 && last_n1 < t && t - last_n1 < 20) rewards_due.push_back(t + 1000 + below(2000));
    }
    for (int i = 0; i < N; ++i) {
      izhikevich_ms(v[i], u[i], a[i], d[i], I[i], engram_integration, crossed[i]);
      ltp_before[i] = ltp[i];
      ltp[i] *= 0.95;
      ltd[i] *= 0.95;
    }
    dopamine *= 0.995;
    if (t % 10 == 0)
      for (int i = 0; i < Ne; ++i)
        for (int j = 0; j < M; ++j) {
          s[i][j] = std::clamp(s[i][j] + (0.002 + dopamine) * sd[i][j], 0.0, w_max);
          sd[i][j] *= 0.99;
        }
    for (auto due = std::find(rewards_due.begin(), rewards_due.end(), t); due != rewards_due.end();
         due = std::find(rewards_due.begin(), rewards_due.end(), t)) {
      rewards_due.erase(due);
      dopamine += 0.5;
      ++rewards;
    }
    if ((t + 1) % 300000 == 0) {
      double sum = 0;
      int at_max = 0, above_2 = 0;
      for (int i = 0; i < Ne; ++i)
        for (int j = 0; j < M; ++j) {
          if (i == n1 && j == chosen) continue;
          sum += s[i][j];
          at_max += s[i][j] >= 3.99;
          above_2 += s[i][j] > 2.0;
        }
      const double others = Ne * M - 1;
      std::printf("%5ld s: chosen %.2f, others mean %.3f, at max %.2f%%, above 2 %.2f%%, rewards %d\n", (t + 1) / 1000,
                  s[n1][chosen], sum / others, 100 * at_max / others, 100 * above_2 / others, rewards);
    }
  }
}
