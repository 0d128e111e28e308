import { readdirSync } from "node:fs";
import path from "node:path";
import { Linter, RuleRegistry, type ComposeProject, type FixKind, type LintMessage } from "@compose-lint/core";
import {
  COMPOSE_FILE_NAME,
  ConfigResolver,
  loadProject,
  looksLikeComposeFile,
  planProjects,
  projectBoundary,
  readingOnce,
  readThrough,
  referenceQuestions,
  reusingParser,
  type ProjectPlan,
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
    const projects = this.projectsOf(filePath, readingOnce(readThrough(open)));
    const loader = (files: string[]) => (changed: ReadonlyMap<string, string> = new Map()) => loadProject({ files, environment: process.env, readText: readThrough(changed, open), parse: this.parse });
    const own = (file: string) => file === filePath;
    if (job.kind === "lint") {
      // Each project that reports the file adds its findings, once each, as on the command line.
      const messages = new Map<string, LintMessage>();
      const projectFiles = new Set<string>();
      for (const files of projects) {
        const project = loader(files)();
        for (const message of linter.verifyProject(project, fileConfig.config, { lintFile: own }).find((result) => result.path === filePath)?.messages ?? []) {
          const key = `${message.ruleId}\0${message.line}:${message.column}\0${message.message}`;
          if (!messages.has(key)) messages.set(key, message);
        }
        for (const file of project.files) projectFiles.add(file.path);
      }
      answer.messages = [...messages.values()].sort((a, b) => a.line - b.line || a.column - b.column);
      answer.projectFiles = [...projectFiles];
    } else {
      // Fixed in its first project, as a fix run fixes a file once. The loader's parser: a fix
      // pass's parse of the fixed text is the one the next load lints.
      const load = loader(projects[0]!);
      answer.output = linter.verifyAndFixProject(load, fileConfig.config, { fixFile: own, lintFile: own, fixFilter, parseFile: this.parse }).files.find((result) => result.path === filePath)?.output;
    }
    return answer;
  }

  /**
   * The projects that report the document, each as its files, decided as the command line decides
   * them (core's planProjects): its folder's default file and override, the projects above or
   * beside it that include or extend it, or the base files an overlay needs. At least one.
   */
  private projectsOf(filePath: string, read: (file: string) => ReadResult): string[][] {
    const boundary = projectBoundary([filePath], this.settings.cwd);
    // The Compose files of its folder and of the folders above it up to the project's boundary, as
    // the command line finds them: by name, or by content for a purpose-named file (an overlay
    // `fleet-compose.yml` that needs another one of them). A project above that includes the
    // document may be a variant (`docker-compose.yml + docker-compose.multi-php.yml`).
    const candidates = new Set<string>([filePath]);
    for (let folder = path.dirname(filePath); ; folder = path.dirname(folder)) {
      for (const file of composeFilesIn(folder)) candidates.add(file);
      if (folder === boundary || path.dirname(folder) === folder || !(folder + path.sep).startsWith(boundary + path.sep)) break;
    }
    // Planning loads a project more than once (its references, then its overlay's bases): once here.
    const loaded = new Map<string, ComposeProject>();
    const load = (files: string[]) => {
      const key = files.join("\0");
      let project = loaded.get(key);
      if (!project) loaded.set(key, (project = loadProject({ files, environment: process.env, readText: read, parse: this.parse })));
      return project;
    };
    const questions = referenceQuestions(this.registry, load, read);
    const plans = planProjects([...candidates].sort().map((file) => ({ path: file, explicit: false })), { load, ...questions, boundaryOf: () => boundary });
    // A file that several projects include or extend is reported by each (what each uses of it).
    const reached = (plan: ProjectPlan) => plan.files.some(questions.mentionsReferences) && load(plan.files).files.some((file) => file.path === filePath && (file.role === "include" || file.role === "extends"));
    const reporting = plans.filter((plan) => plan.report.has(filePath) || plan.absorbed?.includes(filePath) || reached(plan));
    return reporting.length > 0 ? reporting.map((plan) => plan.files) : [[filePath]];
  }

  private newResolver(): ConfigResolver {
    return new ConfigResolver(this.registry, { cwd: this.settings.cwd, allowCode: this.settings.allowCode, configFile: this.settings.configFile });
  }
}

/** A folder's Compose files, by name or by content; none when it cannot be listed. */
function composeFilesIn(folder: string): string[] {
  let names: string[];
  try {
    names = readdirSync(folder);
  } catch {
    return [];
  }
  return names.filter((name) => COMPOSE_FILE_NAME.test(name) || (/\.ya?ml$/i.test(name) && looksLikeComposeFile(path.join(folder, name)))).map((name) => path.join(folder, name));
}
