import { packageBuild } from "@semiclassical/tooling/tsup";

// thread-worker: the worker entry of the threads inside one evolution (subpath ./thread-worker).
export default packageBuild({ entry: ["src/index.ts", "src/thread-worker.ts"] });
