import { existsSync, readFileSync, realpathSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

const SCOPE = "@semiclassical/";

interface PackageJson {
  name?: string;
  version?: string;
  dependencies?: Record<string, string>;
}

function readPackage(dir: string): PackageJson | undefined {
  try {
    return JSON.parse(readFileSync(join(dir, "package.json"), "utf8")) as PackageJson;
  } catch {
    return undefined;
  }
}

/** The directory of package `name` as Node resolves it from `from` (node_modules upwards). */
function packageDir(from: string, name: string): string | undefined {
  for (let dir = from; ; dir = dirname(dir)) {
    const candidate = join(dir, "node_modules", name);
    if (existsSync(join(candidate, "package.json"))) return realpathSync(candidate);
    if (dirname(dir) === dir) return undefined;
  }
}

/**
 * Versions recorded in results.json: the CLI, every @semiclassical package it loads (its
 * dependencies and theirs, e.g. grid, study and through it quantum, hartree-fock, vlasov and
 * metrics), and Node.
 */
export function versions(): Record<string, string> {
  const out: Record<string, string> = {};
  const root = join(dirname(fileURLToPath(import.meta.url)), "..");
  const cli = readPackage(root);
  if (cli?.version) out["@semiclassical/cli"] = cli.version;
  // Breadth first through the scope's dependencies, each resolved from the package that needs it.
  const queue: { from: string; pkg: PackageJson | undefined }[] = [{ from: root, pkg: cli }];
  for (let item = queue.shift(); item; item = queue.shift()) {
    for (const name of Object.keys(item.pkg?.dependencies ?? {})) {
      if (!name.startsWith(SCOPE) || name in out) continue;
      const dir = packageDir(item.from, name);
      const pkg = dir ? readPackage(dir) : undefined;
      if (!dir || !pkg?.version) continue;
      out[name] = pkg.version;
      queue.push({ from: dir, pkg });
    }
  }
  out.node = process.versions.node;
  return out;
}
