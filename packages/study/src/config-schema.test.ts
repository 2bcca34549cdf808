// The config schemas: the valibot schema and its JSON Schema (what editors read) accept and
// reject the same configs, every shipped preset passes both, the JSON Schema is a valid draft-07
// document (checked by Ajv, an independent validator), and the files shipped in schema/ are the
// live schema.
import { readFileSync } from "node:fs";
import { ParameterError } from "@semiclassical/grid";
import { Ajv } from "ajv";
import * as v from "valibot";
import { describe, expect, it } from "vitest";
import { CHAIN_PRESETS } from "./chain-presets.js";
import { studyConfigJsonSchema, studyConfigSchema } from "./config-schema.js";
import { chainConfigJsonSchema, chainConfigSchema } from "./config-schema-chain.js";
import { parseConfig } from "./config-schema-fields.js";
import {
  INTERACTION_KINDS,
  STATE_KINDS,
  type StudyConfig,
  type StudyConfigInput,
} from "./config-types.js";
import { STUDY_PRESETS } from "./presets.js";
import { resolveStudyConfig } from "./resolve-config.js";

type Schema = Record<string, unknown>;

/** Ajv in strict mode: unknown keywords and ambiguous types in the schema are errors too. */
function validatorOf(schema: Schema) {
  const ajv = new Ajv({ strict: true, allErrors: true });
  expect(ajv.validateSchema(schema), JSON.stringify(ajv.errors)).toBe(true);
  return ajv.compile(schema);
}

/** The ParameterError of `f` (fails the test when `f` does not throw one). */
function parameterError(f: () => unknown): ParameterError {
  try {
    f();
  } catch (error) {
    expect(error).toBeInstanceOf(ParameterError);
    return error as ParameterError;
  }
  throw new Error("expected a ParameterError");
}

const studyJson = studyConfigJsonSchema();
const chainJson = chainConfigJsonSchema();

describe("the shipped JSON Schema files", () => {
  it("are the live schema (rebuild with `pnpm --filter @semiclassical/study build`)", () => {
    for (const [name, schema] of [
      ["study-config.schema.json", studyJson],
      ["chain-config.schema.json", chainJson],
    ] as const) {
      const shipped = readFileSync(new URL(`../schema/${name}`, import.meta.url), "utf8");
      expect(shipped, `schema/${name} is stale: run \`pnpm build\` in packages/study`).toBe(
        `${JSON.stringify(schema, null, 2)}\n`,
      );
    }
  });

  it("are valid draft-07 JSON Schemas that describe every field", () => {
    expect(studyJson.$schema).toBe("http://json-schema.org/draft-07/schema#");
    validatorOf(studyJson);
    validatorOf(chainJson);
    // Every property an editor completes carries a description (walks objects and unions).
    const undocumented: string[] = [];
    const walk = (node: Schema, path: string) => {
      for (const option of [
        ...((node.oneOf as Schema[]) ?? []),
        ...((node.anyOf as Schema[]) ?? []),
      ]) {
        walk(option, path);
      }
      const properties = (node.properties ?? {}) as Record<string, Schema>;
      for (const [key, child] of Object.entries(properties)) {
        if (typeof child.description !== "string") undocumented.push(`${path}${key}`);
        walk(child, `${path}${key}.`);
      }
    };
    walk(chainJson, "");
    expect(undocumented).toEqual([]);
  });

  it("discriminate state and interaction by kind, in the order the resolver lists them", () => {
    const kinds = (field: string) =>
      (((studyJson.properties as Schema)[field] as Schema).oneOf as Schema[]).map(
        (option) => ((option.properties as Schema).kind as Schema).const,
      );
    expect(kinds("state")).toEqual([...STATE_KINDS]);
    expect(kinds("interaction")).toEqual([...INTERACTION_KINDS]);
  });
});

