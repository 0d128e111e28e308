import { promises as fsPromises } from "node:fs";
import path from "node:path";
import pc from "picocolors";
import {
  ConfigError,
  describeConfig,
  GRADES,
  Linter,
  MAX_TEXT_LENGTH,
  RuleRegistry,
  RuleTimings,
  type FixReport,
  type LintMessage,
} from "@compose-lint/core";
import {
  comparePaths,
  composeFilesIn,
  discoverFiles,
  FolderListings,
  isIgnoredByConfig,
  describePlans,
  PathError,
  groupProjects,
  ownersFirst,
  planNamedFiles,
  planProjects,
  type ConfigResolver,
  type PlanContext,
  type ProjectPlan,
  type DiscoveredFile,
  type FileConfig,
} from "@compose-lint/core/node";
import { rules } from "@compose-lint/rules";
import { HELP, parseCliArgs, UsageError, type CliOptions } from "./args.js";
import type { BaselineEntry } from "./baseline.js";
import { FORMAT_NAMES, loadFormatter, type LintResult } from "./formatters/index.js";
import { writeUserFile } from "./paths.js";
import { addCounts, cliConfigResolver, fatalAt, lintPlan, planContext, resultOf, sharedRunState, warningAt, withCliSettings, type LintRun, type PlanOutcome } from "./lint-project.js";
import type { WorkerPool } from "./parallel.js";
import { checkEnvFiles, explicitProject } from "./projects.js";
import { lintingThreads } from "./linting-threads.js";

export interface CliIo {
  /** The command line as given, for worker threads to read the same options. */
  argv?: readonly string[];
  /** The bundle file, which worker threads start from; without it (tests in-process) linting stays in this thread. */
  workerScript?: URL;
  cwd: string;
  env: NodeJS.ProcessEnv;
  stdout: (text: string) => void;
  stderr: (text: string) => void;
  readStdin: () => Promise<string>;
  stdoutIsTty: boolean;
  /** The launcher's tuning of V8 for a run, once the run knows how many files it lints, in how many threads (0 or 1: this one alone). */
  tuneForRun?: (fileCount: number, threads: number) => void;
}

export const defaultIo = (): CliIo => ({
  cwd: process.cwd(),
  env: process.env,
  stdout: (text) => process.stdout.write(text),
  stderr: (text) => process.stderr.write(text),
  readStdin: async () => {
    const chunks: Buffer[] = [];
    let length = 0;
    // `--stdin < /dev/zero` never ends: past 16 times the limit the text is refused as too large
    // anyway (below that, the message gives its true size).
    for await (const chunk of process.stdin) {
      chunks.push(chunk as Buffer);
      length += (chunk as Buffer).length;
      if (length > 16 * MAX_TEXT_LENGTH) break;
    }
    return Buffer.concat(chunks).toString("utf8");
  },
  stdoutIsTty: process.stdout.isTTY === true,
});

let lintedFileCount = 0;

/**
 * How many files this thread has linted through the rules (the launcher caches compiled code after
 * a few). Not those of worker threads, nor files that did not parse: the thread compiled too little
 * for them, and a cache written then would leave every later start compiling the lint path again.
 */
export function lintedFiles(): number {
  return lintedFileCount;
}

let runFileCount = 0;

/** How many Compose files the run found to lint, in every thread (the launcher keeps a cache per size of run). */
export function filesInRun(): number {
  return runFileCount;
}

/** Runs the CLI and returns its exit code: 0 clean, 1 lint errors or too many warnings, 2 usage/config/internal. */
export async function main(argv: readonly string[], io: CliIo = defaultIo()): Promise<number> {
  try {
    return await run(parseCliArgs(argv), { ...io, argv });
  } catch (error) {
    if (error instanceof UsageError) {
      io.stderr(`compose-lint: ${error.message}\nRun "compose-lint --help" for usage.\n`);
      return 2;
    }
    if (error instanceof ConfigError || error instanceof PathError) {
      io.stderr(`compose-lint: ${error.message}\n`);
      return 2;
    }
    const detail = io.env["DEBUG"] ? `\n${(error as Error).stack ?? ""}` : "";
    io.stderr(`compose-lint: internal error: ${(error as Error).message}${detail}\nPlease report it with the file that caused it.\n`);
    return 2;
  }
}

