import path from "node:path";
import { fileURLToPath } from "node:url";
import {
  CodeActionKind,
  createConnection,
  DidChangeWatchedFilesNotification,
  DiagnosticSeverity,
  ProposedFeatures,
  TextDocuments,
  TextDocumentSyncKind,
  type CodeAction,
  type Connection,
  type Diagnostic,
  type TextEdit,
} from "vscode-languageserver/node";
import { TextDocument } from "vscode-languageserver-textdocument";
import { Worker } from "node:worker_threads";
import { differingSpan, type Edit, type LintMessage } from "@compose-lint/core";
import { COMPOSE_FILE_NAME, CONFIG_FILE_NAMES, looksLikeComposeText } from "@compose-lint/core/node";
import { rules } from "@compose-lint/rules";
import { readInitializationOptions } from "./initialization-options.js";
import { LintEngine, type EngineSettings, type LintAnswer, type LintJob } from "./lint-engine.js";
import type { WorkerRequest, WorkerSettings } from "./lint-worker.js";

export const FIX_ALL_KIND = `${CodeActionKind.SourceFixAll}.compose-lint`;
const DEFAULT_DEBOUNCE_MS = 150;
/** A document whose linting takes longer is given up on (the worker is replaced): the server stays responsive. */
const DEFAULT_TIME_LIMIT_MS = 10_000;

interface LintState {
  version: number;
  messages: LintMessage[];
  /** The files its project read: a change to one of them changes its findings. */
  projectFiles: readonly string[];
}

/**
 * Starts the server on the process's stdin/stdout (or the transport given by the arguments). With
 * `workerScript` (the bundle itself), documents are linted in a worker thread with a time limit.
 */
