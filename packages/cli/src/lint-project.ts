// One project's lint, shared by the command's own thread and its worker threads.
import path from "node:path";
import { Linter, parseDotenv, type RuleTimings, type ComposeProject, type LintMessage, type ProjectFileResult, type ResolvedConfig, type RuleRegistry } from "@compose-lint/core";
import {
  ConfigResolver,
  isIgnoredByConfig,
  isInside,
  projectBoundary,
  readingOnce,
  readLintableFile,
  referenceQuestions,
  reusingParser,
  settlePlan,
  writeFileAtomic,
  type FileConfig,
  type ReadResult,
  type PlanContext,
  type ProjectPlan,
} from "@compose-lint/core/node";
import type { CliOptions } from "./args.js";
import type { LintResult } from "./formatters/index.js";
import type { CliIo } from "./main.js";
import { projectLoader, type ProjectRun } from "./projects.js";

/** A project's reports, or why linting it failed. */
export type PlanOutcome = { results: LintResult[] } | { failure: string };

/**
 * Settles a plan where it is linted (`settling`: with workers, each thread settles the plans it
 * claims) and lints it with the config of its first file once settled, in any thread. A plan that
 * breaks the linter is that plan's failure, reported in its files, not the run's.
 */
export async function lintPlan(
  plan: ProjectPlan,
  configOf: (file: string) => Promise<FileConfig>,
  options: CliOptions,
  io: CliIo,
  run: LintRun,
  settling?: { context: PlanContext; found: readonly string[] },
): Promise<PlanOutcome> {
  try {
    if (settling) settlePlan(plan, settling.context, settling.found);
    return { results: await lintProject(plan, await configOf(plan.files[0]!), options, io, run) };
  } catch (error) {
    return { failure: `${(error as Error).name}: ${(error as Error).message}` };
  }
}

/**
 * Lints (and fixes) one project. Files of the plan's report set, and the files it includes,
 * extends or reads variables from, are reported; fixes are written only to those.
 */
export async function lintProject(
  plan: ProjectPlan,
  fileConfig: FileConfig,
  options: CliOptions,
  io: CliIo,
  run: LintRun,
): Promise<LintResult[]> {
  const { fixSummary, countedFiles } = run;
  const linter = new Linter(fileConfig.registry, run.timings);
  const config = withCliSettings(fileConfig.config, options);
  const load = projectLoader(plan, options, io.cwd, io.env, run);
  const boundary = projectBoundary(plan.files, io.cwd, run.exists);
  // Included, extended and env files are reported too, unless the config's `ignores` covers them
  // or only the files named on the command line are (reportOnly).
  const reported = (file: ProjectFileResult) =>
    plan.report.has(file.path) ||
    (!plan.reportOnly && file.role !== "compose" && (file.role !== "env" || file.messages.length > 0) && !isIgnoredByConfig(file.path, fileConfig.config.ignores, fileConfig.baseDir));
  const fixing = options.fix || options.fixDryRun;
  const fixTypes = options.fixTypes;
  // Files that only give context (a variant's base) are neither reported, checked alone, nor fixed here.
  const ownFile = (file: string) => plan.report.has(file) || (!plan.reportOnly && !plan.files.includes(file));
  const report = fixing
    ? linter.verifyAndFixProject(load, config, {
        fixFilter: fixTypes ? (message) => fixTypes.has(message.fixKind ?? "safe") : undefined,
        fixFile: ownFile,
        lintFile: ownFile,
        parseFile: run.parse,
      })
    : { files: linter.verifyProject(load(), config, { lintFile: ownFile }), applied: [], circular: false };
  const results: LintResult[] = [];
  for (const file of report.files.filter(reported)) {
    const messages = report.circular && file.output !== undefined ? [...file.messages, warningAt("Fixes kept undoing each other; some were not applied")] : file.messages;
    const result = resultOf(file.path, messages, file.output, file.text?.replace(/^\uFEFF/, ""));
    if (file.output !== undefined) result.fixedFrom = file.original?.replace(/^\uFEFF/, "");
    // A symlink into another folder: the project's fixes stop at its folder.
    const fixedOutside = file.output !== undefined && !isInside(boundary, file.path);
    if (options.fix && fixedOutside) {
      results.push(resultOf(file.path, [...linterMessagesOf(linter, load, config, file.path, ownFile), fatalAt(`Fixes not written: the file resolves outside the project folder ${boundary}; the file is unchanged`)]));
      continue;
    }
    if (options.fix && file.output !== undefined) {
      try {
        await writeFileAtomic(file.path, file.output);
        run.written.push(file.path);
      } catch (error) {
        // The findings still stand: they are listed as they are in the unchanged file.
        const code = (error as NodeJS.ErrnoException).code ?? (error as Error).message;
        const unfixed = file.original === undefined ? [] : linterMessagesOf(linter, load, config, file.path, ownFile);
        results.push(resultOf(file.path, [...unfixed, fatalAt(`Fixes not written (${code}); the file is unchanged`)], undefined, file.original?.replace(/^\uFEFF/, "")));
        continue;
      }
    }
    // The projects linted after this one read the file as fixed (the owner of a variant's base
    // is linted before the variant: ownersFirst).
    if (file.output !== undefined && !fixedOutside) run.fixedTexts?.set(file.path, file.output);
    // Counted once the fixes are on disk (or, for a dry run, once computed), and once per file:
    // a dry run computes the same fixes again for a file that another project shares.
    if (!countedFiles.has(file.path)) {
      const applied = new Map<string, number>();
      for (const item of report.applied) if (item.path === file.path && item.message.ruleId) applied.set(item.message.ruleId, (applied.get(item.message.ruleId) ?? 0) + 1);
      if (applied.size > 0) countedFiles.add(file.path);
      addCounts(fixSummary, applied);
    }
    results.push(result);
  }
  return results;
}

