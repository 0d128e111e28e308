import { Linter, RuleRegistry, type LintMessage } from "@compose-lint/core";
import { ConfigResolver, composeFilesFor, loadProject, readThrough } from "@compose-lint/core/node";
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
}

/**
 * Lints documents as the command line lints files: the config found by lookup, the project the
 * file belongs to, the texts of open documents in place of the files on disk.
 */
export class LintEngine {
  private readonly registry = new RuleRegistry(rules);
  private resolver: ConfigResolver;

  constructor(private readonly settings: { cwd: string; allowCode: boolean }) {
    this.resolver = this.newResolver();
  }

  /** Config files changed: read them again on the next job. */
  reset(): void {
    this.resolver = this.newResolver();
  }

  async run(job: LintJob): Promise<LintAnswer> {
    const fileConfig = await this.resolver.forFile(job.filePath);
    const linter = new Linter(fileConfig.registry);
    const answer: LintAnswer = { skippedCode: [...this.resolver.skippedCode] };
    const { filePath } = job;
    if (!job.onDisk) {
      if (job.kind === "lint") answer.messages = linter.verify(job.text, fileConfig.config, { filename: filePath });
      else {
        const report = linter.verifyAndFix(job.text, fileConfig.config, { filename: filePath });
        if (report.fixed) answer.output = report.output;
      }
      return answer;
    }
    const open = new Map(job.openTexts);
    open.set(filePath, job.text);
    const files = composeFilesFor(filePath);
    const load = (changed: ReadonlyMap<string, string> = new Map()) => loadProject({ files, environment: process.env, readText: readThrough(changed, open) });
    const own = (file: string) => file === filePath;
    if (job.kind === "lint") {
      answer.messages = linter.verifyProject(load(), fileConfig.config, { lintFile: own }).find((result) => result.path === filePath)?.messages ?? [];
    } else {
      answer.output = linter.verifyAndFixProject(load, fileConfig.config, { fixFile: own, lintFile: own }).files.find((result) => result.path === filePath)?.output;
    }
    return answer;
  }

  private newResolver(): ConfigResolver {
    return new ConfigResolver(this.registry, { cwd: this.settings.cwd, allowCode: this.settings.allowCode });
  }
}
