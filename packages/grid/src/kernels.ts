import { ParameterError } from "./errors.js";
import type { Dimension } from "./grid.js";
import { requireFinite, requirePositive } from "./validation.js";

/**
 * A pair interaction V(x - y) between particles (THEORY.md section 1). Every kernel is radial,
 * V(x) = V(|x|):
 * - `gaussian`:   V(x) = lambda exp(-|x|^2 / (2 sigma^2)), sigma > 0;
 * - `soft-power`: V(x) = lambda (|x|^2 + a^2)^(-alpha/2), a = softening > 0, alpha > 0;
 * - `power`:      V(x) = lambda / |x|^alpha, 0 < alpha < d (locally integrable in R^d);
 * - `coulomb`:    V(x) = lambda / |x| in d = 3 (the power kernel with alpha = 1).
 * lambda > 0 is repulsive, lambda < 0 attractive.
 */
export type InteractionKernel =
  | { kind: "gaussian"; lambda: number; sigma: number }
  | { kind: "soft-power"; lambda: number; alpha: number; softening: number }
  | { kind: "power"; lambda: number; alpha: number }
  | { kind: "coulomb"; lambda: number };

/**
 * Throws a {@link ParameterError} naming the field (`kernel.alpha`, `kernel.sigma`, ...) unless
 * `kernel` is a valid interaction in dimension d: lambda finite; gaussian sigma > 0; soft-power
 * softening > 0 and alpha > 0; power 0 < alpha < d (alpha >= d is not locally integrable, so
 * V * rho would be infinite); coulomb only in d = 3. Cost O(1).
 */
export function requireKernel(kernel: InteractionKernel, dimension: Dimension): void {
  if (typeof kernel !== "object" || kernel === null) {
    throw new ParameterError("kernel", `must be an object with a "kind", got ${String(kernel)}`);
  }
  if (dimension !== 1 && dimension !== 2 && dimension !== 3) {
    throw new ParameterError("dimension", `must be 1, 2 or 3, got ${String(dimension)}`);
  }
  const kind = (kernel as { kind: unknown }).kind;
  switch (kind) {
    case "gaussian":
      requireFinite("kernel.lambda", kernel.lambda);
      requirePositive("kernel.sigma", (kernel as { sigma: number }).sigma);
      return;
    case "soft-power": {
      const k = kernel as { lambda: number; alpha: number; softening: number };
      requireFinite("kernel.lambda", k.lambda);
      requirePositive("kernel.alpha", k.alpha);
      requirePositive("kernel.softening", k.softening);
      return;
    }
    case "power": {
      const k = kernel as { lambda: number; alpha: number };
      requireFinite("kernel.lambda", k.lambda);
      requireFinite("kernel.alpha", k.alpha);
      if (!(k.alpha > 0 && k.alpha < dimension)) {
        throw new ParameterError(
          "kernel.alpha",
          `must lie in the open interval (0, ${dimension}) in d = ${dimension} ` +
            `(lambda/|x|^alpha is locally integrable only for alpha < d), got ${k.alpha}; ` +
            `use 0 < alpha < ${dimension}, or a "soft-power" kernel for a regularized interaction`,
        );
      }
      return;
    }
    case "coulomb":
      requireFinite("kernel.lambda", kernel.lambda);
      if (dimension !== 3) {
        throw new ParameterError(
          "kernel.kind",
          `"coulomb" (lambda/|x|) is the 3D kernel, but d = ${dimension}; ` +
            `use { kind: "power", lambda, alpha } with 0 < alpha < ${dimension}`,
        );
      }
      return;
    default:
      throw new ParameterError(
        "kernel.kind",
        `must be "gaussian", "soft-power", "power" or "coulomb", got ${String(kind)}`,
      );
  }
}

/**
 * V at distance r >= 0: the radial profile of the kernel. For singular kernels V(0) = +-Infinity
 * (the sign of lambda; 0 when lambda = 0). Cost O(1).
 */
export function kernelValue(kernel: InteractionKernel, r: number): number {
  switch (kernel.kind) {
    case "gaussian":
      return kernel.lambda * Math.exp(-(r * r) / (2 * kernel.sigma * kernel.sigma));
    case "soft-power":
      return kernel.lambda * (r * r + kernel.softening * kernel.softening) ** (-kernel.alpha / 2);
    case "power":
      if (r === 0) return kernel.lambda === 0 ? 0 : kernel.lambda * Number.POSITIVE_INFINITY;
      return kernel.lambda * r ** -kernel.alpha;
    case "coulomb":
      if (r === 0) return kernel.lambda === 0 ? 0 : kernel.lambda * Number.POSITIVE_INFINITY;
      return kernel.lambda / r;
  }
}

/** True for kernels that blow up at x = 0 (`power`, `coulomb`). Cost O(1). */
export function isSingularKernel(kernel: InteractionKernel): boolean {
  return kernel.kind === "power" || kernel.kind === "coulomb";
}
