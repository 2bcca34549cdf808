import { packageBuild } from "@semiclassical/tooling/tsup";

// The CLI is an ESM executable: main.js (with a shebang), the worker-thread entry worker.js and
// thread-worker.js (the threads inside one evolution, --threads).
export default packageBuild({
  entry: ["src/main.ts", "src/worker.ts", "src/thread-worker.ts"],
  format: ["esm"],
  dts: false,
  banner: { js: "#!/usr/bin/env node" },
});
