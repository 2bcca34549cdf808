import { existsSync } from "node:fs";
import { fileURLToPath, pathToFileURL } from "node:url";
import { Worker } from "node:worker_threads";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ParameterError } from "./errors.js";
import {
  inSharedMemory,
  registeredThreadKernel,
  sharedFloat64Array,
  type ThreadKernel,
  ThreadTeam,
} from "./thread-team.js";

// The workers run the built package (Node 20 workers cannot load TypeScript): `pnpm build` first.
const dist = fileURLToPath(new URL("../dist/index.js", import.meta.url));

/** data[i] <- parameters[0] * sin(i) + parameters[1]: independent items, every bit deterministic. */
const WAVE_KERNEL = `{
  name: "test.wave",
  prepare: (setup) => setup.data,
  run(data, begin, end, p) {
    for (let i = begin; i < end; i++) data[i] = p[0] * Math.sin(i) + p[1];
  },
}`;
// The workers' "test.fail" raises a shared flag and throws; the main thread's (same name, passed
// as an object) waits for that flag in its first chunk, so a worker takes a chunk whatever the
// scheduling (chunks are taken from a shared counter: otherwise the main thread could run them all).
const FAILING_KERNEL = `{
  name: "test.fail",
  prepare: (setup) => setup.flag,
  run(flag, begin) {
    Atomics.store(flag, 0, 1);
    Atomics.notify(flag, 0);
    throw new RangeError("item " + begin + " refused");
  },
}`;
// The same source runs as a kernel in the workers.
const waveKernel = new Function(`return (${WAVE_KERNEL});`)() as ThreadKernel<
  Float64Array,
  { data: Float64Array }
>;
const failingKernel: ThreadKernel<Int32Array, { flag: Int32Array }> = {
  name: "test.fail",
  prepare: (setup) => setup.flag,
  run: (flag) => {
    Atomics.wait(flag, 0, 0, 10_000);
  },
};

const workerSource = `
const { parentPort } = require("node:worker_threads");
import(${JSON.stringify(pathToFileURL(dist).href)}).then((grid) => {
  grid.registerThreadKernels(${WAVE_KERNEL}, ${FAILING_KERNEL});
  grid.serveThreadTeam((handler) => parentPort.on("message", handler));
});`;

const spawn = () => new Worker(workerSource, { eval: true });

describe("ThreadTeam", () => {
  let team: ThreadTeam;
  beforeAll(async () => {
    if (!existsSync(dist)) throw new Error(`${dist} is missing: run pnpm build in packages/grid`);
    team = await ThreadTeam.start(3, spawn);
  });
  afterAll(() => team?.close());

  it("splits a job over the threads with the serial loop's values, bit for bit", () => {
    // Each item is computed by one thread with the same arithmetic as the serial loop, so the
    // comparison is exact (no tolerance). 1001 items with grain 4: uneven ranges, a short last one.
    const data = sharedFloat64Array(1001);
    const context = team.context(waveKernel, { data });
    team.run(context, data.length, [2.5, -1], 4);
    const serial = new Float64Array(data.length);
    waveKernel.run(serial, 0, serial.length, Float64Array.of(2.5, -1));
    expect(data).toEqual(serial);
    // Every item written (a missing range would leave zeros where the serial loop has values).
    expect(data.every((v, i) => v === serial[i])).toBe(true);
    // Fewer items than threads: empty ranges are fine.
    const few = sharedFloat64Array(2);
    team.run(team.context(waveKernel, { data: few }), 2, [1, 0]);
    expect(Array.from(few)).toEqual([Math.sin(0), Math.sin(1)]);
    team.release(context);
  });

  it("rethrows a worker's failure naming the kernel and the thread, and keeps working", () => {
    const flag = new Int32Array(new SharedArrayBuffer(4));
    const context = team.context(failingKernel, { flag });
    expect(() => team.run(context, 30)).toThrow(
      /kernel "test\.fail".*RangeError: item \d+ refused/,
    );
    const data = sharedFloat64Array(8);
    team.run(team.context(waveKernel, { data }), 8, [1, 1]);
    expect(data[7]).toBe(Math.sin(7) + 1);
  });

  it("names a kernel the workers do not have", () => {
    const unknown: ThreadKernel<null, object> = {
      name: "test.unregistered",
      prepare: () => null,
      run: () => undefined,
    };
    expect(() => team.context(unknown, {})).toThrow(
      /"test\.unregistered" is registered in this thread.*registerThreadKernels/,
    );
    expect(() => team.context("test.nowhere", {})).toThrow(ParameterError);
    expect(() => registeredThreadKernel("test.nowhere")).toThrow(
      /no thread kernel "test\.nowhere"/,
    );
  });
});

describe("inSharedMemory", () => {
  it("keeps an array already on a SharedArrayBuffer, copies any other one", () => {
    const shared = sharedFloat64Array(5);
    shared.set([0, 0.5, 1, 1.5, 2]);
    expect(inSharedMemory(shared)).toBe(shared);
    const plain = Float64Array.from([1, -2, 3.25]);
    const copy = inSharedMemory(plain);
    expect(copy).not.toBe(plain);
    expect(copy.buffer).toBeInstanceOf(SharedArrayBuffer);
    expect(Array.from(copy)).toEqual([1, -2, 3.25]);
  });
});

describe("ThreadTeam.start", () => {
  it("refuses a thread count that is not an integer >= 1, naming the parameter", async () => {
    for (const threads of [0, -2, 1.5, Number.NaN]) {
      await expect(ThreadTeam.start(threads, spawn)).rejects.toThrow(ParameterError);
      await expect(ThreadTeam.start(threads, spawn)).rejects.toThrow(
        /^threads: must be an integer >= 1/,
      );
    }
  });

  it("runs every job on the calling thread for threads = 1", async () => {
    const team = await ThreadTeam.start(1, () => {
      throw new Error("threads = 1 spawns no worker");
    });
    const data = new Float64Array(5);
    team.run(team.context(waveKernel, { data }), 5, [1, 0]);
    expect(data[4]).toBe(Math.sin(4));
    team.close();
  });
});
