"""numpy.fft on the batches of bench/compare.mjs: complex lines along the last axis (contiguous)
and along the first axis (strided), real forward transforms (rfft, half spectra) of lines along
the last and the first axis, and real inverse transforms (irfft) of rows.

Run:  python3 bench/numpy/fft.py [--json]   (prints microseconds per batch, best of repeats)
"""

import json
import sys
import time

import numpy as np

# (lines, n): the batched shapes of the grid package's benchmark (packages/grid/bench/fft.bench.ts)
SHAPES = [(1024, 1024), (256, 256), (128, 128), (64, 4096)]


def best(fn, repeats=15):
    fn()
    times = []
    for _ in range(repeats):
        started = time.perf_counter()
        fn()
        times.append(time.perf_counter() - started)
    return min(times) * 1e6


def main():
    rng = np.random.default_rng(1)
    out = {}
    for lines, n in SHAPES:
        z = rng.standard_normal((lines, n)) + 1j * rng.standard_normal((lines, n))
        r = rng.standard_normal((lines, n))
        out[f"complex rows {lines}x{n}"] = best(lambda: np.fft.fft(z, axis=1))
        columns = np.ascontiguousarray(z.T)  # shape (n, lines): the lines run down the columns
        out[f"complex columns {n}x{lines}"] = best(lambda: np.fft.fft(columns, axis=0))
        out[f"real rows {lines}x{n}"] = best(lambda: np.fft.rfft(r, axis=1))
        real_columns = np.ascontiguousarray(r.T)  # shape (n, lines)
        out[f"real columns {n}x{lines}"] = best(lambda: np.fft.rfft(real_columns, axis=0))
        half = np.fft.rfft(r, axis=1)
        out[f"real inverse rows {lines}x{n}"] = best(lambda: np.fft.irfft(half, n, axis=1))
    if "--json" in sys.argv:
        print(json.dumps(out))
    else:
        for key, us in out.items():
            print(f"numpy.fft {key}: {us:.0f} us")


if __name__ == "__main__":
    main()
