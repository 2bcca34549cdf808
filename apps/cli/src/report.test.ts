// report.html in Chromium (Debian's, driven by playwright-core as in apps/docs): a tiny study run
// in-process, its plots written as the CLI writes them, the page opened from a file:// URL with
// every network request refused. No console error, every plot inline, one table row per study row.
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { runStudy, type StudyResult } from "@semiclassical/study";
import { type Browser, chromium } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { collectArrays } from "./arrays.js";
import { wignerFigure, writeRatePlots, writeTimePlots, writeWignerFigure } from "./artifacts.js";
import { OutputDirectory } from "./output.js";
import { REPORT_FILE, reportHtml } from "./report-html.js";
import { resultsDocument } from "./study-report.js";

const CHROMIUM = process.env.CHROMIUM_PATH ?? "/usr/bin/chromium";
const FLAGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking"];

/**
 * The CLI test's tiny study (N = 4, 8, two steps, a 32 x 32 Vlasov grid, no floor tasks), with
 * the verification off so that it is cheap and still fits rates (its rows are "unverified").
 */
const TINY = {
  N: [4, 8],
  dynamics: { tFinal: 0.1, dt: 0.05 },
  vlasov: { nx: 32, nv: 32 },
  errorFloor: false,
  resolution: "off" as const,
};

let dir: string;
let browser: Browser;
let result: StudyResult;
let plots: string[];

beforeAll(async () => {
  if (!existsSync(CHROMIUM)) {
    throw new Error(
      `Chromium not found at ${CHROMIUM}: install Debian's chromium (bash .ci/install-browser.sh) or set CHROMIUM_PATH`,
    );
  }
  dir = mkdtempSync(join(tmpdir(), "semiclassical-report-"));
  const out = new OutputDirectory(dir);
  const files: string[] = [];
  result = await runStudy(TINY, {
    snapshotN: [8],
    snapshotTimes: [0.1],
    onSnapshot: (snapshot) => {
      const figure = wignerFigure(8, collectArrays({ ...snapshot }).list);
      if (figure) files.push(...writeWignerFigure(out, figure));
    },
  });
  files.push(
    ...writeRatePlots(out, result.config, result.rows, result.rates, result.theory.lines),
    ...writeTimePlots(out, result.config, result.rows, result.config.metrics),
  );
  plots = files.filter((f) => f.endsWith(".svg")).map((f) => f.replace(/\.svg$/, ""));
  const record = {
    status: "complete" as const,
    startedAt: new Date().toISOString(),
    timings: { totalSeconds: 1, tasks: {} },
    snapshots: [8],
    files,
  };
  const svgs = plots.map((name) => ({ name, svg: readFileSync(join(dir, `${name}.svg`), "utf8") }));
  writeFileSync(join(dir, REPORT_FILE), reportHtml(resultsDocument(record, result), result, svgs));
  browser = await chromium.launch({ executablePath: CHROMIUM, headless: true, args: FLAGS });
}, 120_000);

afterAll(async () => {
  await browser?.close();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

describe("report.html", () => {
  it("opens offline with the plots and the rows, and no console error", async () => {
    const page = await browser.newPage();
    const problems: string[] = [];
    page.on("console", (m) => {
      if (m.type() === "error") problems.push(`console.error: ${m.text()}`);
    });
    page.on("pageerror", (e) => problems.push(`page error: ${e.message}`));
    // Offline: any request other than the page itself is a failure.
    const url = pathToFileURL(join(dir, REPORT_FILE)).href;
    await page.route("**/*", (route) => {
      if (route.request().url() === url) return route.continue();
      problems.push(`request: ${route.request().url()}`);
      return route.abort();
    });
    await page.goto(url, { waitUntil: "load" });

    expect(plots).toEqual(
      expect.arrayContaining(["wigner-N8", "rate-trace-norm", "time-trace-norm"]),
    );
    for (const name of plots) {
      const figure = page.locator(`figure[data-plot="${name}"] svg`).first();
      expect(await figure.count(), name).toBe(1);
      // Laid out by the browser with a real size (not an empty or broken SVG).
      const box = await figure.boundingBox();
      expect(box?.width ?? 0, name).toBeGreaterThan(100);
    }
    // The rate plot has one dot per N at the final time, and the fitted line.
    const rate = page.locator('figure[data-plot="rate-trace-norm"]');
    expect(await rate.locator('g[aria-description="data"] circle').count()).toBe(TINY.N.length);
    expect(await rate.locator('g[aria-description="fit"] path').count()).toBe(1);
    // One table row per study row, one per fitted rate.
    expect(await page.locator("#rows tbody tr").count()).toBe(result.rows.length);
    expect(result.rates.length).toBeGreaterThan(0);
    expect(await page.locator("#rates tbody tr").count()).toBe(result.rates.length);
    // The rows carry their verdict (here "unverified": the verification is off).
    expect(await page.locator("#rows tbody tr").first().textContent()).toContain("unverified");
    expect(await page.locator("#status").textContent()).toBe("complete");
    expect(await page.locator("#config").textContent()).toContain('"dynamics"');
    expect(problems).toEqual([]);
    await page.close();
  });
});
