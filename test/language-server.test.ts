import { spawnSync } from "node:child_process";
import { mkdirSync, readFileSync, symlinkSync, writeFileSync } from "node:fs";
import path from "node:path";
import { pathToFileURL } from "node:url";
import { afterEach, describe, expect, it } from "vitest";
import {
  CodeActionRequest,
  DidChangeTextDocumentNotification,
  DidChangeWatchedFilesNotification,
  DidCloseTextDocumentNotification,
  DidOpenTextDocumentNotification,
  DidSaveTextDocumentNotification,
  type CodeAction,
} from "vscode-languageserver-protocol";
import { LAYOUT_FINDINGS, makeProject, needs, repoRoot, REPOSITORY_LAYOUTS, runCli } from "./helpers.js";
import type { PublishDiagnosticsParams } from "vscode-languageserver-protocol";
import { applyEdits, Client, serverBin } from "./lsp-client.js";

const LEAK = 'services:\n  web:\n    image: example/web:1.0\n    ports:\n      - "8000:8000"\n';

let running: Client | undefined;
afterEach(() => {
  running?.child.kill();
  running = undefined;
});

describe("language server over stdio, with a real LSP client connection", () => {
  it("publishes diagnostics, offers quick fixes, fix-all and disable comments, follows edits and config changes", async () => {
    const root = makeProject({ "compose.yaml": LEAK });
    const file = path.join(root, "compose.yaml");
    const uri = pathToFileURL(file).href;
    const client = (running = await Client.start(root));
    const { connection } = client;

    await connection.sendNotification(DidOpenTextDocumentNotification.type, { textDocument: { uri, languageId: "yaml", version: 1, text: LEAK } });
    const opened = await client.diagnosticsFor(uri, 0);
    // It asked the editor to report changes to config files.
    expect(client.registrations).toEqual([
      {
        id: expect.any(String),
        method: "workspace/didChangeWatchedFiles",
        registerOptions: { watchers: expect.arrayContaining([{ globPattern: "**/.compose-lint.yaml" }, { globPattern: "**/compose-lint.config.mjs" }]) },
      },
    ]);
    expect(opened.diagnostics).toEqual([
      {
        range: { start: { line: 4, character: 8 }, end: { line: 4, character: 19 } },
        severity: 1,
        source: "compose-lint",
        message: expect.stringContaining('Service "web" publishes "8000:8000" on every interface'),
        code: "no-all-interface-publish",
        codeDescription: { href: expect.stringMatching(/docs\/rules\/no-all-interface-publish\.md$/) },
      },
    ]);

    const actions = (await connection.sendRequest(CodeActionRequest.type, {
      textDocument: { uri },
      range: opened.diagnostics[0]!.range,
      context: { diagnostics: opened.diagnostics },
    })) as CodeAction[];
    expect(actions.map((action) => [action.kind, action.title.split(":")[0]])).toEqual([
      ["quickfix", "Fix"],
      ["quickfix", "Disable no-all-interface-publish for this line"],
      ["source.fixAll.compose-lint", "Fix all compose-lint problems"],
    ]);
    const quickFix = applyEdits(LEAK, actions[0]!.edit!.changes![uri]!);
    expect(quickFix).toBe(LEAK.replace('"8000:8000"', '"127.0.0.1:8000:8000"'));
    expect(applyEdits(LEAK, actions[1]!.edit!.changes![uri]!)).toBe(LEAK.replace('      - "8000', '      # compose-lint-disable-next-line no-all-interface-publish\n      - "8000'));
    expect(applyEdits(LEAK, actions[2]!.edit!.changes![uri]!)).toBe(quickFix);

    // The editor applies the fix: the diagnostics clear.
    await connection.sendNotification(DidChangeTextDocumentNotification.type, { textDocument: { uri, version: 2 }, contentChanges: [{ text: quickFix }] });
    expect((await client.diagnosticsFor(uri, 1)).diagnostics).toEqual([]);

    // Broken YAML mid-typing: a located diagnostic, and the server keeps serving.
    const broken = `${quickFix}  worker: [\n`;
    await connection.sendNotification(DidChangeTextDocumentNotification.type, { textDocument: { uri, version: 3 }, contentChanges: [{ text: broken }] });
    const parse = await client.diagnosticsFor(uri, 2);
    expect(parse.diagnostics).toHaveLength(1);
    expect(parse.diagnostics[0]).toMatchObject({ severity: 1, source: "compose-lint", message: expect.stringMatching(/^Parsing error: /) });

    // A config file appears: open documents are linted again with it.
    await connection.sendNotification(DidChangeTextDocumentNotification.type, { textDocument: { uri, version: 4 }, contentChanges: [{ text: LEAK }] });
    expect((await client.diagnosticsFor(uri, 3)).diagnostics[0]?.severity).toBe(1);
    writeFileSync(path.join(root, ".compose-lint.yaml"), "extends: [recommended]\nrules:\n  no-all-interface-publish: warn\n");
    await connection.sendNotification(DidChangeWatchedFilesNotification.type, { changes: [{ uri: pathToFileURL(path.join(root, ".compose-lint.yaml")).href, type: 1 }] });
    expect((await client.diagnosticsFor(uri, 4)).diagnostics[0]?.severity).toBe(2);

    await connection.sendNotification(DidCloseTextDocumentNotification.type, { textDocument: { uri } });
    expect((await client.diagnosticsFor(uri, 5)).diagnostics).toEqual([]);
    expect(readFileSync(file, "utf8")).toBe(LEAK);
    expect(await client.stop()).toBe(0);
    running = undefined;
  }, 60_000);
});

