import type { RateRecord, TheoremLine } from "./fits.js";

/** Formats a number for a table cell: 4 significant digits, exponent form when small or large. */
export function formatNumber(value: number | null | undefined): string {
  if (value === null || value === undefined || Number.isNaN(value)) return "-";
  if (!Number.isFinite(value)) return value > 0 ? "inf" : "-inf";
  if (value === 0) return "0";
  const a = Math.abs(value);
  if (a >= 1e-3 && a < 1e5) return String(Number(value.toPrecision(4)));
  return value.toExponential(3);
}

/** A plain-text table with right-aligned columns. */
export function renderTable(header: readonly string[], rows: readonly (readonly string[])[]): string {
  const widths = header.map((h, c) => Math.max(h.length, ...rows.map((r) => (r[c] ?? "").length)));
  const line = (cells: readonly string[]) =>
    cells.map((cell, c) => (cell ?? "").padStart(widths[c])).join("  ");
  const rule = widths.map((w) => "-".repeat(w)).join("  ");
  return [line(header), rule, ...rows.map(line)].join("\n");
}

/** The rates section: one line per quantity and time, slope +- standard error, R^2. */
export function renderRates(rates: readonly RateRecord[], theorems: readonly TheoremLine[]): string {
  if (rates.length === 0) return "rates: fewer than two N with positive values, nothing to fit";
  const header = ["quantity", "t", "rate (slope vs eps)", "95% interval", "R^2"];
  const rows = rates.map((r) => [
    r.quantity,
    formatNumber(r.t),
    r.slopeStdError === null
      ? `${r.slope.toFixed(3)} (2 points)`
      : `${r.slope.toFixed(3)} +- ${r.slopeStdError.toFixed(3)}`,
    r.slopeInterval ? `[${r.slopeInterval[0].toFixed(2)}, ${r.slopeInterval[1].toFixed(2)}]` : "-",
    r.rSquared.toFixed(3),
  ]);
  const theoremText =
    theorems.length === 0
      ? "theorems: no interaction, distances should be at round-off"
      : `theorems (upper bounds, per-particle trace norm <~ eps^r): ${theorems
          .map((t) => `${t.name}: r = ${t.exponent.toFixed(4)} (${t.note})`)
          .join("; ")}`;
  return `${renderTable(header, rows)}\n${theoremText}`;
}
