import { readFile } from "node:fs/promises";
import path from "node:path";
import pc from "picocolors";
import {
  ConfigError,
  describeConfig,
  GRADES,
  Linter,
  parseDotenv,
  RuleRegistry,
  type ComposeProject,
  type FixReport,
  type LintMessage,
  type ProjectFileResult,
  type ResolvedConfig,
} from "@compose-lint/core";
import {
  ConfigResolver,
  discoverFiles,
  isIgnoredByConfig,
  describePlans,
  isInside,
  PathError,
  planProjects,
  projectBoundary,
  referenceQuestions,
  readLintableFile,
  type PlanContext,
  type ProjectPlan,
  writeFileAtomic,
  type DiscoveredFile,
  type FileConfig,
} from "@compose-lint/core/node";
import { rules } from "@compose-lint/rules";
import { HELP, parseCliArgs, UsageError, type CliOptions } from "./args.js";
import { applyBaseline, readBaseline, writeBaseline, type BaselineEntry } from "./baseline.js";
import { explain } from "./explain.js";
import { exposureCommand } from "./exposure/command.js";
import { FORMATTERS, type LintResult } from "./formatters/index.js";
import { writeUserFile } from "./paths.js";
import { checkEnvFiles, explicitProject, parseOncePerRun, projectLoader } from "./projects.js";

export interface CliIo {
  cwd: string;
  env: NodeJS.ProcessEnv;
  stdout: (text: string) => void;
  stderr: (text: string) => void;
  readStdin: () => Promise<string>;
  stdoutIsTty: boolean;
}

const defaultIo = (): CliIo => ({
  cwd: process.cwd(),
  env: process.env,
  stdout: (text) => process.stdout.write(text),
  stderr: (text) => process.stderr.write(text),
  readStdin: async () => {
    const chunks: Buffer[] = [];
    for await (const chunk of process.stdin) chunks.push(chunk as Buffer);
    return Buffer.concat(chunks).toString("utf8");
  },
  stdoutIsTty: process.stdout.isTTY === true,
});

