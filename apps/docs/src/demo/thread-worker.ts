// A thread of the demo's ThreadTeam (cross-origin isolated pages only): the study's kernels (the
// Vlasov line sweeps, the orbital loops) served on this worker's messages.
import { serveStudyThreads } from "@semiclassical/study/thread-worker";

serveStudyThreads((handler) => {
  self.onmessage = (event: MessageEvent) => handler(event.data);
});
