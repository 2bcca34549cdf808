// The guide pages' sources: text only. A LaTeX command written through a string with escapes
// (a script writing "\tilde" or "\varepsilon" into a page) becomes a tab or a vertical tab
// followed by "ilde" / "arepsilon": KaTeX then renders "ilde W" and no formula error shows.
// Found in two guides in Dec 2026 (11 places); this keeps them out.
import { readdirSync, readFileSync } from "node:fs";
import { join, resolve } from "node:path";
import { describe, expect, it } from "vitest";

const PAGES = resolve(import.meta.dirname, "..", "src", "pages");

function sources(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return sources(path);
    return /\.(mdx?|astro)$/.test(entry.name) ? [path] : [];
  });
}

/**
 * A tab before a lower-case letter (\tilde, \times, \theta, \text), or any other control
 * character (\v of \varepsilon, \b, \f, \r).
 */
function hasEatenEscape(line: string): boolean {
  for (let k = 0; k < line.length; k++) {
    const code = line.charCodeAt(k);
    if (code === 9) {
      const next = line.charCodeAt(k + 1);
      if (next >= 97 && next <= 122) return true;
    } else if (code < 32) {
      return true;
    }
  }
  return false;
}

describe("guide page sources", () => {
  it("hold no control characters (a tab before a letter is an eaten LaTeX backslash)", () => {
    const files = sources(PAGES);
    expect(files.length).toBeGreaterThan(5);
    const found: string[] = [];
    for (const file of files) {
      readFileSync(file, "utf8")
        .split("\n")
        .forEach((line, i) => {
          if (hasEatenEscape(line)) {
            found.push(`${file.slice(PAGES.length + 1)}:${i + 1}`);
          }
        });
    }
    expect(found).toEqual([]);
  });
});
