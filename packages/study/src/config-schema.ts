// The schema of the study config as a user writes it (valibot): types, static defaults, ranges
// and the words of the error messages. What depends on other fields or on the physics (alpha in
// (0, d), the "auto" boxes and grids, tFinal and times on the dt lattice) is resolved after the
// parse, in resolve-config.ts.
import {
  DEFAULT_METRICS,
  DEFAULT_SCHATTEN_EXPONENTS,
  METRIC_NAMES,
  type SchattenExponent,
} from "@semiclassical/metrics";
import { DEFAULT_OCCUPATION_CUTOFF } from "@semiclassical/quantum";
import { toJsonSchema } from "@valibot/to-json-schema";
import * as v from "valibot";
import {
  byKind,
  describe,
  finiteNumber,
  flag,
  integerAtLeast,
  type JsonSchemaDocument,
  jsonSchemaOptions,
  kindSection,
  listOf,
  listOrSingle,
  nonEmptyString,
  numberAtLeast,
  numberBetween,
  oneOf,
  positiveNumber,
  positiveOrAuto,
  powerOfTwo,
  section,
} from "./config-schema-fields.js";
import { INTERACTION_KINDS, STATE_KINDS, TRAP_KINDS } from "./config-types.js";

/** A schema with a description (carried to the JSON Schema, where editors show it). */
function described<const S extends v.GenericSchema>(schema: S, text: string) {
  return v.pipe(schema, v.description(text));
}

/** Largest state.occupationCutoff accepted (exclusive): dropping more than 1 % is no cutoff. */
export const MAX_OCCUPATION_CUTOFF = 0.01;

const TRAP_FIELDS = ["kind", "strength", "charge", "softening"];

/** The external potential V_ext, by kind (config-types.ts TrapConfig). */
const trapSchema = described(
  byKind(TRAP_KINDS, [
    kindSection("state.trap", "harmonic", TRAP_FIELDS, {
      kind: v.optional(
        described(v.literal("harmonic"), "V_ext(x) = strength |x|^2 (default kind)."),
        "harmonic",
      ),
      strength: v.optional(
        described(
          positiveNumber(),
          "Trap strength s > 0 (V_ext = s |x|^2; kappa = s = 1 gives frequency 2).",
        ),
        1,
      ),
    }),
    kindSection("state.trap", "coulomb", TRAP_FIELDS, {
      kind: described(
        v.literal("coulomb"),
        "The softened nucleus V_ext(x) = -charge / sqrt(|x|^2 + softening^2).",
      ),
      charge: v.optional(
        described(
          positiveNumber(),
          "Nuclear charge Z > 0 in units of the total electron charge (1: the neutral atom). Default 1.",
        ),
        1,
      ),
      softening: v.optional(
        described(
          positiveOrAuto(),
          "Softening a > 0 of the nucleus, at least the dx of every grid. Default " +
            '"auto": 2 box / vlasov.nx. The study reruns each N at a / 2 (floor "softening").',
        ),
        "auto",
      ),
    }),
  ]),
  'The external potential the initial state is prepared in; by `kind`, default "harmonic".',
);

/** The fields common to every kind of initial state, with the temperature default of the kind. */
function stateFields(defaultTemperature: number) {
  return {
    temperature: v.optional(
      described(
        numberAtLeast(0),
        `Temperature T >= 0 of the Fermi-Dirac occupations. Default ${defaultTemperature} for this kind.`,
      ),
      defaultTemperature,
    ),
    trap: v.optional(trapSchema, {}),
    occupationCutoff: v.optional(
      described(
        numberBetween(0, MAX_OCCUPATION_CUTOFF, `in (0, ${MAX_OCCUPATION_CUTOFF})`),
        "Occupations of omega_0 below this are dropped; the dropped trace bounds the effect and " +
          "is reported in the error floor. Default 1e-12.",
      ),
      DEFAULT_OCCUPATION_CUTOFF,
    ),
  };
}

const slaterTemperature = v.pipe(
  finiteNumber(),
  v.value(
    0,
    (issue) =>
      `must be 0 (or omitted) for state.kind "slater", got ${issue.input}; ` +
      'use state.kind "thermal" for T > 0',
  ),
  v.description('Must be 0: "slater" is a pure state.'),
);