describe("language server on a project", () => {
  it("lints an override with its base file, follows the base's unsaved edits, and fixes only the override", async () => {
    const base = "services:\n  web:\n    image: nginx:1.27\nnetworks:\n  front: {}\n";
    const override = 'services:\n  web:\n    networks: [front]\n    ports:\n      - "8000:8000"\n';
    const root = makeProject({ "compose.yaml": base, "compose.override.yaml": override });
    const overrideUri = pathToFileURL(path.join(root, "compose.override.yaml")).href;
    const baseUri = pathToFileURL(path.join(root, "compose.yaml")).href;
    const client = (running = await Client.start(root));
    const { connection } = client;
    const codes = (params: PublishDiagnosticsParams) => params.diagnostics.map((diagnostic) => `${diagnostic.range.start.line + 1}:${diagnostic.range.start.character + 1} ${diagnostic.code}`);

    await connection.sendNotification(DidOpenTextDocumentNotification.type, { textDocument: { uri: overrideUri, languageId: "yaml", version: 1, text: override } });
    // `front` is defined in compose.yaml, which Compose loads with the override.
    expect(codes(await client.diagnosticsFor(overrideUri, 0))).toEqual(["5:9 no-all-interface-publish"]);

    // compose.yaml is opened and its network deleted, unsaved: the override is linted against the editor's text.
    await connection.sendNotification(DidOpenTextDocumentNotification.type, { textDocument: { uri: baseUri, languageId: "yaml", version: 1, text: base } });
    await connection.sendNotification(DidChangeTextDocumentNotification.type, { textDocument: { uri: baseUri, version: 2 }, contentChanges: [{ text: "services:\n  web:\n    image: nginx:1.27\n" }] });
    const deadline = Date.now() + 20_000;
    let latest = await client.diagnosticsFor(overrideUri, 1);
    for (let count = 2; !codes(latest).includes("3:16 no-undefined-references") && Date.now() < deadline; count++) latest = await client.diagnosticsFor(overrideUri, count);
    expect(codes(latest)).toEqual(["3:16 no-undefined-references", "5:9 no-all-interface-publish"]);

    const actions = (await connection.sendRequest(CodeActionRequest.type, { textDocument: { uri: overrideUri }, range: latest.diagnostics[0]!.range, context: { diagnostics: [], only: ["source.fixAll.compose-lint"] } })) as CodeAction[];
    expect(Object.keys(actions[0]!.edit!.changes!)).toEqual([overrideUri]);
    expect(applyEdits(override, actions[0]!.edit!.changes![overrideUri]!)).toBe(override.replace('"8000:8000"', '"127.0.0.1:8000:8000"'));
    expect(await client.stop()).toBe(0);
    running = undefined;
  }, 60_000);
});

