/**
 * The CLI as a user runs it: `node dist/main.js ...` in a child process (build first: `pnpm build`;
 * turbo's test task depends on build). Tiny configs keep the whole file to a few tens of seconds.
 */
import { type ChildProcess, spawn } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import {
  planStudy,
  runStudy,
  STUDY_PRESETS,
  type StudyRow,
  type StudySnapshot,
} from "@semiclassical/study";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { decodeNpy } from "./npy.js";
import { runCli } from "./testing.js";

/** Width and height from a PNG's signature and IHDR chunk (throws when it is not a PNG). */
function readPngSize(bytes: Uint8Array): { width: number; height: number } {
  const signature = [137, 80, 78, 71, 13, 10, 26, 10];
  if (!signature.every((b, i) => bytes[i] === b)) throw new Error("not a PNG");
  const view = new DataView(bytes.buffer, bytes.byteOffset);
  return { width: view.getUint32(16), height: view.getUint32(20) };
}

const main = join(dirname(fileURLToPath(import.meta.url)), "..", "dist", "main.js");
let scratch: string;

interface Outcome {
  code: number | null;
  stdout: string;
  stderr: string;
}

function cli(args: string[], options: { cwd?: string } = {}): Promise<Outcome> {
  return runCli(args, options.cwd ?? scratch);
}

function writeConfig(name: string, config: unknown): string {
  const path = join(scratch, name);
  writeFileSync(path, typeof config === "string" ? config : JSON.stringify(config));
  return path;
}

/** The tiny study of these tests: 2 N, 2 sample times, coarse Vlasov grid, no error floor. */
const TINY = {
  N: [4, 8],
  dynamics: { tFinal: 0.1, dt: 0.05 },
  vlasov: { nx: 32, nv: 32 },
  errorFloor: false,
};

/**
 * A study long enough to be interrupted: 2 N x 6 sample times (and t = 0), one row at a time
 * (--jobs 1), main tasks only (`resolution: "off"`, no error floor: the study before
 * verification, whose rates are unverified, so it exits 3 since issue 12).
 */
const SIX_TIMES = {
  N: [4, 8],
  dynamics: { tFinal: 0.6, dt: 0.05, times: [0.1, 0.2, 0.3, 0.4, 0.5, 0.6] },
  vlasov: { nx: 32, nv: 32 },
  errorFloor: false,
  resolution: "off",
};

beforeAll(() => {
  if (!existsSync(main))
    throw new Error(`${main} is missing: run \`pnpm build\` in apps/cli first`);
  scratch = mkdtempSync(join(tmpdir(), "semiclassical-cli-"));
});

afterAll(() => {
  rmSync(scratch, { recursive: true, force: true });
});

describe("semiclassical presets", () => {
  it("lists every preset with its one-line description and marks the default", async () => {
    const { code, stdout, stderr } = await cli(["presets"]);
    expect(code, stderr).toBe(0);
    for (const preset of STUDY_PRESETS) {
      const line = stdout.split("\n").find((l) => l.slice(2).startsWith(`${preset.name} `));
      expect(line).toBeDefined();
      expect(line).toContain(preset.description);
    }
    expect(stdout).toMatch(/^\* smooth /m);
  });
});

describe("semiclassical validate", () => {
  it("prints the grids planStudy chooses, without running", async () => {
    const path = writeConfig("validate.json", TINY);
    const { code, stdout, stderr } = await cli(["validate", path]);
    expect(code, stderr).toBe(0);
    expect(stdout).toContain("valid");
    for (const entry of planStudy(TINY).entries) {
      const row = stdout.split("\n").find((l) => l.trim().startsWith(`${entry.N} `));
      expect(row).toContain(` ${entry.grid.shape[0]} `);
    }
    const json = await cli(["validate", path, "--json"]);
    const parsed = JSON.parse(json.stdout);
    expect(parsed.plan.map((p: { points: number[] }) => p.points[0])).toEqual(
      planStudy(TINY).entries.map((e) => e.grid.shape[0]),
    );
  });
});

