import { readdirSync } from "node:fs";
import path from "node:path";
import { Linter, RuleRegistry, type FixKind, type LintMessage } from "@compose-lint/core";
import {
  COMPOSE_FILE_NAME,
  ConfigResolver,
  defaultComposeFiles,
  loadProject,
  planProjects,
  projectBoundary,
  readingOnce,
  readThrough,
  referenceQuestions,
  reusingParser,
  type ReadResult,
} from "@compose-lint/core/node";
import { rules } from "@compose-lint/rules";

/** One document to lint or fix, as plain data: it crosses to the lint worker and back. */
export interface LintJob {
  kind: "lint" | "fix";
  filePath: string;
  /** A document with a file: URI is linted as part of its project; others on their own. */
  onDisk: boolean;
  text: string;
  /** The unsaved texts of the editor's open documents, by path. */
  openTexts: Array<[string, string]>;
}

export interface LintAnswer {
  messages?: LintMessage[];
  /** For "fix": the document with every fix applied, or undefined when nothing changes. */
  output?: string;
  /** JavaScript configs found but not run (the workspace is not trusted). */
  skippedCode: string[];
  /** What config lookup passed over or found empty (`ConfigResolver.lookupNotes`). */
  configNotes: string[];
  /** For "lint": the files the document was linted with (its project); editing one of them changes its findings. */
  projectFiles?: string[];
}

/** What the editor's settings choose (initializationOptions). */
export interface EngineSettings {
  /** One config for every document, as `--config` (relative to the server's folder). */
  configFile?: string;
  /** The fix kinds fix-all applies, as `--fix-type`; all when unset. */
  fixKinds?: FixKind[];
}

/**
 * Lints documents as the command line lints files: the config found by lookup, the project the
 * file belongs to, the texts of open documents in place of the files on disk.
 */
export class LintEngine {
  private readonly registry = new RuleRegistry(rules);
  private resolver: ConfigResolver;
  /** Only the text that changed is parsed again: planning and linting, and keystroke after keystroke, share the rest. */
  private readonly parse = reusingParser();

  constructor(private readonly settings: EngineSettings & { cwd: string; allowCode: boolean }) {
    this.resolver = this.newResolver();
  }

  /** Config files changed: read them again on the next job. */
  reset(): void {
    this.resolver = this.newResolver();
  }

  async run(job: LintJob): Promise<LintAnswer> {
    const fileConfig = await this.resolver.forFile(job.filePath);
    const linter = new Linter(fileConfig.registry);
    const answer: LintAnswer = { skippedCode: [...this.resolver.skippedCode], configNotes: this.resolver.lookupNotes(this.settings.cwd) };
    const { filePath } = job;
    const fixKinds = this.settings.fixKinds;
    const fixFilter = fixKinds ? (message: LintMessage) => fixKinds.includes(message.fixKind ?? "safe") : undefined;
    if (!job.onDisk) {
      if (job.kind === "lint") answer.messages = linter.verify(job.text, fileConfig.config, { filename: filePath });
      else {
        const report = linter.verifyAndFix(job.text, fileConfig.config, { filename: filePath, fixFilter });
        if (report.fixed) answer.output = report.output;
      }
      return answer;
    }
    const open = new Map(job.openTexts);
    open.set(filePath, job.text);
    const files = this.projectFiles(filePath, readingOnce(readThrough(open)));
    const load = (changed: ReadonlyMap<string, string> = new Map()) => loadProject({ files, environment: process.env, readText: readThrough(changed, open), parse: this.parse });
    const own = (file: string) => file === filePath;
    if (job.kind === "lint") {
      const project = load();
      answer.messages = linter.verifyProject(project, fileConfig.config, { lintFile: own }).find((result) => result.path === filePath)?.messages ?? [];
      answer.projectFiles = project.files.map((file) => file.path);
    } else {
      // The loader's parser: a fix pass's parse of the fixed text is the one the next load lints.
      answer.output = linter.verifyAndFixProject(load, fileConfig.config, { fixFile: own, lintFile: own, fixFilter, parseFile: this.parse }).files.find((result) => result.path === filePath)?.output;
    }
    return answer;
  }

  /**
   * The files the document is linted with, decided as the command line decides them (core's
   * planProjects): its folder's default file and override, a project above it that includes or
   * extends it, or the base files an overlay needs.
   */
  private projectFiles(filePath: string, read: (file: string) => ReadResult): string[] {
    const boundary = projectBoundary([filePath], this.settings.cwd);
    const candidates = new Set<string>([filePath]);
    for (let folder = path.dirname(filePath); ; folder = path.dirname(folder)) {
      for (const file of defaultComposeFiles(folder)) candidates.add(file);
      if (folder === boundary || path.dirname(folder) === folder || !(folder + path.sep).startsWith(boundary + path.sep)) break;
    }
    try {
      for (const name of readdirSync(path.dirname(filePath))) if (COMPOSE_FILE_NAME.test(name)) candidates.add(path.join(path.dirname(filePath), name));
    } catch {
      // An unreadable folder: the document alone.
    }
    const load = (files: string[]) => loadProject({ files, environment: process.env, readText: read, parse: this.parse });
    const plans = planProjects(
      [...candidates].sort().map((file) => ({ path: file, explicit: false })),
      { load, ...referenceQuestions(this.registry, load, read), boundaryOf: () => boundary },
    );
    const plan = plans.find((candidate) => candidate.report.has(filePath) || candidate.absorbed?.includes(filePath));
    return plan?.files ?? [filePath];
  }

  private newResolver(): ConfigResolver {
    return new ConfigResolver(this.registry, { cwd: this.settings.cwd, allowCode: this.settings.allowCode, configFile: this.settings.configFile });
  }
}