describe("language server: work per change", () => {
  it("publishes once per change, for the changed document and the open documents whose project read it, and no others", async () => {
    const root = makeProject({
      "app/compose.yaml": "services:\n  web:\n    image: nginx:1.27\nnetworks:\n  front: {}\n",
      "app/compose.override.yaml": 'services:\n  web:\n    networks: [front]\n    ports:\n      - "8000:8000"\n',
      // A variant: linted after compose.yaml, without the override.
      "app/compose.tools.yaml": "services:\n  tools:\n    image: example/tools:1.0\n",
      "other/compose.yaml": "services:\n  api:\n    image: example/api:1.0\n",
    });
    const uri = (name: string) => pathToFileURL(path.join(root, name)).href;
    const names = ["app/compose.yaml", "app/compose.override.yaml", "app/compose.tools.yaml", "other/compose.yaml"];
    const client = (running = await Client.start(root, { lintDebounceMs: 0 }));
    const { connection } = client;
    for (const name of names) {
      await connection.sendNotification(DidOpenTextDocumentNotification.type, { textDocument: { uri: uri(name), languageId: "yaml", version: 1, text: readFileSync(path.join(root, name), "utf8") } });
      await client.diagnosticsFor(uri(name), 0);
    }
    const published = () => Object.fromEntries(names.map((name) => [name, client.diagnostics.filter((params) => params.uri === uri(name)).map((params) => params.version)]));
    expect(published()).toEqual(Object.fromEntries(names.map((name) => [name, [1]])));

    // Edit the override: it and the base file (whose project merges it) are linted again, once each.
    const edited = 'services:\n  web:\n    networks: [front]\n    ports:\n      - "127.0.0.1:8000:8000"\n';
    await connection.sendNotification(DidChangeTextDocumentNotification.type, { textDocument: { uri: uri("app/compose.override.yaml"), version: 2 }, contentChanges: [{ text: edited }] });
    expect((await client.diagnosticsFor(uri("app/compose.override.yaml"), 1)).diagnostics).toEqual([]);
    await client.diagnosticsFor(uri("app/compose.yaml"), 1);
    // A request behind every lint already queued: its answer comes after their diagnostics.
    await connection.sendRequest(CodeActionRequest.type, { textDocument: { uri: uri("app/compose.tools.yaml") }, range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } }, context: { diagnostics: [], only: ["source.fixAll.compose-lint"] } });
    expect(published()).toEqual({ "app/compose.yaml": [1, 1], "app/compose.override.yaml": [1, 2], "app/compose.tools.yaml": [1], "other/compose.yaml": [1] });
    expect(await client.stop()).toBe(0);
    running = undefined;
  }, 60_000);
});

