export type { GridSpectrum, GridSpectrumOptions } from "./grid-spectrum.js";
export { hermitianGridSpectrum, REFLECTION_SPECTRUM_TOLERANCE } from "./grid-spectrum.js";
export { hermitianEigen } from "./hermitian.js";
export { symmetricEigen } from "./symmetric.js";
export { symmetricTridiagonalEigen } from "./tridiagonal.js";
export type { EigenOptions, EigenResult, EigenResultWithVectors } from "./types.js";
