import { spawn, spawnSync } from "node:child_process";
import { existsSync, mkdirSync, mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";

export const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
export const binPath = path.join(repoRoot, "packages/cli/bin/compose-lint.cjs");

/** `../shared` beside the project: required in CI, optional on a developer's machine. */
export const sharedDir = path.resolve(repoRoot, "../shared");

/** A test that reads `../shared` (the corpus, the official schema): skipped with the reason where it is missing. */
export function needsShared(what: string): { skip: boolean; title: (name: string) => string } {
  return needs(`${sharedDir} (for ${what})`, existsSync(sharedDir), "CI provides it beside the project");
}

export interface CliRun {
  status: number;
  stdout: string;
  stderr: string;
}

export function runCli(args: string[], options: { cwd?: string; input?: string; env?: Record<string, string> } = {}): CliRun {
  const result = spawnSync(process.execPath, [binPath, ...args], {
    cwd: options.cwd ?? repoRoot,
    input: options.input ?? "",
    encoding: "utf8",
    env: { ...process.env, NO_COLOR: "1", FORCE_COLOR: "", ...options.env },
    maxBuffer: 64 * 1024 * 1024,
  });
  if (result.error) throw result.error;
  return { status: result.status ?? -1, stdout: result.stdout, stderr: result.stderr };
}

/**
 * A repository whose files get findings from the projects around them, as real ones do: service
 * files that a root file and its variant include or extend (laradock), an overlay that needs a
 * sibling overlay (docker-elk), a file of services that two stacks extend (zabbix). Each tool that
 * lints one file must give it what `compose-lint` over the whole repository gives it.
 */
export const REPOSITORY_LAYOUTS: Record<string, string> = {
  ".git/HEAD": "ref: refs/heads/main\n",
  "docker-compose.yml": "include:\n  - svc/compose.yml\n  - db/compose.yml\nnetworks:\n  backend: {}\n",
  // A variant above the included file: its second service inherits the first one's port.
  "docker-compose.multi.yml": "services:\n  app-2:\n    extends: { file: svc/compose.yml, service: app }\n",
  "svc/compose.yml": 'services:\n  app:\n    image: example/app:1.0\n    networks: [backend]\n    ports: ["127.0.0.1:8000:8000"]\n',
  "db/compose.yml": 'services:\n  db:\n    image: postgres:16\n    networks: [backend]\n    ports: ["5432:5432"]\n',
  // Purpose-named overlays, found by content: the agent resolves only after the fleet.
  "extensions/fleet/fleet-compose.yml": "services:\n  fleet:\n    image: example/fleet:1.0\n    depends_on: [app]\n",
  "extensions/fleet/agent-compose.yml": "services:\n  agent:\n    image: example/agent:1.0\n    depends_on: [fleet, app]\n",
  // Extended by two files, each using another of its services.
  "stack-a.yaml": "services:\n  one:\n    extends: { file: common.yaml, service: pinned }\n",
  "stack-b.yaml": "services:\n  two:\n    extends: { file: common.yaml, service: floating }\n",
  "common.yaml": "services:\n  pinned:\n    image: example/pinned:1.0\n  floating:\n    image: busybox\n",
};

/** Findings of REPOSITORY_LAYOUTS that only the projects around their files give: a test over it is not vacuous. */
export const LAYOUT_FINDINGS = ["svc/compose.yml no-host-port-conflict 5:13", "common.yaml image-tag-pinned 5:12", "db/compose.yml no-all-interface-publish 5:13"];

/** A temporary folder holding the given files (paths relative to it). */
export function makeProject(files: Record<string, string | Buffer>): string {
  const root = mkdtempSync(path.join(tmpdir(), "compose-lint-"));
  for (const [name, content] of Object.entries(files)) {
    const full = path.join(root, name);
    mkdirSync(path.dirname(full), { recursive: true });
    writeFileSync(full, content);
  }
  return root;
}

/**
 * Runs a command without blocking the test worker: minutes-long runs (npm, pre-commit) must not
 * starve vitest's worker channel, which times out when a synchronous child holds the event loop.
 */
export function runAsync(
  command: string,
  args: readonly string[],
  options: { cwd?: string; env?: NodeJS.ProcessEnv; input?: string } = {},
): Promise<CliRun> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { cwd: options.cwd, env: options.env ?? process.env, stdio: ["pipe", "pipe", "pipe"] });
    let stdout = "";
    let stderr = "";
    child.stdout.setEncoding("utf8").on("data", (chunk: string) => (stdout += chunk));
    child.stderr.setEncoding("utf8").on("data", (chunk: string) => (stderr += chunk));
    child.on("error", reject);
    child.on("close", (code, signal) => resolve({ status: code ?? (signal ? 128 : -1), stdout, stderr }));
    // A child that exits without reading its input would otherwise raise EPIPE in the worker.
    child.stdin.on("error", () => undefined);
    child.stdin.end(options.input ?? "");
  });
}

/**
 * A test that needs a tool this machine may lack: the reason it is skipped goes into its name, so
 * the report says why. In CI (which installs every tool) a missing tool fails instead.
 */
export function needs(tool: string, available: boolean, installedBy: string): { skip: boolean; title: (name: string) => string } {
  if (!available && process.env["CI"]) throw new Error(`${tool} is missing: ${installedBy}`);
  return { skip: !available, title: (name) => (available ? name : `${name} [skipped: ${tool} is not available here; ${installedBy}]`) };
}

/**
 * Lets the test runner's messages through during a long synchronous test: vitest's worker reports
 * progress over RPC and fails the run when a reply waits too long on a busy 2-core machine.
 */
export function yieldToRunner(): Promise<void> {
  return new Promise((resolve) => setImmediate(resolve));
}

/**
 * A JSON schema with every local `$ref` replaced by its definition (for schemas without cycles):
 * ajv then reports schema paths through the place a reference was made, as compose-lint's
 * schema evaluator does.
 */
export function inlineRefs(schema: Record<string, unknown>): unknown {
  const resolve = (ref: string): unknown => ref.replace(/^#\//, "").split("/").reduce<unknown>((node, segment) => (node as Record<string, unknown>)[segment], schema);
  const inline = (node: unknown): unknown => {
    if (Array.isArray(node)) return node.map(inline);
    if (node === null || typeof node !== "object") return node;
    const record = node as Record<string, unknown>;
    if (typeof record["$ref"] === "string") return inline(resolve(record["$ref"]));
    return Object.fromEntries(Object.entries(record).filter(([key]) => key !== "$defs").map(([key, value]) => [key, inline(value)]));
  };
  return inline(schema);
}

/** mulberry32: a small seeded generator, so that a failing case can be replayed from its seed. */
export function seededRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
