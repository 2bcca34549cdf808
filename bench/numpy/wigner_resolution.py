"""How many phase-space points per axis a 3D Slater state of the trap needs on the Vlasov grid.

The 3D presets (coulomb-3d, coulomb-3d-attractive) start from the Slater state of the N lowest
eigenstates of h_0 = -eps^2 Laplacian + |x|^2 (kappa = 1), eps = N^(-1/3). Those eigenstates are
products of 1D oscillator states, so W_0 = sum over the occupied (n1, n2, n3) of
W_n1(x1, v1) W_n2(x2, v2) W_n3(x3, v3), with the 1D Wigner functions (THEORY.md section 2)
    W_n(x, v) = (-1)^n / (pi eps) exp(-H/eps) L_n(2 H/eps),  H = x^2 + v^2,
n <= 2, 4, 6 for N = 8, 27, 64 (filled shells 1, 4, 10, 20, 35, 56 states). The Vlasov grid's
error in representing W_0 is therefore the error of the 2D (x_i, v_i) Fourier interpolant of the
W_n with the largest n: printed here as max |interpolant - W_n| / max |W_n| on a 256 x 256 grid,
for n points per axis on the presets' box (x in [-3.25, 3.25), v in [-3.01, 3.01)), with the
bytes of one n^6-double phase space (the FFTs are radix 2: n = 16, 32, 64).

Run:  python3 bench/numpy/wigner_resolution.py
"""

import numpy as np
from scipy.special import eval_laguerre

BOX_X = 6.5
BOX_V = 6.02
FINE = 256


def wigner(n, eps, x, v):
    h = x[:, None] ** 2 + v[None, :] ** 2
    return (-1) ** n / (np.pi * eps) * np.exp(-h / eps) * eval_laguerre(n, 2 * h / eps)


def axis(points, box):
    return -box / 2 + box * np.arange(points) / points


def interpolation_error(n, eps, points):
    coarse = np.fft.fft2(wigner(n, eps, axis(points, BOX_X), axis(points, BOX_V)))
    padded = np.zeros((FINE, FINE), complex)
    half = points // 2
    into = np.r_[0:half, FINE - half : FINE]
    take = np.r_[0:half, points - half : points]
    padded[np.ix_(into, into)] = coarse[np.ix_(take, take)]
    fine = np.real(np.fft.ifft2(padded)) * (FINE / points) ** 2
    exact = wigner(n, eps, axis(FINE, BOX_X), axis(FINE, BOX_V))
    return np.abs(fine - exact).max() / np.abs(exact).max()


def main():
    sizes = [16, 32, 64]
    print("N   eps    n_max  " + "  ".join(f"{p:>2} points" for p in sizes))
    for particles, n_max in [(8, 2), (27, 4), (64, 6)]:
        eps = particles ** (-1 / 3)
        errors = [max(interpolation_error(n, eps, p) for n in range(n_max + 1)) for p in sizes]
        print(f"{particles:<3} {eps:.3f}  {n_max:<5}  " + "  ".join(f"{e:9.1e}" for e in errors))
    print("phase space of n^6 doubles: " + ", ".join(f"{p}: {8 * p**6 / 1e9:.3g} GB" for p in sizes))


if __name__ == "__main__":
    main()
