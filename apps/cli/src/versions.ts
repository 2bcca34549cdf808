import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

/** Versions recorded in results.json: the CLI, every @semiclassical package it loads, Node. */
export function versions(): Record<string, string> {
  const out: Record<string, string> = {};
  const here = dirname(fileURLToPath(import.meta.url));
  try {
    out["@semiclassical/cli"] = JSON.parse(
      readFileSync(join(here, "..", "package.json"), "utf8"),
    ).version;
  } catch {
    // running from an unusual layout: leave it out
  }
  const require = createRequire(import.meta.url);
  for (const name of ["grid", "quantum", "hartree-fock", "vlasov", "metrics"]) {
    try {
      const entry = require.resolve(`@semiclassical/${name}`);
      let dir = dirname(entry);
      for (let k = 0; k < 3; k++) {
        try {
          const pkg = JSON.parse(readFileSync(join(dir, "package.json"), "utf8"));
          if (pkg.name === `@semiclassical/${name}`) {
            out[pkg.name] = pkg.version;
            break;
          }
        } catch {
          // keep walking up
        }
        dir = dirname(dir);
      }
    } catch {
      // not a dependency of the CLI
    }
  }
  out.node = process.versions.node;
  return out;
}
