import { DEFAULT_PRESET, STUDY_PRESETS } from "@semiclassical/study";
import { Command, CommanderError, Option } from "commander";
import type { ChainOptions } from "./chain.js";
import { describeError } from "./errors.js";
import { readJsonFile } from "./load.js";
import type { RunOptions } from "./run.js";
import type { SchemaOptions } from "./schema-command.js";
import type { StudyOptions } from "./study.js";
import { describePlan } from "./study-report.js";
import type { SweepOptions } from "./sweep.js";
import { renderPlan, validateStudy } from "./validate.js";
import type { WorkerOptions } from "./worker-command.js";

const program = new Command();
program
  .name("semiclassical")
  .description("Hartree-Fock versus Vlasov: run the convergence study as N grows (eps = N^(-1/d)).")
  .exitOverride()
  .configureOutput({ writeErr: (s) => process.stderr.write(s) });

program
  .command("study")
  .description("run the HF-versus-Vlasov study (default preset without a config)")
  .argument("[config]", "study config (JSON); see apps/cli/README.md")
  .option("--preset <name>", "run a built-in preset (see `semiclassical presets`)")
  .option(
    "--out <dir>",
    "write results.json, results.csv, report.html, NPY arrays and SVG + PNG plots to DIR",
  )
  .option("--json", "print results.json to stdout instead of the table")
  .option("--jobs <n>", "N values run in parallel on worker threads (default: min(#N, cores))")
  .option(
    "--threads <n>",
    "threads inside each N's evolution: Vlasov line sweeps and orbitals split, same numbers " +
      "(default: the cores left per job, max(1, floor(cores / jobs)))",
  )
  .option("--resume <dir>", "continue an interrupted study in DIR without redoing finished rows")
  .option("--quiet", "no progress output")
  .option("--verbose", "a progress line (with ETA) per step batch of every task")
  .action(async (config: string | undefined, options: StudyOptions) => {
    const { studyCommand } = await import("./study.js");
    process.exitCode = await studyCommand(config, options);
  });

program
  .command("chain")
  .description("compare many-body, Hartree-Fock and Vlasov from one initial state (small N)")
  .argument("[config]", "chain config (JSON): a study config plus a manyBody section")
  .option(
    "--preset <name>",
    "a built-in chain: chain-smooth (default, grid method), chain-basis, chain-ground",
  )
  .option(
    "--out <dir>",
    "write chain.json, chain.csv, rows.jsonl and chain-distances.svg/png to DIR",
  )
  .option("--json", "print chain.json to stdout instead of the table")
  .option("--resume <dir>", "continue an interrupted chain in DIR (finished N are kept)")
  .option("--quiet", "no progress output")
  .action(async (config: string | undefined, options: ChainOptions) => {
    const { chainCommand } = await import("./chain.js");
    process.exitCode = await chainCommand(config, options);
  });

program
  .command("sweep")
  .description(
    "run a study at every point of a sweep (axes over config fields) on threads or Redis",
  )
  .argument("<sweep>", 'sweep file (JSON): {"base": preset or config, "axes": {"path": [values]}}')
  .option(
    "--out <dir>",
    "write sweep.json, sweep.csv, plots and point-K/results.json to DIR (required; rerun continues)",
  )
  .option(
    "--redis <url>",
    "enqueue the tasks on Redis (redis:// or rediss://) for `semiclassical worker`s",
  )
  .option("--queue <name>", "BullMQ queue name (default semiclassical-study-tasks)")
  .option("--jobs <n>", "local worker threads (default: min(#tasks, cores); without --redis)")
  .option(
    "--attempts <n>",
    "tries of a task that throws before it is recorded as failed (default 2)",
  )
  .option("--quiet", "no progress output")
  .action(async (file: string, options: SweepOptions) => {
    const { sweepCommand } = await import("./sweep.js");
    process.exitCode = await sweepCommand(file, options);
  });

program
  .command("worker")
  .description("process sweep tasks from a Redis queue (BullMQ) until stopped")
  .requiredOption(
    "--redis <url>",
    "Redis URL (redis://[user:password@]host:port[/db], rediss:// for TLS)",
  )
  .option("--concurrency <n>", "tasks run at once, each on a worker thread (default 1)")
  .option("--queue <name>", "BullMQ queue name (default semiclassical-study-tasks)")
  .option(
    "--lock-duration <ms>",
    "job lock; a worker silent this long loses its task (default 30000)",
  )
  .option(
    "--stalled-interval <ms>",
    "how often stalled tasks are handed to another worker (default 30000)",
  )
  .option("--quiet", "no log lines")
  .action(async (options: WorkerOptions) => {
    const { workerCommand } = await import("./worker-command.js");
    process.exitCode = await workerCommand(options);
  });

program
  .command("presets")
  .description("list the built-in presets")
  .action(() => {
    const width = Math.max(...STUDY_PRESETS.map((p) => p.name.length));
    for (const preset of STUDY_PRESETS) {
      const mark = preset.name === DEFAULT_PRESET ? "*" : " ";
      process.stdout.write(`${mark} ${preset.name.padEnd(width)}  ${preset.description}\n`);
    }
    process.stdout.write(`(* = default of \`semiclassical study\`)\n`);
  });

program
  .command("validate")
  .description("check a config and print the grids it implies, without running")
  .argument("<config>", "study config (JSON)")
  .option("--json", "print the resolved config and plan as JSON")
  .action((path: string, options: { json?: boolean }) => {
    // The plan is printed even when over budget, then refused (exit 2), as the study would.
    const { plan, refusal } = validateStudy(readJsonFile(path));
    if (options.json) {
      process.stdout.write(
        `${JSON.stringify({ config: plan.config, plan: describePlan(plan) }, null, 2)}\n`,
      );
    } else process.stdout.write(`${renderPlan(plan)}\n`);
    if (refusal) throw refusal;
  });

program
  .command("run")
  .description("one Hartree(-Fock) or Vlasov evolution with diagnostics over time")
  .argument("<config>", "study config (JSON); the first N (or --N) is run")
  .addOption(
    new Option("--solver <solver>", "which evolution").choices(["hf", "vlasov"]).default("hf"),
  )
  .option("--N <n>", "particle number (default: the config's first N)")
  .option("--out <dir>", "write run.json, run.csv, NPY arrays and PNG plots to DIR")
  .option("--json", "print run.json to stdout instead of the table")
  .option("--quiet", "no progress output")
  .action(async (path: string, options: RunOptions) => {
    const { runCommand } = await import("./run.js");
    process.exitCode = await runCommand(path, options);
  });

program
  .command("schema")
  .description("print the JSON Schema of a study config (for editor completion with $schema)")
  .option("--chain", "the chain config's schema (a study config plus manyBody)")
  .action(async (options: SchemaOptions) => {
    const { schemaCommand } = await import("./schema-command.js");
    process.exitCode = schemaCommand(options);
  });

try {
  await program.parseAsync(process.argv);
} catch (error) {
  if (error instanceof CommanderError) {
    // commander already printed its message (unknown option, missing argument, --help ...)
    process.exitCode = error.exitCode === 0 ? 0 : 2;
  } else {
    const { message, exitCode } = describeError(error);
    process.stderr.write(`semiclassical: ${message}\n`);
    process.exitCode = exitCode;
  }
}
