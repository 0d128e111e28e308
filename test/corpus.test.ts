import { chmodSync, cpSync, mkdtempSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { isDeepStrictEqual } from "node:util";
import { globbySync } from "globby";
import { describe, expect, it } from "vitest";
import { parseDocument } from "yaml";
import { Linter, parseLongPort, parseShortPort, resolveConfig, RuleRegistry, type PortSpec } from "@compose-lint/core";
import { rules } from "@compose-lint/rules";
import { needsShared, runCli, sharedDir, yieldToRunner } from "./helpers.js";

const corpusDir = path.join(sharedDir, "corpus");
const corpusShared = needsShared("the corpus test");

interface JsonResult {
  filePath: string;
  fatalErrorCount: number;
  messages: Array<{ ruleId: string | null; message: string; line: number; column: number; endLine: number; endColumn: number; fatal?: boolean }>;
}

type ComposeData = { services?: Record<string, Record<string, unknown> | null> } & Record<string, unknown>;

function load(text: string): { data?: ComposeData; errors: number } {
  const document = parseDocument(text, { merge: true, uniqueKeys: true });
  if (document.errors.length > 0) return { errors: document.errors.length };
  return { data: document.toJS({ maxAliasCount: 10_000 }) as ComposeData, errors: 0 };
}

function specOf(entry: unknown): PortSpec | undefined {
  if (typeof entry === "string" || typeof entry === "number") {
    const parsed = parseShortPort(String(entry));
    return parsed.ok ? parsed.spec : undefined;
  }
  if (entry && typeof entry === "object") {
    const parsed = parseLongPort(entry as Record<string, unknown>);
    return parsed.ok ? parsed.spec : undefined;
  }
  return undefined;
}

/** What a port entry does apart from its host IP: the fix may change only the IP. */
function withoutAddress(entry: unknown) {
  const spec = specOf(entry);
  return spec && { host: spec.hostPorts, container: spec.containerPorts, protocol: spec.protocol };
}

function lineRange(text: string, message: JsonResult["messages"][number]): string {
  const lines = text.replace(/^\uFEFF/, "").split("\n");
  if (message.line === message.endLine) return lines[message.line - 1]!.slice(message.column - 1, message.endColumn - 1);
  return [lines[message.line - 1]!.slice(message.column - 1), ...lines.slice(message.line, message.endLine - 1), lines[message.endLine - 1]!.slice(0, message.endColumn - 1)].join("\n");
}

describe.skipIf(corpusShared.skip)(corpusShared.title("the real-world corpus"), () => {
  it("lints every file without a crash, fixes safely, and a second --fix changes nothing", () => {
    const work = mkdtempSync(path.join(tmpdir(), "compose-lint-corpus-"));
    cpSync(corpusDir, work, { recursive: true });
    const files = globbySync("**/*.{yml,yaml}", { cwd: work, dot: true }).sort();
    for (const file of files) chmodSync(path.join(work, file), 0o644);
    expect(files.length).toBeGreaterThan(500);
    const originals = new Map(files.map((file) => [file, readFileSync(path.join(work, file), "utf8")]));

    const lint = runCli(["--format", "json", "--no-config-lookup", ...files], { cwd: work });
    expect(lint.stderr).toBe("");
    expect([0, 1]).toContain(lint.status);
    const results = JSON.parse(lint.stdout) as JsonResult[];
    expect(results).toHaveLength(files.length);

    // Every exposure finding's range holds the value the message names.
    let findings = 0;
    const flagged = new Map<string, Set<string>>();
    for (const result of results) {
      const file = path.relative(work, result.filePath);
      const text = originals.get(file)!;
      for (const message of result.messages) {
        if (message.ruleId === null) continue;
        findings++;
        const service = /^Service "([^"]+)"/.exec(message.message)?.[1];
        if (service === undefined) continue;
        if (!flagged.has(file)) flagged.set(file, new Set());
        flagged.get(file)!.add(service);
        const range = lineRange(text, message);
        if (message.ruleId === "prefer-expose-for-internal") expect(range).toBe("ports");
        const quoted = /publishes "([^"]+)"/.exec(message.message)?.[1];
        if (message.ruleId === "no-all-interface-publish" && quoted) expect(range).toContain(quoted);
      }
    }
    expect(findings).toBeGreaterThan(500);

    const fix = runCli(["--fix", "--no-config-lookup", ...files], { cwd: work });
    expect(fix.stderr).not.toMatch(/internal error/);
    let changedFiles = 0;
    for (const file of files) {
      const before = originals.get(file)!;
      const after = readFileSync(path.join(work, file), "utf8");
      if (after === before) continue;
      changedFiles++;
      const original = load(before);
      const fixed = load(after);
      expect(original.errors, file).toBe(0);
      expect(fixed.errors, `${file} no longer parses`).toBe(0);
      const services = new Set([...Object.keys(original.data?.services ?? {}), ...Object.keys(fixed.data?.services ?? {})]);
      for (const name of services) {
        const a = original.data?.services?.[name] ?? {};
        const b = fixed.data?.services?.[name] ?? {};
        const { ports: portsA, expose: exposeA, ...restA } = a;
        const { ports: portsB, expose: exposeB, ...restB } = b;
        expect(restB, `${file}: service ${name} changed beyond ports/expose`).toEqual(restA);
        if (isDeepStrictEqual(portsA, portsB) && isDeepStrictEqual(exposeA, exposeB)) continue;
        expect(flagged.get(file)?.has(name), `${file}: service ${name} changed but was not flagged`).toBe(true);
        if (portsB !== undefined) {
          // Bound to loopback: the same mappings, only the host IP differs.
          expect((portsB as unknown[]).map(withoutAddress), `${file}: ${name}`).toEqual((portsA as unknown[]).map(withoutAddress));
        } else {
          // Moved to expose: every container port is there.
          const exposed = new Set((exposeB as unknown[]).map(String));
          for (const entry of portsA as unknown[]) {
            const spec = specOf(entry)!;
            const value = `${spec.containerPorts!.start}${spec.containerPorts!.end === spec.containerPorts!.start ? "" : `-${spec.containerPorts!.end}`}${spec.protocol === "tcp" ? "" : `/${spec.protocol}`}`;
            expect(exposed.has(value), `${file}: ${name} lost ${value}`).toBe(true);
          }
        }
      }
      // no-version-field removes the obsolete key; nothing else at the top level changes.
      const { services: _a, version: _versionA, ...topA } = original.data ?? {};
      const { services: _b, ...topB } = fixed.data ?? {};
      expect(topB, file).toEqual(topA);
    }
    expect(changedFiles).toBeGreaterThan(100);

    const fixedTexts = new Map(files.map((file) => [file, readFileSync(path.join(work, file), "utf8")]));
    runCli(["--fix", "--no-config-lookup", ...files], { cwd: work });
    const unstable = files.filter((file) => readFileSync(path.join(work, file), "utf8") !== fixedTexts.get(file));
    expect(unstable).toEqual([]);
    console.log(`corpus: ${files.length} files, ${findings} findings, ${changedFiles} files fixed`);
  });

  it("every rule, recommended or not, runs over every file and reports the node that holds the value it names", async () => {
    const registry = new RuleRegistry(rules);
    const linter = new Linter(registry);
    const config = resolveConfig([{ config: { extends: ["all"] }, where: "corpus test" }], registry);
    const files = globbySync("**/*.{yml,yaml}", { cwd: corpusDir, dot: true }).sort();
    const counts = new Map<string, number>(rules.map((rule) => [rule.id, 0]));
    let checked = 0;
    for (const [index, file] of files.entries()) {
      if (index % 50 === 0) await yieldToRunner();
      const text = readFileSync(path.join(corpusDir, file), "utf8").replace(/^\uFEFF/, "");
      for (const message of linter.verify(text, config, { filename: file })) {
        if (message.ruleId === null) continue;
        counts.set(message.ruleId, (counts.get(message.ruleId) ?? 0) + 1);
        const [start, end] = message.range;
        expect(end, `${file}:${message.line} ${message.ruleId}`).toBeGreaterThan(start);
        const value = message.data?.["value"];
        if (value === undefined) continue;
        expect(text.slice(start, end), `${file}:${message.line}:${message.column} ${message.ruleId}`).toContain(String(value));
        checked++;
      }
    }
    expect(checked).toBeGreaterThan(1000);
    console.log(`findings per rule over ${files.length} files:\n${[...counts].map(([id, count]) => `  ${id}: ${count}`).join("\n")}`);
  });
});
