export * from "./convolution.js";
export * from "./errors.js";
export * from "./fft.js";
export * from "./grid.js";
export { besselJ0, truncatedKernelTransform } from "./kernel-transform.js";
export * from "./kernels.js";
export * from "./poisson.js";
export * from "./potentials.js";
export * from "./spectral.js";
