import { packageBuild } from "@semiclassical/tooling/tsup";

// The CLI is an ESM executable: main.js (with a shebang) and the worker-thread entry worker.js.
export default packageBuild({
  entry: ["src/main.ts", "src/worker.ts"],
  format: ["esm"],
  dts: false,
  banner: { js: "#!/usr/bin/env node" },
});
