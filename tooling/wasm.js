// WebAssembly text (.wat) -> TypeScript module holding the compiled binary (base64), with wabt.
// Used by the packages that ship SIMD kernels (grid's FFT, quantum's dense linear algebra):
// the .wat file is the source, the generated .ts is committed (a package's build needs no wabt),
// and each package has a test that the committed file equals compileWatModule's output.
//
//   node tooling/wasm.js <in.wat> <out.ts> <EXPORT_NAME> [--check]
import { readFileSync, writeFileSync } from "node:fs";
import { basename } from "node:path";
import { fileURLToPath } from "node:url";
import initWabt from "wabt";

/**
 * The TypeScript source of `export const <name> = "<base64 of the module>"` for the .wat file at
 * `watPath` (features: SIMD, bulk memory), validated by wabt.
 */
export async function compileWatModule(watPath, exportName, description) {
  const wabt = await initWabt();
  const text = readFileSync(watPath, "utf8");
  const module = wabt.parseWat(basename(watPath), text, { simd: true, bulk_memory: true });
  try {
    module.validate();
    const { buffer } = module.toBinary({});
    const base64 = Buffer.from(buffer).toString("base64");
    return [
      `// Generated from ${basename(watPath)} by tooling/wasm.js: do not edit.`,
      "",
      `/** ${description ?? `The compiled module of ${basename(watPath)} (WebAssembly binary, base64).`} */`,
      `export const ${exportName} =\n  "${base64}";`,
      "",
    ].join("\n");
  } finally {
    module.destroy();
  }
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const [watPath, outPath, exportName] = process.argv.slice(2);
  if (!watPath || !outPath || !exportName) {
    console.error("usage: node tooling/wasm.js <in.wat> <out.ts> <EXPORT_NAME> [--check]");
    process.exit(2);
  }
  const source = await compileWatModule(watPath, exportName);
  if (process.argv.includes("--check")) {
    if (readFileSync(outPath, "utf8") !== source) {
      console.error(
        `${outPath} is stale: run node tooling/wasm.js ${watPath} ${outPath} ${exportName}`,
      );
      process.exit(1);
    }
  } else {
    writeFileSync(outPath, source);
  }
}
