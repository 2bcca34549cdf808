import { DEFAULT_PRESET, STUDY_PRESETS } from "@semiclassical/study";
import { Command, CommanderError, Option } from "commander";
import { describeError } from "./errors.js";
import { loadStudy, readJsonFile } from "./load.js";
import { type RunOptions, runCommand } from "./run.js";
import { type StudyOptions, studyCommand } from "./study.js";
import { describePlan } from "./study-report.js";
import { renderPlan } from "./validate.js";

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
  .option("--out <dir>", "write results.json, results.csv, NPY arrays and PNG plots to DIR")
  .option("--json", "print results.json to stdout instead of the table")
  .option("--jobs <n>", "N values run in parallel on worker threads (default: min(#N, cores))")
  .option("--resume <dir>", "continue an interrupted study in DIR without redoing finished rows")
  .option("--quiet", "no progress output")
  .action(async (config: string | undefined, options: StudyOptions) => {
    process.exitCode = await studyCommand(config, options);
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
    const { plan } = loadStudy(readJsonFile(path));
    if (options.json) {
      process.stdout.write(
        `${JSON.stringify({ config: plan.config, plan: describePlan(plan) }, null, 2)}\n`,
      );
    } else process.stdout.write(`${renderPlan(plan)}\n`);
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
    process.exitCode = await runCommand(path, options);
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