async function run(options: CliOptions, io: CliIo): Promise<number> {
  if (options.help) {
    io.stdout(HELP);
    return 0;
  }
  if (options.version) {
    io.stdout(`${await readVersion()}\n`);
    return 0;
  }
  // What only some runs need loads when they need it: a start compiles only the lint path.
  if (options.explain !== undefined) return (await import("./explain.js")).explain(options.explain, options, io);
  const registry = new RuleRegistry(rules);
  // Discovery records each folder it lists; lookups of config and Compose names read them.
  const listings = new FolderListings();
  const resolver = cliConfigResolver(registry, options, io.cwd, listings.exists);
  checkEnvFiles(options, io.cwd);
  try {
    if (options.exposure) return await (await import("./exposure/command.js")).exposureCommand(options, io, resolver, colorEnabled(options, io));
    return await lintCommand(options, io, registry, listings, resolver);
  } finally {
    reportConfigLookup(resolver, options, io);
  }
}

/** What config lookup passed over or found empty, on standard error: a run must not look checked when it was not. */
function reportConfigLookup(resolver: ConfigResolver, options: CliOptions, io: CliIo): void {
  // The exposure audit runs no rules: a config of only `exposure:` settings is whole for it.
  for (const note of resolver.lookupNotes(io.cwd, { rulesRun: !options.exposure })) io.stderr(`compose-lint: ${note}\n`);
}

