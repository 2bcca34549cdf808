/**
 * The source of a Node worker (`new Worker(source, { eval: true })`) serving a grid ThreadTeam with
 * the exports named `kernels` of the built package at `packageRoot` (a directory URL ending in "/").
 */
export function threadWorkerSource(packageRoot: URL, kernels: readonly string[]): string;

/** max_i |a_i - b_i| / max_i |b_i|; throws when the lengths differ. */
export function relativeDifference(a: ArrayLike<number>, b: ArrayLike<number>): number;
