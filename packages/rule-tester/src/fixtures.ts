import { existsSync, readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { parseSource, type AnyRule } from "@compose-lint/core";
import { describe, expect, it } from "vitest";
import { lintWithRule } from "./lint-with-rule.js";

const EXPECT_MARKER = /#\s*expect:\s*([\w/-]+(?:\s*,\s*[\w/-]+)*)/;
const OPTIONS_LINE = /^#\s*options:\s*(.+)$/;

/**
 * Runs realistic cases kept as files (markdownlint's and semgrep-rules' habit): each
 * `<case>.yaml` marks its offending lines with `# expect: <rule-id>` (a first line
 * `# options: [...]` sets the rule's options), and an optional `<case>.fixed.yaml` is the
 * exact text after `--fix`, which must parse and leave no fixable problem behind.
 */
export function runFixtures(rule: AnyRule, directory: string): void {
  const cases = existsSync(directory)
    ? readdirSync(directory)
        .filter((name) => name.endsWith(".yaml") && !name.endsWith(".fixed.yaml"))
        .sort()
    : [];
  describe(`${rule.id} fixtures`, () => {
    it("has fixtures", () => {
      expect(cases.length).toBeGreaterThan(0);
    });
    for (const name of cases) {
      it(name, () => {
        const code = readFileSync(path.join(directory, name), "utf8");
        const lines = code.split("\n");
        const optionsMatch = OPTIONS_LINE.exec(lines[0] ?? "");
        const options = optionsMatch ? (JSON.parse(optionsMatch[1]!) as unknown[]) : [];
        const expectedLines = lines.flatMap((line, index) => {
          const marker = EXPECT_MARKER.exec(line);
          if (!marker) return [];
          const ids = marker[1]!.split(",").map((id) => id.trim());
          return ids.filter((id) => id === rule.id).map(() => index + 1);
        });
        const { messages, fix } = lintWithRule(rule, code, options);
        expect(messages.filter((message) => message.fatal)).toEqual([]);
        expect(messages.map((message) => message.line)).toEqual(expectedLines);

        const fixedPath = path.join(directory, name.replace(/\.yaml$/, ".fixed.yaml"));
        if (!existsSync(fixedPath)) {
          expect(fix.fixed, `${name} was changed by --fix but has no .fixed.yaml`).toBe(false);
          return;
        }
        const expected = readFileSync(fixedPath, "utf8");
        expect(fix.output).toBe(expected);
        expect(parseSource(expected).syntaxErrors).toEqual([]);
        expect(fix.messages.filter((message) => message.fix)).toEqual([]);
        expect(lintWithRule(rule, expected, options).fix.output).toBe(expected);
      });
    }
  });
}