async function lintCommand(options: CliOptions, io: CliIo, registry: RuleRegistry, listings: FolderListings, resolver: ConfigResolver): Promise<number> {
  const formatter = await loadFormatter(options.format);
  if (!formatter) throw new UsageError(`unknown format "${options.format}" (known: ${FORMAT_NAMES.join(", ")})`);

  if (options.printConfig !== undefined) {
    const { config, configPath } = await resolver.forFile(path.resolve(io.cwd, options.printConfig));
    io.stdout(`${JSON.stringify({ configFile: configPath ?? null, ...describeConfig(withCliSettings(config, options)) }, null, 2)}\n`);
    return 0;
  }

  let results: LintResult[] = [];
  // TIMING=1 (or a count, or `all`), as in ESLint: the slowest rules, on standard error.
  const timings = io.env["TIMING"] ? new RuleTimings() : undefined;
  const fixSummary = new Map<string, number>();
  const written: string[] = [];
  let internalErrors = 0;
  const knownRules = new Map(registry.entries());
  // Every plan of a folder shares its config's registry: each registry's rules are added once.
  const catalogued = new Set<RuleRegistry>([registry]);
  const catalogue = (fileRegistry: RuleRegistry) => {
    if (catalogued.has(fileRegistry)) return;
    catalogued.add(fileRegistry);
    for (const [id, rule] of fileRegistry.entries()) knownRules.set(id, rule);
  };
  if (options.stdin) {
    const filePath = path.resolve(io.cwd, options.stdinFilename ?? "<stdin>");
    const fileConfig = await resolver.forFile(filePath);
    catalogue(fileConfig.registry);
    const { result, applied } = lintText(await io.readStdin(), options.stdinFilename ? filePath : "<stdin>", fileConfig, options, timings);
    if (result.fatalErrorCount === 0) lintedFileCount++;
    addCounts(fixSummary, applied);
    results.push(result);
  } else {
    let plans: ProjectPlan[];
    const fixing = options.fix || options.fixDryRun;
    const run: LintRun = { ...sharedRunState(options, listings.exists), timings, fixSummary, countedFiles: new Set<string>(), written, ...(fixing ? { fixedTexts: new Map<string, string>() } : {}) };
    const explicit = explicitProject(options, io.cwd, io.env);
    let pool: WorkerPool | undefined;
    let tuneWhenLoaded = () => undefined as void;
    let planning: PlanContext | undefined;
    // Every file found: an overlay's base may be any of them.
    let found: string[] = [];
    if (explicit) {
      plans = [explicit];
    } else {
      const discovered: DiscoveredFile[] = [];
      for (const file of await discoverFiles(options.paths, io.cwd, listings)) {
        const fileConfig = await resolver.forFile(file.path);
        if (isIgnoredByConfig(file.path, fileConfig.config.ignores, fileConfig.baseDir)) {
          if (file.explicit) results.push(resultOf(file.path, [warningAt("File ignored because of a matching ignore pattern in the config")]));
          continue;
        }
        discovered.push(file);
      }
      // A run that checked nothing must not look like a clean one (as ESLint does).
      if (discovered.length === 0 && results.length === 0) {
        if (!options.errorOnUnmatchedPattern) return 0;
        throw new PathError(`No Compose files found in ${options.paths.length > 0 ? options.paths.join(", ") : "."}`);
      }
      runFileCount = discovered.length;
      // Fixes are written from this thread: projects may share a file.
      // Rules are timed in this thread only.
      const threads = io.workerScript && !options.fix && !options.fixDryRun && !options.printProjects && !timings ? lintingThreads(options.concurrency, discovered.length) : 0;
      if (threads > 1) pool = new (await import("./parallel.js")).WorkerPool(io.workerScript!, { argv: io.argv ?? [], cwd: io.cwd, env: io.env }, threads - 1);
      // V8 is tuned for the run once every worker has loaded the bundle: a worker that loads it after
      // a flag changed finds its compile cache rejected, and compiles the bundle again.
      tuneWhenLoaded = () => {
        if (!pool || pool.allLoaded) {
          io.tuneForRun?.(discovered.length, threads);
          tuneWhenLoaded = () => undefined;
        }
      };
      tuneWhenLoaded();
      try {
        const declared = new Map<string, string[]>();
        for (const file of discovered) for (const project of (await resolver.forFile(file.path)).projects) declared.set(project.join("\0"), project);
        planning = { ...planContext(options, io, run, registry), declared: [...declared.values()] };
        if (options.paths.length > 0 && discovered.every((file) => file.explicit)) {
          // Files named one by one (what pre-commit passes): each in the projects a search of its
          // repository would put it in, and only they are reported.
          ({ plans, found } = planNamedFiles(discovered, planning, composeFilesIn));
        } else {
          found = discovered.map((file) => file.path);
          // With workers, each settles the plans it lints (which loads them): this thread parses only what include and extends need.
          plans = pool ? groupProjects(discovered, planning) : planProjects(discovered, planning);
        }
      } catch (error) {
        // A running worker would keep the process alive after the error is reported.
        await pool?.close();
        throw error;
      }
    }
    if (options.printProjects) {
      io.stdout(`${describePlans(plans, io.cwd)}\n`);
      return 0;
    }
    // A variant is fixed against its base as fixed: the base's own project goes first.
    if (fixing) plans = ownersFirst(plans);
    const byPath = new Map<string, LintResult>();
    /** Lints a plan in this thread (with workers, settled here: the planner left it to the thread that lints it). */
    const lintHere = async (plan: ProjectPlan): Promise<PlanOutcome> => {
      const outcome = await lintPlan(plan, (file) => resolver.forFile(file), options, io, run, pool && planning ? { context: planning, found } : undefined);
      if ("results" in outcome) lintedFileCount += outcome.results.filter((result) => result.fatalErrorCount === 0).length;
      return outcome;
    };
    let outcomes: Array<PlanOutcome | undefined> = [];
    try {
      if (pool) {
        // This thread claims plans as the workers do, while they start and after: one worker fewer
        // to start and warm up (measured on 2 cores, corpus: 1.60 s with two workers, 1.41 s with
        // this thread and one).
        const { PlanQueue } = await import("./parallel.js");
        const queue = PlanQueue.forPlans(plans, pool.size + 1);
        const pending = pool.lint(plans, found, queue);
        const own = new Map<number, PlanOutcome>();
        for (let range = queue.claim(); range; range = queue.claim()) {
          for (let index = range[0]; index < range[1]; index++) {
            tuneWhenLoaded();
            own.set(index, await lintHere(plans[index]!));
          }
        }
        outcomes = await pending;
        for (const [index, outcome] of own) outcomes[index] = outcome;
      }
      for (const [index, plan] of plans.entries()) {
        const fileConfig = await resolver.forFile(plan.files[0]!);
        catalogue(fileConfig.registry);
        // In one thread every plan is linted here; with workers, those of a worker that failed.
        const outcome = outcomes[index] ?? (await lintHere(plan));
        let projectResults: LintResult[];
        if ("failure" in outcome) {
          // One project that breaks the linter must not hide the others' reports.
          internalErrors++;
          projectResults = [...plan.report].map((file) => resultOf(file, [fatalAt(`compose-lint failed on this file (${outcome.failure}); nothing was written. Please report it with the file.`)]));
        } else projectResults = outcome.results;
        for (const result of projectResults) {
          const previous = byPath.get(result.filePath);
          byPath.set(result.filePath, previous ? mergeResults(previous, result) : result);
        }
      }
    } finally {
      // The workers have answered, or this thread failed: they stop either way.
      await pool?.close();
    }
    results.push(...byPath.values());
    results.sort((a, b) => comparePaths(a.filePath, b.filePath));
  }

  if (options.baselineWrite) {
    const file = path.resolve(io.cwd, options.baselineWrite);
    const count = await (await import("./baseline.js")).writeBaseline(file, results, io.cwd);
    io.stderr(`Baseline written to ${options.baselineWrite}: ${count} finding${count === 1 ? "" : "s"} accepted.\n`);
    return 0;
  }
  if (options.baseline) {
    const { applyBaseline, readBaseline } = await import("./baseline.js");
    const applied = applyBaseline(results, await readBaseline(path.resolve(io.cwd, options.baseline)), io.cwd, (result, messages) =>
      ({ ...resultOf(result.filePath, messages, result.output, result.source), fixedFrom: result.fixedFrom }),
    );
    results = applied.results;
    if (applied.fixed.length > 0) io.stderr(formatFixedBaseline(applied.fixed, options.baseline));
  }

  const shown = options.quiet ? results.map(onlyErrors) : results;
  const colors = pc.createColors(colorEnabled(options, io));
  const report = formatter(shown, { cwd: io.cwd, colors, rules: knownRules, version: await readVersion() });
  if (options.outputFile) await writeUserFile(path.resolve(io.cwd, options.outputFile), report, "the report");
  else if (report !== "") io.stdout(report.endsWith("\n") ? report : `${report}\n`);
  if (fixSummary.size > 0) io.stderr(formatFixSummary(fixSummary, registry, !options.fix));
  if (timings) io.stderr(timings.format(io.env["TIMING"]));
  if (written.length > 0) io.stderr(`Wrote ${written.length} file${written.length === 1 ? "" : "s"}: ${written.map((file) => path.relative(io.cwd, file) || file).join(", ")}\n`);
  if (internalErrors > 0) return 2;

  const errorCount = shown.reduce((sum, result) => sum + result.errorCount, 0);
  const warningCount = shown.reduce((sum, result) => sum + result.warningCount, 0);
  if (options.failOn) {
    // Graded: what fails the build is the grade, not the severity; unlintable files always fail.
    const threshold = GRADES.indexOf(options.failOn);
    const failing = shown.some((result) =>
      result.messages.some((message) => message.fatal || (message.ruleId !== null && GRADES.indexOf(message.grade ?? "medium") >= threshold)),
    );
    if (failing) return 1;
  } else if (errorCount > 0) return 1;
  if (options.maxWarnings !== undefined && options.maxWarnings >= 0 && warningCount > options.maxWarnings) {
    io.stderr(`compose-lint found too many warnings (maximum: ${options.maxWarnings}).\n`);
    return 1;
  }
  return 0;
}

