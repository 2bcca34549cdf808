import { packageTests } from "@semiclassical/tooling/vitest";

export default packageTests();