export function startServer(connection: Connection = createConnection(ProposedFeatures.all), options: { workerScript?: URL } = {}): void {
  const documents = new TextDocuments(TextDocument);
  const ruleUrls = new Map(rules.map((rule) => [rule.id, rule.meta.docs.url]));
  // JavaScript configs are code: run only once the editor says the workspace is trusted.
  let workspaceTrusted = false;
  let timeLimitMs = DEFAULT_TIME_LIMIT_MS;
  let debounceMs = DEFAULT_DEBOUNCE_MS;
  let engineSettings: EngineSettings = {};
  /** "onSave": documents are linted when opened and saved, not while typing. */
  let lintOn: "type" | "save" = "type";
  let linting: Linting | undefined;
  const lastLint = new Map<string, LintState>();
  const pending = new Map<string, NodeJS.Timeout>();
  /** Config messages already shown, by their log line: each once per session. */
  const shownWarnings = new Set<string>();

  function lintingNow(): Linting {
    linting ??= options.workerScript
      ? new WorkerLinting(options.workerScript, { role: "compose-lint-lint-worker", cwd: process.cwd(), allowCode: workspaceTrusted, ...engineSettings }, timeLimitMs)
      : new InProcessLinting(new LintEngine({ cwd: process.cwd(), allowCode: workspaceTrusted, ...engineSettings }));
    return linting;
  }

  /** Shows a warning in the editor and the server's log, once per session (`logged` is the log's line, and the key). */
  function warnOnce(shown: string, logged = shown): void {
    if (shownWarnings.has(logged)) return;
    shownWarnings.add(logged);
    connection.console.warn(logged);
    void connection.window.showWarningMessage(shown);
  }

  /**
   * Says why a JavaScript config did not run, and what config lookup passed over or found empty: a
   * document without diagnostics must not look checked when it was not.
   */
  function reportConfig(answer: LintAnswer): void {
    for (const configPath of answer.skippedCode) {
      const text = `compose-lint: ${path.basename(configPath)} was not run because the workspace is not trusted (the editor sets initializationOptions.workspaceTrusted); linting with the recommended rules instead. YAML and JSON configs are always read.`;
      warnOnce(text, `${text} (${configPath})`);
    }
    for (const note of answer.configNotes) warnOnce(`compose-lint: ${note}`);
  }

  /** A document as a job for the lint engine: its text, and the unsaved texts of the other open documents. */
  function jobFor(document: TextDocument, kind: LintJob["kind"]): LintJob {
    const onDisk = document.uri.startsWith("file:");
    const openTexts = onDisk ? documents.all().filter((other) => other.uri.startsWith("file:")).map((other): [string, string] => [uriToPath(other.uri), other.getText()]) : [];
    return { kind, filePath: uriToPath(document.uri), onDisk, text: document.getText(), openTexts };
  }

  async function runJob(job: LintJob): Promise<LintAnswer> {
    const answer = await lintingNow().run(job);
    reportConfig(answer);
    return answer;
  }

  function isComposeDocument(document: TextDocument): boolean {
    // As the command line finds files: by name, or a YAML file whose top level is a Compose file.
    return document.languageId === "dockercompose" || COMPOSE_FILE_NAME.test(document.uri.slice(document.uri.lastIndexOf("/") + 1)) || (/\.ya?ml$/i.test(document.uri) && looksLikeComposeText(document.getText()));
  }

  /** The text offsets the core works in exclude a BOM; the editor's include it. */
  function bomShift(document: TextDocument): number {
    return document.getText().charCodeAt(0) === 0xfeff ? 1 : 0;
  }

  function toTextEdit(document: TextDocument, edit: Edit): TextEdit {
    const shift = bomShift(document);
    return {
      range: { start: document.positionAt(edit.range[0] + shift), end: document.positionAt(edit.range[1] + shift) },
      newText: edit.text,
    };
  }

  async function lint(document: TextDocument): Promise<void> {
    if (!isComposeDocument(document)) return;
    const version = document.version;
    let messages: LintMessage[];
    let projectFiles: readonly string[] = [];
    try {
      const answer = await runJob(jobFor(document, "lint"));
      messages = answer.messages ?? [];
      projectFiles = answer.projectFiles ?? [];
    } catch (error) {
      // A broken config, a document that takes too long (or an unexpected failure) is shown on the
      // document, never a dead server.
      const text = error instanceof TimeLimitError ? error.message : `compose-lint: ${(error as Error).message}`;
      messages = [{ ruleId: null, severity: 2, fatal: true, message: text, line: 1, column: 1, endLine: 1, endColumn: 1, range: [0, 0] }];
    }
    if (documents.get(document.uri)?.version !== version) return; // a newer edit is on its way
    lastLint.set(document.uri, { version, messages, projectFiles });
    const shift = bomShift(document);
    const diagnostics: Diagnostic[] = messages.map((message) => {
      // Problems about the file as a whole (unreadable config, too large) have a position but no range.
      const placed = message.ruleId !== null || message.range[1] > message.range[0];
      const start = placed ? document.positionAt(message.range[0] + shift) : { line: message.line - 1, character: message.column - 1 };
      const end = placed ? document.positionAt(message.range[1] + shift) : start;
      const url = message.ruleId ? ruleUrls.get(message.ruleId) : undefined;
      return {
        range: { start, end },
        severity: message.severity === 2 ? DiagnosticSeverity.Error : DiagnosticSeverity.Warning,
        source: "compose-lint",
        message: message.message,
        ...(message.ruleId ? { code: message.ruleId } : {}),
        ...(url ? { codeDescription: { href: url } } : {}),
      };
    });
    await connection.sendDiagnostics({ uri: document.uri, version, diagnostics });
  }

  function schedule(document: TextDocument, delay: number): void {
    clearTimeout(pending.get(document.uri));
    pending.set(
      document.uri,
      setTimeout(() => {
        pending.delete(document.uri);
        void lint(document);
      }, delay),
    );
  }

  let canWatchFiles = false;
  connection.onInitialize((params) => {
    canWatchFiles = params.capabilities?.workspace?.didChangeWatchedFiles?.dynamicRegistration === true;
    const settings = readInitializationOptions(params.initializationOptions);
    workspaceTrusted = settings.workspaceTrusted;
    timeLimitMs = settings.lintTimeLimitMs ?? timeLimitMs;
    debounceMs = settings.lintDebounceMs ?? debounceMs;
    lintOn = settings.lintOn;
    engineSettings = { configFile: settings.configFile, fixKinds: settings.fixKinds };
    for (const problem of settings.problems) connection.console.warn(`compose-lint: ${problem}`);
    return {
      capabilities: {
        textDocumentSync: { openClose: true, change: TextDocumentSyncKind.Incremental, save: { includeText: false } },
        codeActionProvider: { codeActionKinds: [CodeActionKind.QuickFix, FIX_ALL_KIND] },
      },
      serverInfo: { name: "compose-lint-language-server", version: "0.1.0" },
    };
  });

  // Config files edited outside the editor: ask the client to tell us.
  connection.onInitialized(() => {
    if (!canWatchFiles) return;
    void connection.client.register(DidChangeWatchedFilesNotification.type, {
      watchers: CONFIG_FILE_NAMES.map((name) => ({ globPattern: `**/${name}` })),
    });
  });

  // Opening a document also fires a content change: the first version is linted at once, and once.
  const openedAt = new Map<string, number>();
  documents.onDidOpen(({ document }) => openedAt.set(document.uri, document.version));
  documents.onDidChangeContent(({ document }) => {
    if (CONFIG_FILE_NAMES.some((name) => document.uri.endsWith(`/${name}`))) return relintAll();
    const justOpened = openedAt.get(document.uri) === document.version;
    openedAt.delete(document.uri);
    if (justOpened) void lint(document);
    else if (lintOn === "type") lintWithNeighbours(document, debounceMs);
  });
  documents.onDidSave(({ document }) => {
    if (lintOn === "save") lintWithNeighbours(document, 0);
  });

  /**
   * Lints the document, and the open documents whose project read it (a base file and its
   * override, a file that includes it); one not linted yet counts as such when it is in the same
   * folder. Each of them publishes once for the change; the others are left alone.
   */
  function lintWithNeighbours(document: TextDocument, delay: number): void {
    schedule(document, delay);
    const changed = uriToPath(document.uri);
    for (const other of documents.all()) {
      if (other.uri === document.uri || !isComposeDocument(other)) continue;
      const projectFiles = lastLint.get(other.uri)?.projectFiles;
      const affected = projectFiles && projectFiles.length > 0 ? projectFiles.includes(changed) : path.dirname(uriToPath(other.uri)) === path.dirname(changed);
      if (affected) schedule(other, delay);
    }
  }
  documents.onDidClose(({ document }) => {
    clearTimeout(pending.get(document.uri));
    lastLint.delete(document.uri);
    openedAt.delete(document.uri);
    void connection.sendDiagnostics({ uri: document.uri, diagnostics: [] });
  });

  /** Config files changed on disk (or in the editor): forget cached configs and lint open documents again. */
  function relintAll(): void {
    linting?.reset();
    for (const document of documents.all()) schedule(document, 0);
  }
  connection.onDidChangeWatchedFiles(() => relintAll());

  connection.onCodeAction(async (params) => {
    // A client may leave out parts of the request: answer with no actions rather than an error.
    const uri = params?.textDocument?.uri;
    const document = typeof uri === "string" ? documents.get(uri) : undefined;
    if (!document || !isComposeDocument(document)) return [];
    const only = params.context?.only;
    const wants = (kind: string) => !only || only.some((requested) => kind === requested || kind.startsWith(`${requested}.`));
    const actions: CodeAction[] = [];

    if (wants(CodeActionKind.QuickFix)) {
      const state = lastLint.get(document.uri);
      if (state && state.version === document.version) {
        for (const diagnostic of params.context?.diagnostics ?? []) {
          if (diagnostic?.source !== "compose-lint" || typeof diagnostic.code !== "string" || !diagnostic.range?.start) continue;
          const message = state.messages.find(
            (candidate) =>
              candidate.ruleId === diagnostic.code &&
              candidate.line - 1 === diagnostic.range.start.line &&
              candidate.column - 1 === diagnostic.range.start.character - (diagnostic.range.start.line === 0 ? bomShift(document) : 0),
          );
          if (!message) continue;
          const edit = (edits: TextEdit[]) => ({ changes: { [document.uri]: edits } });
          if (message.fix) {
            actions.push({ title: `Fix: ${shorten(message.message)}`, kind: CodeActionKind.QuickFix, diagnostics: [diagnostic], isPreferred: true, edit: edit([toTextEdit(document, message.fix)]) });
          }
          for (const suggestion of message.suggestions ?? []) {
            actions.push({ title: suggestion.desc, kind: CodeActionKind.QuickFix, diagnostics: [diagnostic], edit: edit([toTextEdit(document, suggestion.fix)]) });
          }
          actions.push({
            title: `Disable ${message.ruleId} for this line`,
            kind: CodeActionKind.QuickFix,
            diagnostics: [diagnostic],
            edit: edit([disableComment(document, diagnostic.range.start.line, message.ruleId!)]),
          });
        }
      }
    }

    if (wants(FIX_ALL_KIND)) {
      try {
        const { output } = await runJob(jobFor(document, "fix"));
        if (output !== undefined && documents.get(document.uri)?.version === document.version) {
          actions.push({ title: "Fix all compose-lint problems", kind: FIX_ALL_KIND, edit: { changes: { [document.uri]: [wholeDocumentEdit(document, output)] } } });
        }
      } catch (error) {
        // The diagnostics already say what is wrong (a broken config); fix-all is simply not offered.
        connection.console.error(`compose-lint: fix-all failed: ${(error as Error).message}`);
      }
    }
    return actions;
  });

  connection.onShutdown(() => {
    for (const timer of pending.values()) clearTimeout(timer);
    linting?.dispose();
  });

  documents.listen(connection);
  connection.listen();
}

