import { describe, expect, it } from "vitest";
import { ParameterError } from "./errors.js";
import { type InteractionKernel, isSingularKernel, kernelValue, requireKernel } from "./kernels.js";

function parameterOf(action: () => void): string {
  try {
    action();
  } catch (error) {
    expect(error).toBeInstanceOf(ParameterError);
    return (error as ParameterError).parameter;
  }
  throw new Error("expected a ParameterError");
}

describe("requireKernel", () => {
  it("accepts the valid kernels of every dimension", () => {
    for (const d of [1, 2, 3] as const) {
      expect(() => requireKernel({ kind: "power", lambda: -2, alpha: d - 0.01 }, d)).not.toThrow();
      expect(() => requireKernel({ kind: "power", lambda: 1, alpha: 1e-3 }, d)).not.toThrow();
      expect(() => requireKernel({ kind: "gaussian", lambda: 1, sigma: 0.2 }, d)).not.toThrow();
      expect(() =>
        requireKernel({ kind: "soft-power", lambda: 1, alpha: 5, softening: 0.1 }, d),
      ).not.toThrow();
    }
    expect(() => requireKernel({ kind: "coulomb", lambda: 1 }, 3)).not.toThrow();
  });

  it("rejects alpha outside (0, d) with the allowed range in the message", () => {
    for (const d of [1, 2, 3] as const) {
      for (const alpha of [0, -0.5, d, d + 0.5, Number.NaN, Number.POSITIVE_INFINITY]) {
        const kernel: InteractionKernel = { kind: "power", lambda: 1, alpha };
        expect(parameterOf(() => requireKernel(kernel, d))).toBe("kernel.alpha");
      }
      expect(() => requireKernel({ kind: "power", lambda: 1, alpha: d }, d)).toThrow(`(0, ${d})`);
    }
  });

  it("names the offending field of every kernel", () => {
    expect(parameterOf(() => requireKernel({ kind: "gaussian", lambda: 1, sigma: 0 }, 1))).toBe(
      "kernel.sigma",
    );
    expect(
      parameterOf(() => requireKernel({ kind: "gaussian", lambda: Number.NaN, sigma: 1 }, 1)),
    ).toBe("kernel.lambda");
    expect(
      parameterOf(() =>
        requireKernel({ kind: "soft-power", lambda: 1, alpha: 1, softening: -1 }, 2),
      ),
    ).toBe("kernel.softening");
    expect(
      parameterOf(() =>
        requireKernel({ kind: "soft-power", lambda: 1, alpha: 0, softening: 1 }, 2),
      ),
    ).toBe("kernel.alpha");
    expect(
      parameterOf(() =>
        requireKernel({ kind: "power", lambda: Number.POSITIVE_INFINITY, alpha: 1 }, 3),
      ),
    ).toBe("kernel.lambda");
    expect(parameterOf(() => requireKernel({ kind: "coulomb", lambda: 1 }, 2))).toBe("kernel.kind");
    const unknown = { kind: "yukawa", lambda: 1 } as unknown as InteractionKernel;
    expect(parameterOf(() => requireKernel(unknown, 3))).toBe("kernel.kind");
  });
});

describe("kernelValue and isSingularKernel", () => {
  it("evaluates the radial profiles from their definitions", () => {
    const r = 0.7;
    expect(kernelValue({ kind: "gaussian", lambda: 2, sigma: 0.5 }, r)).toBe(
      2 * Math.exp(-(r * r) / (2 * 0.25)),
    );
    expect(kernelValue({ kind: "soft-power", lambda: 3, alpha: 1.5, softening: 0.2 }, r)).toBe(
      3 * (r * r + 0.04) ** -0.75,
    );
    expect(kernelValue({ kind: "power", lambda: -1, alpha: 0.5 }, r)).toBe(-(r ** -0.5));
    expect(kernelValue({ kind: "coulomb", lambda: 2 }, r)).toBe(2 / r);
  });

  it("is infinite at 0 exactly for the singular kernels", () => {
    expect(kernelValue({ kind: "power", lambda: 1, alpha: 0.5 }, 0)).toBe(Number.POSITIVE_INFINITY);
    expect(kernelValue({ kind: "coulomb", lambda: -1 }, 0)).toBe(Number.NEGATIVE_INFINITY);
    expect(kernelValue({ kind: "power", lambda: 0, alpha: 0.5 }, 0)).toBe(0);
    expect(isSingularKernel({ kind: "power", lambda: 1, alpha: 0.5 })).toBe(true);
    expect(isSingularKernel({ kind: "coulomb", lambda: 1 })).toBe(true);
    expect(isSingularKernel({ kind: "gaussian", lambda: 1, sigma: 1 })).toBe(false);
    expect(isSingularKernel({ kind: "soft-power", lambda: 1, alpha: 1, softening: 1 })).toBe(false);
  });
});
