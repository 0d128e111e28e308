// Just enough of the VS Code API, and of vscode-languageclient, for the extension's own logic:
// state that a test sets (documents, trust, settings) and records of what the extension did.
import path from "node:path";

type Listener<T> = (value: T) => unknown;

export class Emitter<T> {
  private listeners: Array<Listener<T>> = [];
  readonly event = (listener: Listener<T>) => {
    this.listeners.push(listener);
    return { dispose: () => (this.listeners = this.listeners.filter((other) => other !== listener)) };
  };
  async fire(value: T): Promise<void> {
    for (const listener of [...this.listeners]) await listener(value);
  }
}

export interface FakeDocument {
  uri: { scheme: string; fsPath: string };
  fileName: string;
  languageId: string;
  getText(): string;
}

export function fakeDocument(fileName: string, languageId: string, text: string): FakeDocument {
  return { uri: { scheme: "file", fsPath: fileName }, fileName, languageId, getText: () => text };
}

export const events = {
  openDocument: new Emitter<FakeDocument>(),
  changeEditor: new Emitter<unknown>(),
  changeConfiguration: new Emitter<{ affectsConfiguration(section: string): boolean }>(),
  grantTrust: new Emitter<void>(),
};

export const state = {
  documents: [] as FakeDocument[],
  activeDocument: undefined as FakeDocument | undefined,
  folders: [] as string[],
  trusted: false,
  settings: {} as Record<string, unknown>,
  commands: new Map<string, () => unknown>(),
  messages: [] as Array<{ level: "error" | "warning"; text: string }>,
  log: [] as string[],
  shown: [] as Array<{ language: string; content: string }>,
  clients: [] as FakeLanguageClient[],
  status: { text: "", tooltip: "", visible: false },
};

export function resetState(): void {
  Object.assign(state, { documents: [], activeDocument: undefined, folders: [], trusted: false, settings: {}, messages: [], log: [], shown: [], clients: [] });
  state.commands.clear();
  state.status = { text: "", tooltip: "", visible: false };
}

/** The `vscode` module. */
export const vscode = {
  StatusBarAlignment: { Left: 1, Right: 2 },
  ViewColumn: { Beside: -2 },
  window: {
    get activeTextEditor() {
      return state.activeDocument ? { document: state.activeDocument } : undefined;
    },
    createOutputChannel: () => ({
      info: (text: string) => state.log.push(`info ${text}`),
      warn: (text: string) => state.log.push(`warn ${text}`),
      error: (text: string) => state.log.push(`error ${text}`),
      show: () => undefined,
      dispose: () => undefined,
    }),
    createStatusBarItem: () => ({
      name: "",
      command: "",
      set text(value: string) {
        state.status.text = value;
      },
      set tooltip(value: string) {
        state.status.tooltip = value;
      },
      show: () => (state.status.visible = true),
      hide: () => (state.status.visible = false),
      dispose: () => undefined,
    }),
    showErrorMessage: async (text: string) => void state.messages.push({ level: "error", text }),
    showWarningMessage: async (text: string) => void state.messages.push({ level: "warning", text }),
    showTextDocument: async () => undefined,
    onDidChangeActiveTextEditor: events.changeEditor.event,
  },
  workspace: {
    get textDocuments() {
      return state.documents;
    },
    get workspaceFolders() {
      return state.folders.map((folder) => ({ uri: { scheme: "file", fsPath: folder } }));
    },
    get isTrusted() {
      return state.trusted;
    },
    getConfiguration: (section: string) => ({ get: (key: string) => state.settings[`${section}.${key}`] }),
    openTextDocument: async (options: { language: string; content: string }) => {
      state.shown.push(options);
      return options;
    },
    onDidOpenTextDocument: events.openDocument.event,
    onDidChangeConfiguration: events.changeConfiguration.event,
    onDidGrantWorkspaceTrust: events.grantTrust.event,
  },
  commands: {
    registerCommand: (name: string, run: () => unknown) => {
      state.commands.set(name, run);
      return { dispose: () => state.commands.delete(name) };
    },
  },
};

/** The `vscode-languageclient/node` module. */
export const State = { Stopped: 1, Starting: 3, Running: 2 } as const;
export const TransportKind = { stdio: 0, ipc: 1 } as const;

export class FakeLanguageClient {
  state: number = State.Stopped;
  stopped = false;
  private readonly stateChanged = new Emitter<unknown>();
  readonly onDidChangeState = this.stateChanged.event;
  constructor(
    readonly id: string,
    readonly name: string,
    readonly serverOptions: { run: { module: string; transport: number; options: { cwd: string } } },
    readonly clientOptions: { initializationOptions: Record<string, unknown>; documentSelector: unknown[] },
  ) {
    state.clients.push(this);
  }
  async start(): Promise<void> {
    this.state = State.Running;
    await this.stateChanged.fire({});
  }
  isRunning(): boolean {
    return this.state === State.Running;
  }
  async stop(): Promise<void> {
    this.stopped = true;
    this.state = State.Stopped;
    await this.stateChanged.fire({});
  }
}

export const languageClient = { LanguageClient: FakeLanguageClient, State, TransportKind };

export const repoBundle = path.resolve(import.meta.dirname, "../../../dist-bundle");
