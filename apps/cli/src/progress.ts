/**
 * Progress display on stderr. On a TTY: one redrawn bar per task (per N) showing its phase and
 * step; otherwise ("lines"): a plain line each time a task passes a quarter of its work; "quiet":
 * nothing. Messages (`log`) print in every mode but quiet.
 */
export type ProgressMode = "tty" | "lines" | "quiet";

interface TaskState {
  label: string;
  fraction: number;
  detail: string;
  done: boolean;
  reported: number;
}

export class ProgressView {
  private readonly tasks = new Map<string, TaskState>();
  private drawnLines = 0;
  private lastDraw = 0;

  constructor(
    readonly mode: ProgressMode,
    private readonly stream: NodeJS.WriteStream = process.stderr,
  ) {}

  /** Registers a task (shown waiting at 0%). */
  add(key: string, label: string): void {
    this.tasks.set(key, { label, fraction: 0, detail: "waiting", done: false, reported: -1 });
    this.draw(true);
  }

  /** Progress of a task: fraction in [0, 1] and a short detail such as "HF step 40/100". */
  update(key: string, fraction: number, detail: string): void {
    const task = this.tasks.get(key);
    if (!task) return;
    task.fraction = Math.max(0, Math.min(1, fraction));
    task.detail = detail;
    if (this.mode === "lines") {
      const quarter = Math.floor(task.fraction * 4);
      if (quarter > task.reported && quarter < 4) {
        task.reported = quarter;
        this.stream.write(`${task.label}: ${Math.round(task.fraction * 100)}% (${detail})\n`);
      }
    } else this.draw(false);
  }

  finish(key: string, detail = "done"): void {
    const task = this.tasks.get(key);
    if (!task) return;
    task.fraction = 1;
    task.detail = detail;
    task.done = true;
    if (this.mode === "lines") this.stream.write(`${task.label}: ${detail}\n`);
    else this.draw(true);
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

  private draw(force: boolean): void {
    if (this.mode !== "tty") return;
    const now = Date.now();
    if (!force && now - this.lastDraw < 100) return;
    this.lastDraw = now;
    this.clear();
    const width = 30;
    const lines = [...this.tasks.values()].map((task) => {
      const filled = Math.round(task.fraction * width);
      const bar = `${"#".repeat(filled)}${"-".repeat(width - filled)}`;
      const percent = `${Math.round(task.fraction * 100)}`.padStart(3);
      return `${task.label.padEnd(8)} [${bar}] ${percent}% ${task.detail}`;
    });
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
