// The mean-field potential U = V * rho of a singular kernel V = lambda/|x|^alpha in 1D, by the
// truncated-kernel method, checked at x = 0 against the closed form for a Gaussian density:
// int |y|^(-alpha) rho(y) dy = (2 sigma^2)^(-alpha/2) Gamma((1 - alpha)/2) / sqrt(pi).
import { axisPoints, createGrid, FreeSpaceConvolution } from "@semiclassical/grid";

const alpha = 0.5;
const sigma = 0.5;
const grid = createGrid({ dimension: 1, points: 256, box: 8 }); // x_128 = 0
const x = axisPoints(grid);
const density = x.map(
  (xi) => Math.exp(-(xi * xi) / (2 * sigma * sigma)) / Math.sqrt(2 * Math.PI * sigma * sigma),
);

const convolution = new FreeSpaceConvolution(grid, { kind: "power", lambda: 1, alpha });
export const potential = convolution.potential(density);
export const [force] = convolution.gradient(density); // dU/dx, from i k V^_R rho^

// Gamma(1/4) = 3.625609908221908 (alpha = 1/2).
export const exact = (2 * sigma * sigma) ** (-alpha / 2) * (3.625609908221908 / Math.sqrt(Math.PI));
export const center = potential[128];
console.log(`U(0) = ${center.toFixed(12)}, closed form ${exact.toFixed(12)}`);
