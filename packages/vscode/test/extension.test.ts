import { mkdirSync, mkdtempSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { beforeEach, describe, expect, it, vi } from "vitest";
import { isComposeDocument } from "../src/compose-document.js";
import { ComposeLintExtension } from "../src/extension.js";
import { chooseServer } from "../src/server-module.js";
import { initializationOptions, readSettings } from "../src/settings.js";
import { events, fakeDocument, repoBundle, resetState, state } from "./vscode-stub.js";

vi.mock("vscode", async () => (await import("./vscode-stub.js")).vscode);
vi.mock("vscode-languageclient/node", async () => (await import("./vscode-stub.js")).languageClient);

const LEAK = 'services:\n  web:\n    image: example/web:1.0\n    ports:\n      - "8000:8000"\n';
const MANIFEST = "apiVersion: v1\nkind: Service\nmetadata:\n  name: web\n";

function project(files: Record<string, string>): string {
  const root = mkdtempSync(path.join(os.tmpdir(), "compose-lint-vscode-"));
  for (const [name, text] of Object.entries(files)) {
    mkdirSync(path.dirname(path.join(root, name)), { recursive: true });
    writeFileSync(path.join(root, name), text);
  }
  return root;
}

/** Lets the extension's promise chains (start, restart) run. */
async function settle(): Promise<void> {
  for (let round = 0; round < 5; round++) await new Promise((resolve) => setImmediate(resolve));
}

beforeEach(() => resetState());

describe("which documents are Compose files", () => {
  it("by VS Code's language, by name, or by a YAML text whose top level is Compose's; other YAML is left alone", () => {
    expect(isComposeDocument(fakeDocument("/p/stack.yml", "dockercompose", MANIFEST))).toBe(true);
    expect(isComposeDocument(fakeDocument("/p/docker-compose.prod.yml", "yaml", ""))).toBe(true);
    expect(isComposeDocument(fakeDocument("/p/deploy/stack.yml", "yaml", LEAK))).toBe(true);
    expect(isComposeDocument(fakeDocument("/p/k8s/web.yaml", "yaml", MANIFEST))).toBe(false);
    expect(isComposeDocument(fakeDocument("/p/.github/workflows/ci.yml", "yaml", "on: push\njobs: {}\n"))).toBe(false);
    expect(isComposeDocument(fakeDocument("/p/compose.yaml", "plaintext", LEAK))).toBe(false);
    expect(isComposeDocument({ ...fakeDocument("/p/compose.yaml", "yaml", LEAK), uri: { scheme: "git" } })).toBe(false);
  });
});

describe("settings and the server they choose", () => {
  it("reads the manifest's defaults, and passes the config file only in a trusted workspace", () => {
    const defaults = readSettings(() => undefined);
    expect(defaults).toEqual({ enable: true, run: "onType", fixKinds: ["safe", "exposure"], configFile: "", server: "auto" });
    const chosen = readSettings(<T>(key: string) => ({ run: "onSave", fixKinds: ["safe"], configFile: " lint/strict.yaml ", enable: false })[key] as T);
    expect(initializationOptions(chosen, { trusted: true, folder: "/work/app" })).toEqual({ workspaceTrusted: true, run: "onSave", fixKinds: ["safe"], configFile: "/work/app/lint/strict.yaml" });
    expect(initializationOptions(chosen, { trusted: false, folder: "/work/app" })).toEqual({ workspaceTrusted: false, run: "onSave", fixKinds: ["safe"] });
  });

  it("runs a project's own server only in a trusted workspace, and says why a given path was not used", () => {
    const local = "/work/app/node_modules/compose-lint/dist-bundle/compose-lint-language-server.mjs";
    const exists = (file: string) => file === local || file === "/opt/compose-lint/dist-bundle/compose-lint-language-server.mjs";
    const base = { folders: ["/work/app"], bundled: "/ext/dist/server/compose-lint-language-server.mjs", exists };
    expect(chooseServer({ ...base, setting: "auto", trusted: true })).toEqual({ module: local, source: "project" });
    expect(chooseServer({ ...base, setting: "auto", trusted: false })).toEqual({ module: base.bundled, source: "bundled" });
    expect(chooseServer({ ...base, setting: "bundled", trusted: true })).toEqual({ module: base.bundled, source: "bundled" });
    expect(chooseServer({ ...base, setting: "/opt/compose-lint", trusted: true })).toEqual({ module: "/opt/compose-lint/dist-bundle/compose-lint-language-server.mjs", source: "setting" });
    expect(chooseServer({ ...base, setting: "/opt/compose-lint", trusted: false })).toMatchObject({ module: base.bundled, note: expect.stringContaining("not trusted") });
    expect(chooseServer({ ...base, setting: "missing", trusted: true })).toMatchObject({ module: base.bundled, note: expect.stringContaining("no compose-lint-language-server.mjs at /work/app/missing") });
  });
});

describe("the extension with the VS Code API stubbed", () => {
  it("starts one server for the first Compose file, not for other YAML, restricted until the workspace is trusted", async () => {
    const root = project({ "compose.yaml": LEAK, "k8s/web.yaml": MANIFEST, "node_modules/compose-lint/dist-bundle/compose-lint-language-server.mjs": "" });
    state.folders = [root];
    state.settings = { "compose-lint.configFile": "strict.yaml" };
    const manifest = fakeDocument(path.join(root, "k8s/web.yaml"), "yaml", MANIFEST);
    state.documents = [manifest];
    state.activeDocument = manifest;
    const extension = new ComposeLintExtension("/ext/dist/server");
    await settle();
    expect(state.clients).toHaveLength(0);
    expect(state.status.visible).toBe(false);
    expect([...state.commands.keys()].sort()).toEqual(["compose-lint.restartServer", "compose-lint.showExposure", "compose-lint.showOutput"]);

    const compose = fakeDocument(path.join(root, "compose.yaml"), "yaml", LEAK);
    state.documents.push(compose);
    state.activeDocument = compose;
    await events.openDocument.fire(compose);
    await events.openDocument.fire(fakeDocument(path.join(root, "compose.override.yaml"), "yaml", LEAK));
    await settle();
    expect(state.clients).toHaveLength(1);
    const [client] = state.clients;
    expect(client!.serverOptions.run).toEqual({ module: "/ext/dist/server/compose-lint-language-server.mjs", transport: 1, options: { cwd: root } });
    expect(client!.clientOptions.initializationOptions).toEqual({ workspaceTrusted: false, run: "onType", fixKinds: ["safe", "exposure"] });
    expect(state.status).toMatchObject({ text: "$(shield) compose-lint", visible: true, tooltip: expect.stringContaining("Restricted mode: JavaScript config files are not run") });

    // Trust granted: the server restarts, now the project's own, with code and the config file allowed.
    state.trusted = true;
    await events.grantTrust.fire();
    await settle();
    expect(client!.stopped).toBe(true);
    expect(state.clients).toHaveLength(2);
    expect(state.clients[1]!.serverOptions.run.module).toBe(path.join(root, "node_modules/compose-lint/dist-bundle/compose-lint-language-server.mjs"));
    expect(state.clients[1]!.clientOptions.initializationOptions).toEqual({ workspaceTrusted: true, run: "onType", fixKinds: ["safe", "exposure"], configFile: path.join(root, "strict.yaml") });
    expect(state.status.text).toBe("$(check) compose-lint");

    // Another section's change is ignored; turning compose-lint off stops the server.
    await events.changeConfiguration.fire({ affectsConfiguration: (section) => section === "editor" });
    expect(state.clients).toHaveLength(2);
    state.settings["compose-lint.enable"] = false;
    await events.changeConfiguration.fire({ affectsConfiguration: (section) => section === "compose-lint" });
    await settle();
    expect(state.clients[1]!.stopped).toBe(true);
    expect(state.clients).toHaveLength(2);
    expect(state.status.text).toBe("$(circle-slash) compose-lint");
    await extension.dispose();
    expect(state.commands.size).toBe(0);
  });

  it("with no workspace folder, runs the server from the file's folder", async () => {
    const root = project({ "deploy/compose.yaml": LEAK });
    state.documents = [fakeDocument(path.join(root, "deploy/compose.yaml"), "dockercompose", LEAK)];
    const extension = new ComposeLintExtension("/ext/dist/server");
    await settle();
    expect(state.clients.map((client) => client.serverOptions.run.options.cwd)).toEqual([path.join(root, "deploy")]);
    await extension.dispose();
  });

  it("shows the exposure report of the active file's project, from the bundled command line", async () => {
    // A JavaScript config that would fail the run: in an untrusted workspace it is not looked up.
    const root = project({ "compose.yaml": LEAK, "compose-lint.config.mjs": "throw new Error('ran');\n" });
    state.folders = [root];
    state.activeDocument = fakeDocument(path.join(root, "compose.yaml"), "yaml", LEAK);
    const extension = new ComposeLintExtension(repoBundle);
    await state.commands.get("compose-lint.showExposure")!();
    expect(state.messages).toEqual([]);
    expect(state.shown).toHaveLength(1);
    expect(state.shown[0]!.language).toBe("markdown");
    expect(state.shown[0]!.content).toMatch(/\|\s*web\s*\|/);
    expect(state.shown[0]!.content).toContain("8000");

    // With trust, the config runs, and its failure is shown as a message, not a report.
    state.trusted = true;
    await state.commands.get("compose-lint.showExposure")!();
    expect(state.shown).toHaveLength(1);
    expect(state.messages).toEqual([{ level: "error", text: expect.stringContaining("ran") }]);
    await extension.dispose();
  });
});