/** The initial state omega_0, by kind (THEORY.md section 4). */
const stateSchema = described(
  byKind(STATE_KINDS, [
    section({
      kind: v.optional(
        described(
          v.literal("thermal"),
          "Fermi-Dirac state of h_0 = -kappa eps^2 Laplacian + V_ext at `temperature` (default kind).",
        ),
        "thermal",
      ),
      ...stateFields(0.5),
    }),
    section({
      kind: described(v.literal("slater"), "The N lowest orbitals of h_0 (a pure state, T = 0)."),
      ...stateFields(0),
      temperature: v.optional(slaterTemperature, 0),
    }),
    section({
      kind: described(
        v.literal("coherent"),
        "Superposition of coherent states weighted by the Fermi-Dirac function of the classical " +
          "h_0(r, p) = kappa p^2 + V_ext(r) at `temperature`, normalized to N.",
      ),
      ...stateFields(0.5),
    }),
    section({
      kind: described(
        v.literal("ground"),
        "The self-consistent Hartree(-Fock) state with the interaction on, at `temperature` " +
          "(T = 0: ground state), in the trap.",
      ),
      ...stateFields(0),
    }),
    section({
      kind: described(
        v.literal("vlasov-steady"),
        "The self-consistent classical steady state f = (2 pi)^-d phi(H), " +
          "H = kappa |v|^2 + V_ext + V * rho_f, phi Fermi-Dirac at `temperature`, in the trap.",
      ),
      ...stateFields(0.5),
    }),
  ]),
  'The initial state omega_0 (THEORY.md section 4); by `kind`, default "thermal".',
);

/** Every field some interaction kind has (for "does not apply to this kind" messages). */
const INTERACTION_FIELDS = ["kind", "lambda", "alpha", "sigma", "softening"];

const lambda = v.optional(
  described(finiteNumber(), "Coupling lambda: > 0 repulsive, < 0 attractive. Default 1."),
  1,
);
const alpha = v.optional(
  described(
    finiteNumber(),
    "Exponent alpha in (0, d), d the dimension. Default 0.25. Theorem 1 covers (0, 1/2), " +
      "Theorem 2 up to 1.",
  ),
  0.25,
);

/** The pair interaction V, by kind (THEORY.md section 1). */
const interactionSchema = described(
  byKind(INTERACTION_KINDS, [
    kindSection("interaction", "none", INTERACTION_FIELDS, {
      kind: described(v.literal("none"), "V = 0 (the exactness check: distances at round-off)."),
    }),
    kindSection("interaction", "gaussian", INTERACTION_FIELDS, {
      kind: v.optional(
        described(v.literal("gaussian"), "V = lambda exp(-|x|^2 / (2 sigma^2)) (default kind)."),
        "gaussian",
      ),
      lambda,
      sigma: v.optional(described(positiveNumber(), "Width sigma > 0. Default 1."), 1),
    }),
    kindSection("interaction", "soft-power", INTERACTION_FIELDS, {
      kind: described(v.literal("soft-power"), "V = lambda (|x|^2 + softening^2)^(-alpha/2)."),
      lambda,
      alpha,
      softening: v.optional(described(positiveNumber(), "Softening length > 0. Default 0.1."), 0.1),
    }),
    kindSection("interaction", "power", INTERACTION_FIELDS, {
      kind: described(v.literal("power"), "V = lambda / |x|^alpha, alpha in (0, d)."),
      lambda,
      alpha,
    }),
    kindSection("interaction", "coulomb", INTERACTION_FIELDS, {
      kind: described(v.literal("coulomb"), "V = lambda / |x|, dimension 3 only."),
      lambda,
    }),
  ]),
  'The pair interaction V (THEORY.md section 1); by `kind`, default "gaussian".',
);

const dynamicsSchema = described(
  section({
    model: v.optional(
      described(
        oneOf(["hartree", "hartree-fock"]),
        '"hartree" (default; exchange dropped) or "hartree-fock".',
      ),
      "hartree",
    ),
    trap: v.optional(
      described(
        oneOf(["keep", "remove"]),
        '"keep" (default): the trap stays on; "remove": V_ext = 0 for t >= 0 (free expansion).',
      ),
      "keep",
    ),
    tFinal: v.optional(
      described(
        positiveNumber(),
        "Final time T > 0, a whole number of steps dt. Default: the largest of `times`, else 1.",
      ),
    ),
    dt: v.optional(
      described(positiveNumber(), "Time step dt > 0 (tFinal / dt a whole number). Default 0.01."),
      0.01,
    ),
    splitting: v.optional(
      described(
        oneOf(["strang", "order4"]),
        '"strang" (default, order 2) or "order4" (Yoshida triple jump), the same on both sides.',
      ),
      "strang",
    ),
    times: v.optional(
      described(
        listOrSingle(numberAtLeast(0, "in [0, tFinal]"), "numbers"),
        "Times at which the metrics are measured: distinct, in [0, tFinal], each a whole number " +
          "of steps dt. Default: tFinal/4, tFinal/2, 3 tFinal/4, tFinal.",
      ),
    ),
  }),
  "The time evolution and the sampling times (THEORY.md section 3).",
);

