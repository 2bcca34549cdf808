// A grid that cannot resolve eps is rejected with a message that names the numbers and the fix.
import { assertResolves, createGrid, ParameterError } from "@semiclassical/grid";

const grid = createGrid({ dimension: 1, points: 64, box: 8 }); // dx = 0.125
export let message = "";
try {
  assertResolves(grid, 1 / 32, 3); // needs dx <= pi/(2*32*3) = 0.0164
} catch (error) {
  if (!(error instanceof ParameterError)) throw error;
  message = error.message;
  console.log(message);
}