/** Runs the CLI and returns its exit code: 0 clean, 1 lint errors or too many warnings, 2 usage/config/internal. */
export async function main(argv: readonly string[], io: CliIo = defaultIo()): Promise<number> {
  try {
    return await run(parseCliArgs(argv), io);
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
  if (options.explain !== undefined) return explain(options.explain, options, io);
  const registry = new RuleRegistry(rules);
  const resolver = new ConfigResolver(registry, {
    cwd: io.cwd,
    configFile: options.configFile,
    noLookup: !options.configLookup,
    overrides: options.ruleOverrides,
  });
  checkEnvFiles(options, io.cwd);
  if (options.exposure) return exposureCommand(options, io, resolver, colorEnabled(options, io));
  const formatter = FORMATTERS[options.format];
  if (!formatter) throw new UsageError(`unknown format "${options.format}" (known: ${Object.keys(FORMATTERS).join(", ")})`);

  if (options.printConfig !== undefined) {
    const { config, configPath } = await resolver.forFile(path.resolve(io.cwd, options.printConfig));
    io.stdout(`${JSON.stringify({ configFile: configPath ?? null, ...describeConfig(withCliSettings(config, options)) }, null, 2)}\n`);
    return 0;
  }

  let results: LintResult[] = [];
  const fixSummary = new Map<string, number>();
  const written: string[] = [];
  let internalErrors = 0;
  const knownRules = new Map(registry.entries());
  if (options.stdin) {
    const filePath = path.resolve(io.cwd, options.stdinFilename ?? "<stdin>");
    const fileConfig = await resolver.forFile(filePath);
    for (const [id, rule] of fileConfig.registry.entries()) knownRules.set(id, rule);
    const { result, applied } = lintText(await io.readStdin(), options.stdinFilename ? filePath : "<stdin>", fileConfig, options);
    addCounts(fixSummary, applied);
    results.push(result);
  } else {
    let plans: ProjectPlan[];
    const parse = parseOncePerRun();
    const loaded = new Map<string, ComposeProject>();
    const explicit = explicitProject(options, io.cwd, io.env);
    if (explicit) {
      plans = [explicit];
    } else {
      const discovered: DiscoveredFile[] = [];
      for (const file of await discoverFiles(options.paths, io.cwd)) {
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
      const declared = new Map<string, string[]>();
      for (const file of discovered) for (const project of (await resolver.forFile(file.path)).projects) declared.set(project.join("\0"), project);
      plans = planProjects(discovered, { ...planContext(options, io, parse, registry, loaded), declared: [...declared.values()] });
    }
    if (options.printProjects) {
      io.stdout(`${describePlans(plans, io.cwd)}\n`);
      return 0;
    }
    const byPath = new Map<string, LintResult>();
    const countedFiles = new Set<string>();
    for (const plan of plans) {
      const fileConfig = await resolver.forFile(plan.files[0]!);
      for (const [id, rule] of fileConfig.registry.entries()) knownRules.set(id, rule);
      let projectResults: LintResult[];
      try {
        projectResults = await lintProject(plan, fileConfig, options, io, { fixSummary, countedFiles, parse, written, loaded });
      } catch (error) {
        // One project that breaks the linter must not hide the others' reports.
        internalErrors++;
        const reason = `${(error as Error).name}: ${(error as Error).message}`;
        projectResults = [...plan.report].map((file) => resultOf(file, [fatalAt(`compose-lint failed on this file (${reason}); nothing was written. Please report it with the file.`)]));
      }
      for (const result of projectResults) {
        const previous = byPath.get(result.filePath);
        byPath.set(result.filePath, previous ? mergeResults(previous, result) : result);
      }
    }
    results.push(...byPath.values());
    results.sort((a, b) => a.filePath.localeCompare(b.filePath));
  }

  if (options.baselineWrite) {
    const file = path.resolve(io.cwd, options.baselineWrite);
    const count = await writeBaseline(file, results, io.cwd);
    io.stderr(`Baseline written to ${options.baselineWrite}: ${count} finding${count === 1 ? "" : "s"} accepted.\n`);
    return 0;
  }
  if (options.baseline) {
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

/**
 * Lints (and fixes) one project. Files of the plan's report set, and the files it includes,
 * extends or reads variables from, are reported; fixes are written only to those.
 */
async function lintProject(
  plan: ProjectPlan,
  fileConfig: FileConfig,
  options: CliOptions,
  io: CliIo,
  run: { fixSummary: Map<string, number>; countedFiles: Set<string>; parse: ReturnType<typeof parseOncePerRun>; written: string[]; loaded: Map<string, ComposeProject> },
): Promise<LintResult[]> {
  const { fixSummary, countedFiles } = run;
  const linter = new Linter(fileConfig.registry);
  const config = withCliSettings(fileConfig.config, options);
  const load = projectLoader(plan, options, io.cwd, io.env, run.parse, run.loaded);
  const boundary = projectBoundary(plan.files, io.cwd);
  // Included, extended and env files are reported too, unless the config's `ignores` covers them.
  const reported = (file: ProjectFileResult) =>
    plan.report.has(file.path) ||
    (file.role !== "compose" && (file.role !== "env" || file.messages.length > 0) && !isIgnoredByConfig(file.path, fileConfig.config.ignores, fileConfig.baseDir));
  const fixing = options.fix || options.fixDryRun;
  const fixTypes = options.fixTypes;
  // Files that only give context (a variant's base) are neither reported, checked alone, nor fixed here.
  const ownFile = (file: string) => plan.report.has(file) || !plan.files.includes(file);
  const report = fixing
    ? linter.verifyAndFixProject(load, config, {
        fixFilter: fixTypes ? (message) => fixTypes.has(message.fixKind ?? "safe") : undefined,
        fixFile: ownFile,
        lintFile: ownFile,
      })
    : { files: linter.verifyProject(load(), config, { lintFile: ownFile }), applied: [], circular: false };
  const results: LintResult[] = [];
  for (const file of report.files.filter(reported)) {
    const messages = report.circular && file.output !== undefined ? [...file.messages, warningAt("Fixes kept undoing each other; some were not applied")] : file.messages;
    const result = resultOf(file.path, messages, file.output, file.text?.replace(/^\uFEFF/, ""));
    if (file.output !== undefined) result.fixedFrom = file.original?.replace(/^\uFEFF/, "");
    if (options.fix && file.output !== undefined && !isInside(boundary, file.path)) {
      // A symlink into another folder: the project's fixes stop at its folder.
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

/** What the project planner needs to read and load on the command line's terms. */
function planContext(options: CliOptions, io: CliIo, parse: ReturnType<typeof parseOncePerRun>, registry: RuleRegistry, loaded: Map<string, ComposeProject>): PlanContext {
  const load = (files: string[]) => projectLoader({ files, report: new Set(files), reason: "" }, options, io.cwd, io.env, parse, loaded)();
  return {
    load,
    ...referenceQuestions(registry, load, readLintableFile),
    composeFileList: (folder) => {
      const dotenv = readLintableFile(path.join(folder, ".env"));
      // The folder's own .env: the shell's COMPOSE_FILE names files of the working directory (-f's job).
      const list = dotenv.ok ? parseDotenv(dotenv.text).values.get("COMPOSE_FILE") : undefined;
      const separator = io.env["COMPOSE_PATH_SEPARATOR"] || (process.platform === "win32" ? ";" : ":");
      return list ? list.split(separator).filter(Boolean) : undefined;
    },
    boundaryOf: (file) => projectBoundary([file], io.cwd),
  };
}

/** A file's findings in the project as it is on disk (the fixes were not written). */
function linterMessagesOf(linter: Linter, load: (texts?: ReadonlyMap<string, string>) => ComposeProject, config: ResolvedConfig, filePath: string, lintFile: (file: string) => boolean): LintMessage[] {
  return linter.verifyProject(load(), config, { lintFile }).find((result) => result.path === filePath)?.messages ?? [];
}

/** A file reported by two projects (a variant's base, an included file found on its own): each finding once. */
function mergeResults(first: LintResult, second: LintResult): LintResult {
  const key = (message: LintMessage) => `${message.ruleId}\0${message.line}:${message.column}\0${message.message}`;
  const seen = new Set(first.messages.map(key));
  const messages = [...first.messages, ...second.messages.filter((message) => !seen.has(key(message)))];
  return { ...resultOf(first.filePath, messages, second.output ?? first.output, second.source ?? first.source), fixedFrom: first.fixedFrom ?? second.fixedFrom };
}

/** Lints (and, when asked, fixes) a text; `applied` counts the fixes applied per rule. */
function lintText(text: string, filePath: string, fileConfig: FileConfig, options: CliOptions): { result: LintResult; applied: Map<string, number> } {
  const linter = new Linter(fileConfig.registry);
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

function addCounts(total: Map<string, number>, counts: ReadonlyMap<string, number>): void {
  for (const [id, count] of counts) total.set(id, (total.get(id) ?? 0) + count);
}

function withCliSettings(config: ResolvedConfig, options: CliOptions): ResolvedConfig {
  return options.reportUnusedDisableDirectives ? { ...config, reportUnusedDisableDirectives: true } : config;
}

function resultOf(filePath: string, messages: LintMessage[], output?: string, source?: string): LintResult {
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

function onlyErrors(result: LintResult): LintResult {
  const messages = result.messages.filter((message) => message.severity === 2);
  return { ...resultOf(result.filePath, messages, result.output, result.source), fixedFrom: result.fixedFrom };
}

function fatalAt(message: string): LintMessage {
  return { ruleId: null, severity: 2, fatal: true, message, line: 1, column: 1, endLine: 1, endColumn: 1, range: [0, 0] };
}

function warningAt(message: string): LintMessage {
  return { ruleId: null, severity: 1, message, line: 1, column: 1, endLine: 1, endColumn: 1, range: [0, 0] };
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

async function readVersion(): Promise<string> {
  const text = await readFile(new URL("../package.json", import.meta.url), "utf8");
  return (JSON.parse(text) as { version: string }).version;
}

function formatFixedBaseline(fixed: readonly BaselineEntry[], file: string): string {
  const total = fixed.reduce((sum, entry) => sum + entry.count, 0);
  const lines = fixed.map((entry) => `  ${entry.file}: ${entry.ruleId}${entry.service ? ` (service "${entry.service}")` : ""}${entry.count > 1 ? ` ×${entry.count}` : ""}`);
  return `${total} finding${total === 1 ? "" : "s"} in ${file} no longer occur${total === 1 ? "s" : ""} (fixed); run --baseline-write to shrink the baseline:\n${lines.join("\n")}\n`;
}
