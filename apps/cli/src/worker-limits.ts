/**
 * V8 limits of a task thread (and of its evolution's thread team). The numerics keep their data
 * in typed arrays, outside V8's heap; the young generation only sees short-lived small objects,
 * and V8 lets it grow to tens of MB per thread by default. 4 MB costs no measured time and took
 * 25-35 MB off the default study's peak (2 task threads; measured at 360-380 -> 335-350 MB).
 */
export const TASK_WORKER_LIMITS = { maxYoungGenerationSizeMb: 4 } as const;
