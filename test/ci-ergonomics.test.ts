import { readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import ajvDraft04 from "ajv-draft-04";
import { describe, expect, it } from "vitest";
import { makeProject, needsShared, runCli, sharedDir } from "./helpers.js";

const sarifShared = needsShared("the SARIF schema test");

const STACK = [
  "services:",
  "  db:",
  "    image: postgres:16.4",
  "    ports:",
  '      - "5432:5432"',
  "  web:",
  "    image: example/web:1.0",
  "    privileged: true",
  "    ports:",
  '      - "8000:8000"',
  "",
].join("\n");

interface SarifLog {
  version: string;
  runs: Array<{
    tool: { driver: { name: string; rules: Array<{ id: string; helpUri?: string; defaultConfiguration: { level: string }; properties?: Record<string, unknown> }> } };
    results: Array<{
      ruleId: string;
      level: string;
      message: { text: string };
      locations: Array<{ physicalLocation: { artifactLocation: { uri: string }; region: { startLine: number; startColumn: number; endLine: number; endColumn: number } } }>;
      partialFingerprints: Record<string, string>;
      fixes?: Array<{ artifactChanges: Array<{ replacements: Array<{ deletedRegion: { startLine: number; startColumn: number; endLine: number; endColumn: number }; insertedContent: { text: string } }> }> }>;
    }>;
  }>;
}

/** Applies SARIF replacements (1-based line/column regions) to a text. */
function applyReplacements(text: string, replacements: Array<{ deletedRegion: { startLine: number; startColumn: number; endLine: number; endColumn: number }; insertedContent: { text: string } }>): string {
  const lineStarts = [0];
  for (let index = text.indexOf("\n"); index !== -1; index = text.indexOf("\n", index + 1)) lineStarts.push(index + 1);
  const offset = (line: number, column: number) => lineStarts[line - 1]! + column - 1;
  const edits = replacements
    .map((replacement) => ({ start: offset(replacement.deletedRegion.startLine, replacement.deletedRegion.startColumn), end: offset(replacement.deletedRegion.endLine, replacement.deletedRegion.endColumn), text: replacement.insertedContent.text }))
    .sort((a, b) => b.start - a.start);
  let result = text;
  for (const edit of edits) result = result.slice(0, edit.start) + edit.text + result.slice(edit.end);
  return result;
}

describe("SARIF", () => {
  it.skipIf(sarifShared.skip)(sarifShared.title("validates against the SARIF 2.1.0 schema and carries grades, fingerprints and fixes"), () => {
    const cwd = makeProject({ "deploy/compose.yaml": STACK });
    const run = runCli(["--format", "sarif"], { cwd });
    expect(run.status).toBe(1);
    const log = JSON.parse(run.stdout) as SarifLog;

    const schema = JSON.parse(readFileSync(path.join(sharedDir, "sarif/sarif-schema-2.1.0.json"), "utf8")) as object;
    // A CommonJS module whose export is the class, which also sits on `.default`.
    const validate = new ajvDraft04.default({ allErrors: true, strict: false, validateFormats: false }).compile(schema);
    expect(validate(log), JSON.stringify(validate.errors, null, 2)).toBe(true);

    const [sarifRun] = log.runs;
    const driverRules = new Map(sarifRun!.tool.driver.rules.map((rule) => [rule.id, rule]));
    expect(driverRules.get("no-privileged")).toMatchObject({
      helpUri: expect.stringMatching(/docs\/rules\/no-privileged\.md$/),
      defaultConfiguration: { level: "error" },
      properties: { "security-severity": "9.5", tags: ["security"] },
    });
    expect(driverRules.get("prefer-expose-for-internal")?.defaultConfiguration.level).toBe("warning");

    const byRule = (id: string) => sarifRun!.results.filter((result) => result.ruleId === id);
    const privileged = byRule("no-privileged")[0]!;
    expect(privileged.locations[0]!.physicalLocation).toEqual({
      artifactLocation: { uri: "deploy/compose.yaml", uriBaseId: "%SRCROOT%" },
      region: { startLine: 8, startColumn: 17, endLine: 8, endColumn: 21 },
    });
    expect(privileged.partialFingerprints["composeLintFinding/v1"]).toMatch(/^[0-9a-f]{32}$/);

    // The fixes are the same edits --fix makes: applying web's loopback fix gives --fix's text for that entry.
    const webLeak = byRule("no-all-interface-publish").find((result) => result.message.text.includes('"web"'))!;
    const fixed = applyReplacements(STACK, webLeak.fixes![0]!.artifactChanges[0]!.replacements);
    expect(fixed).toBe(STACK.replace('- "8000:8000"', '- "127.0.0.1:8000:8000"'));
  });

  it("writes file locations as URI references: spaces, # and % encoded, folders kept", () => {
    const cwd = makeProject({ "ops #2/100% done/compose.yaml": STACK, "compose.yaml": STACK });
    const log = JSON.parse(runCli(["--format", "sarif"], { cwd }).stdout) as SarifLog;
    const uris = new Set(log.runs[0]!.results.map((result) => result.locations[0]!.physicalLocation.artifactLocation.uri));
    expect([...uris].sort()).toEqual(["compose.yaml", "ops%20%232/100%25%20done/compose.yaml"]);
    expect([...uris].map((uri) => decodeURIComponent(uri)).sort()).toEqual(["compose.yaml", "ops #2/100% done/compose.yaml"]);
  });

  it("keeps a finding's fingerprint when unrelated lines are added above it", () => {
    const cwd = makeProject({ "compose.yaml": STACK });
    const fingerprints = () => {
      const log = JSON.parse(runCli(["--format", "sarif"], { cwd }).stdout) as SarifLog;
      return log.runs[0]!.results.map((result) => result.partialFingerprints["composeLintFinding/v1"]).sort();
    };
    const before = fingerprints();
    writeFileSync(path.join(cwd, "compose.yaml"), `# deployed by CI\nname: shop\n${STACK}`);
    expect(fingerprints()).toEqual(before);
  });
});

describe("baseline", () => {
  it("accepts today's findings, reports only new ones (even when lines shift), and says which are fixed", () => {
    const cwd = makeProject({ "compose.yaml": STACK });
    const written = runCli(["--baseline-write", "baseline.json"], { cwd });
    expect(written).toMatchObject({ status: 0, stdout: "", stderr: "Baseline written to baseline.json: 4 findings accepted.\n" });
    expect(runCli(["--baseline", "baseline.json"], { cwd })).toEqual({ status: 0, stdout: "", stderr: "" });

    // A new leak in a new service above the others: every old finding moves down three lines.
    const withNewLeak = STACK.replace("services:\n", 'services:\n  cache:\n    image: redis:7.4\n    ports: ["6379:6379"]\n');
    writeFileSync(path.join(cwd, "compose.yaml"), withNewLeak);
    const newOnly = runCli(["--baseline", "baseline.json", "--format", "json"], { cwd });
    expect(newOnly.status).toBe(1);
    const [result] = JSON.parse(newOnly.stdout) as Array<{ messages: Array<{ ruleId: string; line: number; message: string }> }>;
    expect(result!.messages.map((message) => [message.ruleId, message.line])).toEqual([
      ["prefer-expose-for-internal", 4],
      ["no-all-interface-publish", 4],
    ]);
    expect(result!.messages.every((message) => message.message.includes('"cache"'))).toBe(true);

    // web stops being privileged: reported as fixed, so the baseline can shrink.
    writeFileSync(path.join(cwd, "compose.yaml"), STACK.replace("    privileged: true\n", ""));
    const fixed = runCli(["--baseline", "baseline.json"], { cwd });
    expect(fixed.status).toBe(0);
    expect(fixed.stderr).toBe(
      '1 finding in baseline.json no longer occurs (fixed); run --baseline-write to shrink the baseline:\n  compose.yaml: no-privileged (service "web")\n',
    );
  });

  it("rejects a file that is not a baseline", () => {
    const cwd = makeProject({ "compose.yaml": STACK, "baseline.json": "[]" });
    const run = runCli(["--baseline", "baseline.json"], { cwd });
    expect(run.status).toBe(2);
    expect(run.stderr).toMatch(/not a compose-lint baseline/);
  });
});

describe("--fail-on", () => {
  it("fails only for findings at or above the grade", () => {
    const cwd = makeProject({ "compose.yaml": STACK.replace("    privileged: true\n", "") });
    expect(runCli([], { cwd }).status).toBe(1);
    expect(runCli(["--fail-on", "critical"], { cwd }).status).toBe(0);
    expect(runCli(["--fail-on", "high"], { cwd }).status).toBe(1);
    expect(runCli(["--fail-on", "severe"], { cwd }).stderr).toMatch(/--fail-on takes low, medium, high, critical, not "severe"/);
    const broken = makeProject({ "compose.yaml": "services: [\n" });
    expect(runCli(["--fail-on", "critical"], { cwd: broken }).status).toBe(1);
  });
});

describe("--fix-dry-run --format diff", () => {
  it("prints a unified diff of what --fix would write, and writes nothing", () => {
    const cwd = makeProject({ "compose.yaml": STACK });
    const run = runCli(["--fix-dry-run", "--format", "diff"], { cwd });
    expect(run.stdout).toBe(
      [
        "--- a/compose.yaml",
        "+++ b/compose.yaml",
        "@@ -1,10 +1,10 @@",
        " services:",
        "   db:",
        "     image: postgres:16.4",
        "-    ports:",
        '-      - "5432:5432"',
        "+    expose:",
        '+      - "5432"',
        "   web:",
        "     image: example/web:1.0",
        "     privileged: true",
        "     ports:",
        '-      - "8000:8000"',
        '+      - "127.0.0.1:8000:8000"',
        "",
      ].join("\n"),
    );
    expect(readFileSync(path.join(cwd, "compose.yaml"), "utf8")).toBe(STACK);
    expect(runCli(["--format", "diff"], { cwd }).stderr).toMatch(/--format diff shows fixes/);
  });
});

describe("explain", () => {
  it("prints the rule's page in the terminal, and suggests a close id", () => {
    const run = runCli(["explain", "no-docker-socket-mount"]);
    expect(run.status).toBe(0);
    expect(run.stdout).toMatch(/^no-docker-socket-mount\n\n> Disallow mounting a container engine's API socket \(Docker, Podman, containerd, CRI-O\)\./);
    expect(run.stdout).toContain("Why it matters");
    expect(run.stdout).toContain("    # incorrect");
    expect(run.stdout).toContain("      - /var/run/docker.sock:/var/run/docker.sock:ro");
    const unknown = runCli(["explain", "no-docker-sock-mount"]);
    expect(unknown.status).toBe(2);
    expect(unknown.stderr).toMatch(/unknown rule "no-docker-sock-mount" \(did you mean "no-docker-socket-mount"\?\)/);
  });
});