describe("language server: the editor's settings (initializationOptions)", () => {
  const STACK = 'services:\n  web:\n    image: example/web:1.0\n    depends_on: [db, cache]\n    ports:\n      - "8000:8000"\n  db:\n    image: postgres:16.4\n  cache:\n    image: redis:7.4\n';

  it("lints on save only, with the config file it names, and fix-all applies only the chosen fix kinds", async () => {
    const root = makeProject({ "compose.yaml": STACK, "lint/strict.yaml": "extends: [recommended]\nrules:\n  require-sorted-depends-on: error\n" });
    const uri = pathToFileURL(path.join(root, "compose.yaml")).href;
    const client = (running = await Client.start(root, { run: "onSave", configFile: "lint/strict.yaml", fixKinds: ["safe"] }));
    const { connection } = client;
    const codes = (params: PublishDiagnosticsParams) => params.diagnostics.map((diagnostic) => diagnostic.code);

    await connection.sendNotification(DidOpenTextDocumentNotification.type, { textDocument: { uri, languageId: "yaml", version: 1, text: STACK } });
    expect(codes(await client.diagnosticsFor(uri, 0))).toEqual(["require-sorted-depends-on", "no-all-interface-publish"]);

    // Typing publishes nothing; saving lints the saved version.
    const edited = STACK.replace('"8000:8000"', '"127.0.0.1:8000:8000"');
    await connection.sendNotification(DidChangeTextDocumentNotification.type, { textDocument: { uri, version: 2 }, contentChanges: [{ text: edited }] });
    await connection.sendNotification(DidSaveTextDocumentNotification.type, { textDocument: { uri } });
    const saved = await client.diagnosticsFor(uri, 1);
    expect([saved.version, codes(saved)]).toEqual([2, ["require-sorted-depends-on"]]);
    expect(client.diagnostics.filter((params) => params.uri === uri)).toHaveLength(2);

    // Fix-all with fixKinds ["safe"]: the sort applies; binding to loopback (an exposure fix) does not.
    await connection.sendNotification(DidChangeTextDocumentNotification.type, { textDocument: { uri, version: 3 }, contentChanges: [{ text: STACK }] });
    const actions = (await connection.sendRequest(CodeActionRequest.type, { textDocument: { uri }, range: saved.diagnostics[0]!.range, context: { diagnostics: [], only: ["source.fixAll.compose-lint"] } })) as CodeAction[];
    expect(applyEdits(STACK, actions[0]!.edit!.changes![uri]!)).toBe(STACK.replace("[db, cache]", "[cache, db]"));
    expect(await client.stop()).toBe(0);
    running = undefined;
  }, 60_000);

  it("does not run a JavaScript config file named by the settings in an untrusted workspace, and says so", async () => {
    const root = makeProject({ "compose.yaml": STACK, "lint.config.mjs": "throw new Error('ran');\n" });
    const uri = pathToFileURL(path.join(root, "compose.yaml")).href;
    const client = (running = await Client.start(root, { configFile: "lint.config.mjs", run: "sometimes", fixKinds: ["safe", "everything"] }));
    await client.connection.sendNotification(DidOpenTextDocumentNotification.type, { textDocument: { uri, languageId: "yaml", version: 1, text: STACK } });
    const opened = await client.diagnosticsFor(uri, 0);
    // The recommended rules, not a fatal "ran" error.
    expect(opened.diagnostics.map((diagnostic) => diagnostic.code)).toEqual(["no-all-interface-publish"]);
    expect(client.shownMessages.map((shown) => shown.message)).toEqual([expect.stringContaining("lint.config.mjs was not run because the workspace is not trusted")]);
    expect(await client.stop()).toBe(0);
    running = undefined;
  }, 60_000);

  it("says once that a config file turns no rule on, and that another linter's .compose-lint.yml was passed over", async () => {
    const root = makeProject({ "app/compose.yaml": STACK, "app/.compose-lint.yml": "rules:\n  CL-0001:\n    enabled: false\n", ".compose-lint.json": '{"rules": {"no-privileged": "off"}}' });
    const uri = pathToFileURL(path.join(root, "app/compose.yaml")).href;
    const client = (running = await Client.start(root));
    await client.connection.sendNotification(DidOpenTextDocumentNotification.type, { textDocument: { uri, languageId: "yaml", version: 1, text: STACK } });
    expect((await client.diagnosticsFor(uri, 0)).diagnostics).toEqual([]);
    await client.connection.sendNotification(DidChangeTextDocumentNotification.type, { textDocument: { uri, version: 2 }, contentChanges: [{ text: `${STACK}# edited\n` }] });
    await client.diagnosticsFor(uri, 1);
    expect(client.shownMessages.map((shown) => shown.message)).toEqual([
      "compose-lint: app/.compose-lint.yml is a config of tmatens/compose-lint, another linter (rule ids CL-nnnn), not read. This linter's settings go in .compose-lint.yaml, looked for first.",
      "compose-lint: .compose-lint.json turns no rule on, so nothing was checked with it: a config file is the whole configuration (add `extends: [recommended]`).",
    ]);
    expect(await client.stop()).toBe(0);
    running = undefined;
  }, 60_000);
});

