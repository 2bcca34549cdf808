// `semiclassical schema [--chain]`: prints the JSON Schema of the study config (or of the chain
// config) for editor completion: `semiclassical schema > study.schema.json`, then
// `"$schema": "./study.schema.json"` in a config file.
import { chainConfigJsonSchema, studyConfigJsonSchema } from "@semiclassical/study";

/** Options of the `schema` command. */
export interface SchemaOptions {
  /** The chain config's schema (a study config plus `manyBody`) instead of the study's. */
  readonly chain?: boolean;
}

/** The JSON Schema text the command prints (2-space indented, one trailing newline). */
export function schemaText(options: SchemaOptions = {}): string {
  const schema = options.chain ? chainConfigJsonSchema() : studyConfigJsonSchema();
  return `${JSON.stringify(schema, null, 2)}\n`;
}

/** Prints the schema to stdout; exit code 0. */
export function schemaCommand(options: SchemaOptions): number {
  process.stdout.write(schemaText(options));
  return 0;
}
