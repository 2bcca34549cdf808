// Minimal typings for fft.js (indutny/fft.js), which ships none.
declare module "fft.js" {
  type ComplexArray = number[] | Float64Array;
  export default class FFT {
    constructor(size: number);
    readonly size: number;
    createComplexArray(): number[];
    transform(out: ComplexArray, data: ComplexArray): void;
    realTransform(out: ComplexArray, data: ArrayLike<number>): void;
    inverseTransform(out: ComplexArray, data: ComplexArray): void;
    completeSpectrum(spectrum: ComplexArray): void;
  }
}
