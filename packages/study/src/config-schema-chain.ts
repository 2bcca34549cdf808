// The schema of the chain config (`semiclassical chain config.json`): the study config plus a
// `manyBody` section, by method. Checks across fields (refinedPoints > points, M' > M, the state
// kind that goes with manyBody.initial, the budgets) are in chain-config.ts after the parse.
import { toJsonSchema } from "@valibot/to-json-schema";
import * as v from "valibot";
import { studyConfigEntries } from "./config-schema.js";
import {
  byKind,
  integerAtLeast,
  type JsonSchemaDocument,
  jsonSchemaOptions,
  kindSection,
  numberBetween,
  oneOf,
  powerOfTwo,
  section,
} from "./config-schema-fields.js";

/** A schema with a description (carried to the JSON Schema, where editors show it). */
function described<const S extends v.GenericSchema>(schema: S, text: string) {
  return v.pipe(schema, v.description(text));
}

/** Every field some method has (for the "belongs to the other method" messages). */
const MANY_BODY_FIELDS = [
  "method",
  "basisSize",
  "largerBasisSize",
  "points",
  "tolerance",
  "initial",
  "refinedPoints",
];

/** The fields of both methods. */
const sharedFields = {
  points: v.optional(
    described(
      powerOfTwo(4),
      "Points per axis of the one quantum grid gamma, omega and omega~ share (a power of two, " +
        "on the study's box). Default: the study's quantum grid of that N.",
    ),
  ),
  tolerance: v.optional(
    described(
      numberBetween(0, 1, "a number in (0, 1)"),
      "Krylov error tolerance per step of the basis method, in (0, 1). Default 1e-10.",
    ),
    1e-10,
  ),
  initial: v.optional(
    described(
      oneOf(["slater", "ground"], '"slater" or "ground"'),
      'gamma_0 and omega_0: "slater" (default): the Slater determinant of the N lowest trap ' +
        'orbitals for both (needs state.kind "slater"); "ground": the interacting ground states ' +
        '(needs state.kind "ground" at temperature 0).',
    ),
    "slater",
  ),
};

/** How the chain computes gamma_t, the many-body side; by `method`. */
export const manyBodyConfigSchema = described(
  byKind(
    ["grid", "basis"],
    [
      kindSection(
        "manyBody",
        "grid",
        MANY_BODY_FIELDS,
        {
          method: described(v.literal("grid"), "Exact on the M^N tensor grid (N <= 4 in 1D)."),
          ...sharedFields,
          refinedPoints: v.optional(
            described(
              powerOfTwo(8),
              "Points per axis of the refinement run that measures the grid method's floor " +
                "(a power of two > the N's points). Default twice them.",
            ),
          ),
        },
        {
          key: "method",
          foreign: {
            basisSize: 'belongs to the basis method; remove it or set manyBody.method to "basis"',
            largerBasisSize:
              'belongs to the basis method; remove it or set manyBody.method to "basis"',
          },
        },
      ),
      kindSection(
        "manyBody",
        "basis",
        MANY_BODY_FIELDS,
        {
          method: described(v.literal("basis"), "M trap orbitals (configuration interaction)."),
          basisSize: v.optional(
            described(integerAtLeast(1), "M, the trap orbitals of the basis. Default 2 N + 8."),
          ),
          largerBasisSize: v.optional(
            described(
              integerAtLeast(2),
              "M' > M, the basis of the basis-size floor. Default M + 4.",
            ),
          ),
          ...sharedFields,
        },
        {
          key: "method",
          foreign: {
            refinedPoints:
              "belongs to the grid method (the basis method's floor is " +
              'manyBody.largerBasisSize); remove it or set manyBody.method to "grid"',
          },
        },
      ),
    ],
    "method",
    '"grid" or "basis"',
  ),
  'How the chain computes gamma_t: { "method": "grid" } (N <= 4 in 1D) or ' +
    '{ "method": "basis", "basisSize": M }.',
);

/** The `manyBody` section as a user writes it (the input type of {@link manyBodyConfigSchema}). */
export type ManyBodyConfigInput = Readonly<v.InferInput<typeof manyBodyConfigSchema>>;

/** The parsed `manyBody` section (static defaults filled). */
export type ManyBodyConfigParsed = v.InferOutput<typeof manyBodyConfigSchema>;

/** The schema of the chain config: the study config's fields plus the required `manyBody`. */
export const chainConfigSchema = v.pipe(
  section({ ...studyConfigEntries, manyBody: manyBodyConfigSchema }),
  v.title("semiclassical chain config"),
  v.description(
    "Many-body versus Hartree-Fock versus Vlasov from one initial state at small N " +
      "(`semiclassical chain config.json`): a study config plus a `manyBody` section.",
  ),
);

/** The JSON Schema (draft-07) of the chain config. Cost O(size of the schema). */
export function chainConfigJsonSchema(): JsonSchemaDocument {
  return toJsonSchema(chainConfigSchema, jsonSchemaOptions) as JsonSchemaDocument;
}