const gridSchema = described(
  section({
    box: v.optional(
      described(
        positiveOrAuto(),
        'Side L of the cubic box centred at 0. Default "auto": twice the classical extent of ' +
          "the state at its energy cutoff (plus the free flight when the trap is removed), x 1.1.",
      ),
      "auto",
    ),
    vMax: v.optional(
      described(
        positiveOrAuto(),
        'Momentum bound v_max of the resolution dx <= pi eps / (2 v_max). Default "auto": ' +
          "the edge of the Vlasov velocity grid.",
      ),
      "auto",
    ),
    dxOverEps: v.optional(
      described(positiveNumber(), "Optional extra refinement dx <= dxOverEps * eps (> 0)."),
    ),
    maxPoints: v.optional(
      described(
        powerOfTwo(2),
        "Largest number of points per axis (a power of two); a finer grid is an error. " +
          "Default 4096 in 1D, 128 in 2D, 32 in 3D.",
      ),
    ),
  }),
  "The quantum position grid, chosen from eps for each N (THEORY.md section 2).",
);

const vlasovSchema = described(
  section({
    nx: v.optional(
      described(
        powerOfTwo(8),
        "Position points per axis (a power of two >= 8). Default 128 (1D), 32 (2D), 16 (3D).",
      ),
    ),
    nv: v.optional(
      described(
        powerOfTwo(8),
        "Velocity points per axis (a power of two >= 8). Default 128 (1D), 32 (2D), 16 (3D).",
      ),
    ),
    vMax: v.optional(
      described(
        positiveOrAuto(),
        "Velocity box [-vMax, vMax) per axis; must cover the state's momentum support. " +
          'Default "auto": 1.1 v_c, enlarged for the initial mean field.',
      ),
      "auto",
    ),
    grid: v.optional(
      described(
        oneOf(["auto", "phase-space", "wigner"]),
        'Where W~ lives: "phase-space" (nx^d x nv^d) or "wigner" (the quantum Wigner grid of ' +
          'omega_0). Default "auto": "wigner" in 1D for near-pure states, else "phase-space".',
      ),
      "auto",
    ),
  }),
  "The phase-space grid of the Vlasov solver (independent of eps).",
);

const schattenExponent = v.union(
  [v.literal("inf"), numberAtLeast(1, 'a number >= 1 or "inf" (the operator norm)')],
  (issue) =>
    `must be a number >= 1 or "inf" (the operator norm), got ${JSON.stringify(issue.input)}`,
);

/**
 * The study config as a user writes it (every field optional; a `$schema` key is accepted and
 * ignored). Parsing fills the static defaults; {@link resolveStudyConfig} the rest.
 */
