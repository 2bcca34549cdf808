export { hermitianEigen } from "./hermitian.js";
export { symmetricEigen } from "./symmetric.js";
export { symmetricTridiagonalEigen } from "./tridiagonal.js";
export type { EigenOptions, EigenResult, EigenResultWithVectors } from "./types.js";