describe("semiclassical study", () => {
  it("runs a tiny study; JSON, CSV, NPY and PNG outputs match the library", async () => {
    const path = writeConfig("tiny.json", TINY);
    const out = join(scratch, "tiny-out");
    const { code, stdout, stderr } = await cli(["study", path, "--out", out, "--json", "--quiet"]);
    // Issue 12 changed this exit code from 0 to 3: the 32 x 32 Vlasov grid of TINY leaves V = 0
    // floors near the distances themselves, so no row is resolved and no rate can be trusted;
    // every file is still written. One line says why.
    expect(code, stderr).toBe(3);
    expect(stderr).toMatch(/^semiclassical: \d+ of \d+ rates missing .*rows: .*floor-limited/);
    expect(stderr.trim().split("\n").length).toBe(1);
    const printed = JSON.parse(stdout);
    const stored = JSON.parse(readFileSync(join(out, "results.json"), "utf8"));
    expect(printed).toEqual(stored);
    expect(stored.status).toBe("complete");
    // Every row carries its verdict and reasons; the rates that do not exist say why.
    const verdicts = stored.rows
      .filter((r: StudyRow) => r.t > 0)
      .map((r: StudyRow) => r.resolution?.verdict);
    expect(verdicts).toEqual(Array(verdicts.length).fill("floor-limited"));
    // The t = 0 transform-error row of each N comes first.
    expect(stored.rows.filter((r: StudyRow) => r.t === 0).map((r: StudyRow) => r.N)).toEqual([
      4, 8,
    ]);
    expect(stored.rows[1].resolution.reasons[0]).toMatch(/raise vlasov\.nx and vlasov\.nv/);
    expect(stored.rates).toEqual([]);
    expect(stored.noRates[0].noRate).toMatch(/no resolved row, a rate needs two/);
    expect(stored.verification).toMatchObject({ mode: "verified", ratesTrusted: false });
    expect(stored.versions["@semiclassical/metrics"]).toMatch(/^\d+\.\d+\.\d+/);
    expect(stored.timings.totalSeconds).toBeGreaterThan(0);

    // The same study in-process: every row's metrics agree. Same code and the same floating-point
    // operations in a worker thread, so agreement is to round-off (1e-12 relative allows for none).
    // Its snapshots at tFinal are what the CLI's NPY files must hold (the CLI takes them from the
    // same run through onSnapshot, in a worker thread).
    const snapshots: StudySnapshot[] = [];
    const reference = await runStudy(TINY, {
      onSnapshot: (s) => snapshots.push(s),
      snapshotTimes: [TINY.dynamics.tFinal],
    });
    expect(snapshots.map((s) => [s.N, s.t])).toEqual([
      [4, TINY.dynamics.tFinal],
      [8, TINY.dynamics.tFinal],
    ]);
    expect(stored.rows.length).toBe(reference.rows.length);
    const fields = ["traceNorm", "hilbertSchmidt", "densityL1", "wignerL2"] as const;
    reference.rows.forEach((row: StudyRow, k: number) => {
      const got = stored.rows[k];
      expect([got.N, got.t]).toEqual([row.N, row.t]);
      for (const field of fields) {
        const want = row[field] as number;
        expect(Math.abs(got[field] - want)).toBeLessThanOrEqual(1e-12 * Math.abs(want));
      }
    });
    // Rates: the library's fits of the same rows.
    for (const fit of reference.fits) {
      if (!fit.fit) continue;
      const mine = stored.rates.find(
        (r: { metric: string; t: number }) => r.metric === fit.metric && r.t === fit.t,
      );
      expect(Math.abs(mine.slope - fit.fit.slope)).toBeLessThanOrEqual(1e-9);
    }

    // CSV: header and one line per row with the same numbers.
    const csv = readFileSync(join(out, "results.csv"), "utf8").trim().split("\n");
    const header = csv[0].split(",");
    expect(header.slice(0, 3)).toEqual(["N", "epsilon", "t"]);
    expect(csv.length).toBe(1 + reference.rows.length);
    const traceColumn = header.indexOf("traceNorm");
    csv.slice(1).forEach((line, k) => {
      expect(Number(line.split(",")[traceColumn])).toBe(stored.rows[k].traceNorm);
    });

    // NPY: headers parsed, shapes those of the grids (HF Wigner on the half grid 2n x n_v).
    const plan = planStudy(TINY);
    for (const entry of plan.entries) {
      const n = entry.grid.shape[0];
      const vlasov = decodeNpy(readFileSync(join(out, `wigner-vlasov-N${entry.N}.npy`)));
      expect(vlasov.shape).toEqual([TINY.vlasov.nx, TINY.vlasov.nv]);
      const quantum = decodeNpy(readFileSync(join(out, `wigner-hartree-fock-N${entry.N}.npy`)));
      expect(quantum.shape.length).toBe(2);
      expect(quantum.shape[0]).toBe(2 * n);
      const difference = decodeNpy(readFileSync(join(out, `wigner-difference-N${entry.N}.npy`)));
      expect(difference.shape).toEqual(vlasov.shape);
      const rho = decodeNpy(readFileSync(join(out, `density-hartree-fock-N${entry.N}.npy`)));
      expect(rho.shape).toEqual([n]);
      // int rho dx = 1 (THEORY.md section 1); the Riemann sum is exact for the discrete density
      // up to round-off.
      const mass = rho.data.reduce((s, x) => s + x, 0) * entry.grid.spacing[0];
      expect(mass).toBeCloseTo(1, 10);
      const rhoVlasov = decodeNpy(readFileSync(join(out, `density-vlasov-N${entry.N}.npy`)));
      expect(rhoVlasov.shape).toEqual([TINY.vlasov.nx]);
      // The final state of the study's own run: the in-process snapshot at tFinal, to round-off
      // (same operations in a worker thread; 1e-12 of max |W| allows for none).
      const snapshot = snapshots.find((s) => s.N === entry.N) as StudySnapshot;
      const pairs = [
        [quantum.data, snapshot.wignerHartreeFock.values],
        [vlasov.data, snapshot.wignerVlasov.values],
        [difference.data, snapshot.wignerDifference.values],
        [rho.data, snapshot.densityHartreeFock.values],
      ] as const;
      for (const [file, library] of pairs) {
        expect(file.length).toBe(library.length);
        let scale = 0;
        let worst = 0;
        library.forEach((x, i) => {
          scale = Math.max(scale, Math.abs(x));
          worst = Math.max(worst, Math.abs(file[i] - x));
        });
        expect(worst).toBeLessThanOrEqual(1e-12 * scale);
      }
    }

    // PNG: every plot listed is a valid PNG of nonzero size.
    const pngs = stored.files.filter((f: string) => f.endsWith(".png"));
    expect(pngs).toEqual(
      // No rate-*.png since issue 12: TINY has no resolved row, so no rate to plot.
      expect.arrayContaining(["time-trace-norm.png", "wigner-N4.png", "wigner-N8.png"]),
    );
    for (const name of pngs) {
      const { width, height } = readPngSize(readFileSync(join(out, name)));
      expect(width).toBeGreaterThan(0);
      expect(height).toBeGreaterThan(0);
      // Every plot is written as SVG and PNG.
      expect(stored.files).toContain(name.replace(/\.png$/, ".svg"));
    }
    expect(stored.files).toContain("report.html");
    expect(readFileSync(join(out, "report.html"), "utf8")).toContain("<svg");
  });

  it("resumes a killed run without recomputing finished rows", async () => {
    const path = writeConfig("resume.json", SIX_TIMES);
    const out = join(scratch, "resume-out");
    const rowsFile = join(out, "rows.jsonl");
    const child: ChildProcess = spawn(
      process.execPath,
      [main, "study", path, "--out", out, "--jobs", "1", "--quiet"],
      { cwd: scratch, stdio: "ignore" },
    );
    const exited = new Promise<number | null>((resolve) => child.on("close", resolve));
    // Kill (SIGKILL: a crash, no handler runs) as soon as the first rows are on disk.
    for (let k = 0; k < 1200; k++) {
      const lines = existsSync(rowsFile)
        ? readFileSync(rowsFile, "utf8").split("\n").length - 1
        : 0;
      if (lines >= 2) break;
      await new Promise((r) => setTimeout(r, 25));
    }
    child.kill("SIGKILL");
    await exited;
    const before = readFileSync(rowsFile, "utf8").split("\n").filter(Boolean);
    expect(before.length).toBeGreaterThanOrEqual(2);
    expect(before.length).toBeLessThan(14);
    // A new study refuses to overwrite it; --resume continues it.
    const again = await cli(["study", path, "--out", out]);
    expect(again.code, again.stderr).toBe(2);
    expect(again.stderr).toMatch(/already holds a study.*--resume/);
    const resumed = await cli(["study", "--resume", out]);
    // Exit 3 since issue 12 (was 0): the rates of resolution "off" are unverified.
    expect(resumed.code, resumed.stderr).toBe(3);
    expect(resumed.stdout).toMatch(/verdict/);
    expect(resumed.stdout).toMatch(/unverified/);
    // The table: every metric, then the rates beside the theorems.
    expect(resumed.stdout).toMatch(/tr\|w-w~\|\/N +HS\/sqrt\(N\)/);
    expect(resumed.stdout).toMatch(/fitted rate r/);
    expect(resumed.stdout).toMatch(/smooth V r = 1\.0000/);
    expect(resumed.stderr).toMatch(new RegExp(`${before.length} finished rows kept`));
    const after = readFileSync(rowsFile, "utf8").split("\n").filter(Boolean);
    // Finished rows are kept byte for byte (their timing field would differ if recomputed) and
    // only the missing ones are added: 2 N x 7 times (t = 0, the transform floor, and 6), no
    // duplicates.
    expect(after.slice(0, before.length)).toEqual(before);
    expect(after.length).toBe(14);
    const keys = after.map((l) => {
      const row = JSON.parse(l);
      return `${row.N}@${row.t}`;
    });
    expect(new Set(keys).size).toBe(14);
    const results = JSON.parse(readFileSync(join(out, "results.json"), "utf8"));
    expect(results.status).toBe("complete");
    expect(results.rows.length).toBe(14);
    // Each N's snapshot counts as stored once its Wigner figure is written (after the tasks).
    expect([...results.snapshots].sort()).toEqual([4, 8]);
    for (const N of [4, 8]) {
      expect(results.files).toContain(`wigner-N${N}.svg`);
      expect(existsSync(join(out, `wigner-N${N}.svg`))).toBe(true);
    }
  });
});

