import { spawn, type ChildProcess } from "node:child_process";
import path from "node:path";
import { pathToFileURL } from "node:url";
import { expect } from "vitest";
import {
  ExitNotification,
  InitializedNotification,
  InitializeRequest,
  PublishDiagnosticsNotification,
  RegistrationRequest,
  ShowMessageNotification,
  ShowMessageRequest,
  ShutdownRequest,
  type PublishDiagnosticsParams,
  type Registration,
  type RegistrationParams,
  type ShowMessageParams,
  type ShowMessageRequestParams,
  type TextEdit,
} from "vscode-languageserver-protocol";
import { createProtocolConnection, StreamMessageReader, StreamMessageWriter, type ProtocolConnection } from "vscode-languageserver-protocol/node";
import { repoRoot } from "./helpers.js";

/** The workspace bin, which runs the same bundle as the published package. */
export const serverBin = path.join(repoRoot, "packages/language-server/bin/compose-lint-language-server.js");

/** Applies LSP text edits to a text (positions are line/character in UTF-16 units). */
export function applyEdits(text: string, edits: TextEdit[]): string {
  const lineStarts = [0];
  for (let index = text.indexOf("\n"); index !== -1; index = text.indexOf("\n", index + 1)) lineStarts.push(index + 1);
  const offset = (position: { line: number; character: number }) => lineStarts[position.line]! + position.character;
  return [...edits]
    .sort((a, b) => offset(b.range.start) - offset(a.range.start))
    .reduce((result, edit) => result.slice(0, offset(edit.range.start)) + edit.newText + result.slice(offset(edit.range.end)), text);
}

export class Client {
  readonly diagnostics: PublishDiagnosticsParams[] = [];
  readonly registrations: Registration[] = [];
  /** `window/showMessage` notifications, in order. */
  readonly shownMessages: ShowMessageParams[] = [];
  private waiters: Array<() => void> = [];
  private constructor(
    readonly connection: ProtocolConnection,
    readonly child: ChildProcess,
  ) {
    connection.onNotification(PublishDiagnosticsNotification.type, (params: PublishDiagnosticsParams) => {
      this.diagnostics.push(params);
      for (const wake of this.waiters.splice(0)) wake();
    });
    connection.onNotification(ShowMessageNotification.type, (params: ShowMessageParams) => {
      this.shownMessages.push(params);
    });
    connection.onRequest(ShowMessageRequest.type, (params: ShowMessageRequestParams) => {
      this.shownMessages.push({ type: params.type, message: params.message });
      return null;
    });
    connection.onRequest(RegistrationRequest.type, (params: RegistrationParams) => {
      this.registrations.push(...params.registrations);
    });
    connection.listen();
  }

  static async start(rootPath: string, initializationOptions?: Record<string, unknown>): Promise<Client> {
    const child = spawn(process.execPath, [serverBin, "--stdio"], { cwd: rootPath, stdio: ["pipe", "pipe", "inherit"] });
    const connection = createProtocolConnection(new StreamMessageReader(child.stdout!), new StreamMessageWriter(child.stdin!));
    const client = new Client(connection, child);
    const result = await connection.sendRequest(InitializeRequest.type, {
      processId: process.pid,
      rootUri: pathToFileURL(rootPath).href,
      capabilities: { workspace: { didChangeWatchedFiles: { dynamicRegistration: true } } },
      workspaceFolders: null,
      ...(initializationOptions ? { initializationOptions } : {}),
    });
    expect(result.capabilities.codeActionProvider).toEqual({ codeActionKinds: ["quickfix", "source.fixAll.compose-lint"] });
    await connection.sendNotification(InitializedNotification.type, {});
    return client;
  }

  /** The next diagnostics published for `uri` after `count` earlier ones. */
  async diagnosticsFor(uri: string, count: number): Promise<PublishDiagnosticsParams> {
    const deadline = Date.now() + 20_000;
    for (;;) {
      const matching = this.diagnostics.filter((params) => params.uri === uri);
      if (matching.length > count) return matching[count]!;
      if (Date.now() > deadline) throw new Error(`no diagnostics #${count + 1} for ${uri}`);
      await new Promise<void>((resolve) => {
        this.waiters.push(resolve);
        setTimeout(resolve, 500);
      });
    }
  }

  async stop(): Promise<number | null> {
    await this.connection.sendRequest(ShutdownRequest.type);
    await this.connection.sendNotification(ExitNotification.type);
    return new Promise((resolve) => this.child.once("exit", (code) => resolve(code)));
  }
}