describe("presets and resolved configs pass both schemas", () => {
  const validStudy = validatorOf(studyJson);
  const validChain = validatorOf(chainJson);

  it("every study preset, as written and resolved", () => {
    for (const preset of STUDY_PRESETS) {
      for (const config of [preset.config, resolveStudyConfig(preset.config)]) {
        const plain = JSON.parse(JSON.stringify(config));
        expect(validStudy(plain), `${preset.name}: ${JSON.stringify(validStudy.errors)}`).toBe(
          true,
        );
        expect(v.safeParse(studyConfigSchema, plain).success, preset.name).toBe(true);
      }
    }
  });

  it("every chain preset", () => {
    for (const preset of CHAIN_PRESETS) {
      const plain = JSON.parse(JSON.stringify(preset.config));
      expect(validChain(plain), `${preset.name}: ${JSON.stringify(validChain.errors)}`).toBe(true);
      expect(v.safeParse(chainConfigSchema, plain).success, preset.name).toBe(true);
    }
  });

  it("every config shown in the READMEs and the docs guides (```json blocks)", () => {
    const shown = (file: string) => {
      const text = readFileSync(new URL(`../../../${file}`, import.meta.url), "utf8");
      return [...text.matchAll(/```json\n([\s\S]*?)```/g)].map((m) => JSON.parse(m[1]));
    };
    const study = [
      ...shown("README.md"),
      ...shown("apps/cli/README.md"),
      ...shown("apps/docs/src/pages/guides/first-study.mdx"),
    ];
    const chain = shown("apps/docs/src/pages/guides/chain.mdx");
    expect(study.length).toBeGreaterThanOrEqual(3);
    expect(chain.length).toBeGreaterThanOrEqual(1);
    for (const config of study) {
      expect(validStudy(config), JSON.stringify(validStudy.errors)).toBe(true);
      expect(() => resolveStudyConfig(config)).not.toThrow();
    }
    for (const config of chain) {
      expect(validChain(config), JSON.stringify(validChain.errors)).toBe(true);
      expect(v.safeParse(chainConfigSchema, config).success).toBe(true);
    }
  });

  it("a $schema key is accepted and ignored", () => {
    const withSchema = { $schema: "./study.schema.json", N: [4, 8] };
    expect(validStudy(withSchema)).toBe(true);
    expect(resolveStudyConfig(withSchema)).toEqual(resolveStudyConfig({ N: [4, 8] }));
  });

  it("a resolved config is a valid input (types)", () => {
    // Compiles only while StudyConfig is assignable to StudyConfigInput (results.json round trip).
    const resolved: StudyConfig = resolveStudyConfig({});
    const input: StudyConfigInput = resolved;
    expect(resolveStudyConfig(input)).toEqual(resolved);
  });
});

