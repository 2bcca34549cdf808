/**
 * `semiclassical schema [--chain]` as a user runs it (`node dist/main.js`, build first): prints the
 * live JSON Schema, the same as the file shipped in @semiclassical/study, and a config that
 * names it with "$schema" is accepted by the study.
 */
import { spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { chainConfigJsonSchema, studyConfigJsonSchema } from "@semiclassical/study";
import { describe, expect, it } from "vitest";

const main = join(dirname(fileURLToPath(import.meta.url)), "..", "dist", "main.js");

function cli(args: string[], cwd?: string) {
  const run = spawnSync(process.execPath, [main, ...args], { cwd, encoding: "utf8" });
  return { code: run.status, stdout: run.stdout, stderr: run.stderr };
}

describe("semiclassical schema", () => {
  it("prints the study config's JSON Schema, the file shipped in @semiclassical/study", () => {
    const { code, stdout } = cli(["schema"]);
    expect(code).toBe(0);
    expect(JSON.parse(stdout)).toEqual(studyConfigJsonSchema());
    const shipped = createRequire(import.meta.url).resolve(
      "@semiclassical/study/schema/study-config.schema.json",
    );
    expect(stdout).toBe(readFileSync(shipped, "utf8"));
  });

  it("--chain prints the chain config's, with the manyBody section", () => {
    const { code, stdout } = cli(["schema", "--chain"]);
    expect(code).toBe(0);
    const schema = JSON.parse(stdout);
    expect(schema).toEqual(chainConfigJsonSchema());
    expect(schema.required).toEqual(["manyBody"]);
  });

  it("a config carrying $schema validates; an unknown key names the allowed ones", () => {
    const scratch = mkdtempSync(join(tmpdir(), "semiclassical-schema-"));
    try {
      writeFileSync(join(scratch, "study.schema.json"), cli(["schema"]).stdout);
      const config = { $schema: "./study.schema.json", N: [4, 8], vlasov: { nx: 32, nv: 32 } };
      writeFileSync(join(scratch, "good.json"), JSON.stringify(config));
      const good = cli(["validate", "good.json"], scratch);
      expect(good.stderr).toBe("");
      expect(good.code).toBe(0);
      writeFileSync(join(scratch, "bad.json"), JSON.stringify({ ...config, Nmax: 8 }));
      const bad = cli(["validate", "bad.json"], scratch);
      expect(bad.code).not.toBe(0);
      expect(bad.stderr).toMatch(/Nmax: unknown field; allowed here: \$schema, name, description/);
    } finally {
      rmSync(scratch, { recursive: true, force: true });
    }
  });
});
