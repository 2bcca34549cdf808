/**
 * Worker-thread entry of the threads inside one evolution (`--threads`): serves the study's
 * thread team (`serveStudyThreads` of @semiclassical/study) on this thread's messages.
 */
import { parentPort } from "node:worker_threads";
import { serveStudyThreads } from "@semiclassical/study/thread-worker";

const port = parentPort;
if (!port) throw new Error("thread-worker.js must run in a worker thread");
serveStudyThreads((handler) => port.on("message", handler));
