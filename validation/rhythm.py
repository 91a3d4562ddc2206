#!/usr/bin/python3
"""Rates and rhythm of a polychronization run over a 60 s window, from an Engram spike file
(SONATA HDF5) or from validation/spnet_reference's rates.bin, printed in one format:

    validation/rhythm.py out/poly/s3600.h5            # Engram spikes, the window starts at the first spike
    validation/rhythm.py rates.bin --from-s 3540      # the reference, seconds 3540-3600

Spectrum of the population rate (1 ms bins) averaged over 1 s segments; the gamma peak is the
largest in 20-100 Hz and its prominence that peak over the median of 20-150 Hz."""
import argparse

import numpy as np


def counts_from_engram(path):
    import h5py
    with h5py.File(path, "r") as f:
        te, ti = f["spikes/exc/timestamps"][:], f["spikes/inh/timestamps"][:]
    t0 = np.floor(min(te.min(), ti.min()) / 1000) * 1000
    bins = np.arange(t0, t0 + 60001)
    return np.histogram(te, bins=bins)[0], np.histogram(ti, bins=bins)[0]


def counts_from_reference(path, from_s):
    x = np.fromfile(path, dtype=np.uint16).reshape(-1, 2, 1000)[from_s:from_s + 60]
    return x[:, 0, :].reshape(-1), x[:, 1, :].reshape(-1)


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("file")
    ap.add_argument("--from-s", type=int, default=0, help="first second of the window (rates.bin only)")
    args = ap.parse_args()
    exc, inh = (counts_from_engram(args.file) if args.file.endswith(".h5")
                else counts_from_reference(args.file, args.from_s))
    total = (exc + inh).astype(float).reshape(-1, 1000)
    total -= total.mean(axis=1, keepdims=True)
    power = (np.abs(np.fft.rfft(total, axis=1)) ** 2).mean(axis=0)
    f = np.fft.rfftfreq(1000, 1e-3)
    gamma = (f >= 20) & (f <= 100)
    prominence = power[gamma].max() / np.median(power[(f >= 20) & (f <= 150)])
    seconds = len(exc) / 1000
    print(f"exc {exc.sum() / 800 / seconds:.2f} Hz, inh {inh.sum() / 200 / seconds:.2f} Hz, "
          f"gamma peak {f[gamma][np.argmax(power[gamma])]:.0f} Hz at {prominence:.1f}x, "
          f"power 1-4 Hz {power[(f >= 1) & (f < 5)].sum():.3g}, 25-100 Hz {power[(f >= 25) & (f < 100)].sum():.3g}")


if __name__ == "__main__":
    main()