/** Where documents are linted: in a worker thread with a time limit, or in this thread. */
interface Linting {
  run(job: LintJob): Promise<LintAnswer>;
  /** Config files changed. */
  reset(): void;
  dispose(): void;
}

class TimeLimitError extends Error {
  override name = "TimeLimitError";
}

class InProcessLinting implements Linting {
  constructor(private readonly engine: LintEngine) {}
  run(job: LintJob): Promise<LintAnswer> {
    return this.engine.run(job);
  }
  reset(): void {
    this.engine.reset();
  }
  dispose(): void {}
}

/**
 * Lints in a worker thread. A job that runs past the time limit ends the worker (synchronous
 * linting cannot be interrupted any other way); the next job starts a new one.
 */
class WorkerLinting implements Linting {
  private worker: Worker | undefined;
  private nextId = 1;
  private readonly waiting = new Map<number, { resolve: (answer: LintAnswer) => void; reject: (error: Error) => void; timer: NodeJS.Timeout }>();

  constructor(
    private readonly script: URL,
    private readonly settings: WorkerSettings,
    private readonly timeLimitMs: number,
  ) {}

  run(job: LintJob): Promise<LintAnswer> {
    return this.request({ id: this.nextId++, job }, `compose-lint stopped linting this file after ${this.timeLimitMs / 1000} s (the editor's time limit); the command line has none. Please report the file.`);
  }

