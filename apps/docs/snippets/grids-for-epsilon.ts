// How the quantum grid grows as eps = 1/N shrinks (d = 1): the coarsest power-of-two grid with
// dx <= pi eps / (2 vMax) on a fixed box.
import { gridForEpsilon, resolvedVelocity } from "@semiclassical/grid";

const box = 8; // the state must vanish at the edges of [-4, 4)
const vMax = 3; // bound on the momentum support of the state

export const rows = [8, 16, 32, 64, 128].map((N) => {
  const epsilon = 1 / N;
  const grid = gridForEpsilon({ dimension: 1, epsilon, box, vMax });
  const dx = grid.spacing[0];
  return { N, epsilon, points: grid.shape[0], dx, resolves: resolvedVelocity(dx, epsilon) };
});

for (const r of rows) {
  console.log(
    `N = ${r.N}: eps = ${r.epsilon}, ${r.points} points, dx = ${r.dx.toFixed(5)}, ` +
      `resolves |v| < ${r.resolves.toFixed(3)}`,
  );
}
