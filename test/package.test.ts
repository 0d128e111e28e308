import { spawn } from "node:child_process";
import { chmodSync, chownSync, cpSync, mkdirSync, mkdtempSync, readdirSync, statSync, utimesSync, writeFileSync } from "node:fs";
import Module from "node:module";
import { tmpdir } from "node:os";
import path from "node:path";
import { pathToFileURL } from "node:url";
import { describe, expect, it } from "vitest";
import { MANY_FILES } from "../packages/cli/src/launch/tiering.js";
import { repoRoot, runAsync } from "./helpers.js";

const LEAK = 'services:\n  web:\n    image: example/web:1.0\n    ports:\n      - "8000:8000"\n';

/** PATH without anything of this checkout, so that only the installed package can answer. */
function cleanPath(prefix: string): string {
  const kept = (process.env["PATH"] ?? "").split(path.delimiter).filter((entry) => !entry.startsWith(repoRoot) && !entry.includes("node_modules"));
  return [path.join(prefix, "bin"), ...kept].join(path.delimiter);
}

/** Sends the language server an `initialize` request over stdio and returns its answer. */
function initializeAnswer(command: string, cwd: string, env: NodeJS.ProcessEnv): Promise<string> {
  const body = JSON.stringify({ jsonrpc: "2.0", id: 1, method: "initialize", params: { processId: null, rootUri: null, capabilities: {} } });
  return new Promise((resolve, reject) => {
    const child = spawn(command, ["--stdio"], { cwd, env, stdio: ["pipe", "pipe", "inherit"] });
    let answer = "";
    child.on("error", reject);
    child.on("close", () => resolve(answer));
    child.stdout.setEncoding("utf8").on("data", (chunk: string) => {
      answer += chunk;
      if (answer.includes('"id":1')) child.kill();
    });
    child.stdin.write(`Content-Length: ${Buffer.byteLength(body)}\r\n\r\n${body}`);
  });
}