describe("language server: projects assembled as the command line assembles them", () => {
  it("an included service file and an overlay get no false 'not declared' errors; a real one stays", async () => {
    const root = makeProject({
      "docker-compose.yml": "include:\n  - services/api/compose.yaml\nnetworks:\n  backend: {}\n",
      "services/api/compose.yaml": "services:\n  api:\n    image: example/api:1.0\n    networks: [backend]\n",
      "extensions/curator/curator-compose.yml": "services:\n  curator:\n    image: example/curator:1.0\n    networks: [backend]\n    depends_on: [api]\n",
      "extensions/broken/broken-compose.yml": "services:\n  broken:\n    image: example/broken:1.0\n    networks: [nowhere]\n",
    });
    const client = (running = await Client.start(root));
    const open = async (name: string) => {
      const uri = pathToFileURL(path.join(root, name)).href;
      await client.connection.sendNotification(DidOpenTextDocumentNotification.type, { textDocument: { uri, languageId: "yaml", version: 1, text: readFileSync(path.join(root, name), "utf8") } });
      return (await client.diagnosticsFor(uri, 0)).diagnostics.map((diagnostic) => [diagnostic.code, diagnostic.range.start.line + 1]);
    };
    expect(await open("services/api/compose.yaml")).toEqual([]);
    // Merged after the root project, whose include brings `api`.
    expect(await open("extensions/curator/curator-compose.yml")).toEqual([]);
    // Nothing declares `nowhere`: still reported.
    expect(await open("extensions/broken/broken-compose.yml")).toEqual([["no-undefined-references", 4]]);
    expect(await client.stop()).toBe(0);
    running = undefined;
  }, 60_000);
});

describe("language server: the same findings as the command line", () => {
  it("in a file that several projects use, and in an overlay that needs a sibling overlay", async () => {
    const root = makeProject(REPOSITORY_LAYOUTS);
    const cli = JSON.parse(runCli(["--format", "json", "--no-config-lookup"], { cwd: root }).stdout) as Array<{ filePath: string; messages: Array<{ ruleId: string | null; line: number; column: number }> }>;
    const fromCli = new Map(cli.map((result) => [path.relative(root, result.filePath), result.messages.map((message) => `${message.ruleId} ${message.line}:${message.column}`).sort()]));
    expect([...fromCli].flatMap(([file, found]) => found.map((finding) => `${file} ${finding}`))).toEqual(expect.arrayContaining(LAYOUT_FINDINGS));
    expect(fromCli.get("extensions/fleet/agent-compose.yml")).toEqual([]);
    const client = (running = await Client.start(root));
    for (const [name, expected] of fromCli) {
      const uri = pathToFileURL(path.join(root, name)).href;
      await client.connection.sendNotification(DidOpenTextDocumentNotification.type, { textDocument: { uri, languageId: "yaml", version: 1, text: readFileSync(path.join(root, name), "utf8") } });
      const published = (await client.diagnosticsFor(uri, 0)).diagnostics.map((diagnostic) => `${diagnostic.code} ${diagnostic.range.start.line + 1}:${diagnostic.range.start.character + 1}`).sort();
      expect([name, published]).toEqual([name, expected]);
    }
    expect(await client.stop()).toBe(0);
    running = undefined;
  }, 60_000);
});

