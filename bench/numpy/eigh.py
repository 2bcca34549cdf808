"""LAPACK (numpy.linalg.eigvalsh) on random dense matrices: complex Hermitian (the trace norm's
kernel, zheevd) and real symmetric (the thermal state's, dsyevd).

Run:  python3 bench/numpy/eigh.py [--json] [--vectors] [--n 256 512 1024]   (seconds, best of 3)
The thread count is whatever OPENBLAS_NUM_THREADS / OMP_NUM_THREADS say (eigen.mjs sets 1 and 2).
"""

import json
import sys
import time

import numpy as np


def best_of(f, repeats=3):
    f()
    times = []
    for _ in range(repeats):
        started = time.perf_counter()
        f()
        times.append(time.perf_counter() - started)
    return min(times)


def main():
    sizes = [1024]
    if "--n" in sys.argv:
        sizes = [int(a) for a in sys.argv[sys.argv.index("--n") + 1 :] if not a.startswith("--")]
    rng = np.random.default_rng(1)
    out = {}
    for n in sizes:
        a = rng.standard_normal((n, n)) + 1j * rng.standard_normal((n, n))
        a = 0.5 * (a + a.conj().T)
        s = np.ascontiguousarray(a.real)
        out[f"eigvalsh {n}"] = best_of(lambda: np.linalg.eigvalsh(a))
        out[f"eigvalsh real {n}"] = best_of(lambda: np.linalg.eigvalsh(s))
        if "--vectors" in sys.argv:
            out[f"eigh {n} (vectors)"] = best_of(lambda: np.linalg.eigh(a), 1)
    if "--json" in sys.argv:
        print(json.dumps(out))
    else:
        for key, seconds in out.items():
            print(f"numpy.linalg.{key}: {seconds:.4f} s")


if __name__ == "__main__":
    main()