describe("a guard stops the study", () => {
  it("StudyGuardError in a worker: exit 3, its one message, finished rows kept", async () => {
    // A 16 x 16 Vlasov grid: resampling W~_0 onto it rings out to the velocity-box edge, a hard
    // guard (W~ about to wrap around the periodic velocity box).
    const path = writeConfig("guard.json", {
      N: [4],
      interaction: { kind: "gaussian", lambda: 1e-6, sigma: 1 },
      dynamics: { tFinal: 0.2, dt: 0.05, times: [0.2] },
      vlasov: { nx: 16, nv: 16 },
      metrics: ["trace-norm"],
    });
    const out = join(scratch, "guard-out");
    const { code, stderr, stdout } = await cli([
      "study",
      path,
      "--out",
      out,
      "--jobs",
      "1",
      "--quiet",
    ]);
    expect(code, stderr).toBe(3);
    const [message, kept] = stderr.trim().split("\n");
    expect(message).toMatch(
      /^semiclassical: W~ reaches the velocity box edge .*raise vlasov\.vMax/,
    );
    expect(kept).toMatch(/finished rows are kept in /);
    expect(stdout).not.toMatch(/fitted rate/);
    const results = JSON.parse(readFileSync(join(out, "results.json"), "utf8"));
    expect(results.status).toBe("failed");
    expect(`semiclassical: ${results.error}`).toBe(message);
  });
});