/** A file reported by two projects (a variant's base, an included file found on its own): each finding once. */
function mergeResults(first: LintResult, second: LintResult): LintResult {
  const key = (message: LintMessage) => `${message.ruleId}\0${message.line}:${message.column}\0${message.message}`;
  const seen = new Set(first.messages.map(key));
  const messages = [...first.messages, ...second.messages.filter((message) => !seen.has(key(message)))];
  return { ...resultOf(first.filePath, messages, second.output ?? first.output, second.source ?? first.source), fixedFrom: first.fixedFrom ?? second.fixedFrom };
}

/** Lints (and, when asked, fixes) a text; `applied` counts the fixes applied per rule. */
function lintText(text: string, filePath: string, fileConfig: FileConfig, options: CliOptions, timings: RuleTimings | undefined): { result: LintResult; applied: Map<string, number> } {
  const linter = new Linter(fileConfig.registry, timings);
  const config = withCliSettings(fileConfig.config, options);
  const source = text.replace(/^\uFEFF/, "");
  const applied = new Map<string, number>();
  if (!options.fix && !options.fixDryRun) return { result: resultOf(filePath, linter.verify(text, config, { filename: filePath }), undefined, source), applied };
  const fixTypes = options.fixTypes;
  const report: FixReport = linter.verifyAndFix(text, config, {
    filename: filePath,
    fixFilter: fixTypes ? (message) => fixTypes.has(message.fixKind ?? "safe") : undefined,
  });
  for (const message of report.applied) if (message.ruleId) applied.set(message.ruleId, (applied.get(message.ruleId) ?? 0) + 1);
  const messages = report.circular ? [...report.messages, warningAt("Fixes kept undoing each other; some were not applied")] : report.messages;
  // Positions and fixes of the remaining problems refer to the fixed text.
  const result = resultOf(filePath, messages, report.fixed ? report.output : undefined, report.output.replace(/^\uFEFF/, ""));
  if (report.fixed) result.fixedFrom = source;
  return { result, applied };
}

