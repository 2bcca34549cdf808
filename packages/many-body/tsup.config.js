import { packageBuild } from "@semiclassical/tooling/tsup";

export default packageBuild();
