// Generates the API reference with TypeDoc: one HTML site for all packages, in public/api/reference/
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
// The packages of the reference, bottom layer first (the dependency arrows: grid <- quantum <-
// hartree-fock, grid <- vlasov, grid + quantum <- metrics, all of them <- study). A new package is
// one more name here, e.g. "many-body" (grid + quantum) before "study" once its src/index.ts
// exists, and one more link in test/browser.test.ts.
const packages = ["grid", "quantum", "hartree-fock", "vlasov", "metrics", "study"];

rmSync(out, { recursive: true, force: true });
mkdirSync(out, { recursive: true });
const manifest = [];
const present = [];
for (const name of packages) {
  const folder = join(root, "packages", name);
  const pkg = JSON.parse(readFileSync(join(folder, "package.json"), "utf8"));
  const built = existsSync(join(folder, "src", "index.ts"));
  if (built) present.push(folder);
  else console.warn(`api: ${pkg.name} has no src/index.ts yet; skipped`);
  const page = `modules/${pkg.name.replace("@", "_").replace("/", "_")}.html`;
  manifest.push({ name: pkg.name, folder: name, description: pkg.description, built, page });
}
const started = performance.now();
// One TypeDoc project for all packages, so references between them (a metrics function taking
// a grid's Grid) become links.
const app = await Application.bootstrap({
  name: "semiclassical API",
  entryPointStrategy: "packages",
  entryPoints: present,
  packageOptions: {
    entryPoints: ["src/index.ts"],
    readme: "none",
    skipErrorChecking: true,
    excludePrivate: true,
    excludeInternal: true,
  },
  readme: "none",
  skipErrorChecking: true,
  excludePrivate: true,
  excludeInternal: true,
  disableSources: true,
  hideGenerator: true,
  favicon: join(docs, "public", "favicon.svg"),
  logLevel: LogLevel.Error,
  navigationLinks: { "Documentation home": "/", "API index": "/api/" },
});
const project = await app.convert();
if (!project) throw new Error("api: TypeDoc could not convert the packages");
await app.generateDocs(project, join(out, "reference"));
for (const entry of manifest) {
  if (entry.built && !existsSync(join(out, "reference", entry.page))) {
    throw new Error(`api: TypeDoc did not write ${entry.page} for ${entry.name}`);
  }
}
writeFileSync(join(out, "manifest.json"), `${JSON.stringify(manifest, null, 2)}\n`);
const seconds = ((performance.now() - started) / 1000).toFixed(1);
console.log(`api: ${present.length} packages -> public/api/reference/ (${seconds} s)`);