function onlyErrors(result: LintResult): LintResult {
  const messages = result.messages.filter((message) => message.severity === 2);
  return { ...resultOf(result.filePath, messages, result.output, result.source), fixedFrom: result.fixedFrom };
}

function colorEnabled(options: CliOptions, io: CliIo): boolean {
  if (options.color !== undefined) return options.color;
  if (options.outputFile) return false;
  if ("NO_COLOR" in io.env && io.env["NO_COLOR"] !== "") return false;
  const force = io.env["FORCE_COLOR"];
  if (force !== undefined && force !== "") return force !== "0" && force !== "false";
  return io.stdoutIsTty;
}

function formatFixSummary(counts: Map<string, number>, registry: RuleRegistry, dryRun: boolean): string {
  const total = [...counts.values()].reduce((sum, count) => sum + count, 0);
  const lines = [...counts.entries()].map(([id, count]) => {
    const summary = registry.get(id)?.meta.fixSummary;
    const text = summary ? (count === 1 ? summary.one : summary.other).replace("{{count}}", String(count)) : `${count} fixed`;
    return `  ${text} (${id})`;
  });
  return `${dryRun ? "Would fix" : "Fixed"} ${total} problem${total === 1 ? "" : "s"}:\n${lines.join("\n")}\n`;
}

/** The bundle carries its version (scripts/bundle.mjs defines it), so a copy of the one file still knows it. */
declare const COMPOSE_LINT_VERSION: string | undefined;

async function readVersion(): Promise<string> {
  if (typeof COMPOSE_LINT_VERSION === "string") return COMPOSE_LINT_VERSION;
  // The compiled workspace package: its package.json beside dist/.
  const text = await fsPromises.readFile(new URL("../package.json", import.meta.url), "utf8");
  return (JSON.parse(text) as { version: string }).version;
}

function formatFixedBaseline(fixed: readonly BaselineEntry[], file: string): string {
  const total = fixed.reduce((sum, entry) => sum + entry.count, 0);
  const lines = fixed.map((entry) => `  ${entry.file}: ${entry.ruleId}${entry.service ? ` (service "${entry.service}")` : ""}${entry.count > 1 ? ` ×${entry.count}` : ""}`);
  return `${total} finding${total === 1 ? "" : "s"} in ${file} no longer occur${total === 1 ? "s" : ""} (fixed); run --baseline-write to shrink the baseline:\n${lines.join("\n")}\n`;
}