describe("Ctrl-C", () => {
  it("SIGINT stops the study with exit 130, keeping every finished row", async () => {
    const path = writeConfig("sigint.json", SIX_TIMES);
    const out = join(scratch, "sigint-out");
    const rowsFile = join(out, "rows.jsonl");
    const child = spawn(process.execPath, [main, "study", path, "--out", out, "--jobs", "1"], {
      cwd: scratch,
      stdio: ["ignore", "ignore", "pipe"],
    });
    let stderr = "";
    child.stderr?.on("data", (d) => {
      stderr += d;
    });
    const exited = new Promise<number | null>((resolve) => child.on("close", resolve));
    for (let k = 0; k < 1200; k++) {
      if (existsSync(rowsFile) && readFileSync(rowsFile, "utf8").length > 0) break;
      await new Promise((r) => setTimeout(r, 25));
    }
    child.kill("SIGINT");
    expect(await exited, stderr).toBe(130);
    const rows = readFileSync(rowsFile, "utf8").split("\n").filter(Boolean);
    const results = JSON.parse(readFileSync(join(out, "results.json"), "utf8"));
    expect(results.status).toBe("interrupted");
    expect(results.rows.length).toBe(rows.length);
    // The figures of the snapshots stored before the signal are rendered before the exit.
    for (const N of results.snapshots) {
      expect(existsSync(join(out, `wigner-N${N}.svg`))).toBe(true);
    }
    expect(rows.length).toBeGreaterThanOrEqual(1);
    const saved = stderr.match(
      /interrupted: (\d+) finished rows saved in .* \((\d+) of them main rows, the rest from the floor and refinement tasks\); continue with --resume/,
    );
    expect(saved, stderr).not.toBeNull();
    // results.json holds the main rows: the message counts them apart from the rest
    expect(Number(saved?.[2])).toBe(results.rows.length);
  });
});