describe("the compose-lint package", () => {
  it("ships the bundle that the sources build (commit dist-bundle/ after changing the code)", async () => {
    // The test run starts with a build; a committed bundle that differs from it is stale. Installs
    // from git (pre-commit 4, the GitHub Action) run the committed bundle without building.
    const diff = await runAsync("git", ["diff", "--stat", "--", "dist-bundle"], { cwd: repoRoot });
    expect(diff.stdout, "dist-bundle/ is stale: `git add dist-bundle` after the build").toBe("");
    const added = await runAsync("git", ["ls-files", "--others", "--exclude-standard", "--", "dist-bundle"], { cwd: repoRoot });
    expect(added.stdout, "dist-bundle/ has new files: `git add dist-bundle` after the build").toBe("");
  });

  it("starts each command through a launcher that turns on Node's compile cache where Node has one (22.1+)", async () => {
    // Node 20 has no module.enableCompileCache: a preload gives it one that says it was called.
    const preload = path.join(mkdtempSync(path.join(tmpdir(), "compose-lint-cache-")), "preload.mjs");
    writeFileSync(preload, 'import module from "node:module";\nmodule.enableCompileCache ??= () => process.stderr.write("compile cache on\\n");\n');
    for (const bin of ["compose-lint.cjs", "compose-lint.mjs"]) {
      const cli = await runAsync(process.execPath, ["--import", pathToFileURL(preload).href, path.join(repoRoot, "dist-bundle", bin), "--version"]);
      expect([cli.status, cli.stdout.trim(), cli.stderr]).toEqual([0, "0.1.0", "compile cache on\n"]);
    }
    // The language server ends when its input does.
    const server = await runAsync(process.execPath, ["--import", pathToFileURL(preload).href, path.join(repoRoot, "dist-bundle/compose-lint-language-server.mjs"), "--stdio"]);
    expect(server.stderr).toBe("compile cache on\n");
  });

  describe.skipIf(typeof (Module as { enableCompileCache?: unknown }).enableCompileCache === "function")("on a Node without a compile cache (20)", () => {
    const bin = path.join(repoRoot, "dist-bundle/compose-lint.cjs");
    const run = (args: string[], cacheRoot: string, env: NodeJS.ProcessEnv = {}, cwd?: string) =>
      runAsync(process.execPath, [bin, ...args], { cwd, env: { ...process.env, NO_COLOR: "1", NODE_COMPILE_CACHE: cacheRoot, COMPOSE_LINT_DEBUG: "compile-cache", ...env } });
    const cacheFiles = (cacheRoot: string) => readdirSync(path.join(cacheRoot, "compose-lint")).filter((name) => name.endsWith(".bin"));

    it("keeps its own: written after the first lint, used by the next, the same report either way", async () => {
      const cacheRoot = mkdtempSync(path.join(tmpdir(), "compose-lint-cache-"));
      const project = mkdtempSync(path.join(tmpdir(), "compose-lint-user-"));
      writeFileSync(path.join(project, "compose.yaml"), LEAK);
      // A run that lints nothing compiles too little to be worth keeping.
      expect((await run(["--version"], cacheRoot)).stderr).toBe("compose-lint: compile cache: miss\n");
      expect(cacheFiles(cacheRoot)).toEqual([]);
      const first = await run(["compose.yaml"], cacheRoot, {}, project);
      expect([first.status, first.stderr]).toEqual([1, "compose-lint: compile cache: miss\n"]);
      expect(cacheFiles(cacheRoot)).toHaveLength(1);
      const second = await run(["compose.yaml"], cacheRoot, {}, project);
      expect([second.status, second.stdout, second.stderr]).toEqual([1, first.stdout, "compose-lint: compile cache: hit\n"]);
      expect(statSync(path.join(cacheRoot, "compose-lint")).mode & 0o777).toBe(0o700);
      // A JavaScript config is imported from code compiled out of the cache, too.
      writeFileSync(path.join(project, "compose-lint.config.mjs"), 'export default { rules: { "no-all-interface-publish": "off", "no-privileged": "error" } };\n');
      const configured = await run(["compose.yaml"], cacheRoot, {}, project);
      expect([configured.status, configured.stderr]).toEqual([0, "compose-lint: compile cache: hit\n"]);
      // Off as Node's own is turned off.
      expect((await run(["--version"], cacheRoot, { NODE_DISABLE_COMPILE_CACHE: "1" })).stderr).toBe("compose-lint: compile cache: off\n");
    });

    it("keeps no cache from a run whose files did not parse; a run with workers keeps the code of its own share", async () => {
      const cacheRoot = mkdtempSync(path.join(tmpdir(), "compose-lint-cache-"));
      const project = mkdtempSync(path.join(tmpdir(), "compose-lint-user-"));
      writeFileSync(path.join(project, "compose.yaml"), LEAK);
      mkdirSync(path.join(project, "other"));
      writeFileSync(path.join(project, "other/compose.yaml"), LEAK);
      writeFileSync(path.join(project, "broken.yaml"), "services:\n  web: [\n");
      // Nothing parsed, so no rule ran: a cache of this run would leave the lint path to compile.
      expect((await run(["broken.yaml"], cacheRoot, {}, project)).stderr).toBe("compose-lint: compile cache: miss\n");
      expect(cacheFiles(cacheRoot)).toEqual([]);
      // Three files in two threads: this one lints its share through the rules, so its code is kept.
      expect((await run(["--concurrency", "2", "."], cacheRoot, {}, project)).stderr).toBe("compose-lint: compile cache: miss\ncompose-lint: compile cache (worker): miss\n");
      expect(cacheFiles(cacheRoot)).toHaveLength(1);
      expect((await run(["compose.yaml"], cacheRoot, {}, project)).stderr).toBe("compose-lint: compile cache: hit\n");
    });

    it("keeps a cache for runs over many files apart, which its worker threads read too", async () => {
      const cacheRoot = mkdtempSync(path.join(tmpdir(), "compose-lint-cache-"));
      const project = mkdtempSync(path.join(tmpdir(), "compose-lint-user-"));
      writeFileSync(path.join(project, "compose.yaml"), LEAK);
      const stacks = Array.from({ length: MANY_FILES }, (_, index) => `stack-${index}.compose.yaml`);
      stacks.forEach((name, index) => writeFileSync(path.join(project, name), LEAK.replaceAll("8000", String(9000 + index))));
      const few = ["compose.yaml"];
      const many = (threads: string) => ["--concurrency", threads, "--format", "json", "."];
      const hit = "compose-lint: compile cache: hit\n";
      const manyHit = "compose-lint: compile cache: hit (runs over many files)\n";
      const workerManyHit = "compose-lint: compile cache (worker): hit (runs over many files)\n";
      expect((await run(few, cacheRoot, {}, project)).stderr).toBe("compose-lint: compile cache: miss\n");
      expect(cacheFiles(cacheRoot)).toHaveLength(1);
      // The first run over many files reads the other cache, and writes its own. V8 is tuned for
      // such a run (tiering.ts) only once the worker has loaded the bundle: its cache is taken too.
      const first = await run(many("2"), cacheRoot, {}, project);
      expect([first.status, first.stderr]).toEqual([1, `${hit}compose-lint: compile cache (worker): hit\n`]);
      expect(cacheFiles(cacheRoot).filter((name) => name.endsWith("-many.bin"))).toHaveLength(1);
      const written = cacheFiles(cacheRoot).map((name) => statSync(path.join(cacheRoot, "compose-lint", name)).mtimeMs);
      // Each kind of run reads its own from then on, and writes nothing; the reports are the same.
      const serial = await run(many("off"), cacheRoot, {}, project);
      expect([serial.status, serial.stdout, serial.stderr]).toEqual([1, first.stdout, manyHit]);
      const parallel = await run(many("2"), cacheRoot, {}, project);
      expect([parallel.status, parallel.stdout, parallel.stderr]).toEqual([1, first.stdout, `${manyHit}${workerManyHit}`]);
      // Naming many files is a run over many files too (pre-commit's --all-files).
      expect((await run(["--concurrency", "off", ...stacks], cacheRoot, {}, project)).stderr).toBe(manyHit);
      expect((await run(few, cacheRoot, {}, project)).stderr).toBe(hit);
      expect(cacheFiles(cacheRoot).map((name) => statSync(path.join(cacheRoot, "compose-lint", name)).mtimeMs)).toEqual(written);
    });

    it("replaces a cache V8 rejects, and runs on", async () => {
      const cacheRoot = mkdtempSync(path.join(tmpdir(), "compose-lint-cache-"));
      const project = mkdtempSync(path.join(tmpdir(), "compose-lint-user-"));
      writeFileSync(path.join(project, "compose.yaml"), LEAK);
      expect((await run(["compose.yaml"], cacheRoot, {}, project)).stderr).toBe("compose-lint: compile cache: miss\n");
      const [file] = cacheFiles(cacheRoot);
      writeFileSync(path.join(cacheRoot, "compose-lint", file!), "not a code cache");
      const corrupt = await run(["compose.yaml"], cacheRoot, {}, project);
      expect([corrupt.status, corrupt.stdout, corrupt.stderr]).toEqual([1, expect.stringContaining("no-all-interface-publish"), "compose-lint: compile cache: rejected\n"]);
      expect((await run(["--version"], cacheRoot)).stderr).toBe("compose-lint: compile cache: hit\n");
    });

    it("keeps one cache per set of node flags: runs with and without NODE_OPTIONS do not replace each other's", async () => {
      const cacheRoot = mkdtempSync(path.join(tmpdir(), "compose-lint-cache-"));
      const project = mkdtempSync(path.join(tmpdir(), "compose-lint-user-"));
      writeFileSync(path.join(project, "compose.yaml"), LEAK);
      const flagged = { NODE_OPTIONS: "--max-old-space-size=512" }; // common in CI, and V8 rejects a cache made without it
      const outcomes = [];
      for (const env of [{}, flagged, {}, flagged]) outcomes.push((await run(["compose.yaml"], cacheRoot, env, project)).stderr);
      expect(outcomes).toEqual(["miss", "miss", "hit", "hit"].map((outcome) => `compose-lint: compile cache: ${outcome}\n`));
      expect(cacheFiles(cacheRoot)).toHaveLength(2);
    });

    it("deletes its cache files unused for a week when it writes one, and a hit marks its file as in use", async () => {
      const cacheRoot = mkdtempSync(path.join(tmpdir(), "compose-lint-cache-"));
      const folder = path.join(cacheRoot, "compose-lint");
      mkdirSync(folder, { mode: 0o700 });
      const project = mkdtempSync(path.join(tmpdir(), "compose-lint-user-"));
      writeFileSync(path.join(project, "compose.yaml"), LEAK);
      const secondsAgo = (days: number) => Date.now() / 1000 - days * 24 * 60 * 60;
      const aged = (name: string, days: number) => {
        writeFileSync(path.join(folder, name), "old");
        utimesSync(path.join(folder, name), secondsAgo(days), secondsAgo(days));
      };
      aged("cli-0123456789abcdef-v20.0.0-x64.bin", 8); // an older version's, unused for 8 days
      aged("cli-fedcba9876543210-v20.0.0-x64-1a2b3c4d.bin", 2); // used 2 days ago
      aged("cli-0123456789abcdef-v20.0.0-x64.bin.4242.tmp", 1); // a write that died a day ago
      aged("notes.txt", 30); // not ours
      expect((await run(["compose.yaml"], cacheRoot, {}, project)).stderr).toBe("compose-lint: compile cache: miss\n");
      const [written] = cacheFiles(cacheRoot).filter((name) => !name.startsWith("cli-fedcba"));
      expect(readdirSync(folder).sort()).toEqual([written, "cli-fedcba9876543210-v20.0.0-x64-1a2b3c4d.bin", "notes.txt"].sort());
      // Last used 8 days ago: a hit makes it recent, and the next write (another flag set) keeps it.
      utimesSync(path.join(folder, written!), secondsAgo(8), secondsAgo(8));
      expect((await run(["compose.yaml"], cacheRoot, {}, project)).stderr).toBe("compose-lint: compile cache: hit\n");
      expect(statSync(path.join(folder, written!)).mtimeMs).toBeGreaterThan(secondsAgo(1) * 1000);
      expect((await run(["compose.yaml"], cacheRoot, { NODE_OPTIONS: "--max-old-space-size=512" }, project)).stderr).toBe("compose-lint: compile cache: miss\n");
      expect(cacheFiles(cacheRoot)).toHaveLength(3);
      expect(cacheFiles(cacheRoot)).toContain(written);
    });

    it("never uses a cache folder that someone else could have written", async () => {
      const writable = mkdtempSync(path.join(tmpdir(), "compose-lint-cache-"));
      mkdirSync(path.join(writable, "compose-lint"), { mode: 0o777 });
      chmodSync(path.join(writable, "compose-lint"), 0o777);
      const open = await run(["--version"], writable);
      expect([open.status, open.stdout.trim(), open.stderr]).toEqual([0, "0.1.0", "compose-lint: compile cache: unusable-folder\n"]);
      expect(readdirSync(path.join(writable, "compose-lint"))).toEqual([]);
      const notAFolder = mkdtempSync(path.join(tmpdir(), "compose-lint-cache-"));
      writeFileSync(path.join(notAFolder, "compose-lint"), "");
      expect((await run(["--version"], notAFolder)).stderr).toBe("compose-lint: compile cache: unusable-folder\n");
      if (process.getuid?.() === 0) {
        // Root can hand the folder to another user: it is theirs, so not trusted.
        const foreign = mkdtempSync(path.join(tmpdir(), "compose-lint-cache-"));
        mkdirSync(path.join(foreign, "compose-lint"), { mode: 0o700 });
        chownSync(path.join(foreign, "compose-lint"), 4242, 4242);
        expect((await run(["--version"], foreign)).stderr).toBe("compose-lint: compile cache: unusable-folder\n");
      }
    });
  });

  it("runs from a copy of dist-bundle/ alone: it knows its version without the package around it", async () => {
    const alone = path.join(mkdtempSync(path.join(tmpdir(), "compose-lint-alone-")), "bin");
    cpSync(path.join(repoRoot, "dist-bundle"), alone, { recursive: true });
    const version = await runAsync(process.execPath, [path.join(alone, "compose-lint.cjs"), "--version"]);
    expect([version.status, version.stdout.trim(), version.stderr]).toEqual([0, "0.1.0", ""]);
    const lint = await runAsync(process.execPath, [path.join(alone, "compose-lint.cjs"), "--stdin", "--stdin-filename", "compose.yaml", "-f", "sarif"], { cwd: path.dirname(alone), input: LEAK });
    expect([lint.status, lint.stderr]).toEqual([1, ""]);
    expect((JSON.parse(lint.stdout) as { runs: Array<{ tool: { driver: { version: string } } }> }).runs[0]!.tool.driver.version).toBe("0.1.0");
  });

  it("packs into a tarball that installs and runs with only Node, from a clean prefix", async () => {
    const work = mkdtempSync(path.join(tmpdir(), "compose-lint-pack-"));
    const packed = await runAsync("npm", ["pack", "--json", "--pack-destination", work], { cwd: repoRoot });
    expect(packed.status, packed.stderr).toBe(0);
    const [info] = JSON.parse(packed.stdout) as Array<{ name: string; filename: string; files: Array<{ path: string }> }>;
    expect(info!.name).toBe("compose-lint");
    const shipped = info!.files.map((file) => file.path);
    expect(shipped).toEqual(expect.arrayContaining(["dist-bundle/compose-lint.cjs", "dist-bundle/cli.cjs", "dist-bundle/cli-worker.cjs", "dist-bundle/compose-lint-language-server.mjs", "dist-bundle/language-server.mjs", "docs/rules/no-all-interface-publish.md", "LICENSE", "README.md", "package.json"]));
    expect(shipped.filter((file) => file.startsWith("packages/") || file.endsWith(".ts"))).toEqual([]);

    const prefix = path.join(work, "prefix");
    const env: NodeJS.ProcessEnv = { ...process.env, PATH: cleanPath(prefix), npm_config_prefix: prefix, NO_COLOR: "1" };
    for (const key of Object.keys(env)) if (key.startsWith("npm_") && key !== "npm_config_prefix") delete env[key];
    const install = await runAsync("npm", ["install", "--global", "--offline", "--no-audit", "--no-fund", path.join(work, info!.filename)], { cwd: work, env });
    expect(install.status, install.stdout + install.stderr).toBe(0);
    expect(readdirSync(path.join(prefix, "bin")).sort()).toEqual(["compose-lint", "compose-lint-language-server"]);

    const project = mkdtempSync(path.join(tmpdir(), "compose-lint-user-"));
    writeFileSync(path.join(project, "compose.yaml"), LEAK);
    const lint = await runAsync("compose-lint", [], { cwd: project, env });
    expect(lint.status, lint.stderr).toBe(1);
    expect(lint.stdout).toContain('Service "web" publishes "8000:8000" on every interface');

    const version = await runAsync("compose-lint", ["--version"], { cwd: project, env });
    expect(version.stdout.trim()).toBe("0.1.0");

    // The rule pages travel with the package: the whole page, not the metadata fallback.
    const explained = await runAsync("compose-lint", ["explain", "no-all-interface-publish"], { cwd: project, env });
    expect(explained.status).toBe(0);
    expect(explained.stdout).toContain("127.0.0.1");
    expect(explained.stdout).not.toMatch(/\{\{/);
    expect(explained.stdout.split("\n").length).toBeGreaterThan(30);

    expect(await initializeAnswer("compose-lint-language-server", project, env)).toMatch(/"codeActionProvider"/);
  }, 300_000);

  it("installs from a git URL, as the README says (this checkout's HEAD, cloned)", async () => {
    const work = mkdtempSync(path.join(tmpdir(), "compose-lint-git-"));
    const clone = path.join(work, "clone");
    expect((await runAsync("git", ["clone", "-q", repoRoot, clone])).status).toBe(0);
    const prefix = path.join(work, "prefix");
    const env: NodeJS.ProcessEnv = { ...process.env, PATH: cleanPath(prefix), NO_COLOR: "1" };
    for (const key of Object.keys(env)) if (key.startsWith("npm_")) delete env[key];
    const install = await runAsync("npm", ["install", "--global", "--install-links", "--prefix", prefix, "--no-audit", "--no-fund", `git+file://${clone}`], { cwd: work, env });
    expect(install.status, install.stdout + install.stderr).toBe(0);
    const project = mkdtempSync(path.join(tmpdir(), "compose-lint-user-"));
    writeFileSync(path.join(project, "compose.yaml"), LEAK);
    const lint = await runAsync("compose-lint", ["compose.yaml"], { cwd: project, env });
    expect(lint.status, lint.stderr).toBe(1);
    expect(lint.stdout).toContain('Service "web" publishes "8000:8000" on every interface');
  }, 300_000);
});
