// Check an install: build the quantum grid for N = 32 fermions in 1D (eps = 1/32).
import { gridForEpsilon } from "@semiclassical/grid";

const N = 32;
const epsilon = 1 / N; // eps = N^(-1/d) with d = 1
// Box [-4, 4), momenta up to vMax = 3: dx <= pi eps / (2 vMax).
export const grid = gridForEpsilon({ dimension: 1, epsilon, box: 8, vMax: 3 });

console.log(`N = ${N}: ${grid.shape[0]} points, dx = ${grid.spacing[0].toFixed(5)}`);
