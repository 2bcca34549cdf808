/**
 * Neumaier's compensated (Kahan-Babuska) summation: the sum of any number of terms with error
 * ~2u |sum| + O(u^2) sum |terms| (u = 2^-53), where a running sum of k terms loses up to ~k u.
 * Cost 4 flops per term.
 * @internal
 */
export class CompensatedSum {
  private sum = 0;
  private error = 0;

  /** Adds one term. Cost O(1). */
  add(x: number): void {
    const t = this.sum + x;
    this.error += Math.abs(this.sum) >= Math.abs(x) ? this.sum - t + x : x - t + this.sum;
    this.sum = t;
  }

  /** The sum so far. Cost O(1). */
  get value(): number {
    return this.sum + this.error;
  }
}
