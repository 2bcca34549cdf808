/**
 * The worker entry of the threads inside one evolution (`RunStudyTaskOptions.threads`): the
 * kernels of the study's solvers (vlasov's line shifts, hartree-fock's orbital loops) and of the
 * certified trace norm (metrics' banded Weyl operator) registered
 * in the worker's registry, and grid's team protocol served on the worker's messages. No I/O and
 * no `node:` import: the host's worker file wires the messages, e.g. in Node
 *   import { parentPort } from "node:worker_threads";
 *   serveStudyThreads((handler) => parentPort.on("message", handler));
 * and in a Web Worker (cross-origin isolated page, for SharedArrayBuffer)
 *   serveStudyThreads((handler) => { self.onmessage = (event) => handler(event.data); });
 */
import { registerThreadKernels, serveThreadTeam, type ThreadKernel } from "@semiclassical/grid";
import {
  compressedExchangeKernel,
  orbitalKernel,
  pairExchangeKernel,
} from "@semiclassical/hartree-fock";
import { weylBandKernel } from "@semiclassical/metrics";
import { lineShiftKernel } from "@semiclassical/vlasov";

/** The kernels `useThreads` of the study's solvers run (registered by {@link serveStudyThreads}). */
export const STUDY_THREAD_KERNELS: readonly ThreadKernel<unknown, never>[] = [
  lineShiftKernel,
  orbitalKernel,
  pairExchangeKernel,
  compressedExchangeKernel,
  weylBandKernel,
];

/**
 * Registers {@link STUDY_THREAD_KERNELS} and serves grid's ThreadTeam on the messages that
 * `subscribe` delivers (see the module comment). Call once per worker.
 */
export function serveStudyThreads(subscribe: (handler: (message: unknown) => void) => void): void {
  registerThreadKernels(...STUDY_THREAD_KERNELS);
  serveThreadTeam(subscribe);
}