describe("language server: files beside the document, kept between changes", () => {
  it("reads a file again once it changes on disk: the overlay it completes resolves", async () => {
    const root = makeProject({
      ".git/HEAD": "ref: refs/heads/main\n",
      "docker-compose.yml": "services:\n  web:\n    image: example/web:1.0\n",
      "extensions/x/agent-compose.yml": "services:\n  agent:\n    image: example/agent:1.0\n    depends_on: [db]\n",
      "extensions/x/store-compose.yml": "services:\n  cache:\n    image: example/cache:1.0\n",
    });
    const client = (running = await Client.start(root));
    const file = path.join(root, "extensions/x/agent-compose.yml");
    const uri = pathToFileURL(file).href;
    const text = readFileSync(file, "utf8");
    await client.connection.sendNotification(DidOpenTextDocumentNotification.type, { textDocument: { uri, languageId: "yaml", version: 1, text } });
    const codes = (params: PublishDiagnosticsParams) => params.diagnostics.map((diagnostic) => diagnostic.code);
    expect(codes(await client.diagnosticsFor(uri, 0))).toEqual(["no-undefined-references"]);
    // Unchanged on disk: the sibling's project is kept, and the answer is the same.
    await client.connection.sendNotification(DidChangeTextDocumentNotification.type, { textDocument: { uri, version: 2 }, contentChanges: [{ text }] });
    expect(codes(await client.diagnosticsFor(uri, 1))).toEqual(["no-undefined-references"]);
    // The sibling now defines `db`: the agent is merged after docker-compose.yml and it.
    writeFileSync(path.join(root, "extensions/x/store-compose.yml"), "services:\n  db:\n    image: example/db:1.0\n");
    await client.connection.sendNotification(DidChangeTextDocumentNotification.type, { textDocument: { uri, version: 3 }, contentChanges: [{ text }] });
    expect(codes(await client.diagnosticsFor(uri, 2))).toEqual([]);
    expect(await client.stop()).toBe(0);
    running = undefined;
  }, 60_000);
});

const neovim = needs("Neovim", spawnSync("nvim", ["--version"]).status === 0, ".ci/run installs Debian's neovim package");

/** The editors guide's snippet for Neovim 0.7 to 0.9, exactly as a user pastes it. */
function guideSnippet(tag: string): string {
  const guide = readFileSync(path.join(repoRoot, "docs/guides/editors.md"), "utf8");
  const match = new RegExp("```lua " + tag.replaceAll(".", "\\.") + "\\n([^]*?)```").exec(guide);
  if (!match) throw new Error(`no lua snippet tagged ${tag} in the editors guide`);
  return match[1]!;
}

describe.skipIf(neovim.skip)(neovim.title("language server in a real editor: Neovim, headless"), () => {
  it("the editors guide's Neovim 0.7 init.lua attaches the server and shows its diagnostics", () => {
    const root = makeProject({ "compose.yaml": LEAK, "init.lua": guideSnippet("nvim-0.7") });
    // The command on PATH, as an installed package puts it there.
    const bin = path.join(root, "bin");
    mkdirSync(bin);
    symlinkSync(serverBin, path.join(bin, "compose-lint-language-server"));
    const output = path.join(root, "diagnostics.json");
    const check = path.join(root, "check.lua");
    writeFileSync(
      check,
      `
local buffer = vim.api.nvim_get_current_buf()
local got = vim.wait(20000, function() return #vim.diagnostic.get(buffer) > 0 end, 100)
local found = {}
for _, d in ipairs(vim.diagnostic.get(buffer)) do
  table.insert(found, { lnum = d.lnum, col = d.col, end_col = d.end_col, severity = d.severity, source = d.source, message = d.message })
end
local file = io.open(${JSON.stringify(output)}, "w")
file:write(vim.fn.json_encode({ got = got, filetype = vim.bo.filetype, diagnostics = found }))
file:close()
vim.cmd("qall!")
`,
    );
    const run = spawnSync("nvim", ["--headless", "-n", "-i", "NONE", "-u", path.join(root, "init.lua"), "-c", `luafile ${check}`, path.join(root, "compose.yaml")], {
      cwd: root,
      encoding: "utf8",
      timeout: 60_000,
      env: { ...process.env, PATH: `${bin}${path.delimiter}${process.env["PATH"] ?? ""}`, XDG_CONFIG_HOME: root, XDG_DATA_HOME: root },
    });
    expect(run.status, run.stderr).toBe(0);
    const result = JSON.parse(readFileSync(output, "utf8")) as { got: boolean; filetype: string; diagnostics: Array<Record<string, unknown>> };
    expect(result.filetype).toBe("yaml");
    expect(result.got).toBe(true);
    expect(result.diagnostics).toEqual([
      {
        lnum: 4,
        col: 8,
        end_col: 19,
        severity: 1,
        source: "compose-lint",
        message: expect.stringContaining('Service "web" publishes "8000:8000" on every interface'),
      },
    ]);
  }, 90_000);
});
