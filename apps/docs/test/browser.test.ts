// Browser test of the built site (dist/): Debian's Chromium, driven by playwright-core, opens the
// demo page, runs the 1D HF-versus-Vlasov demo at its smallest setting, waits for the result, and
// checks that the error plot shows points and that no console error occurred anywhere.
import { existsSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { type BrowserContext, chromium } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type StaticSite, serveStatic } from "./static-server.js";

const CHROMIUM = process.env.CHROMIUM_PATH ?? "/usr/bin/chromium";
const DIST = resolve(import.meta.dirname, "..", "dist");
const FLAGS = [
  "--headless",
  "--no-sandbox",
  "--disable-gpu",
  "--disable-quic",
  "--no-first-run",
  "--disable-background-networking",
  "--disable-component-update",
  "--disable-sync",
];

let site: StaticSite;
let context: BrowserContext;
let profile: string;

beforeAll(async () => {
  if (!existsSync(CHROMIUM)) {
    throw new Error(
      `Chromium not found at ${CHROMIUM}. Install Debian's chromium with ` +
        "`bash .ci/install-browser.sh` (apt-get install chromium), or set CHROMIUM_PATH.",
    );
  }
  if (!existsSync(join(DIST, "demos", "index.html"))) {
    throw new Error(
      `the site is not built (${DIST}/demos/index.html missing): run pnpm build first`,
    );
  }
  site = await serveStatic(DIST);
  profile = mkdtempSync(join(tmpdir(), "semiclassical-docs-chromium-"));
  // A fresh --user-data-dir per run: playwright passes `profile` as --user-data-dir.
  context = await chromium.launchPersistentContext(profile, {
    executablePath: CHROMIUM,
    headless: true,
    args: FLAGS,
  });
});

afterAll(async () => {
  await context?.close();
  await site?.close();
  if (profile) rmSync(profile, { recursive: true, force: true });
});

/** Opens a page that records every console error, page error and failed request. */
async function openPage(path: string) {
  const page = await context.newPage();
  const problems: string[] = [];
  page.on("console", (message) => {
    if (message.type() === "error") problems.push(`console.error: ${message.text()}`);
  });
  page.on("pageerror", (error) => problems.push(`page error: ${error.message}`));
  page.on("requestfailed", (request) => problems.push(`request failed: ${request.url()}`));
  page.on("response", (response) => {
    if (response.status() >= 400) problems.push(`HTTP ${response.status()}: ${response.url()}`);
  });
  await page.goto(`${site.url}${path}`, { waitUntil: "load" });
  return { page, problems };
}

describe("the built documentation site in Chromium", () => {
  it("renders the theory pages' math with KaTeX", async () => {
    const { page, problems } = await openPage("/theory/wigner-weyl/");
    // Several formulas on this page: at least one display block and inline math.
    expect(await page.locator(".katex-display").count()).toBeGreaterThan(0);
    expect(await page.locator(".katex").count()).toBeGreaterThan(5);
    expect(problems).toEqual([]);
    await page.close();
  });

  it("links the TypeDoc reference of every package", async () => {
    const { page, problems } = await openPage("/api/");
    const links = await page
      .locator('a[href^="/api/reference/modules/"]')
      .evaluateAll((anchors) => anchors.map((a) => (a as HTMLAnchorElement).href));
    // grid, quantum, hartree-fock, vlasov, metrics, study (scripts/api.mjs lists them)
    expect(links).toHaveLength(6);
    for (const link of links) {
      const response = await page.request.get(link);
      expect(response.status(), link).toBe(200);
      expect(await response.text()).toContain("@semiclassical/");
    }
    expect(problems).toEqual([]);
    await page.close();
  });

  it("runs the 1D HF-versus-Vlasov demo at its smallest setting", async () => {
    const { page, problems } = await openPage("/demos/");
    await page.locator("#demo-smallest").click();
    await page.locator("#demo-run").click();
    const status = page.locator("#demo-status");
    await status.and(page.locator('[data-state="done"], [data-state="error"]')).waitFor({
      timeout: 100_000,
    });
    const state = await status.getAttribute("data-state");
    expect(state, `demo status: ${await status.textContent()}`).toBe("done");
    // Every finished run is one point (eps, error) of the error-versus-eps plot.
    const points = Number(await page.locator("#error-plot").getAttribute("data-points"));
    expect(points).toBeGreaterThan(0);
    // The smallest setting is N = 8, 16 at one time, each N with its t = 0 transform-floor row
    // first (issue 12): four rows, and the Wigner animation shows a frame.
    expect(await page.locator("#rows tbody tr").count()).toBe(4);
    expect(await page.locator("#out-frame").textContent()).toMatch(/^t = /);
    // The animation is the study's own snapshots of N = 16 at t = 0, tFinal/2, tFinal (two frames
    // after t = 0 at the smallest setting): three frames, the last one shown.
    expect(await page.locator("#in-frame").getAttribute("max")).toBe("2");
    expect(await page.locator("#out-frame").textContent()).toBe("t = 0.200");
    expect(problems).toEqual([]);
    await page.close();
  });
});
