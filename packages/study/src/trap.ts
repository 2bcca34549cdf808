/**
 * The external potential V_ext of the study (state.trap, THEORY.md sections 1 and 4): the
 * harmonic trap s |x|^2 or the softened Coulomb nucleus -Z / sqrt(|x|^2 + a^2) (issue 15 item 2),
 * and the scales the automatic boxes and estimates take from it.
 */
import { coulombTrap, type ExternalPotential, harmonicTrap } from "@semiclassical/grid";
import type { TrapConfig } from "./config-types.js";

/**
 * V_ext of a trap config: harmonicTrap(strength), or coulombTrap(charge, softening) (exact
 * gradient Z x / (|x|^2 + a^2)^(3/2) for the Vlasov force). Cost O(1).
 */
export function trapPotential(trap: TrapConfig): ExternalPotential {
  return trap.kind === "coulomb"
    ? coulombTrap(trap.charge, trap.softening)
    : harmonicTrap(trap.strength);
}

/**
 * The curvature s of the trap at its minimum, V_ext ~ min V_ext + s |x|^2: the strength of the
 * harmonic trap, Z / (2 a^3) for the softened nucleus (the harmonic well at its bottom). It sets
 * the level spacing 2 sqrt(kappa s) eps of the lowest states, which the estimates of the orbital
 * count and of vlasov.grid "auto" use. Cost O(1).
 */
export function trapCurvature(trap: TrapConfig): number {
  return trap.kind === "coulomb" ? trap.charge / (2 * trap.softening ** 3) : trap.strength;
}

/**
 * Thomas-Fermi length b = (3 pi / 2)^(2/3) kappa Z^(-1/3) of the nucleus -Z/|x| in d = 3 with the
 * (1/N) Coulomb repulsion (THEORY.md normalization: rho = (6 pi^2)^-1 ((mu - U)/kappa)^(3/2),
 * Delta U = 4 pi (rho - Z delta)): the neutral atom's potential is -Z chi(r/b)/r with chi the
 * Thomas-Fermi function. Cost O(1).
 */
export function thomasFermiLength(kappa: number, charge: number): number {
  return (1.5 * Math.PI) ** (2 / 3) * kappa * charge ** (-1 / 3);
}

/**
 * Radius of the state for the "auto" box of a Coulomb trap: {@link COULOMB_EXTENT_LENGTHS}
 * Thomas-Fermi lengths (the neutral atom's density falls off like r^-6 and never vanishes; an
 * ion, Z > 1, is compact and smaller). The box "auto" is twice this, times 1.1. Cost O(1).
 */
export function coulombExtent(kappa: number, charge: number): number {
  return COULOMB_EXTENT_LENGTHS * thomasFermiLength(kappa, charge);
}

/** Thomas-Fermi lengths b of {@link coulombExtent}. */
export const COULOMB_EXTENT_LENGTHS = 3;
