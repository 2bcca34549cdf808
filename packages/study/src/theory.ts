import { theoremExponents } from "@semiclassical/metrics";
import type { InteractionConfig } from "./config-types.js";
import type { StudyTheory, TheoremLine } from "./types.js";

/**
 * The proven rates for an interaction (THEORY.md section 1), the one source of the theorem
 * exponents of the study's table, results.json and plots: for V = lambda |x|^-alpha the seed's
 * Theorem 1 (11/12 - alpha/2, alpha in (0, 1/2)) and Theorem 2 (1, alpha <= 1; metrics'
 * `theoremExponents`), for Coulomb Theorem 2, for smooth V (Gaussian, soft power) exponent 1
 * (Benedikter, Porta, Saffirio, Schlein, ARMA 2016), none for V = 0. Upper bounds C eps^r on the
 * per-particle trace norm, so lower bounds on the measured rate. Cost O(1).
 */
export function studyTheory(interaction: InteractionConfig): StudyTheory {
  switch (interaction.kind) {
    case "none":
      return {
        exponents: {},
        lines: [],
        note: "V = 0: Hartree-Fock and Vlasov agree exactly for the quadratic Hamiltonian left; the distances measure the numerical floor.",
      };
    case "gaussian":
    case "soft-power":
      return {
        exponents: {},
        lines: [{ name: "smooth V", exponent: 1 }],
        note: "Smooth V: tr|omega_t - omega~_t| <= C_T N eps is proven for smooth potentials (Benedikter, Porta, Saffirio, Schlein, ARMA 2016), i.e. exponent 1 (d = 3). Theorems 1 and 2 concern singular V.",
      };
    case "power": {
      const exponents = theoremExponents(interaction.alpha);
      return {
        exponents,
        lines: theoremLines(exponents),
        note: "V = lambda |x|^-alpha: Theorem 1 for alpha in (0, 1/2), Theorem 2 for alpha <= 1 under its commutator hypothesis (both proven in d = 3; upper bounds).",
      };
    }
    case "coulomb": {
      const exponents = theoremExponents(1);
      return {
        exponents,
        lines: theoremLines(exponents),
        note: "Coulomb: Theorem 2 under its hypothesis on rho_{|[x, omega~_t]|} (upper bound).",
      };
    }
  }
}

function theoremLines(exponents: StudyTheory["exponents"]): TheoremLine[] {
  const lines: TheoremLine[] = [];
  if (exponents.theorem1 !== undefined) {
    lines.push({ name: "Theorem 1", exponent: exponents.theorem1 });
  }
  if (exponents.theorem2 !== undefined) {
    lines.push({ name: "Theorem 2", exponent: exponents.theorem2 });
  }
  return lines;
}
