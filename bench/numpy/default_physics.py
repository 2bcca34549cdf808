"""Straightforward NumPy/OpenBLAS version of the default study (preset "smooth"), dense scheme.

THEORY.md sections 1-4, the dense form of the quantum side:
  omega_0  thermal Fermi-Dirac state of h_0 = -kappa eps^2 d_xx + x^2 at T = 0.5 (np.linalg.eigh
           of the dense h_0, spectral Laplacian), A_ij = omega(x_i; x_j) dx.
  quantum  Strang splitting on the dense matrix A: kinetic half steps A <- K A K^* by row and column
           FFTs, potential step A_ij *= exp(-i dt (U_i - U_j)/eps), U = x^2 + V * rho (Gaussian V,
           lambda = sigma = 1, zero-padded FFT convolution).
  classical Strang splitting on the Vlasov grid: x-advection by spectral shifts, kick
           W(x, v + U'(x) dt) by spectral shifts in v, U' = 2x + V' * rho~.
  metric   at the study's times, (1/N) tr|A - Weyl(W~)| by np.linalg.eigvalsh (LAPACK), with the
           Weyl quantization of W~ as a quadrature over v (one complex GEMM) on the half grid.
W~_0 is the discrete Wigner transform of A_0 (FFT over the pair offsets) interpolated linearly
onto the Vlasov grid. Grids, eps, dt, steps and times come from the project's plan (a JSON file
written by bench/compare.mjs) or, without it, from the same rule written out below.

Run:  python3 bench/numpy/default_physics.py [--plan plan.json] [--N 8 16 32] [--json]
Prints one line per N: seconds and the trace norms per particle at the study's times.
"""

import argparse
import json
import sys
import time

import numpy as np

KAPPA = 1.0
TEMPERATURE = 0.5
TRAP = 1.0  # V_ext = TRAP x^2
LAMBDA = 1.0
SIGMA = 1.0


def default_plan(ns):
    """The plan of the preset without the project: box 9.5, n = 32 N points, Vlasov 128 x 128."""
    entries = []
    for n_particles in ns:
        n = 32 * n_particles
        box = 9.5
        entries.append(
            {
                "N": n_particles,
                "epsilon": 1.0 / n_particles,
                "steps": 100,
                "dt": 0.01,
                "times": [0.25, 0.5, 0.75, 1.0],
                "grid": {"n": n, "origin": -box / 2, "spacing": box / n},
                "vlasov": {
                    "nx": 128,
                    "x0": -box / 2,
                    "dx": box / 128,
                    "nv": 128,
                    "v0": -4.65,
                    "dv": 9.3 / 128,
                },
            }
        )
    return entries


def gaussian(x):
    return LAMBDA * np.exp(-(x**2) / (2 * SIGMA**2))


def gaussian_derivative(x):
    return -x / SIGMA**2 * gaussian(x)


def free_space_convolution(kernel, rho, dx):
    """(V * rho)(x_i) = dx sum_j V(x_i - x_j) rho_j, zero-padded FFT (kernel at offsets)."""
    n = rho.size
    offsets = np.arange(-(n - 1), n) * dx
    m = 4 * n
    k_hat = np.fft.rfft(kernel(offsets), m)
    r_hat = np.fft.rfft(rho, m)
    full = np.fft.irfft(k_hat * r_hat, m)
    return dx * full[n - 1 : 2 * n - 1]


def thermal_state(n, x, dx, eps, n_particles):
    """A = U diag(f) U^T from the dense h_0 (spectral Laplacian), mu by bisection."""
    k = 2 * np.pi * np.fft.fftfreq(n, dx)
    eye = np.eye(n)
    laplacian = np.real(np.fft.ifft(-(k**2)[:, None] * np.fft.fft(eye, axis=0), axis=0))
    h = -KAPPA * eps**2 * 0.5 * (laplacian + laplacian.T) + np.diag(TRAP * x**2)
    energies, vectors = np.linalg.eigh(h)

    def occupations(mu):
        return 0.5 * (1 - np.tanh((energies - mu) / (2 * TEMPERATURE)))

    low, high = energies[0] - 50 * TEMPERATURE, energies[-1]
    for _ in range(200):
        mid = 0.5 * (low + high)
        if occupations(mid).sum() < n_particles:
            low = mid
        else:
            high = mid
    f = occupations(0.5 * (low + high))
    return (vectors * f) @ vectors.T + 0j