describe("semiclassical run", () => {
  it("evolves one side with diagnostics over time and writes them", async () => {
    // 64 Vlasov points per axis: on the automatic box (9.5, holding the thermal state down to
    // occupations 1e-12) 32 points (dx = 0.3) do not resolve W~_0 at eps = 1/8 (features of width
    // ~ sqrt(eps) = 0.35), and resampling onto them loses ~2e-6 of the mass at t = 0.
    const path = writeConfig("run.json", { ...TINY, N: [8], vlasov: { nx: 64, nv: 64 } });
    for (const solver of ["hf", "vlasov"]) {
      const out = join(scratch, `run-${solver}`);
      const { code, stdout, stderr } = await cli([
        "run",
        path,
        "--solver",
        solver,
        "--out",
        out,
        "--json",
        "--quiet",
      ]);
      expect(code, stderr).toBe(0);
      const result = JSON.parse(stdout);
      expect(result.N).toBe(8);
      expect(result.diagnostics.length).toBeGreaterThanOrEqual(2);
      // tr omega / N (unitary HF flow) and int int W (the conservative Vlasov splitting) stay 1
      // to round-off; 1e-9 leaves room for the FFT round-off of a few steps.
      for (const d of result.diagnostics) expect(Math.abs(d.mass - 1)).toBeLessThan(1e-9);
      expect(existsSync(join(out, "run.csv"))).toBe(true);
      const png = readPngSize(readFileSync(join(out, "energy.png")));
      expect(png.width).toBeGreaterThan(0);
      const name = solver === "hf" ? "wigner-hartree-fock-N8.npy" : "wigner-vlasov-N8.npy";
      expect(decodeNpy(readFileSync(join(out, name))).shape.length).toBe(2);
    }
  });
});

