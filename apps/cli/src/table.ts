import type { StudyNoRate, StudyRate, TheoremLine } from "@semiclassical/study";

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
export function renderTable(
  header: readonly string[],
  rows: readonly (readonly string[])[],
): string {
  const widths = header.map((h, c) => Math.max(h.length, ...rows.map((r) => (r[c] ?? "").length)));
  const line = (cells: readonly string[]) =>
    cells.map((cell, c) => (cell ?? "").padStart(widths[c])).join("  ");
  const rule = widths.map((w) => "-".repeat(w)).join("  ");
  return [line(header), rule, ...rows.map(line)].join("\n");
}

/**
 * The rates section: one line per quantity, one column per sample time, each cell the fitted
 * exponent r +- its standard error (quantity ~ C eps^r over the resolved rows of the study;
 * "[k of m N]" when rows were left out), or "no rate (k)" with its reason below the table
 * ("no rate: <reason>"); then the theorems' exponents.
 */
export function renderRates(
  rates: readonly StudyRate[],
  theorems: readonly TheoremLine[],
  note: string,
  noRates: readonly StudyNoRate[] = [],
): string {
  if (rates.length === 0 && noRates.length === 0) {
    return "rates: fewer than two N with positive values, nothing to fit";
  }
  const all = [...rates, ...noRates];
  const times = [...new Set(all.map((r) => r.t))].sort((a, b) => a - b);
  const quantities = [...new Set(all.map((r) => r.metric))];
  // A missing rate is "no rate" in its cell; its reason is printed once below the table.
  const reasons: string[] = [];
  const cell = (q: string, t: number) => {
    const r = rates.find((x) => x.metric === q && x.t === t);
    if (r) {
      const left =
        r.excluded && r.excluded.length > 0
          ? ` [${r.used?.length} of ${r.used!.length + r.excluded.length} N]`
          : "";
      return r.slopeStdError === null
        ? `${r.slope.toFixed(3)} (2 pts)${left}`
        : `${r.slope.toFixed(3)} +- ${r.slopeStdError.toFixed(3)}${left}`;
    }
    const missing = noRates.find((x) => x.metric === q && x.t === t);
    if (!missing) return "-";
    if (!reasons.includes(missing.noRate)) reasons.push(missing.noRate);
    return `no rate (${reasons.indexOf(missing.noRate) + 1})`;
  };
  const table = renderTable(
    ["fitted rate r", ...times.map((t) => `t = ${formatNumber(t)}`)],
    quantities.map((q) => [q, ...times.map((t) => cell(q, t))]),
  );
  const reasonText = reasons.map((r, k) => `\n  (${k + 1}) no rate: ${r}`).join("");
  const theoremText =
    theorems.length === 0
      ? `theorems: ${note}`
      : `theorems (proven rates: (1/N) tr|omega - omega~| <= C eps^r, so the measured rate should be >= r): ${theorems
          .map((t) => `${t.name} r = ${t.exponent.toFixed(4)}`)
          .join(", ")}\n  ${note}`;
  return `${table}${reasonText}\n${theoremText}`;
}
