/**
 * Progress display on stderr. On a TTY: one redrawn bar per task (per N) showing its phase, step
 * and estimated time left, and an overall bar (cost-weighted) with its own ETA; otherwise
 * ("lines"): a plain line each time a task passes a quarter of its work; "quiet": nothing.
 * `verbose` adds a log line per progress report (one per step batch of the solvers) in every
 * mode but quiet. Messages (`log`) print in every mode but quiet.
 *
 * ETA: elapsed time x (1 - f) / f for a task at fraction f since its first progress report
 * (waiting time excluded); overall the same with the cost-weighted fraction sum w_i f_i / sum w_i
 * since the view was created. Shown only once f > 1% (before that it says nothing useful).
 */
export type ProgressMode = "tty" | "lines" | "quiet";

interface TaskState {
  label: string;
  fraction: number;
  detail: string;
  done: boolean;
  reported: number;
  weight: number;
  /** performance.now() of the first progress report (the task started running). */
  started?: number;
}

/** Options of a {@link ProgressView}. */
export interface ProgressOptions {
  /** A log line per progress report (per step batch). */
  verbose?: boolean;
  /** The clock in milliseconds (tests pass their own). */
  now?: () => number;
}

/** "42 s", "3 min 5 s", "1 h 02 min". */
export function formatDuration(seconds: number): string {
  if (!Number.isFinite(seconds) || seconds < 0) return "?";
  const s = Math.round(seconds);
  if (s < 60) return `${s} s`;
  if (s < 3600) return `${Math.floor(s / 60)} min ${s % 60} s`;
  return `${Math.floor(s / 3600)} h ${String(Math.floor((s % 3600) / 60)).padStart(2, "0")} min`;
}

/** Seconds left at fraction f after `elapsed` seconds, or undefined while f <= 1%. */
export function estimateRemaining(fraction: number, elapsed: number): number | undefined {
  if (!(fraction > 0.01)) return undefined;
  if (fraction >= 1) return 0;
  return (elapsed * (1 - fraction)) / fraction;
}

export class ProgressView {
  private readonly tasks = new Map<string, TaskState>();
  private drawnLines = 0;
  private lastDraw = 0;
  private readonly now: () => number;
  private readonly created: number;
  private readonly verbose: boolean;

  constructor(
    readonly mode: ProgressMode,
    private readonly stream: NodeJS.WriteStream = process.stderr,
    options: ProgressOptions = {},
  ) {
    this.now = options.now ?? (() => performance.now());
    this.created = this.now();
    this.verbose = options.verbose ?? false;
  }

  /** Registers a task (shown waiting at 0%); `weight` is its share of the overall bar (cost). */
  add(key: string, label: string, weight = 1): void {
    this.tasks.set(key, {
      label,
      fraction: 0,
      detail: "waiting",
      done: false,
      reported: -1,
      weight: weight > 0 && Number.isFinite(weight) ? weight : 1,
    });
    this.draw(true);
  }

  /** Progress of a task: fraction in [0, 1] and a short detail such as "HF step 40/100". */
  update(key: string, fraction: number, detail: string): void {
    const task = this.tasks.get(key);
    if (!task) return;
    task.started ??= this.now();
    task.fraction = Math.max(0, Math.min(1, fraction));
    task.detail = detail;
    if (this.mode === "quiet") return;
    if (this.verbose) {
      const line = `${task.label}: ${Math.round(task.fraction * 100)}% (${detail})${this.etaText(task)}; ${this.overallText()}`;
      if (this.mode === "tty") this.log(line);
      else this.stream.write(`${line}\n`);
      return;
    }
    if (this.mode === "lines") {
      const quarter = Math.floor(task.fraction * 4);
      if (quarter > task.reported && quarter < 4) {
        task.reported = quarter;
        this.stream.write(
          `${task.label}: ${Math.round(task.fraction * 100)}% (${detail})${this.etaText(task)}\n`,
        );
      }
    } else this.draw(false);
  }

  finish(key: string, detail = "done"): void {
    const task = this.tasks.get(key);
    if (!task) return;
    task.fraction = 1;
    task.detail = detail;
    task.done = true;
    if (this.mode === "lines")
      this.stream.write(`${task.label}: ${detail}; ${this.overallText()}\n`);
    else this.draw(true);
  }

  /** The cost-weighted fraction of all registered tasks, in [0, 1]. */
  overallFraction(): number {
    let done = 0;
    let total = 0;
    for (const task of this.tasks.values()) {
      done += task.weight * task.fraction;
      total += task.weight;
    }
    return total > 0 ? done / total : 0;
  }

  /** Seconds left for a task (undefined before 1% of it ran). */
  taskRemaining(key: string): number | undefined {
    const task = this.tasks.get(key);
    if (!task || task.started === undefined) return undefined;
    if (task.done) return 0;
    return estimateRemaining(task.fraction, (this.now() - task.started) / 1000);
  }

  /** Seconds left overall (undefined before 1% of the weighted work ran). */
  overallRemaining(): number | undefined {
    return estimateRemaining(this.overallFraction(), (this.now() - this.created) / 1000);
  }

  private etaText(task: TaskState): string {
    if (task.done || task.started === undefined) return "";
    const left = estimateRemaining(task.fraction, (this.now() - task.started) / 1000);
    return left === undefined ? "" : `, ETA ${formatDuration(left)}`;
  }

  private overallText(): string {
    const left = this.overallRemaining();
    const percent = Math.round(this.overallFraction() * 100);
    return `overall ${percent}%${left === undefined ? "" : `, ETA ${formatDuration(left)}`}`;
  }

  /** A message line (kept above the bars on a TTY). */
  log(message: string): void {
    if (this.mode === "quiet") return;
    if (this.mode === "tty") {
      this.clear();
      this.stream.write(`${message}\n`);
      this.draw(true);
    } else this.stream.write(`${message}\n`);
  }

  /** Removes the bars (call before printing the final table). */
  close(): void {
    if (this.mode === "tty") this.clear();
  }

  private clear(): void {
    if (this.drawnLines > 0) {
      this.stream.write(`\x1b[${this.drawnLines}A\x1b[0J`);
      this.drawnLines = 0;
    }
  }

  private bar(fraction: number, width = 30): string {
    const filled = Math.round(fraction * width);
    return `[${"#".repeat(filled)}${"-".repeat(width - filled)}] ${`${Math.round(fraction * 100)}`.padStart(3)}%`;
  }

  private draw(force: boolean): void {
    if (this.mode !== "tty") return;
    const now = Date.now();
    if (!force && now - this.lastDraw < 100) return;
    this.lastDraw = now;
    this.clear();
    const tasks = [...this.tasks.values()];
    const width = Math.max(8, ...tasks.map((t) => t.label.length));
    const lines = tasks.map(
      (task) =>
        `${task.label.padEnd(width)} ${this.bar(task.fraction)} ${task.detail}${this.etaText(task)}`,
    );
    if (tasks.length > 1) {
      const left = this.overallRemaining();
      lines.push(
        `${"overall".padEnd(width)} ${this.bar(this.overallFraction())}${left === undefined ? "" : ` ETA ${formatDuration(left)}`}`,
      );
    }
    if (lines.length > 0) this.stream.write(`${lines.join("\n")}\n`);
    this.drawnLines = lines.length;
  }
}

/** Chooses the mode: quiet if asked, bars on a TTY stderr, plain lines otherwise. */
export function progressMode(
  quiet: boolean,
  stream: NodeJS.WriteStream = process.stderr,
): ProgressMode {
  if (quiet) return "quiet";
  return stream.isTTY ? "tty" : "lines";
}
