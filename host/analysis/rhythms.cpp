#include "host/analysis/rhythms.hpp"

#include <algorithm>
#include <cmath>
#include <fmt/format.h>
#include <numbers>

#include "engine/errors.hpp"

namespace engram {
namespace {

using cplx = std::complex<double>;
constexpr double pi = std::numbers::pi;

// In-place iterative radix-2 FFT; `inverse` without the 1/n factor.
void fft(std::vector<cplx>& a, bool inverse) {
  const size_t n = a.size();
  for (size_t i = 1, j = 0; i < n; ++i) {
    size_t bit = n >> 1;
    for (; j & bit; bit >>= 1) j ^= bit;
    j ^= bit;
    if (i < j) std::swap(a[i], a[j]);
  }
  for (size_t len = 2; len <= n; len <<= 1) {
    const double angle = 2 * pi / static_cast<double>(len) * (inverse ? 1 : -1);
    const cplx w_len(std::cos(angle), std::sin(angle));
    for (size_t i = 0; i < n; i += len) {
      cplx w(1);
      for (size_t k = 0; k < len / 2; ++k) {
        const cplx u = a[i + k], v = a[i + k + len / 2] * w;
        a[i + k] = u + v;
        a[i + k + len / 2] = u - v;
        w *= w_len;
      }
    }
  }
}

double nyquist_hz(double dt_ms) { return 500.0 / dt_ms; }

}  // namespace

const std::vector<frequency_band>& classic_bands() {
  static const std::vector<frequency_band> bands = {
      {"delta", 1, 4}, {"theta", 4, 8}, {"alpha", 8, 13}, {"beta", 13, 30}, {"gamma", 30, 80}};
  return bands;
}

frequency_band parse_band(const std::string& text) {
  for (const auto& b : classic_bands())
    if (text == b.name) return b;
  const auto dash = text.find('-');
  try {
    size_t used_low = 0, used_high = 0;
    if (dash == std::string::npos) throw std::invalid_argument("no dash");
    const std::string lo = text.substr(0, dash), hi = text.substr(dash + 1);
    frequency_band b{text, std::stod(lo, &used_low), std::stod(hi, &used_high)};
    if (used_low == lo.size() && used_high == hi.size() && b.low_hz > 0 && b.high_hz > b.low_hz && std::isfinite(b.high_hz)) return b;
  } catch (const std::exception&) {
  }
  throw invalid_parameter(fmt::format("'{}' is not a band: delta, theta, alpha, beta, gamma or LOW-HIGH in Hz (e.g. 4-8)", text));
}

std::vector<double> segment_power(const std::vector<double>& x, double dt_ms, double f_low, double f_high) {
  if (x.size() < 16) return {};
  double mean = 0;
  for (double v : x) mean += v;
  mean /= static_cast<double>(x.size());
  const size_t segment = std::min<size_t>(x.size(), static_cast<size_t>(1000.0 / dt_ms));
  const size_t segments = x.size() / segment;
  std::vector<double> power;
  for (double f = f_low; f <= f_high && f < nyquist_hz(dt_ms); f += 1.0) {
    const double w = 2 * pi * f * dt_ms / 1000.0;
    double p = 0;
    for (size_t g = 0; g < segments; ++g) {
      double re = 0, im = 0;
      for (size_t t = 0; t < segment; ++t) {
        re += (x[g * segment + t] - mean) * std::cos(w * t);
        im += (x[g * segment + t] - mean) * std::sin(w * t);
      }
      p += re * re + im * im;
    }
    power.push_back(p / static_cast<double>(segments));
  }
  return power;
}

std::vector<band_peak> band_peaks(const std::vector<double>& x, double dt_ms) {
  const std::vector<double> power = segment_power(x, dt_ms, 1.0, 150.0);  // power[k] is at 1 + k Hz
  double total = 0;
  for (double p : power) total += p;
  std::vector<band_peak> out;
  if (!(total > 0)) return out;
  for (const auto& b : classic_bands()) {
    band_peak peak{b.name};
    double best = -1, sum = 0;
    for (size_t k = 0; k < power.size(); ++k) {
      const double f = 1.0 + static_cast<double>(k);
      if (f < b.low_hz || f >= b.high_hz) continue;
      sum += power[k];
      if (power[k] > best) {
        best = power[k];
        peak.peak_hz = f;
      }
    }
    if (best < 0) continue;  // the band lies above the Nyquist limit
    peak.power_share = sum / total;
    out.push_back(peak);
  }
  return out;
}

std::vector<cplx> analytic_band(const std::vector<double>& x, double dt_ms, const frequency_band& band) {
  size_t n = 1;
  while (n < x.size()) n <<= 1;
  double mean = 0;
  for (double v : x) mean += v;
  mean /= std::max<size_t>(x.size(), 1);
  std::vector<cplx> a(n, 0.0);
  for (size_t t = 0; t < x.size(); ++t) a[t] = x[t] - mean;
  fft(a, false);
  const double df = 1000.0 / (dt_ms * static_cast<double>(n));
  for (size_t k = 0; k < n; ++k) {
    const double f = static_cast<double>(k) * df;
    const bool keep = k > 0 && k < n / 2 && f >= band.low_hz && f <= band.high_hz;
    a[k] = keep ? a[k] * (2.0 / static_cast<double>(n)) : cplx(0);
  }
  fft(a, true);
  a.resize(x.size());
  return a;
}

phase_amplitude modulation_index(const std::vector<double>& phase, const std::vector<double>& amplitude, int bins) {
  if (bins < 2) throw invalid_parameter(fmt::format("the modulation index needs at least 2 phase bins, got {}", bins));
  phase_amplitude out;
  out.mean_amplitude.assign(bins, 0.0);
  std::vector<double> count(bins, 0.0);
  const size_t n = std::min(phase.size(), amplitude.size());
  for (size_t t = 0; t < n; ++t) {
    int k = static_cast<int>(std::floor((phase[t] + pi) / (2 * pi) * bins));
    k = std::clamp(k, 0, bins - 1);
    out.mean_amplitude[k] += amplitude[t];
    count[k] += 1;
  }
  double total = 0;
  for (int k = 0; k < bins; ++k) {
    out.mean_amplitude[k] = count[k] > 0 ? out.mean_amplitude[k] / count[k] : 0.0;
    total += out.mean_amplitude[k];
  }
  if (!(total > 0)) return out;
  double entropy = 0;
  for (double a : out.mean_amplitude) {
    const double p = a / total;
    if (p > 0) entropy -= p * std::log(p);
  }
  out.modulation_index = (std::log(static_cast<double>(bins)) - entropy) / std::log(static_cast<double>(bins));
  return out;
}

phase_amplitude phase_amplitude_coupling(const std::vector<double>& x, double dt_ms, const frequency_band& phase_band,
                                         const frequency_band& amplitude_band, int bins, double edge_ms) {
  for (const auto* b : {&phase_band, &amplitude_band})
    if (b->high_hz > nyquist_hz(dt_ms))
      throw invalid_parameter(fmt::format("band {} reaches {} Hz, above the Nyquist limit {:g} Hz at dt {} ms", b->name, b->high_hz,
                                          nyquist_hz(dt_ms), dt_ms));
  if (edge_ms < 0) edge_ms = 2000.0 / phase_band.low_hz;
  const size_t edge = static_cast<size_t>(edge_ms / dt_ms);
  if (x.size() <= 2 * edge + 16)
    throw invalid_parameter(fmt::format("phase-amplitude coupling needs more than {:g} ms of signal, got {:g} ms", 2 * edge_ms + 16 * dt_ms,
                                        static_cast<double>(x.size()) * dt_ms));
  const auto slow = analytic_band(x, dt_ms, phase_band), fast = analytic_band(x, dt_ms, amplitude_band);
  std::vector<double> phase, amplitude;
  for (size_t t = edge; t + edge < x.size(); ++t) {
    phase.push_back(std::arg(slow[t]));
    amplitude.push_back(std::abs(fast[t]));
  }
  return modulation_index(phase, amplitude, bins);
}

}  // namespace engram
