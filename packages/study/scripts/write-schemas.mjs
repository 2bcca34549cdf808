// Writes the JSON Schemas of the study and chain configs (for editor completion) from the built
// package: schema/study-config.schema.json and schema/chain-config.schema.json. Run by `pnpm
// build` after tsup; src/config-schema.test.ts fails when the files differ from the live schema.
import { writeFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { chainConfigJsonSchema, studyConfigJsonSchema } from "../dist/index.js";

const files = {
  "study-config.schema.json": studyConfigJsonSchema(),
  "chain-config.schema.json": chainConfigJsonSchema(),
};
for (const [name, schema] of Object.entries(files)) {
  const path = fileURLToPath(new URL(`../schema/${name}`, import.meta.url));
  writeFileSync(path, `${JSON.stringify(schema, null, 2)}\n`);
}