def wigner_on_vlasov_grid(a, x, dx, eps, vg):
    """Discrete Wigner W(X_p, v) = pi^-1 sum_{i+j=p} A_ij e^{-i v (x_i - x_j)/eps}, linearly
    interpolated onto the Vlasov grid (x from the half grid, v from a 4x zero-padded FFT)."""
    n = a.shape[0]
    half = x[0] + 0.5 * dx * np.arange(2 * n - 1)
    m = 4 * n
    # G[p, s]: A_ij with i + j = p, i - j = s - (n - 1) (zero where out of range)
    i, j = np.meshgrid(np.arange(n), np.arange(n), indexing="ij")
    g = np.zeros((2 * n - 1, m), dtype=complex)
    g[(i + j).ravel(), ((i - j) % m).ravel()] = a.ravel()
    # sum_s G e^{-i v s dx/eps}: FFT over s with v_q = 2 pi eps q / (m dx)
    spectrum = np.real(np.fft.fft(g, axis=1)) / np.pi
    v = 2 * np.pi * eps * np.fft.fftfreq(m, dx)
    order = np.argsort(v)
    v, spectrum = v[order], spectrum[:, order]
    xs = vg["x0"] + vg["dx"] * np.arange(vg["nx"])
    vs = vg["v0"] + vg["dv"] * np.arange(vg["nv"])
    in_v = np.array([np.interp(vs, v, row) for row in spectrum])
    return np.array([np.interp(xs, half, col) for col in in_v.T]).T


def weyl_quantize(w, vg, x, dx, eps, n_particles):
    """A~_ij = N dx int W((x_i + x_j)/2, v) e^{i v (x_i - x_j)/eps} dv: W interpolated linearly
    onto the half grid, W refined spectrally in v, the v integral as one complex GEMM."""
    n = x.size
    half = x[0] + 0.5 * dx * np.arange(2 * n - 1)
    xs = vg["x0"] + vg["dx"] * np.arange(vg["nx"])
    offsets = dx * np.arange(-(n - 1), n)
    # The quadrature over v is periodic in x - y with period 2 pi eps / dv: refine v spectrally
    # (zero padding) until that period exceeds twice the largest offset (no aliasing).
    nv = vg["nv"]
    refine = 1
    while 2 * np.pi * eps * refine / vg["dv"] <= 2 * offsets[-1]:
        refine *= 2
    spectrum = np.fft.fftshift(np.fft.fft(w, axis=1), axes=1)
    padded = np.zeros((w.shape[0], nv * refine), dtype=complex)
    start = (nv * refine - nv) // 2
    padded[:, start : start + nv] = spectrum
    fine = np.real(np.fft.ifft(np.fft.ifftshift(padded, axes=1), axis=1)) * refine
    dv = vg["dv"] / refine
    vs = vg["v0"] + dv * np.arange(nv * refine)
    on_half = np.array([np.interp(half, xs, col, left=0, right=0) for col in fine.T]).T
    phases = np.exp(1j * np.outer(vs, offsets) / eps)
    g = (n_particles * dx * dv) * (on_half @ phases)
    i, j = np.meshgrid(np.arange(n), np.arange(n), indexing="ij")
    return g[i + j, i - j + n - 1]


class Vlasov:
    """Strang splitting on the (x, v) grid, spectral shifts in x and v."""

    def __init__(self, w, vg, dt):
        self.w = w
        self.vg = vg
        self.dt = dt
        self.xs = vg["x0"] + vg["dx"] * np.arange(vg["nx"])
        self.vs = vg["v0"] + vg["dv"] * np.arange(vg["nv"])
        self.kx = 2 * np.pi * np.fft.fftfreq(vg["nx"], vg["dx"])
        self.kv = 2 * np.pi * np.fft.fftfreq(vg["nv"], vg["dv"])
        half = np.exp(-1j * np.outer(self.kx, 2 * KAPPA * self.vs * dt / 2))
        self.half_advection = half

    def advect(self):
        self.w = np.real(np.fft.ifft(self.half_advection * np.fft.fft(self.w, axis=0), axis=0))

    def kick(self):
        rho = self.w.sum(axis=1) * self.vg["dv"]
        force = 2 * TRAP * self.xs + free_space_convolution(gaussian_derivative, rho, self.vg["dx"])
        shift = np.exp(1j * np.outer(force * self.dt, self.kv))
        self.w = np.real(np.fft.ifft(shift * np.fft.fft(self.w, axis=1), axis=1))

    def step(self):
        self.advect()
        self.kick()
        self.advect()


