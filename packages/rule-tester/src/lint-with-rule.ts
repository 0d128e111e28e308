import { Linter, prepareOptionValidation, RuleRegistry, resolveConfig, type AnyRule, type FixReport, type LintMessage } from "@compose-lint/core";

// Test cases set rule options, which are validated with ajv.
await prepareOptionValidation();

/** Lints `code` with one rule on at error severity, with the given options. */
export function lintWithRule(rule: AnyRule, code: string, options: unknown[] = [], filename?: string): { messages: LintMessage[]; fix: FixReport } {
  const registry = new RuleRegistry([rule]);
  const config = resolveConfig([{ config: { rules: { [rule.id]: ["error", ...options] } }, where: "test" }], registry);
  const linter = new Linter(registry);
  return { messages: linter.verify(code, config, { filename }), fix: linter.verifyAndFix(code, config, { filename }) };
}