/** What the projects of a run share, and what a lint adds up across them. */
export interface LintRun extends ProjectRun {
  parse: ReturnType<typeof reusingParser>;
  loaded: Map<string, ComposeProject>;
  read: (filePath: string) => ReadResult;
  exists: (filePath: string) => boolean;
  /** `TIMING`: each rule's time. */
  timings?: RuleTimings;
  fixSummary: Map<string, number>;
  countedFiles: Set<string>;
  written: string[];
  /** A fix run's fixed texts so far (see ProjectRun); absent where nothing is fixed. */
  fixedTexts?: Map<string, string>;
}

/** A run's config resolver, the same in the command's thread and in each worker. */
export function cliConfigResolver(registry: RuleRegistry, options: CliOptions, cwd: string, exists: (filePath: string) => boolean): ConfigResolver {
  return new ConfigResolver(registry, { cwd, configFile: options.configFile, noLookup: !options.configLookup, overrides: options.ruleOverrides, exists });
}

/**
 * What the projects of a run share, in the command's thread and in each worker: each file parsed
 * and each project loaded once. A run that writes nothing reads each file once too; a fix run
 * reads what an earlier project wrote.
 */
export function sharedRunState(options: CliOptions, exists: (filePath: string) => boolean): Pick<LintRun, "parse" | "loaded" | "read" | "exists"> {
  return { parse: reusingParser(), loaded: new Map(), read: options.fix ? readLintableFile : readingOnce(readLintableFile), exists };
}

/** What the project planner needs to read and load on the command line's terms. */
export function planContext(options: CliOptions, io: CliIo, run: Pick<LintRun, "parse" | "loaded" | "read" | "exists">, registry: RuleRegistry): PlanContext {
  const { exists } = run;
  // Planning asks about a file (does it mention include?) and then loads it: one read for both.
  const read = readingOnce(run.read);
  const load = (files: string[]) => projectLoader({ files, report: new Set(files), reason: "" }, options, io.cwd, io.env, { ...run, read })();
  return {
    load,
    ...referenceQuestions(registry, load, read),
    exists,
    composeFileList: (folder) => {
      const envFile = path.join(folder, ".env");
      if (!exists(envFile)) return undefined;
      const dotenv = readLintableFile(envFile);
      // The folder's own .env: the shell's COMPOSE_FILE names files of the working directory (-f's job).
      const list = dotenv.ok ? parseDotenv(dotenv.text).values.get("COMPOSE_FILE") : undefined;
      const separator = io.env["COMPOSE_PATH_SEPARATOR"] || (process.platform === "win32" ? ";" : ":");
      return list ? list.split(separator).filter(Boolean) : undefined;
    },
    boundaryOf: (file) => projectBoundary([file], io.cwd, exists),
  };
}

/** A file's findings in the project as it is on disk (the fixes were not written). */
function linterMessagesOf(linter: Linter, load: (texts?: ReadonlyMap<string, string>) => ComposeProject, config: ResolvedConfig, filePath: string, lintFile: (file: string) => boolean): LintMessage[] {
  return linter.verifyProject(load(), config, { lintFile }).find((result) => result.path === filePath)?.messages ?? [];
}

export function addCounts(total: Map<string, number>, counts: ReadonlyMap<string, number>): void {
  for (const [id, count] of counts) total.set(id, (total.get(id) ?? 0) + count);
}

export function withCliSettings(config: ResolvedConfig, options: CliOptions): ResolvedConfig {
  return options.reportUnusedDisableDirectives ? { ...config, reportUnusedDisableDirectives: true } : config;
}

export function resultOf(filePath: string, messages: LintMessage[], output?: string, source?: string): LintResult {
  const result: LintResult = {
    filePath,
    messages,
    errorCount: 0,
    fatalErrorCount: 0,
    warningCount: 0,
    fixableErrorCount: 0,
    fixableWarningCount: 0,
  };
  for (const message of messages) {
    if (message.severity === 2) {
      result.errorCount++;
      if (message.fatal) result.fatalErrorCount++;
      if (message.fix) result.fixableErrorCount++;
    } else {
      result.warningCount++;
      if (message.fix) result.fixableWarningCount++;
    }
  }
  if (output !== undefined) result.output = output;
  if (source !== undefined) result.source = source;
  return result;
}

export function fatalAt(message: string): LintMessage {
  return { ruleId: null, severity: 2, fatal: true, message, line: 1, column: 1, endLine: 1, endColumn: 1, range: [0, 0] };
}

export function warningAt(message: string): LintMessage {
  return { ruleId: null, severity: 1, message, line: 1, column: 1, endLine: 1, endColumn: 1, range: [0, 0] };
}
