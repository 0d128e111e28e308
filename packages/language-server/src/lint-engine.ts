import { readdirSync, statSync, type Stats } from "node:fs";
import path from "node:path";
import { Linter, RuleRegistry, type ComposeProject, type FixKind, type LintMessage } from "@compose-lint/core";
import {
  COMPOSE_FILE_NAME,
  ConfigResolver,
  loadProject,
  isComposeFile,
  looksLikeComposeText,
  mentionsIncludeOrExtends,
  planNamedFiles,
  readLintableFile,
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
  private readonly folderScan = new FolderScan();
  /** Projects of one file beside a document, by path (see projectsOf). */
  private readonly filesAlone = new Map<string, { signature: string; project: ComposeProject }>();

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
    // Planning loads projects from the same texts (open documents over the disk): linting takes them as loaded.
    const { projects, load } = this.projectsOf(filePath, open, readingOnce(readThrough(open)));
    const loader = (files: string[]) => (changed: ReadonlyMap<string, string> = new Map()) =>
      changed.size === 0 ? load(files) : loadProject({ files, environment: process.env, readText: readThrough(changed, open), parse: this.parse });
    const own = (file: string) => file === filePath;
    if (job.kind === "lint") {
      // Each project that reports the file adds its findings, once each, as on the command line.
      const messages = new Map<string, LintMessage>();
      const projectFiles = new Set<string>();
      for (const files of projects) {
        const project = load(files);
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
   * them: its folder's default file and override, the projects above or beside it that include or
   * extend it, or the base files an overlay needs. At least one; with the loader that planned them
   * (each project loaded once).
   */
  private projectsOf(filePath: string, open: ReadonlyMap<string, string>, read: (file: string) => ReadResult): { projects: string[][]; load: (files: string[]) => ComposeProject } {
    const boundary = projectBoundary([filePath], this.settings.cwd);
    // Planned as the command line plans a file named on it (core's planNamedFiles), from the
    // Compose files of its folder and the folders above it up to the boundary. FolderScan answers
    // for the files beside it from what it read before, and for open documents from their text.
    this.folderScan.begin();
    const scanned = new Map<string, FoundFile>();
    const composeFilesIn = (folder: string) => {
      const files = this.folderScan.composeFiles(folder, open);
      for (const [file, kind] of files) scanned.set(file, kind);
      return [...files.keys()];
    };
    // Planning loads a project more than once (its references, then its overlay's bases), and
    // linting loads it again: once here.
    const loaded = new Map<string, ComposeProject>();
    const load = (files: string[]) => {
      const key = files.join("\0");
      let project = loaded.get(key);
      if (project) return project;
      // A file beside the document, loaded on its own (an overlay's candidate base), is kept from
      // one change to the next while it and its folder's .env stay as they are on disk (and
      // neither is open with unsaved text).
      const single = files.length === 1 ? files[0]! : undefined;
      const alone = single !== undefined && single !== filePath && !open.has(single) && !open.has(path.join(path.dirname(single), ".env")) ? this.folderScan.signature(single) : undefined;
      const kept = alone === undefined ? undefined : this.filesAlone.get(single!);
      project = kept?.signature === alone ? kept?.project : undefined;
      if (!project) {
        project = loadProject({ files, environment: process.env, readText: read, parse: this.parse });
        // Only a file that reads no other file: its own text and the .env are all it depends on.
        if (alone !== undefined && project.files.every((file) => file.role === "compose" || file.role === "env")) this.filesAlone.set(single!, { signature: alone, project });
      }
      loaded.set(key, project);
      return project;
    };
    const questions = referenceQuestions(this.registry, load, read);
    const mentionsReferences = (file: string) => scanned.get(file)?.mentionsReferences ?? questions.mentionsReferences(file);
    const { plans } = planNamedFiles([{ path: filePath, explicit: true }], { load, ...questions, mentionsReferences, boundaryOf: () => boundary }, composeFilesIn);
    return { projects: plans.length > 0 ? plans.map((plan) => plan.files) : [[filePath]], load };
  }

  private newResolver(): ConfigResolver {
    return new ConfigResolver(this.registry, { cwd: this.settings.cwd, allowCode: this.settings.allowCode, configFile: this.settings.configFile });
  }
}

interface FoundFile {
  /** Whether its text has `include:` or `extends:`. */
  mentionsReferences: boolean;
}

/**
 * The Compose files of a folder, by name or by content (as the command line finds them), and
 * whether each includes or extends. Asked at every change of a document, for the folders around
 * it: a file is read again only when its size or time on disk changes (a folder of 368 service
 * templates is 368 stats, not 368 reads). An open document's unsaved text is looked at instead.
 */
class FolderScan {
  /** Counts the scans (one per change): only what this scan looked at on disk has a signature. */
  private scan = 0;
  private readonly known = new Map<string, FoundFile & { size: number; mtimeMs: number; compose: boolean; scan: number }>();
  /** Each folder's `.env` as a scan saw it (its size and time, or "none"). */
  private readonly envFiles = new Map<string, { state: string; scan: number }>();

  /** Starts a scan: what earlier ones saw may have changed since. */
  begin(): void {
    this.scan++;
  }

  composeFiles(folder: string, open: ReadonlyMap<string, string>): Map<string, FoundFile> {
    const files = new Map<string, FoundFile>();
    let names: string[];
    try {
      names = readdirSync(folder);
    } catch {
      return files;
    }
    this.envFiles.set(folder, { state: fileState(path.join(folder, ".env")) ?? "none", scan: this.scan });
    for (const name of names) {
      if (!/\.ya?ml$/i.test(name)) continue;
      const file = path.join(folder, name);
      const unsaved = open.get(file);
      if (unsaved !== undefined) {
        if (COMPOSE_FILE_NAME.test(name) || looksLikeComposeText(unsaved)) files.set(file, { mentionsReferences: mentionsIncludeOrExtends(unsaved) });
        continue;
      }
      const kind = this.onDisk(file);
      if (kind) files.set(file, kind);
    }
    return files;
  }

  /**
   * What a file and its folder's `.env` are on disk (sizes and times), as this scan found them;
   * undefined for a file it did not look at on disk.
   */
  signature(file: string): string | undefined {
    const entry = this.known.get(file);
    const env = this.envFiles.get(path.dirname(file));
    return entry?.scan === this.scan && env?.scan === this.scan ? `${entry.size}:${entry.mtimeMs}:${env.state}` : undefined;
  }

  private onDisk(file: string): FoundFile | undefined {
    let info: Stats;
    try {
      info = statSync(file);
    } catch {
      this.known.delete(file);
      return undefined;
    }
    let entry = this.known.get(file);
    if (!entry || entry.size !== info.size || entry.mtimeMs !== info.mtimeMs) {
      const compose = isComposeFile(file);
      const result = compose ? readLintableFile(file) : undefined;
      entry = { size: info.size, mtimeMs: info.mtimeMs, compose, mentionsReferences: result?.ok === true && mentionsIncludeOrExtends(result.text), scan: this.scan };
      this.known.set(file, entry);
    }
    entry.scan = this.scan;
    return entry.compose ? { mentionsReferences: entry.mentionsReferences } : undefined;
  }
}

function fileState(file: string): string | undefined {
  try {
    const info = statSync(file);
    return `${info.size}:${info.mtimeMs}`;
  } catch {
    return undefined;
  }
}
