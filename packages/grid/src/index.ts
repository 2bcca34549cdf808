export * from "./errors.js";
export * from "./fft.js";
export * from "./grid.js";
export * from "./potentials.js";
