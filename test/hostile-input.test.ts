// One fixture per way a hostile or careless input could make compose-lint write outside the
// project, run code nobody asked for, hang, crash the whole run, break a file or echo a secret.
import { spawn, spawnSync } from "node:child_process";
import { chmodSync, closeSync, existsSync, mkdirSync, openSync, readdirSync, readFileSync, symlinkSync, unlinkSync, utimesSync, writeFileSync } from "node:fs";
import path from "node:path";
import { pathToFileURL } from "node:url";
import { afterEach, describe, expect, it } from "vitest";
import { CodeActionRequest, DidOpenTextDocumentNotification } from "vscode-languageserver-protocol";
import { parseSource } from "@compose-lint/core";
import { binPath, makeProject, runAsync, runCli } from "./helpers.js";
import { Client } from "./lsp-client.js";

const LEAK = 'services:\n  web:\n    image: example/web:1.0\n    ports:\n      - "8000:8000"\n';

/** A repository (a folder with `.git`) inside a parent folder that holds other things. */
function repoIn(files: Record<string, string>, outside: Record<string, string> = {}): { parent: string; repo: string } {
  const parent = makeProject(Object.fromEntries(Object.entries(outside)));
  const repo = path.join(parent, "repo");
  mkdirSync(path.join(repo, ".git"), { recursive: true });
  for (const [name, content] of Object.entries(files)) {
    mkdirSync(path.dirname(path.join(repo, name)), { recursive: true });
    writeFileSync(path.join(repo, name), content);
  }
  return { parent, repo };
}

function jsonResults(stdout: string): Array<{ filePath: string; messages: Array<{ message: string; line: number; ruleId: string | null; severity: number }> }> {
  return JSON.parse(stdout) as ReturnType<typeof jsonResults>;
}

