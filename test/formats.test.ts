import { writeFileSync } from "node:fs";
import path from "node:path";
import pc from "picocolors";
import { describe, expect, it } from "vitest";
import { FORMAT_NAMES, loadFormatter, type Formatter, type LintResult } from "@compose-lint/cli";
import type { LintMessage } from "@compose-lint/core";
import { rules } from "@compose-lint/rules";
import { makeProject, runCli } from "./helpers.js";

const PRIVILEGED = "services:\n  web:\n    image: example/web:1.0\n    privileged: true\n";

function run(format: string, content = PRIVILEGED) {
  const cwd = makeProject({ "deploy/compose.yaml": content });
  const result = runCli(["--format", format], { cwd });
  return { ...result, cwd, stdout: result.stdout.replaceAll(cwd, "<cwd>") };
}

function message(overrides: Partial<LintMessage>): LintMessage {
  return { ruleId: "no-privileged", severity: 2, message: "m", line: 1, column: 1, endLine: 1, endColumn: 2, range: [0, 1], grade: "critical", ...overrides };
}

const formatters = new Map<string, Formatter>(await Promise.all(FORMAT_NAMES.map(async (name) => [name, (await loadFormatter(name))!] as const)));

function format(name: string, results: LintResult[]): string {
  return formatters.get(name)!(results, { cwd: "/repo", colors: pc.createColors(false), rules: new Map(rules.map((rule) => [rule.id, rule])), version: "0.1.0" });
}

function result(filePath: string, messages: LintMessage[]): LintResult {
  const errors = messages.filter((entry) => entry.severity === 2).length;
  return { filePath, messages, errorCount: errors, fatalErrorCount: 0, warningCount: messages.length - errors, fixableErrorCount: 0, fixableWarningCount: 0 };
}

const PRIVILEGED_MESSAGE =
  'Service "web" runs with `privileged: true`: it gets every capability and every host device, without seccomp or AppArmor confinement, so a compromise of the container is a compromise of the host. Add only the capabilities and devices it needs (`cap_add`, `devices`).';

