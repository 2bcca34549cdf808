"""LAPACK (numpy.linalg.eigvalsh) on a random dense Hermitian matrix, the trace norm's kernel.

Run:  python3 bench/numpy/eigh.py [--json] [--n 512 1024]   (seconds, best of 3)
"""

import json
import sys
import time

import numpy as np


def main():
    sizes = [int(a) for a in sys.argv[sys.argv.index("--n") + 1 :]] if "--n" in sys.argv else [1024]
    rng = np.random.default_rng(1)
    out = {}
    for n in sizes:
        a = rng.standard_normal((n, n)) + 1j * rng.standard_normal((n, n))
        a = 0.5 * (a + a.conj().T)
        times = []
        for _ in range(3):
            started = time.perf_counter()
            np.linalg.eigvalsh(a)
            times.append(time.perf_counter() - started)
        out[f"eigvalsh {n}"] = min(times)
        started = time.perf_counter()
        np.linalg.eigh(a)
        out[f"eigh {n} (vectors)"] = time.perf_counter() - started
    if "--json" in sys.argv:
        print(json.dumps(out))
    else:
        for key, s in out.items():
            print(f"numpy.linalg.{key}: {s:.3f} s")


if __name__ == "__main__":
    main()
