"""Phase-amplitude coupling of a population rate, as host/analysis/rhythms.cpp computes it (Tort et
al. 2010): FFT band-pass to an analytic signal, phase of the slow band, amplitude of the fast one,
mean amplitude in 18 phase bins, MI = (log N - H(P)) / log N. Shared by plot_pac.py and
plot_comodulogram.py."""
import h5py
import numpy as np

BANDS = {"delta": (1, 4), "theta": (4, 8), "alpha": (8, 13), "beta": (13, 30), "gamma": (30, 80)}


def parse_band(text):
    if text in BANDS:
        return BANDS[text]
    low, high = (float(v) for v in text.split("-"))
    return low, high


def population_rate(path, population=None, bin_ms=1.0, last_ms=None):
    """Spikes per bin of a SONATA spike file (all populations, or one), and the bin in ms."""
    with h5py.File(path, "r") as f:
        if int(f.attrs.get("magic", 0)) != 0x0A7A or "spikes" not in f:
            raise SystemExit(f"{path}: not a SONATA spike file (no magic 0x0A7A or /spikes)")
        names = [population] if population else list(f["spikes"])
        times = np.concatenate([f["spikes"][n]["timestamps"][:] for n in names])
    t_end = times.max() if len(times) else 0.0
    t0 = max(0.0, t_end - last_ms) if last_ms else 0.0
    counts, _ = np.histogram(times[times >= t0], bins=np.arange(t0, t_end + bin_ms, bin_ms))
    return counts.astype(float), bin_ms


def analytic_band(x, dt_ms, band):
    n = 1 << int(np.ceil(np.log2(max(len(x), 2))))
    spectrum = np.fft.fft(x - x.mean(), n)
    freqs = np.fft.fftfreq(n, d=dt_ms / 1000.0)
    keep = (freqs > 0) & (freqs >= band[0]) & (freqs <= band[1])
    return np.fft.ifft(np.where(keep, 2 * spectrum, 0))[: len(x)]


def modulation_index(x, dt_ms, phase_band, amplitude_band, bins=18):
    """(MI, mean amplitude per phase bin from -pi to pi); two periods of the slow band's low edge
    are left out at each end, as the engine does."""
    edge = int(2000.0 / phase_band[0] / dt_ms)
    phase = np.angle(analytic_band(x, dt_ms, phase_band))[edge:len(x) - edge]
    amplitude = np.abs(analytic_band(x, dt_ms, amplitude_band))[edge:len(x) - edge]
    k = np.clip(((phase + np.pi) / (2 * np.pi) * bins).astype(int), 0, bins - 1)
    mean = np.array([amplitude[k == b].mean() if np.any(k == b) else 0.0 for b in range(bins)])
    p = mean / mean.sum()
    entropy = -np.sum(p[p > 0] * np.log(p[p > 0]))
    return (np.log(bins) - entropy) / np.log(bins), mean
