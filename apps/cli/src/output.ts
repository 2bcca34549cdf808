import {
  accessSync,
  appendFileSync,
  closeSync,
  constants,
  existsSync,
  fsyncSync,
  mkdirSync,
  openSync,
  readFileSync,
  renameSync,
  statSync,
  unlinkSync,
  writeFileSync,
} from "node:fs";
import { dirname, join, resolve } from "node:path";
import { CliError } from "./errors.js";

/** File names inside an output directory. */
export const FILES = {
  results: "results.json",
  rows: "rows.jsonl",
  csv: "results.csv",
} as const;

/**
 * Checks that `dir` can hold a new study (or, with `resume`, holds one to continue) without
 * creating anything: the path is a directory or does not exist yet, its nearest existing
 * ancestor is a writable directory, and a new study does not overwrite an old one.
 * Throws a {@link CliError} (exit 2) naming the directory otherwise.
 */
export function checkOutputDirectory(dir: string, mode: "new" | "resume", flag = "--out"): string {
  const path = resolve(dir);
  if (existsSync(path)) {
    if (!statSync(path).isDirectory()) {
      throw new CliError(`${flag} ${dir}: exists and is not a directory; choose a directory path`);
    }
    const holdsStudy = existsSync(join(path, FILES.rows)) || existsSync(join(path, FILES.results));
    if (mode === "new" && holdsStudy) {
      throw new CliError(
        `${flag} ${dir}: already holds a study (${FILES.results}); continue it with --resume ${dir} ` +
          "or choose another directory",
      );
    }
    if (mode === "resume" && !holdsStudy) {
      throw new CliError(
        `--resume ${dir}: no study found there (no ${FILES.results} or ${FILES.rows})`,
      );
    }
    probeWritable(path, dir, flag);
    return path;
  }
  if (mode === "resume") throw new CliError(`--resume ${dir}: no such directory`);
  let ancestor = dirname(path);
  while (!existsSync(ancestor)) {
    const parent = dirname(ancestor);
    if (parent === ancestor) break;
    ancestor = parent;
  }
  if (!existsSync(ancestor) || !statSync(ancestor).isDirectory()) {
    throw new CliError(
      `${flag} ${dir}: cannot create it, ${ancestor} is not a directory; choose a directory path`,
    );
  }
  try {
    accessSync(ancestor, constants.W_OK);
  } catch {
    throw new CliError(`${flag} ${dir}: cannot create it, ${ancestor} is not writable`);
  }
  return path;
}

function probeWritable(path: string, dir: string, flag: string): void {
  const probe = join(path, `.write-test-${process.pid}`);
  try {
    writeFileSync(probe, "");
    unlinkSync(probe);
  } catch (error) {
    throw new CliError(`${flag} ${dir}: not writable (${(error as NodeJS.ErrnoException).code})`);
  }
}

/**
 * Writes a file atomically: a temporary file in the same directory (`data`, or its pieces one
 * after the other), fsync, then rename.
 */
export function writeFileAtomic(
  path: string,
  data: string | Uint8Array | readonly Uint8Array[],
): void {
  const temporary = `${path}.tmp-${process.pid}`;
  const fd = openSync(temporary, "w");
  try {
    if (typeof data === "string" || data instanceof Uint8Array) writeFileSync(fd, data);
    else for (const piece of data) writeFileSync(fd, piece);
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
  renameSync(temporary, path);
}

/** An output directory receiving rows as they finish (see the CLI README for the layout). */
export class OutputDirectory {
  constructor(readonly path: string) {}

  /**
   * Creates the directory and its missing parents, one level at a time: Node's recursive mkdir
   * never returns on some special file systems (e.g. a path under /proc), so it is not used.
   * A failure is a {@link CliError} (exit 2) naming the directory. Call only after every input
   * check passed.
   */
  create(): void {
    const missing: string[] = [];
    for (let p = this.path; !existsSync(p); p = dirname(p)) {
      missing.unshift(p);
      if (dirname(p) === p) break;
    }
    for (const p of missing) {
      try {
        mkdirSync(p);
      } catch (error) {
        throw new CliError(
          `--out ${this.path}: cannot create ${p} (${(error as NodeJS.ErrnoException).code}); ` +
            "choose a writable directory",
        );
      }
    }
  }

  file(name: string): string {
    return join(this.path, name);
  }

  /** Appends one JSON line to rows.jsonl and flushes it to disk. */
  appendRow(row: unknown): void {
    const fd = openSync(this.file(FILES.rows), "a");
    try {
      appendFileSync(fd, `${JSON.stringify(row)}\n`);
      fsyncSync(fd);
    } finally {
      closeSync(fd);
    }
  }

  /**
   * Rows recorded so far; a torn last line (a crash mid-write) is dropped, which is safe because
   * its row will be recomputed.
   */
  readRows(): unknown[] {
    const path = this.file(FILES.rows);
    if (!existsSync(path)) return [];
    const rows: unknown[] = [];
    for (const line of readFileSync(path, "utf8").split("\n")) {
      if (line.trim() === "") continue;
      try {
        rows.push(JSON.parse(line));
      } catch {
        // torn line: ignored
      }
    }
    return rows;
  }

  /** Rewrites rows.jsonl with exactly `rows` (used on resume to drop a torn line). */
  rewriteRows(rows: readonly unknown[]): void {
    writeFileAtomic(this.file(FILES.rows), rows.map((r) => `${JSON.stringify(r)}\n`).join(""));
  }

  writeJson(name: string, value: unknown): void {
    writeFileAtomic(this.file(name), `${JSON.stringify(value, null, 2)}\n`);
  }

  writeText(name: string, text: string): void {
    writeFileAtomic(this.file(name), text);
  }

  writeBytes(name: string, bytes: Uint8Array | readonly Uint8Array[]): void {
    writeFileAtomic(this.file(name), bytes);
  }

  readJson(name: string): unknown {
    const path = this.file(name);
    if (!existsSync(path)) return undefined;
    try {
      return JSON.parse(readFileSync(path, "utf8"));
    } catch (error) {
      throw new CliError(`${path}: malformed JSON (${(error as Error).message})`);
    }
  }
}
