// Runs publint (strict) and @arethetypeswrong/cli (--pack: on the tarball npm would publish) on
// every published package; exits non-zero on any problem, so `pnpm test` fails on packaging
// mistakes (types masquerading as ESM for CommonJS consumers, missing files, bad exports).
import { execFileSync } from "node:child_process";
import { existsSync, readdirSync, readFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

const here = dirname(fileURLToPath(import.meta.url));
const root = join(here, "..", "..", "..");
const bin = (name) => join(here, "..", "node_modules", ".bin", name);
let failed = 0;
for (const entry of readdirSync(join(root, "packages"))) {
  const dir = join(root, "packages", entry);
  const file = join(dir, "package.json");
  if (!existsSync(file)) continue;
  const pkg = JSON.parse(readFileSync(file, "utf8"));
  if (pkg.private) continue;
  for (const [tool, args] of [
    ["publint", ["--strict", dir]],
    ["attw", ["--pack", dir, "--format", "ascii"]],
  ]) {
    try {
      execFileSync(bin(tool), args, { stdio: "pipe", encoding: "utf8" });
      console.log(`${tool} ${pkg.name}: ok`);
    } catch (error) {
      failed++;
      console.error(`${tool} ${pkg.name}: FAILED\n${error.stdout ?? ""}${error.stderr ?? ""}`);
    }
  }
}
if (failed > 0) {
  console.error(`packaging: ${failed} check(s) failed`);
  process.exit(1);
}
console.log("packaging: publint and attw clean for every published package");