describe("--fix never writes outside the project", () => {
  it("never edits a file an extends names when it is not a Compose file (a CI config)", () => {
    const circleci = "version: 2.1\njobs:\n  build:\n    docker:\n      - image: cimg/base:2024.01\n";
    const { repo } = repoIn({
      "compose.yaml": "services:\n  build:\n    extends:\n      file: .circleci/config.yml\n      service: build\n",
      ".circleci/config.yml": circleci,
    });
    const run = runCli(["--fix", "--format", "json"], { cwd: repo });
    expect(readFileSync(path.join(repo, ".circleci/config.yml"), "utf8")).toBe(circleci);
    const [compose, ...others] = jsonResults(run.stdout);
    expect(others).toEqual([]);
    expect(compose!.messages).toContainEqual(expect.objectContaining({ line: 4, message: expect.stringContaining("Extended file .circleci/config.yml: not a Compose file") }));
  });

  it("does not read an include outside the repository, and with --read-outside-project reports it but never fixes it", () => {
    const { parent, repo } = repoIn({ "compose.yaml": "include:\n  - ../outside/compose.yaml\nservices:\n  app:\n    image: example/app:1.0\n" }, { "outside/compose.yaml": LEAK });
    const outsideFile = path.join(parent, "outside/compose.yaml");

    const plain = runCli(["--fix", "--format", "json"], { cwd: repo });
    expect(readFileSync(outsideFile, "utf8")).toBe(LEAK);
    expect(jsonResults(plain.stdout).map((result) => result.filePath)).toEqual([path.join(repo, "compose.yaml")]);
    expect(jsonResults(plain.stdout)[0]!.messages).toContainEqual(
      expect.objectContaining({ severity: 1, line: 2, message: expect.stringMatching(/^Included file \.\.\/outside\/compose\.yaml: outside the project folder .*: not read \(--read-outside-project/) }),
    );

    const allowed = runCli(["--fix", "--read-outside-project", "--format", "json"], { cwd: repo });
    expect(readFileSync(outsideFile, "utf8")).toBe(LEAK);
    const outsideResult = jsonResults(allowed.stdout).find((result) => result.filePath === outsideFile);
    expect(outsideResult?.messages.map((message) => message.ruleId)).toContain("no-all-interface-publish");
    expect(allowed.stderr).not.toMatch(/Wrote/);
  });

  it("does not write through a symlink that leads out of the project", () => {
    const { parent, repo } = repoIn({}, { "elsewhere/stack.yml": LEAK });
    symlinkSync(path.join(parent, "elsewhere/stack.yml"), path.join(repo, "compose.yaml"));
    const run = runCli(["--fix"], { cwd: repo });
    expect(run.status).toBe(1);
    expect(readFileSync(path.join(parent, "elsewhere/stack.yml"), "utf8")).toBe(LEAK);
    expect(run.stdout).toContain("Fixes not written: the file resolves outside the project folder");
    // Its findings are still listed.
    expect(run.stdout).toContain('Service "web" publishes "8000:8000" on every interface');
  });
});

describe("JavaScript configs run only where they belong", () => {
  const marker = (folder: string) => path.join(folder, "config-ran");
  const config = (folder: string) => `import { writeFileSync } from "node:fs";\nwriteFileSync(${JSON.stringify(marker(folder))}, "yes");\nexport default { extends: ["recommended"] };\n`;

  it("the CLI does not look above the repository root", () => {
    const { parent, repo } = repoIn({ "compose.yaml": LEAK });
    writeFileSync(path.join(parent, "compose-lint.config.mjs"), config(parent));
    runCli(["compose.yaml"], { cwd: repo });
    expect(existsSync(marker(parent))).toBe(false);
  });

  it("the CLI runs a JavaScript config inside the repository, as ESLint does", () => {
    const { repo } = repoIn({ "compose.yaml": LEAK });
    writeFileSync(path.join(repo, "compose-lint.config.mjs"), config(repo));
    runCli(["compose.yaml"], { cwd: repo });
    expect(existsSync(marker(repo))).toBe(true);
  });

  let running: Client | undefined;
  afterEach(() => {
    running?.child.kill();
    running = undefined;
  });

  it("the language server runs it only in a trusted workspace, and says why it did not", async () => {
    const { repo } = repoIn({ "compose.yaml": LEAK });
    writeFileSync(path.join(repo, "compose-lint.config.mjs"), config(repo));
    const uri = pathToFileURL(path.join(repo, "compose.yaml")).href;

    const untrusted = (running = await Client.start(repo));
    await untrusted.connection.sendNotification(DidOpenTextDocumentNotification.type, { textDocument: { uri, languageId: "yaml", version: 1, text: LEAK } });
    const diagnostics = await untrusted.diagnosticsFor(uri, 0);
    expect(diagnostics.diagnostics.map((diagnostic) => diagnostic.code)).toEqual(["no-all-interface-publish"]);
    expect(existsSync(marker(repo))).toBe(false);
    expect(untrusted.shownMessages).toEqual([{ type: 2, message: expect.stringContaining("compose-lint.config.mjs was not run because the workspace is not trusted") }]);
    expect(await untrusted.stop()).toBe(0);

    const trusted = (running = await Client.start(repo, { workspaceTrusted: true }));
    await trusted.connection.sendNotification(DidOpenTextDocumentNotification.type, { textDocument: { uri, languageId: "yaml", version: 1, text: LEAK } });
    await trusted.diagnosticsFor(uri, 0);
    expect(existsSync(marker(repo))).toBe(true);
    expect(trusted.shownMessages).toEqual([]);
  }, 60_000);
});

describe("limits: every file gets an answer, and the rest of the run goes on", () => {
  const deepFlow = (levels: number) => `services:\n  web:\n    image: x:1\n    labels: ${"{a: ".repeat(levels)}1${"}".repeat(levels)}\n`;
  const deepBlock = (levels: number) => `services:\n  web:\n    image: x:1\n    x-deep:\n${Array.from({ length: levels }, (_, index) => `${" ".repeat(6 + index)}a:\n`).join("")}${" ".repeat(6 + levels)}b: 1\n`;

  it("a file nested thousands of levels deep is reported on its own; the other files are linted", () => {
    const cwd = makeProject({ "a/compose.yaml": deepFlow(4000), "b/compose.yaml": deepBlock(1500), "c/compose.yaml": LEAK });
    const run = runCli(["--format", "json"], { cwd });
    expect(run.status).toBe(1);
    const results = jsonResults(run.stdout);
    expect(results.map((result) => path.relative(cwd, result.filePath))).toEqual(["a/compose.yaml", "b/compose.yaml", "c/compose.yaml"]);
    for (const deep of results.slice(0, 2)) expect(deep.messages).toEqual([expect.objectContaining({ severity: 2, message: expect.stringContaining("Nested too deeply") })]);
    expect(results[2]!.messages.map((message) => message.ruleId)).toEqual(["no-all-interface-publish"]);
    expect(run.stderr).toBe("");
  });

  it.skipIf(process.platform === "win32")("a FIFO or a device is named, not read: a FIFO would block the run, and /dev/zero never ends", async () => {
    const cwd = makeProject({ "app/compose.yaml": LEAK });
    for (const fifo of ["fifo/compose.yaml", "app/.env", "app/.gitignore"]) {
      mkdirSync(path.dirname(path.join(cwd, fifo)), { recursive: true });
      expect(spawnSync("mkfifo", [path.join(cwd, fifo)]).status).toBe(0);
    }
    mkdirSync(path.join(cwd, "zero"));
    symlinkSync("/dev/zero", path.join(cwd, "zero/compose.yaml"));
    // Asynchronous: were a read to block, the test's own time limit would end it.
    const run = await runAsync(process.execPath, [binPath, "--format", "json", "fifo/compose.yaml", "zero/compose.yaml", "app"], { cwd });
    expect(run.status).toBe(1);
    const notRead = expect.objectContaining({ severity: 2, message: expect.stringContaining("not a regular file (a device, a FIFO or a socket), not read") });
    expect(jsonResults(run.stdout).map((result) => [path.relative(cwd, result.filePath), result.messages.map((message) => message.ruleId ?? message)])).toEqual([
      ["app/.env", [notRead]],
      ["app/compose.yaml", ["no-all-interface-publish"]],
      ["fifo/compose.yaml", [notRead]],
      ["zero/compose.yaml", [notRead]],
    ]);

    // A config file that is a FIFO stops the run with a usage error, as an unreadable one does.
    const config = path.join(cwd, "app/.compose-lint.json");
    expect(spawnSync("mkfifo", [config]).status).toBe(0);
    const refused = await runAsync(process.execPath, [binPath, "app"], { cwd });
    expect(refused.status).toBe(2);
    expect(refused.stderr).toBe(`compose-lint: ${config}: cannot read config: not a regular file (a device, a FIFO or a socket), not read\n`);
    // So does a YAML one, which lookup looks into first (is it another linter's config?).
    unlinkSync(config);
    const yamlConfig = path.join(cwd, "app/.compose-lint.yml");
    expect(spawnSync("mkfifo", [yamlConfig]).status).toBe(0);
    const yamlRefused = await runAsync(process.execPath, [binPath, "app"], { cwd });
    expect(yamlRefused.status).toBe(2);
    expect(yamlRefused.stderr).toBe(`compose-lint: ${yamlConfig}: cannot read config: not a regular file (a device, a FIFO or a socket), not read\n`);
  });

  it.skipIf(process.platform === "win32")("--stdin from an endless stream ends, with the text refused as too large", async () => {
    const zero = openSync("/dev/zero", "r");
    const child = spawn(process.execPath, [binPath, "--stdin", "--no-config-lookup"], { stdio: [zero, "pipe", "pipe"] });
    closeSync(zero);
    let stdout = "";
    child.stdout!.setEncoding("utf8").on("data", (chunk: string) => (stdout += chunk));
    const status = await new Promise((resolve) => child.on("close", resolve));
    expect(status).toBe(1);
    expect(stdout).toMatch(/<stdin>\n {2}1:1 {2}error {2}File too large to lint \(\d+\.\d MiB; the limit is 4 MiB\)/);
  });

  let running: Client | undefined;
  afterEach(() => {
    running?.child.kill();
    running = undefined;
  });

  it("the language server answers a 5 MB document and a 4,000-level one with a diagnostic, and keeps serving", async () => {
    const root = makeProject({});
    const client = (running = await Client.start(root));
    const open = async (name: string, text: string) => {
      const uri = pathToFileURL(path.join(root, name)).href;
      await client.connection.sendNotification(DidOpenTextDocumentNotification.type, { textDocument: { uri, languageId: "yaml", version: 1, text } });
      return (await client.diagnosticsFor(uri, 0)).diagnostics;
    };
    // A valid Compose file padded past the 4 MiB limit with one long extension value.
    const huge = `services:\n  web:\n    image: x:1\nx-pad: '${"y".repeat(5 * 1024 * 1024)}'\n`;
    expect(await open("huge/compose.yaml", huge)).toEqual([expect.objectContaining({ message: expect.stringContaining("too large to lint") })]);
    expect(await open("deep/compose.yaml", deepFlow(4000))).toEqual([expect.objectContaining({ message: expect.stringContaining("Nested too deeply") })]);
    const after = await open("ok/compose.yaml", LEAK);
    expect(after.map((diagnostic) => diagnostic.code)).toEqual(["no-all-interface-publish"]);
    // A code action request missing its parts gets an empty answer, not an internal error.
    expect(await client.connection.sendRequest(CodeActionRequest.type, {} as never)).toEqual([]);
    expect(await client.connection.sendRequest(CodeActionRequest.type, { textDocument: { uri: pathToFileURL(path.join(root, "ok/compose.yaml")).href } } as never)).toEqual(
      expect.any(Array),
    );
    expect(await client.stop()).toBe(0);
  }, 60_000);
});

describe("the language server's time limit", () => {
  let running: Client | undefined;
  afterEach(() => {
    running?.child.kill();
    running = undefined;
  });

  it("gives up on a document that takes longer than the limit, says so on it, and keeps serving", async () => {
    // A limit no lint can meet stands in for a document that would take minutes.
    const root = makeProject({ "compose.yaml": LEAK });
    const client = (running = await Client.start(root, { lintTimeLimitMs: 1 }));
    const uri = pathToFileURL(path.join(root, "compose.yaml")).href;
    await client.connection.sendNotification(DidOpenTextDocumentNotification.type, { textDocument: { uri, languageId: "yaml", version: 1, text: LEAK } });
    const { diagnostics } = await client.diagnosticsFor(uri, 0);
    expect(diagnostics).toEqual([expect.objectContaining({ severity: 1, message: expect.stringMatching(/^compose-lint stopped linting this file after 0\.001 s/) })]);
    // Still answering: fix-all is not offered (its lint times out too), and nothing fails.
    expect(await client.connection.sendRequest(CodeActionRequest.type, { textDocument: { uri }, range: diagnostics[0]!.range, context: { diagnostics: [] } })).toEqual([]);
    expect(await client.stop()).toBe(0);
  }, 60_000);
});

describe("fixes are re-checked", () => {
  it("never removes an anchor that an alias needs", () => {
    const text = 'version: &v "3.8"\nservices:\n  web:\n    image: example/web:1.0\n    labels:\n      compose.version: *v\n';
    const cwd = makeProject({ "compose.yaml": text });
    const run = runCli(["--fix"], { cwd });
    expect(readFileSync(path.join(cwd, "compose.yaml"), "utf8")).toBe(text);
    expect(run.stdout).toContain("no-version-field");
  });

  it("never edits a tagged value, nor text that another service reuses through an alias", () => {
    const text = 'services:\n  web:\n    image: example/web:1.0\n    ports:\n      - !!int 8080\n      - &shared "9000:9000"\n  api:\n    image: example/api:1.0\n    ports:\n      - *shared\n';
    const cwd = makeProject({ "compose.yaml": text });
    const run = runCli(["--fix", "--format", "json"], { cwd });
    expect(readFileSync(path.join(cwd, "compose.yaml"), "utf8")).toBe(text);
    const messages = jsonResults(run.stdout)[0]!.messages.filter((message) => message.ruleId === "no-all-interface-publish");
    expect(messages.map((message) => message.line)).toEqual([5, 6, 6]);
    // Reported, and honestly without a fix.
    expect(messages.every((message) => !("fix" in message))).toBe(true);
    expect(parseSource(text).syntaxErrors).toEqual([]);
  });
});

describe("what the environment holds is never echoed", () => {
  const secret = "hunter2-correct-horse";

  it.each(["stylish", "json", "sarif", "github", "gitlab", "checkstyle", "junit"])("names the variable, not its value, in %s", (format) => {
    const cwd = makeProject({ ".env": `HOST_PASSWORD=${secret}\n`, "compose.yaml": 'services:\n  web:\n    image: example/web:1.0\n    ports:\n      - "${HOST_PASSWORD}:80:80"\n' });
    const run = runCli(["--format", format], { cwd });
    expect(run.status).toBe(1);
    expect(run.stdout + run.stderr).not.toContain(secret);
    expect(run.stdout).toMatch(/invalid host IP \\?"\$\{HOST_PASSWORD\}\\?"|invalid host IP &quot;\$\{HOST_PASSWORD\}&quot;/);
  });

  let running: Client | undefined;
  afterEach(() => {
    running?.child.kill();
    running = undefined;
  });

  it("in the language server too", async () => {
    const text = 'services:\n  web:\n    image: example/web:1.0\n    ports:\n      - "${HOST_PASSWORD}:80:80"\n';
    const root = makeProject({ ".env": `HOST_PASSWORD=${secret}\n`, "compose.yaml": text });
    const client = (running = await Client.start(root));
    const uri = pathToFileURL(path.join(root, "compose.yaml")).href;
    await client.connection.sendNotification(DidOpenTextDocumentNotification.type, { textDocument: { uri, languageId: "yaml", version: 1, text } });
    const { diagnostics } = await client.diagnosticsFor(uri, 0);
    expect(diagnostics.map((diagnostic) => diagnostic.message).join("\n")).toContain('invalid host IP "${HOST_PASSWORD}"');
    expect(JSON.stringify(diagnostics)).not.toContain(secret);
  }, 60_000);
});

describe("writes that go wrong", () => {
  it("removes the temporary files a killed run left, and only stale ones", () => {
    const cwd = makeProject({ "compose.yaml": LEAK, ".compose.yaml.0123456789ab.tmp": "half", ".compose.yaml.ba9876543210.tmp": "writing now", ".other.yaml.0123456789ab.tmp": "not ours" });
    const longAgo = new Date(Date.now() - 24 * 3600 * 1000);
    utimesSync(path.join(cwd, ".compose.yaml.0123456789ab.tmp"), longAgo, longAgo);
    utimesSync(path.join(cwd, ".other.yaml.0123456789ab.tmp"), longAgo, longAgo);
    expect(runCli(["--fix"], { cwd }).status).toBe(0);
    expect(readdirSync(cwd).sort()).toEqual([".compose.yaml.ba9876543210.tmp", ".other.yaml.0123456789ab.tmp", "compose.yaml"]);
  });

  it("lists the findings of a file whose fixes could not be written", () => {
    const cwd = makeProject({ "compose.yaml": LEAK });
    chmodSync(path.join(cwd, "compose.yaml"), 0o444);
    // Root may write anything: run as nobody there, so that the write really is refused.
    chmodSync(cwd, 0o755);
    const asRoot = process.getuid?.() === 0;
    const run = asRoot
      ? spawnSync("setpriv", ["--reuid=65534", "--regid=65534", "--clear-groups", process.execPath, binPath, "--fix"], { cwd, encoding: "utf8", env: { ...process.env, NO_COLOR: "1" } })
      : spawnSync(process.execPath, [binPath, "--fix"], { cwd, encoding: "utf8", env: { ...process.env, NO_COLOR: "1" } });
    expect(run.status, run.stderr).toBe(1);
    expect(run.stdout).toContain("Fixes not written (EACCES); the file is unchanged");
    expect(run.stdout).toContain('Service "web" publishes "8000:8000" on every interface');
    expect(readFileSync(path.join(cwd, "compose.yaml"), "utf8")).toBe(LEAK);
  });
});
