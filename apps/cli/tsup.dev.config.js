import { defineConfig } from "tsup";
export default defineConfig({
  entry: ["src/main.ts", "src/worker.ts"], format: ["esm"], dts: false, clean: true, target: "node20",
  banner: { js: "#!/usr/bin/env node" }, noExternal: ["@semiclassical/metrics"],
  esbuildOptions(o) { o.alias = { "@semiclassical/metrics": "/tmp/shim/index.ts" }; },
});