describe("bad input: one message naming the field, exit code 2, nothing written", () => {
  const cases: [string, unknown, RegExp][] = [
    ["unknown field", { ...TINY, sigma: 1 }, /sigma: unknown field; allowed here:/],
    ["wrong type", { ...TINY, kappa: "1" }, /kappa: must be a finite number, got "1"/],
    [
      "alpha outside (0, d)",
      { ...TINY, interaction: { kind: "power", alpha: 1.5 } },
      /interaction\.alpha: must be in \(0, d\) = \(0, 1\)/,
    ],
    ["N < 1", { ...TINY, N: [4, 0] }, /N\[1\]: must be an integer >= 1, got 0/],
    ["non-resolving grid", { ...TINY, N: [4, 100000] }, /N\[1\]: N = 100000 cannot be resolved/],
    [
      "malformed JSON",
      '{"N": [4,\n 8,,]}',
      /malformed JSON .* line 2, column 4: unexpected character ","/,
    ],
  ];
  for (const [what, config, message] of cases) {
    it(what, async () => {
      const path = writeConfig(`bad-${what.replace(/\W+/g, "-")}.json`, config);
      const out = join(scratch, `bad-out-${what.replace(/\W+/g, "-")}`);
      const { code, stderr, stdout } = await cli(["study", path, "--out", out]);
      expect(code, stderr).toBe(2);
      expect(stderr).toMatch(message);
      expect(stderr.trim().split("\n").length).toBe(1);
      expect(stdout).toBe("");
      expect(existsSync(out)).toBe(false);
    });
  }

  it("unwritable output directory", async () => {
    const file = writeConfig("not-a-directory", "x");
    const { code, stderr } = await cli([
      "study",
      writeConfig("ok.json", TINY),
      "--out",
      join(file, "sub"),
    ]);
    expect(code, stderr).toBe(2);
    expect(stderr).toMatch(/--out .*not-a-directory\/sub: cannot create it, .* is not a directory/);
  });

  // A directory that passes the permission check but cannot be created (Linux: root may write to
  // /proc, yet mkdir there fails; Node's recursive mkdir never returns on it, so the CLI must not
  // use it). The study must stop with exit 2 before any computation.
  it.runIf(process.platform === "linux")("output directory that cannot be created", async () => {
    const { code, stderr } = await cli([
      "study",
      writeConfig("ok-proc.json", TINY),
      "--out",
      "/proc/semiclassical-test/out",
    ]);
    expect(code, stderr).toBe(2);
    expect(stderr).toMatch(/--out .*: cannot (create|be created)|is not writable/);
  });

  it("bad flags and names", async () => {
    const jobs = await cli(["study", "--jobs", "0"]);
    expect(jobs.code, jobs.stderr).toBe(2);
    expect(jobs.stderr).toMatch(/--jobs: must be an integer >= 1, got "0"/);
    const threads = await cli(["study", "--threads", "1.5"]);
    expect(threads.code, threads.stderr).toBe(2);
    expect(threads.stderr).toMatch(/--threads: must be an integer >= 1, got "1.5"/);
    const preset = await cli(["study", "--preset", "nope"]);
    expect(preset.code, preset.stderr).toBe(2);
    expect(preset.stderr).toMatch(/preset: unknown preset "nope"; available: smooth/);
    const missing = await cli(["validate", join(scratch, "missing.json")]);
    expect(missing.code, missing.stderr).toBe(2);
    expect(missing.stderr).toMatch(/config file not found/);
    const option = await cli(["study", "--bogus"]);
    expect(option.code, option.stderr).toBe(2);
    expect(option.stderr).toMatch(/unknown option '--bogus'/);
  });
});
