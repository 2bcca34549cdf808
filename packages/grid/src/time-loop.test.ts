import { describe, expect, it } from "vitest";
import { ParameterError } from "./errors.js";
import {
  DEFAULT_CHUNK,
  runTimeLoop,
  type SteppedModel,
  type TimeLoopOptions,
} from "./time-loop.js";

/**
 * A model with dt = 1 that records the length of every advance: its time is the number of steps
 * taken, exactly (integer sums), so step counts can be compared with ===.
 */
class RecordingModel implements SteppedModel {
  time = 0;
  readonly chunks: number[] = [];

  advance(steps: number): void {
    this.chunks.push(steps);
    this.time += steps;
  }
}

/** The ends of the chunks a model saw (cumulative sums of its advances). */
function chunkEnds(model: RecordingModel): number[] {
  let step = 0;
  return model.chunks.map((c) => {
    step += c;
    return step;
  });
}

/** The rejection of `promise`, asserted to be a ParameterError, by parameter name. */
async function rejectedParameter(promise: Promise<unknown>): Promise<string> {
  try {
    await promise;
  } catch (error) {
    expect(error).toBeInstanceOf(ParameterError);
    return (error as ParameterError).parameter;
  }
  throw new Error("expected a ParameterError");
}

describe("runTimeLoop", () => {
  it("advances in chunks of at most `chunk` steps that end exactly on every scheduled step", async () => {
    const model = new RecordingModel();
    await runTimeLoop([model], {
      steps: 30,
      callbacks: [
        { schedule: { steps: [5, 12, 30] }, call: () => undefined },
        { schedule: { every: 10 }, call: () => undefined },
      ],
      yieldEveryMs: 0,
    });
    // Chunks of min(8, next event - step): 0 -> 5 (event 5), -> 10 (event 10), -> 12 (event 12),
    // -> 20 (event 20), -> 28 (chunk limit), -> 30 (events 30).
    expect(model.chunks).toEqual([5, 5, 2, 8, 8, 2]);
    expect(model.time).toBe(30);
    const ends = chunkEnds(model);
    for (const s of [5, 10, 12, 20, 30]) expect(ends).toContain(s);
    expect(Math.max(...model.chunks)).toBeLessThanOrEqual(DEFAULT_CHUNK);
  });

  it("without callbacks takes chunks of `chunk` steps, the last one shorter", async () => {
    const model = new RecordingModel();
    const progress: Array<[number, number]> = [];
    await runTimeLoop([model], {
      steps: 17,
      chunk: 5,
      onProgress: (step, steps) => progress.push([step, steps]),
    });
    expect(model.chunks).toEqual([5, 5, 5, 2]);
    expect(progress).toEqual([
      [5, 17],
      [10, 17],
      [15, 17],
      [17, 17],
    ]);
  });

  it("advances every model together by the same chunks", async () => {
    const a = new RecordingModel();
    const b = new RecordingModel();
    const seen: Array<[number, number, number]> = [];
    await runTimeLoop([a, b], {
      steps: 11,
      chunk: 4,
      callbacks: [
        { schedule: { every: 3 }, call: (step) => void seen.push([step, a.time, b.time]) },
      ],
    });
    expect(a.chunks).toEqual(b.chunks);
    expect(a.chunks).toEqual([3, 3, 3, 2]);
    // Both models have reached the step when its callback runs.
    expect(seen).toEqual([
      [3, 3, 3],
      [6, 6, 6],
      [9, 9, 9],
    ]);
  });

  it("calls the callbacks at step 0 and at their steps, in the order given, after the models reach the step", async () => {
    const model = new RecordingModel();
    const log: string[] = [];
    await runTimeLoop([model], {
      steps: 6,
      callbacks: [
        {
          schedule: { every: 2, atStart: true },
          call: (s) => void log.push(`A${s}@${model.time}`),
        },
        // Unsorted and repeated steps: each fires once, in increasing order.
        { schedule: { steps: [6, 0, 3, 3] }, call: (s) => void log.push(`B${s}@${model.time}`) },
        { schedule: { every: 3 }, call: (s) => void log.push(`C${s}@${model.time}`) },
      ],
    });
    expect(log).toEqual(["A0@0", "B0@0", "A2@2", "B3@3", "C3@3", "A4@4", "A6@6", "B6@6", "C6@6"]);
  });

  it("every k fires at k, 2k, ... up to the last step, and at 0 only with atStart", async () => {
    const fired = async (every: number, atStart: boolean | undefined, steps: number) => {
      const list: number[] = [];
      await runTimeLoop([new RecordingModel()], {
        steps,
        callbacks: [{ schedule: { every, atStart }, call: (s) => void list.push(s) }],
      });
      return list;
    };
    expect(await fired(3, undefined, 10)).toEqual([3, 6, 9]);
    expect(await fired(3, true, 10)).toEqual([0, 3, 6, 9]);
    expect(await fired(5, false, 10)).toEqual([5, 10]);
    expect(await fired(1, false, 4)).toEqual([1, 2, 3, 4]);
    expect(await fired(20, false, 10)).toEqual([]);
    // steps = 0: no advance, only the step-0 callbacks.
    expect(await fired(1, true, 0)).toEqual([0]);
  });

  it("keeps an every-k schedule in O(1) memory: a loop of 2^40 steps starts at once", async () => {
    // Listing the due steps of every 8 up to 2^40 would need 2^37 entries (V8 aborts the process
    // at ~1.7e8); the loop must instead compute them as it goes. Stopped after three callbacks.
    const stop = new AbortController();
    const model = new RecordingModel();
    const calls: number[] = [];
    const reason = new Error("enough");
    const loop = runTimeLoop([model], {
      steps: 2 ** 40,
      signal: stop.signal,
      callbacks: [
        {
          schedule: { every: 8 },
          call: (s) => {
            calls.push(s);
            if (calls.length === 3) stop.abort(reason);
          },
        },
      ],
    });
    await expect(loop).rejects.toBe(reason);
    expect(calls).toEqual([8, 16, 24]);
    expect(model.time).toBe(24);
  });

  it("awaits a callback's promise before advancing further", async () => {
    const model = new RecordingModel();
    const log: string[] = [];
    await runTimeLoop([model], {
      steps: 4,
      callbacks: [
        {
          schedule: { every: 2 },
          call: async (s) => {
            await new Promise((resolve) => setTimeout(resolve, 5));
            log.push(`${s}@${model.time}`);
          },
        },
      ],
    });
    expect(log).toEqual(["2@2", "4@4"]);
  });

  it("rejects with the signal's reason, before the first step or at the end of the chunk", async () => {
    const reason = new Error("stopped by the user");
    const before = new AbortController();
    before.abort(reason);
    const idle = new RecordingModel();
    await expect(runTimeLoop([idle], { steps: 10, signal: before.signal })).rejects.toBe(reason);
    expect(idle.time).toBe(0);

    const during = new AbortController();
    const model = new RecordingModel();
    const custom = { why: "custom reason object" };
    const loop = runTimeLoop([model], {
      steps: 100,
      signal: during.signal,
      callbacks: [{ schedule: { steps: [12] }, call: () => during.abort(custom) }],
    });
    await expect(loop).rejects.toBe(custom);
    // The abort is seen between chunks: the loop stops at the step where it was requested.
    expect(model.time).toBe(12);
  });

  it("throws a ParameterError naming the parameter before taking any step", async () => {
    const model = new RecordingModel();
    const run = (options: TimeLoopOptions) => rejectedParameter(runTimeLoop([model], options));
    expect(await run({ steps: -1 })).toBe("steps");
    expect(await run({ steps: 2.5 })).toBe("steps");
    expect(await run({ steps: 4, chunk: 0 })).toBe("chunk");
    expect(await run({ steps: 4, chunk: 1.5 })).toBe("chunk");
    const ok = { schedule: { every: 1 }, call: () => undefined };
    expect(
      await run({ steps: 4, callbacks: [{ schedule: { every: 0 }, call: () => undefined }] }),
    ).toBe("callbacks[0].schedule.every");
    expect(
      await run({
        steps: 4,
        callbacks: [ok, { schedule: { steps: [1, 5] }, call: () => undefined }],
      }),
    ).toBe("callbacks[1].schedule.steps[1]");
    expect(
      await run({
        steps: 4,
        callbacks: [ok, { schedule: { steps: [-1] }, call: () => undefined }],
      }),
    ).toBe("callbacks[1].schedule.steps[0]");
    expect(model.time).toBe(0);
  });
});