class DenseQuantum:
    """Strang splitting on the dense A (row and column FFTs for the kinetic half steps)."""

    def __init__(self, a, x, dx, eps, n_particles, dt):
        self.a = a
        self.x = x
        self.dx = dx
        self.eps = eps
        self.n_particles = n_particles
        self.dt = dt
        k = 2 * np.pi * np.fft.fftfreq(x.size, dx)
        self.phase = np.exp(-1j * (dt / 2) * KAPPA * eps * k**2)

    def kinetic(self):
        a = np.fft.ifft(self.phase[:, None] * np.fft.fft(self.a, axis=0), axis=0)
        self.a = np.fft.fft(np.fft.ifft(a, axis=1) * np.conj(self.phase)[None, :], axis=1)

    def potential(self):
        rho = np.real(np.diag(self.a)) / (self.dx * self.n_particles)
        u = TRAP * self.x**2 + free_space_convolution(gaussian, rho, self.dx)
        p = np.exp(-1j * self.dt * u / self.eps)
        self.a = p[:, None] * self.a * np.conj(p)[None, :]

    def step(self):
        self.kinetic()
        self.potential()
        self.kinetic()


def run_case(entry):
    n_particles = entry["N"]
    eps = entry["epsilon"]
    g = entry["grid"]
    n, dx = g["n"], g["spacing"]
    x = g["origin"] + dx * np.arange(n)
    vg = entry["vlasov"]
    dt = entry["dt"]
    started = time.perf_counter()
    a = thermal_state(n, x, dx, eps, n_particles)
    w = wigner_on_vlasov_grid(a, x, dx, eps, vg)
    quantum = DenseQuantum(a, x, dx, eps, n_particles, dt)
    classical = Vlasov(w, vg, dt)

    def trace_norm():
        d = quantum.a - weyl_quantize(classical.w, vg, x, dx, eps, n_particles)
        d = 0.5 * (d + d.conj().T)
        return float(np.abs(np.linalg.eigvalsh(d)).sum()) / n_particles

    rows = [(0.0, trace_norm())]
    report = {round(t / dt): t for t in entry["times"]}
    for step in range(1, entry["steps"] + 1):
        quantum.step()
        classical.step()
        if step in report:
            rows.append((report[step], trace_norm()))
    return time.perf_counter() - started, rows


def blas_kernel():
    try:
        from threadpoolctl import threadpool_info
    except ImportError:
        return "threadpoolctl not installed"
    return "; ".join(
        f"{i.get('internal_api')} {i.get('version')} {i.get('architecture')} threads={i.get('num_threads')}"
        for i in threadpool_info()
    )


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--plan", help="JSON plan written by bench/compare.mjs")
    parser.add_argument("--N", type=int, nargs="*", default=[8, 16, 32])
    parser.add_argument("--json", action="store_true", help="print one JSON object")
    args = parser.parse_args()
    if args.plan:
        with open(args.plan, encoding="utf-8") as handle:
            entries = [e for e in json.load(handle) if e["N"] in args.N]
    else:
        entries = default_plan(args.N)
    results = []
    for entry in entries:
        seconds, rows = run_case(entry)
        results.append({"N": entry["N"], "seconds": seconds, "rows": rows})
        if not args.json:
            norms = ", ".join(f"t={t:g}: {v:.4e}" for t, v in rows)
            print(f"numpy default physics N = {entry['N']}: {seconds:.2f} s  ({norms})", flush=True)
    total = sum(r["seconds"] for r in results)
    if args.json:
        print(json.dumps({"numpy": np.__version__, "blas": blas_kernel(), "cases": results, "total": total}))
    else:
        print(f"numpy {np.__version__}, BLAS: {blas_kernel()}; total {total:.2f} s")


if __name__ == "__main__":
    sys.exit(main())
