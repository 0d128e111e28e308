import { ConfigError, Linter, parseConfigText, prepareOptionValidation, resolveConfig, RuleRegistry, type LintMessage, type ResolvedConfig } from "@compose-lint/core";
import { rules } from "@compose-lint/rules";

/** The name the playground's document is linted as: rules that look at file names see a Compose file. */
export const FILENAME = "compose.yaml";

export const registry = new RuleRegistry(rules);
const linter = new Linter(registry);

export const ruleUrls = new Map(rules.map((rule) => [rule.id, rule.meta.docs.url]));

/** Loads the option validator (rules with options need it), once, before the first config is read. */
export function prepare(): Promise<void> {
  return prepareOptionValidation();
}

/** The playground's config text read as a `.compose-lint.yaml` is: the same keys, presets and located errors. */
export function readConfig(text: string): { config: ResolvedConfig } | { error: string } {
  const where = ".compose-lint.yaml";
  try {
    const { config, locate } = parseConfigText(text, where, false);
    return { config: resolveConfig([{ config, where, locate }], registry) };
  } catch (error) {
    if (error instanceof ConfigError) return { error: error.message };
    throw error;
  }
}

export function lint(text: string, config: ResolvedConfig): LintMessage[] {
  return linter.verify(text, config, { filename: FILENAME });
}

/** The text with every fix applied, or undefined when nothing changes. */
export function fixAll(text: string, config: ResolvedConfig): string | undefined {
  const report = linter.verifyAndFix(text, config, { filename: FILENAME });
  return report.fixed ? report.output : undefined;
}
