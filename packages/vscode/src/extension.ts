import { execFile } from "node:child_process";
import { existsSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import * as vscode from "vscode";
import { LanguageClient, State, TransportKind, type LanguageClientOptions, type ServerOptions } from "vscode-languageclient/node";
import { isComposeDocument } from "./compose-document.js";
import { chooseServer, SERVER_FILE, type ServerChoice } from "./server-module.js";
import { initializationOptions, readSettings, SECTION } from "./settings.js";

/** The bundled server and command line, beside this file in the packaged extension (dist/server/). */
const BUNDLED_DIR = path.join(__dirname, "server");

/** One extension instance: at most one running server, started when the first Compose file opens. */
export class ComposeLintExtension implements vscode.Disposable {
  private client: LanguageClient | undefined;
  private choice: ServerChoice | undefined;
  private starting: Promise<void> | undefined;
  private readonly output = vscode.window.createOutputChannel("compose-lint", { log: true });
  private readonly status = vscode.window.createStatusBarItem("compose-lint.status", vscode.StatusBarAlignment.Right, 0);
  private readonly disposables: vscode.Disposable[] = [];

  constructor(private readonly bundledDir = BUNDLED_DIR) {
    this.status.name = "compose-lint";
    this.status.command = "compose-lint.showOutput";
    this.disposables.push(
      this.output,
      this.status,
      vscode.commands.registerCommand("compose-lint.showOutput", () => this.output.show()),
      vscode.commands.registerCommand("compose-lint.restartServer", () => this.restart()),
      vscode.commands.registerCommand("compose-lint.showExposure", () => this.showExposure()),
      vscode.workspace.onDidOpenTextDocument((document) => this.startFor(document)),
      vscode.window.onDidChangeActiveTextEditor(() => this.updateStatus()),
      vscode.workspace.onDidChangeConfiguration((event) => {
        if (event.affectsConfiguration(SECTION)) void this.restart();
      }),
      // JavaScript configs and a project's own server may run from now on.
      vscode.workspace.onDidGrantWorkspaceTrust(() => void this.restart()),
    );
    for (const document of vscode.workspace.textDocuments) this.startFor(document);
    this.updateStatus();
  }

  /** Starts the server for the first Compose document; other YAML never starts it. */
  startFor(document: vscode.TextDocument): void {
    if (this.client || this.starting || !isComposeDocument(document)) return;
    if (!this.settings().enable) return;
    this.starting = this.start(document).finally(() => {
      this.starting = undefined;
      this.updateStatus();
    });
  }

  async restart(): Promise<void> {
    await this.starting;
    await this.stop();
    const compose = vscode.workspace.textDocuments.find((document) => isComposeDocument(document));
    if (this.settings().enable && compose) {
      this.starting = this.start(compose).finally(() => (this.starting = undefined));
      await this.starting;
    }
    this.updateStatus();
  }

  async dispose(): Promise<void> {
    await this.stop();
    for (const disposable of this.disposables) disposable.dispose();
  }

  private settings() {
    return readSettings((key) => vscode.workspace.getConfiguration(SECTION).get(key));
  }

  private folders(): string[] {
    return (vscode.workspace.workspaceFolders ?? []).filter((folder) => folder.uri.scheme === "file").map((folder) => folder.uri.fsPath);
  }

  private async start(document: vscode.TextDocument): Promise<void> {
    const settings = this.settings();
    const trusted = vscode.workspace.isTrusted;
    const folders = this.folders();
    const choice = chooseServer({ setting: settings.server, trusted, folders, bundled: path.join(this.bundledDir, SERVER_FILE), exists: existsSync });
    this.choice = choice;
    if (choice.note) this.output.warn(choice.note);
    this.output.info(`Starting ${choice.source} server ${choice.module}${trusted ? "" : " (untrusted workspace: JavaScript configs are not run)"}`);
    // The server finds configs and project boundaries from its folder: the workspace's, else the file's.
    const cwd = folders[0] ?? (document.uri.scheme === "file" ? path.dirname(document.uri.fsPath) : os.homedir());
    const server = { module: choice.module, transport: TransportKind.ipc, options: { cwd } };
    const serverOptions: ServerOptions = { run: server, debug: server };
    const clientOptions: LanguageClientOptions = {
      documentSelector: [
        { language: "dockercompose" },
        { scheme: "file", language: "yaml" },
        { scheme: "untitled", language: "yaml" },
      ],
      initializationOptions: initializationOptions(settings, { trusted, folder: folders[0] }),
      outputChannel: this.output,
      diagnosticCollectionName: "compose-lint",
    };
    const client = new LanguageClient("compose-lint", "compose-lint", serverOptions, clientOptions);
    client.onDidChangeState(() => this.updateStatus());
    this.client = client;
    try {
      await client.start();
    } catch (error) {
      this.output.error(`The server did not start: ${(error as Error).message}`);
      void vscode.window.showErrorMessage(`compose-lint: the language server did not start (${(error as Error).message}). See the compose-lint output.`);
    }
  }

  private async stop(): Promise<void> {
    const client = this.client;
    this.client = undefined;
    if (client?.isRunning()) await client.stop();
  }

  /** The status bar item shows for Compose files: running, stopped, or restricted (untrusted workspace). */
  updateStatus(): void {
    const document = vscode.window.activeTextEditor?.document;
    if (!document || !isComposeDocument(document)) {
      this.status.hide();
      return;
    }
    const state = this.client?.state;
    const restricted = !vscode.workspace.isTrusted;
    if (!this.settings().enable) {
      this.status.text = "$(circle-slash) compose-lint";
      this.status.tooltip = "compose-lint is turned off (compose-lint.enable)";
    } else if (state === State.Running) {
      this.status.text = restricted ? "$(shield) compose-lint" : "$(check) compose-lint";
      this.status.tooltip = [
        `compose-lint: linting with the ${this.choice?.source ?? "bundled"} server`,
        ...(restricted ? ["Restricted mode: JavaScript config files are not run; YAML and JSON configs are read."] : []),
        "Click for the output.",
      ].join("\n");
    } else if (state === State.Starting || this.starting) {
      this.status.text = "$(sync~spin) compose-lint";
      this.status.tooltip = "compose-lint: starting";
    } else {
      this.status.text = "$(error) compose-lint";
      this.status.tooltip = "compose-lint: the server is not running. Click for the output.";
    }
    this.status.show();
  }

  /** Runs `compose-lint exposure` on the active file's folder and shows the report beside it. */
  async showExposure(): Promise<void> {
    const document = vscode.window.activeTextEditor?.document;
    const folder = document?.uri.scheme === "file" && isComposeDocument(document) ? path.dirname(document.uri.fsPath) : this.folders()[0];
    if (!folder) {
      void vscode.window.showWarningMessage("compose-lint: open a Compose file (or a folder) to see what it makes reachable.");
      return;
    }
    const trusted = vscode.workspace.isTrusted;
    // The command line that comes with the server in use, so the report matches the diagnostics.
    const serverDir = path.dirname(this.choice?.module ?? path.join(this.bundledDir, SERVER_FILE));
    // compose-lint.cjs is the command; an older install of the package in a project has only the .mjs.
    const cli = ["compose-lint.cjs", "compose-lint.mjs"].map((name) => path.join(serverDir, name)).find((file) => existsSync(file)) ?? path.join(serverDir, "compose-lint.cjs");
    const args = [cli, "exposure", "--format", "markdown", ...(trusted ? [] : ["--no-config-lookup"]), folder];
    const { code, stdout, stderr } = await runNode(args, folder);
    // 0: nothing unexpected; 1: --expect (from the config) found more than it allows. Both are reports.
    if (code !== 0 && code !== 1) {
      this.output.error(`compose-lint exposure ${folder}: ${stderr}`);
      void vscode.window.showErrorMessage(`compose-lint exposure: ${stderr.split("\n")[0] || `exit code ${code}`}`);
      return;
    }
    const report = await vscode.workspace.openTextDocument({ language: "markdown", content: stdout });
    await vscode.window.showTextDocument(report, { viewColumn: vscode.ViewColumn.Beside, preview: true });
  }
}

/** Runs a script with the editor's own Node (Electron's, as Node), as the language client runs the server. */
function runNode(args: string[], cwd: string): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    execFile(process.execPath, args, { cwd, env: { ...process.env, ELECTRON_RUN_AS_NODE: "1", NO_COLOR: "1" }, maxBuffer: 16 * 1024 * 1024 }, (error, stdout, stderr) => {
      const code = error ? (typeof error.code === "number" ? error.code : 2) : 0;
      resolve({ code, stdout, stderr: stderr || (error && typeof error.code !== "number" ? error.message : "") });
    });
  });
}

let instance: ComposeLintExtension | undefined;

export function activate(context: vscode.ExtensionContext): void {
  instance = new ComposeLintExtension();
  context.subscriptions.push({ dispose: () => void instance?.dispose() });
}

export function deactivate(): Promise<void> | undefined {
  return instance?.dispose();
}
