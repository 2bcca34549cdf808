// Generates the API reference with TypeDoc, one HTML site per package, into public/api/<name>/
// (served by Astro as static files; gitignored). Runs offline. Writes public/api/manifest.json
// which src/pages/api/index.astro reads. A package without src/index.ts is listed as missing
// (and reported on the page), never faked.
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { Application, LogLevel } from "typedoc";

const here = dirname(fileURLToPath(import.meta.url));
const docs = resolve(here, "..");
const root = resolve(docs, "../..");
const out = join(docs, "public", "api");
const packages = ["grid", "quantum", "hartree-fock", "vlasov", "metrics"];

rmSync(out, { recursive: true, force: true });
mkdirSync(out, { recursive: true });
const manifest = [];
for (const name of packages) {
  const folder = join(root, "packages", name);
  const entry = join(folder, "src", "index.ts");
  const pkg = JSON.parse(readFileSync(join(folder, "package.json"), "utf8"));
  if (!existsSync(entry)) {
    manifest.push({ name: pkg.name, folder: name, description: pkg.description, built: false });
    console.warn(`api: ${pkg.name} has no src/index.ts yet; skipped`);
    continue;
  }
  const started = performance.now();
  const app = await Application.bootstrap({
    name: pkg.name,
    entryPoints: [entry],
    tsconfig: join(folder, "tsconfig.json"),
    readme: "none",
    excludePrivate: true,
    excludeInternal: true,
    skipErrorChecking: true,
    githubPages: false,
    hideGenerator: true,
    disableSources: true,
    logLevel: LogLevel.Error,
    navigationLinks: { "Documentation home": "/", "All packages": "/api/" },
  });
  const project = await app.convert();
  if (!project) throw new Error(`api: TypeDoc could not convert ${pkg.name}`);
  await app.generateDocs(project, join(out, name));
  const seconds = ((performance.now() - started) / 1000).toFixed(1);
  console.log(`api: ${pkg.name} -> public/api/${name}/ (${seconds} s)`);
  manifest.push({ name: pkg.name, folder: name, description: pkg.description, built: true });
}
writeFileSync(join(out, "manifest.json"), `${JSON.stringify(manifest, null, 2)}\n`);
