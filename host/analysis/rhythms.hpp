#pragma once
// Rhythms of a population signal (a spike count per step): the power spectrum's peaks in the
// classic bands, and phase-amplitude coupling measured by the modulation index of Tort et al.
// (2010, J Neurophysiol 104:1195). docs/rhythms.md gives the equations.
#include <complex>
#include <string>
#include <vector>

namespace engram {

struct frequency_band {
  std::string name;
  double low_hz = 0, high_hz = 0;
};
// The analysis bands: delta 1-4, theta 4-8, alpha 8-13, beta 13-30, gamma 30-80 Hz.
const std::vector<frequency_band>& classic_bands();
// "theta" or "4-8" (Hz); throws invalid_parameter for anything else.
frequency_band parse_band(const std::string& text);

// Power at each whole frequency in [f_low, f_high] Hz (1 Hz apart), averaged over the periodograms
// of 1 s segments of the mean-removed signal (Welch, rectangular window). Empty: too short.
std::vector<double> segment_power(const std::vector<double>& x, double dt_ms, double f_low, double f_high);

struct band_peak {
  std::string band;
  double peak_hz = 0;      // the largest whole-frequency power in the band
  double power_share = 0;  // the band's share of the power in [1, 150] Hz (or to the Nyquist limit)
};
std::vector<band_peak> band_peaks(const std::vector<double>& x, double dt_ms);

// The analytic signal of x band-passed to `band`: its FFT (zero-padded to a power of two) kept at
// the band's positive frequencies, doubled, and transformed back. arg: phase, abs: amplitude.
std::vector<std::complex<double>> analytic_band(const std::vector<double>& x, double dt_ms, const frequency_band& band);

struct phase_amplitude {
  double modulation_index = 0;        // (log N - H(P)) / log N over N phase bins; 0: no coupling
  std::vector<double> mean_amplitude; // per phase bin, bin k covering [-pi + 2 pi k / N, -pi + 2 pi (k + 1) / N)
};
// Tort's MI of amplitude against phase (radians), over `bins` phase bins.
phase_amplitude modulation_index(const std::vector<double>& phase, const std::vector<double>& amplitude, int bins = 18);
// The phase of x in `phase_band` against its amplitude in `amplitude_band`; the first and last
// `edge_ms` are left out (filter transients; default two periods of the phase band's low edge).
phase_amplitude phase_amplitude_coupling(const std::vector<double>& x, double dt_ms, const frequency_band& phase_band,
                                         const frequency_band& amplitude_band, int bins = 18, double edge_ms = -1);

}  // namespace engram