describe("both schemas reject the same bad configs, the parse with a field path", () => {
  const validStudy = validatorOf(studyJson);
  // [config, field path, message]: each one is also rejected by the JSON Schema (an editor
  // underlines what the study would refuse).
  const bad: [unknown, string, RegExp][] = [
    [{ foo: 1 }, "foo", /^unknown field; allowed here: \$schema, name, description, dimension/],
    [{ state: { temp: 1 } }, "state.temp", /unknown field; allowed here: kind, temperature/],
    [{ state: { kind: "plasma" } }, "state.kind", /one of "thermal", .*"vlasov-steady", got/],
    [{ state: [] }, "state", /must be an object, got a list/],
    [{ state: { kind: "slater", temperature: 0.1 } }, "state.temperature", /must be 0/],
    [{ state: { occupationCutoff: 0.5 } }, "state.occupationCutoff", /in \(0, 0.01\)/],
    [{ state: { trap: { strength: 0 } } }, "state.trap.strength", /must be a number > 0/],
    [{ interaction: { kind: "yukawa" } }, "interaction.kind", /one of "none", "gaussian"/],
    [
      { interaction: { kind: "power", sigma: 1 } },
      "interaction.sigma",
      /does not apply to interaction.kind "power"; allowed with it: kind, lambda, alpha/,
    ],
    [{ interaction: { sigma: -1 } }, "interaction.sigma", /must be a number > 0, got -1/],
    [{ kappa: "1" }, "kappa", /must be a finite number, got "1"/],
    [{ dimension: 4 }, "dimension", /must be 1, 2 or 3, got 4/],
    [{ N: [8, 0] }, "N[1]", /must be an integer >= 1, got 0/],
    [{ N: [8, 8] }, "N", /distinct, got 8 twice/],
    [{ N: [] }, "N", /non-empty list/],
    [{ dynamics: { times: [0.5, -1] } }, "dynamics.times[1]", /in \[0, tFinal\], got -1/],
    [{ dynamics: { dt: 0 } }, "dynamics.dt", /> 0, got 0/],
    [{ grid: { box: "big" } }, "grid.box", /number > 0 or "auto", got "big"/],
    [{ vlasov: { nx: 4 } }, "vlasov.nx", /power of two >= 8/],
    [{ metrics: ["energy"] }, "metrics[0]", /one of "trace-norm"/],
    [{ errorFloor: "yes" }, "errorFloor", /true or false/],
    [{ tolerance: 1 }, "tolerance", /in \(0, 1\), got 1/],
    [{ budget: { maxBytes: 0 } }, "budget.maxBytes", /> 0/],
    [{ schattenP: [1, 0.5] }, "schattenP[1]", /number >= 1 or "inf".*got 0.5/],
    [{ schattenP: "infinity" }, "schattenP", /numbers >= 1 or "inf", got "infinity"/],
    [{ traceNorm: { method: "exact" } }, "traceNorm.method", /"auto", "dense", "certified"/],
    [{ traceNorm: { target: 0 } }, "traceNorm.target", /in \(0, 1\), got 0/],
    [{ traceNorm: { maxDimension: 8.5 } }, "traceNorm.maxDimension", /an integer >= 16/],
    [{ maxMemory: -1 } as unknown, "maxMemory", /number > 0 or "auto", got -1/],
  ];
  for (const [config, path, message] of bad) {
    it(`${path}: ${JSON.stringify(config)}`, () => {
      expect(validStudy(config)).toBe(false);
      const error = parameterError(() => parseConfig(studyConfigSchema, config));
      expect(error.parameter).toBe(path);
      expect(error.message).toMatch(new RegExp(`^${path.replace(/[.[\]$]/g, "\\$&")}: `));
      expect(error.message.slice(path.length + 2)).toMatch(message);
    });
  }

  it("manyBody: fields by method, with the fix", () => {
    const validChain = validatorOf(chainJson);
    const base = { state: { kind: "slater" } };
    for (const [manyBody, path, message] of [
      [{ method: "exact" }, "manyBody.method", /must be "grid" or "basis", got "exact"/],
      [{ method: "grid", basisSize: 8 }, "manyBody.basisSize", /belongs to the basis method/],
      [{ method: "basis", refinedPoints: 64 }, "manyBody.refinedPoints", /belongs to the grid/],
      [{ method: "grid", size: 3 }, "manyBody.size", /unknown field; allowed with/],
      [{ method: "grid", points: 2 }, "manyBody.points", /power of two >= 4/],
      [{ method: "basis", basisSize: 0 }, "manyBody.basisSize", /integer >= 1, got 0/],
    ] as const) {
      const config = { ...base, manyBody };
      expect(validChain(config), JSON.stringify(manyBody)).toBe(false);
      const error = parameterError(() => parseConfig(chainConfigSchema, config));
      expect(error.parameter).toBe(path);
      expect(error.message).toMatch(message);
    }
    expect(parameterError(() => parseConfig(chainConfigSchema, base)).message).toBe(
      "manyBody: is required",
    );
    expect(validChain(base)).toBe(false);
  });

  it("checks the JSON Schema cannot say are the parse's alone (powers of two, finite)", () => {
    // 100 is an integer >= 8, so an editor accepts it; the study does not.
    expect(validStudy({ vlasov: { nx: 100 } })).toBe(true);
    const nx = parameterError(() => parseConfig(studyConfigSchema, { vlasov: { nx: 100 } }));
    expect(nx.message).toMatch(/got 100; use 128/);
    const chain = { state: { kind: "slater" }, manyBody: { method: "grid", points: 24 } };
    expect(validatorOf(chainJson)(chain)).toBe(true);
    const points = parameterError(() => parseConfig(chainConfigSchema, chain));
    expect(points.message).toMatch(
      /^manyBody\.points: must be a power of two >= 4.*got 24; use 32/,
    );
  });
});