describe("formatters, pinned", () => {
  it("github: workflow annotations", () => {
    const { stdout, status } = run("github");
    expect(status).toBe(1);
    expect(stdout).toBe(`::error file=deploy/compose.yaml,line=4,col=17,endLine=4,endColumn=21,title=no-privileged::${PRIVILEGED_MESSAGE}\n`);
  });

  it("github: escapes data and properties, and says when annotations are cut", () => {
    const messages = [message({ message: "50% done\r\nnext", ruleId: "team/a,b:c" })];
    expect(format("github", [result("/repo/dir,1/compose:x.yaml", messages)])).toBe(
      "::error file=dir%2C1/compose%3Ax.yaml,line=1,col=1,endLine=1,endColumn=2,title=team/a%2Cb%3Ac::50%25 done%0D%0Anext\n",
    );
    const many = Array.from({ length: 12 }, (_, index) => message({ line: index + 1 }));
    const output = format("github", [result("/repo/compose.yaml", many)]).trimEnd().split("\n");
    expect(output).toHaveLength(13);
    expect(output[12]).toBe("compose-lint: 12 errors and 0 warnings; GitHub shows 10 of each per step, so 2 are only in this log.");
  });

  it("gitlab: Code Quality issues with stable fingerprints", () => {
    const { stdout } = run("gitlab");
    expect(JSON.parse(stdout)).toEqual([
      {
        description: PRIVILEGED_MESSAGE,
        check_name: "no-privileged",
        fingerprint: expect.stringMatching(/^[0-9a-f]{32}$/),
        severity: "critical",
        location: { path: "deploy/compose.yaml", lines: { begin: 4, end: 4 } },
      },
    ]);
  });

  it("gitlab: fingerprints survive lines added above, and duplicates stay distinct", () => {
    const cwd = makeProject({ "compose.yaml": PRIVILEGED });
    const fingerprints = () => (JSON.parse(runCli(["--format", "gitlab"], { cwd }).stdout) as Array<{ fingerprint: string }>).map((issue) => issue.fingerprint);
    const before = fingerprints();
    writeFileSync(path.join(cwd, "compose.yaml"), `# a comment\nname: shop\n\n${PRIVILEGED}`);
    expect(fingerprints()).toEqual(before);
    const twice = format("gitlab", [result("/repo/compose.yaml", [message({}), message({ line: 9 })])]);
    const [first, second] = JSON.parse(twice) as Array<{ fingerprint: string }>;
    expect(second!.fingerprint).toBe(`${first!.fingerprint}-1`);
  });

  it("checkstyle: XML with escaped messages", () => {
    const { stdout } = run("checkstyle");
    expect(stdout).toBe(
      [
        '<?xml version="1.0" encoding="utf-8"?>',
        '<checkstyle version="4.3">',
        '  <file name="<cwd>/deploy/compose.yaml">',
        `    <error line="4" column="17" severity="error" message="${PRIVILEGED_MESSAGE.replaceAll('"', "&quot;")}" source="compose-lint.no-privileged"/>`,
        "  </file>",
        "</checkstyle>",
        "",
      ].join("\n"),
    );
  });

  it("junit: a suite per file, a failure per finding, a passing case for a clean file", () => {
    const { stdout } = run("junit");
    expect(stdout).toBe(
      [
        '<?xml version="1.0" encoding="utf-8"?>',
        '<testsuites name="compose-lint">',
        '  <testsuite name="deploy/compose.yaml" tests="1" failures="1" errors="0" skipped="0">',
        '    <testcase time="0" name="deploy/compose.yaml:4:17 no-privileged" classname="compose-lint.no-privileged">',
        `      <failure message="${PRIVILEGED_MESSAGE.replaceAll('"', "&quot;")}" type="error"><![CDATA[error: ${PRIVILEGED_MESSAGE} (deploy/compose.yaml:4:17)]]></failure>`,
        "    </testcase>",
        "  </testsuite>",
        "</testsuites>",
        "",
      ].join("\n"),
    );
    expect(format("junit", [result("/repo/compose.yaml", [])])).toContain('<testcase time="0" name="compose.yaml" classname="compose-lint"/>');
    expect(format("junit", [result("/repo/compose.yaml", [message({ message: "a ]]> b & <c>" })])])).toContain("<![CDATA[error: a ]]]]><![CDATA[> b & <c> (compose.yaml:1:1)]]>");
  });

  it("checkstyle and junit: well-formed XML for any file name and message (line breaks kept as references, control characters dropped)", () => {
    const odd = [result("/repo/we\nird\t/compose.yaml", [message({ message: "bell \u0007 and ]]> here" })])];
    const checkstyle = format("checkstyle", odd);
    expect(checkstyle).toContain('<file name="/repo/we&#10;ird&#9;/compose.yaml">');
    expect(checkstyle).toContain('message="bell  and ]]&gt; here"');
    const junit = format("junit", odd);
    expect(junit).toContain('<testsuite name="we&#10;ird&#9;/compose.yaml"');
    expect(junit).toContain("<![CDATA[error: bell  and ]]]]><![CDATA[> here (we\nird\t/compose.yaml:1:1)]]>");
    for (const text of [checkstyle, junit]) expect(text).not.toMatch(/[\u0000-\u0008\u000B\u000C\u000E-\u001F]/);
  });

  it("json: ESLint's shape", () => {
    const { stdout } = run("json");
    expect(JSON.parse(stdout)).toEqual([
      {
        filePath: "<cwd>/deploy/compose.yaml",
        messages: [{ ruleId: "no-privileged", severity: 2, message: PRIVILEGED_MESSAGE, messageId: "privileged", line: 4, column: 17, endLine: 4, endColumn: 21 }],
        suppressedMessages: [],
        errorCount: 1,
        fatalErrorCount: 0,
        warningCount: 0,
        fixableErrorCount: 0,
        fixableWarningCount: 0,
      },
    ]);
  });
});