  reset(): void {
    void this.request({ id: this.nextId++, reset: true }, "compose-lint: reading the configuration took too long").catch(() => undefined);
  }

  dispose(): void {
    void this.worker?.terminate();
    this.worker = undefined;
  }

  private request(request: WorkerRequest, timeoutMessage: string): Promise<LintAnswer> {
    const worker = this.ensureWorker();
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        this.waiting.delete(request.id);
        reject(new TimeLimitError(timeoutMessage));
        this.restart(new Error("the lint worker was restarted"));
      }, this.timeLimitMs);
      this.waiting.set(request.id, { resolve, reject, timer });
      worker.postMessage(request);
    });
  }

  private ensureWorker(): Worker {
    if (this.worker) return this.worker;
    const worker = new Worker(this.script, { workerData: this.settings });
    worker.on("message", (message: { id: number; answer?: LintAnswer; error?: string }) => {
      const waiter = this.waiting.get(message.id);
      if (!waiter) return;
      this.waiting.delete(message.id);
      clearTimeout(waiter.timer);
      if (message.error !== undefined) waiter.reject(new Error(message.error));
      else waiter.resolve(message.answer!);
    });
    worker.on("error", (error) => this.restart(error));
    worker.unref();
    this.worker = worker;
    return worker;
  }

  /** Ends the worker; what was waiting for it fails with `reason`, and the next job starts a new one. */
  private restart(reason: Error): void {
    void this.worker?.terminate();
    this.worker = undefined;
    for (const [id, waiter] of this.waiting) {
      clearTimeout(waiter.timer);
      waiter.reject(reason);
      this.waiting.delete(id);
    }
  }
}

function uriToPath(uri: string): string {
  return uri.startsWith("file:") ? fileURLToPath(uri) : path.resolve(uri);
}

function shorten(text: string): string {
  const sentence = text.split(/(?<=[.:])\s/)[0] ?? text;
  return sentence.length > 100 ? `${sentence.slice(0, 97)}...` : sentence;
}

/** `# compose-lint-disable-next-line <rule>` above the line, at its indentation. */
function disableComment(document: TextDocument, line: number, ruleId: string): TextEdit {
  const text = document.getText({ start: { line, character: 0 }, end: { line: line + 1, character: 0 } });
  const indent = /^[ \t]*/.exec(text)?.[0] ?? "";
  const eol = document.getText().includes("\r\n") ? "\r\n" : "\n";
  return { range: { start: { line, character: 0 }, end: { line, character: 0 } }, newText: `${indent}# compose-lint-disable-next-line ${ruleId}${eol}` };
}

/** One edit covering only what changed between the document and the fixed text. */
function wholeDocumentEdit(document: TextDocument, fixed: string): TextEdit {
  const { range, text } = differingSpan(document.getText(), fixed);
  return { range: { start: document.positionAt(range[0]), end: document.positionAt(range[1]) }, newText: text };
}