export const studyConfigEntries = {
  $schema: v.optional(
    described(
      v.string((issue) => `must be a string, got ${describe(issue.input)}`),
      "The JSON Schema of this file, for editors (`semiclassical schema`); ignored.",
    ),
  ),
  name: v.optional(
    described(nonEmptyString(), 'Label of the study (printed in outputs). Default "study".'),
    "study",
  ),
  description: v.optional(
    described(
      v.string((issue) => `must be a string, got ${describe(issue.input)}`),
      "Free text, for the reader of the config.",
    ),
  ),
  dimension: v.optional(
    described(
      v.picklist([1, 2, 3], (issue) => `must be 1, 2 or 3, got ${JSON.stringify(issue.input)}`),
      "Space dimension d: 1, 2 or 3. Default 1.",
    ),
    1,
  ),
  kappa: v.optional(
    described(positiveNumber(), "kappa in h = -kappa eps^2 Laplacian + ...: > 0. Default 1."),
    1,
  ),
  N: v.optional(
    described(
      listOrSingle(integerAtLeast(1), "integers >= 1", { distinct: true }),
      "Particle numbers N (integers >= 1, distinct); eps = N^(-1/d). Default [8, 16, 32].",
    ),
    () => [8, 16, 32],
  ),
  state: v.optional(stateSchema, {}),
  interaction: v.optional(interactionSchema, {}),
  dynamics: v.optional(dynamicsSchema, {}),
  grid: v.optional(gridSchema, {}),
  vlasov: v.optional(vlasovSchema, {}),
  metrics: v.optional(
    described(
      listOf(oneOf(METRIC_NAMES), `metric names (${METRIC_NAMES.join(", ")})`),
      `Metrics computed at every (N, t). Default ${JSON.stringify(DEFAULT_METRICS)}.`,
    ),
    () => [...DEFAULT_METRICS],
  ),
  errorFloor: v.optional(
    described(
      flag(),
      "Whether the study also measures its own numerical error floor. Default true.",
    ),
    true,
  ),
  resolution: v.optional(
    described(
      oneOf(["verified", "adaptive", "off"]),
      'How rows are verified: "verified" (default; each discretization refined by 2), ' +
        '"adaptive" (refine until the change is below `tolerance` within `budget`), "off".',
    ),
    "verified",
  ),
  tolerance: v.optional(
    described(
      numberBetween(0, 1, "a relative change in (0, 1)"),
      "Relative change under refinement above which a row is unresolved, in (0, 1). Default 0.01.",
    ),
    0.01,
  ),
  budget: v.optional(
    described(
      section({
        maxSeconds: v.optional(
          described(positiveNumber(), "Wall-clock seconds of the whole study (> 0). Default 600."),
          600,
        ),
        maxBytes: v.optional(
          described(
            positiveNumber(),
            "Bytes of the largest refined task's arrays (> 0). Default 2^31 (2 GiB).",
          ),
          2 ** 31,
        ),
      }),
      'What `resolution: "adaptive"` may spend on refinement.',
    ),
    {},
  ),
  schattenP: v.optional(
    described(
      listOrSingle(schattenExponent, 'numbers >= 1 or "inf"', { distinct: true }),
      'Exponents p of the Schatten norms of the metric "schatten": numbers >= 1 or "inf" ' +
        '(operator norm). Default [1, 2, "inf"].',
    ),
    (): SchattenExponent[] => [...DEFAULT_SCHATTEN_EXPONENTS],
  ),
  traceNorm: v.optional(
    described(
      section({
        method: v.optional(
          described(
            oneOf(["auto", "dense", "certified"]),
            '"dense": eigenvalues of the full matrix; "certified": an interval holding the trace ' +
              'norm, of relative width <= `target`; "auto" (default): the tool chooses.',
          ),
          "auto",
        ),
        target: v.optional(
          described(
            numberBetween(0, 1, "a relative width in (0, 1)"),
            "Relative width of the certified interval, in (0, 1). Default 1e-3.",
          ),
          1e-3,
        ),
        maxDimension: v.optional(
          described(
            integerAtLeast(16),
            "Largest subspace of the certified interval (16 n^d bytes per vector, O(dim^3) per " +
              "step; at most what maxMemory leaves it). Default 400.",
          ),
          400,
        ),
      }),
      "How the trace norm ||omega - Weyl(W~)||_1 is computed.",
    ),
    {},
  ),
  maxMemory: v.optional(
    described(
      positiveOrAuto(),
      'Bytes the study may hold in memory at once (> 0). Default "auto": the machine\'s memory ' +
        "less a margin (the CLI), else 2^34 (16 GiB).",
    ),
    "auto",
  ),
} satisfies v.ObjectEntries;

/** The schema of the study config (valibot). */
export const studyConfigSchema = v.pipe(
  section(studyConfigEntries),
  v.title("semiclassical study config"),
  v.description(
    "The Hartree-Fock versus Vlasov study (`semiclassical study config.json`). Every field is " +
      "optional; the defaults are stated with each field.",
  ),
);

/** Recursive readonly (what a config written in code may be). */
type DeepReadonly<T> = T extends readonly (infer U)[]
  ? readonly DeepReadonly<U>[]
  : T extends object
    ? { readonly [K in keyof T]: DeepReadonly<T[K]> }
    : T;

/**
 * What a user writes: the input type of {@link studyConfigSchema} (every field optional, "auto"
 * for the box, the momentum bounds, the Vlasov grid and maxMemory, a single value for a list,
 * a free-text `description`, a `$schema`). {@link resolveStudyConfig} turns it into a
 * `StudyConfig`.
 */
export type StudyConfigInput = DeepReadonly<v.InferInput<typeof studyConfigSchema>>;

/** The parsed config: the input with the static defaults filled. */
export type StudyConfigParsed = v.InferOutput<typeof studyConfigSchema>;

/**
 * The JSON Schema (draft-07) of the study config: field descriptions and static defaults for
 * editor completion. Physics checks that depend on other fields (alpha in (0, d), times on the
 * dt lattice, powers of two) are only in the descriptions. Cost O(size of the schema).
 */
export function studyConfigJsonSchema(): JsonSchemaDocument {
  return toJsonSchema(studyConfigSchema, jsonSchemaOptions) as JsonSchemaDocument;
}
