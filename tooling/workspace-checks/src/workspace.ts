import { existsSync, readdirSync, readFileSync } from "node:fs";
import { join, relative } from "node:path";
import { fileURLToPath } from "node:url";

/** The monorepo's root folder. */
export const ROOT = fileURLToPath(new URL("../../../", import.meta.url));

/** One workspace package as its package.json describes it. */
export interface WorkspacePackage {
  readonly name: string;
  readonly dir: string;
  readonly private: boolean;
  /** Internal (@semiclassical/*) packages it depends on, in any dependency field. */
  readonly internal: readonly string[];
}

const FIELDS = ["dependencies", "devDependencies", "peerDependencies", "optionalDependencies"];

/** Every package under packages/ and apps/ (the published libraries and the apps). */
export function workspacePackages(): WorkspacePackage[] {
  const out: WorkspacePackage[] = [];
  for (const group of ["packages", "apps"]) {
    for (const entry of readdirSync(join(ROOT, group))) {
      const file = join(ROOT, group, entry, "package.json");
      if (!existsSync(file)) continue;
      const json = JSON.parse(readFileSync(file, "utf8"));
      const internal = new Set<string>();
      for (const field of FIELDS) {
        for (const dep of Object.keys(json[field] ?? {})) {
          if (dep.startsWith("@semiclassical/") && dep !== "@semiclassical/tooling") {
            internal.add(dep);
          }
        }
      }
      out.push({
        name: json.name,
        dir: join(ROOT, group, entry),
        private: json.private === true,
        internal: [...internal].sort(),
      });
    }
  }
  return out.sort((a, b) => a.name.localeCompare(b.name));
}

/**
 * tsup's transient copy of a package's config (tsup.config.bundled_<hash>.mjs), written and deleted
 * while that package builds: turbo may run these checks during the build, so it is not a source.
 */
const TSUP_BUNDLED_CONFIG = /^tsup\.config\.bundled_.*\.m?js$/;

/** Every .ts/.mjs/.js/.astro/.mdx source file below `dir`, without node_modules and dist. */
export function sourceFiles(dir: string): string[] {
  const out: string[] = [];
  const walk = (d: string) => {
    for (const entry of readdirSync(d, { withFileTypes: true })) {
      if (
        entry.name === "node_modules" ||
        entry.name === "dist" ||
        entry.name.startsWith(".") ||
        TSUP_BUNDLED_CONFIG.test(entry.name)
      ) {
        continue;
      }
      const path = join(d, entry.name);
      if (entry.isDirectory()) walk(path);
      else if (/\.(ts|mts|mjs|js|astro|mdx)$/.test(entry.name)) out.push(path);
    }
  };
  walk(dir);
  return out;
}

/** The @semiclassical/* packages a source file imports (static, dynamic and type imports). */
export function importedPackages(file: string): string[] {
  const text = readFileSync(file, "utf8");
  const found = new Set<string>();
  for (const match of text.matchAll(/(?:from|import)\s*\(?\s*["'](@semiclassical\/[a-z-]+)/g)) {
    found.add(match[1]);
  }
  return [...found];
}

/** A path relative to the root, for messages. */
export function shown(path: string): string {
  return relative(ROOT, path);
}
