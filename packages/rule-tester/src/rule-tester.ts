import { applyEdits, parseSource, type AnyRule, type LintMessage } from "@compose-lint/core";
import { describe, expect, it } from "vitest";
import { lintWithRule } from "./lint-with-rule.js";

export interface ValidCase {
  /** Shown in the test name; defaults to the code. */
  name?: string;
  code: string;
  options?: unknown[];
  /** The linted file's name, for rules that look at it (default compose.yaml). */
  filename?: string;
}

export interface ExpectedSuggestion {
  messageId: string;
  /** The whole text after applying this suggestion alone. */
  output: string;
}

export interface ExpectedError {
  messageId: string;
  data?: Record<string, string | number>;
  line: number;
  column: number;
  endLine: number;
  endColumn: number;
  /** "warn" when the rule lowers this problem to a warning (the rule runs at "error" in tests). */
  severity?: "warn" | "error";
  /** Suggestions the problem offers, in order; omit to leave unchecked, [] for none. */
  suggestions?: ExpectedSuggestion[];
}

export interface InvalidCase extends ValidCase {
  errors: ExpectedError[];
  /** The exact text after `--fix` with this rule alone; null when nothing is fixed. */
  output: string | null;
}

/**
 * ESLint's RuleTester for compose-lint: each valid case must produce nothing; each invalid case
 * must produce exactly the listed problems at exactly their ranges, and `--fix` must produce
 * exactly `output`, which must parse and which a second `--fix` must leave unchanged.
 */
export class RuleTester {
  run(rule: AnyRule, cases: { valid: ValidCase[]; invalid: InvalidCase[] }): void {
    rejectDuplicates(rule.id, [...cases.valid, ...cases.invalid]);
    describe(rule.id, () => {
      describe("valid", () => {
        for (const testCase of cases.valid) {
          it(testCase.name ?? testCase.code, () => {
            const { messages } = lintWithRule(rule, testCase.code, testCase.options, testCase.filename ?? "compose.yaml");
            expect(messages.map(summary)).toEqual([]);
          });
        }
      });
      describe("invalid", () => {
        for (const testCase of cases.invalid) {
          it(testCase.name ?? testCase.code, () => runInvalid(rule, testCase));
        }
      });
    });
  }
}

function runInvalid(rule: AnyRule, testCase: InvalidCase): void {
  if (testCase.errors.length === 0) throw new Error("An invalid case must list at least one error");
  const filename = testCase.filename ?? "compose.yaml";
  const { messages, fix } = lintWithRule(rule, testCase.code, testCase.options, filename);
  expect(messages.filter((message) => message.fatal).map(summary)).toEqual([]);
  expect(messages.map(position)).toEqual(
    testCase.errors.map(({ suggestions: _suggestions, data: _data, severity: _severity, ...expected }) => expected),
  );
  testCase.errors.forEach((expected, index) => {
    const message = messages[index]!;
    if (expected.severity) expect(message.severity).toBe(expected.severity === "warn" ? 1 : 2);
    if (expected.data) expect(message.message).toBe(renderMessage(rule, expected.messageId, expected.data));
    if (expected.suggestions) {
      const actual = (message.suggestions ?? []).map((suggestion) => ({
        messageId: suggestion.messageId,
        output: applyEdits(withoutBom(testCase.code), [{ edit: suggestion.fix }]).output,
      }));
      expect(actual).toEqual(expected.suggestions);
      for (const suggestion of actual) expect(parseSource(suggestion.output).syntaxErrors).toEqual([]);
    }
  });

  if (testCase.output === null) {
    expect(fix.fixed, "the rule fixed something, but the case says output: null").toBe(false);
    return;
  }
  if (testCase.output === testCase.code) throw new Error('An unchanged output must be written as "output: null"');
  expect(fix.output).toBe(testCase.output);
  expect(parseSource(fix.output).syntaxErrors).toEqual([]);
  const second = lintWithRule(rule, fix.output, testCase.options, filename);
  expect(second.fix.output, "a second --fix must change nothing").toBe(fix.output);
}

function position(message: LintMessage) {
  return {
    messageId: message.messageId,
    line: message.line,
    column: message.column,
    endLine: message.endLine,
    endColumn: message.endColumn,
  };
}

function summary(message: LintMessage): string {
  return `${message.line}:${message.column} ${message.ruleId ?? "fatal"} ${message.message}`;
}

function renderMessage(rule: AnyRule, messageId: string, data: Record<string, string | number>): string {
  const template = rule.meta.messages[messageId] ?? "";
  return template.replace(/\{\{\s*([\w-]+)\s*\}\}/g, (whole, key: string) => (key in data ? String(data[key]) : whole));
}

function withoutBom(text: string): string {
  return text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
}

function rejectDuplicates(ruleId: string, cases: readonly ValidCase[]): void {
  const seen = new Set<string>();
  for (const testCase of cases) {
    const key = JSON.stringify([testCase.code, testCase.options ?? [], testCase.filename ?? ""]);
    if (seen.has(key)) throw new Error(`${ruleId}: duplicate test case: ${testCase.name ?? testCase.code}`);
    seen.add(key);
  }
}
