import { readFileSync } from "node:fs";
import path from "node:path";
import { globbySync } from "globby";
import { describe, expect, it } from "vitest";
import { Linter, parseSource, resolveConfig, RuleRegistry, toPlainData } from "@compose-lint/core";
import { rules } from "@compose-lint/rules";
import { needsShared, sharedDir, yieldToRunner } from "./helpers.js";

const corpusDir = path.join(sharedDir, "corpus");
const corpus = needsShared("the style round trip");

/** JSON with mapping keys and list items sorted: equal for data that differs only in order. */
function canonical(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonical).sort().join(",")}]`;
  if (value && typeof value === "object") {
    return `{${Object.entries(value as Record<string, unknown>)
      .sort(([a], [b]) => (a < b ? -1 : 1))
      .map(([key, item]) => `${JSON.stringify(key)}:${canonical(item)}`)
      .join(",")}}`;
  }
  return JSON.stringify(value) ?? "null";
}

describe.skipIf(corpus.skip)(corpus.title("the style preset's fixes on every corpus file"), () => {
  it("keep each file parsing, its data (up to order), every comment, and a second --fix changes nothing", async () => {
    const registry = new RuleRegistry(rules);
    const config = resolveConfig([{ config: { extends: ["style"] }, where: "style round trip" }], registry);
    const linter = new Linter(registry);
    const files = globbySync("**/*.{yml,yaml}", { cwd: corpusDir, dot: true }).sort();
    expect(files.length).toBeGreaterThan(500);
    const changedBy = new Map<string, number>();
    let changed = 0;
    for (const [index, file] of files.entries()) {
      if (index % 50 === 0) await yieldToRunner();
      const text = readFileSync(path.join(corpusDir, file), "utf8");
      const before = parseSource(text);
      if (before.syntaxErrors.length > 0 || !before.document) continue;
      const report = linter.verifyAndFix(text, config, { filename: file });
      if (!report.fixed) continue;
      changed++;
      for (const id of new Set(report.applied.map((message) => message.ruleId!))) changedBy.set(id, (changedBy.get(id) ?? 0) + 1);
      const after = parseSource(report.output);
      expect(after.syntaxErrors, file).toEqual([]);
      expect(canonical(toPlainData(after.document!)), file).toBe(canonical(toPlainData(before.document)));
      expect(after.comments.map((comment) => comment.text.trim()).sort(), file).toEqual(before.comments.map((comment) => comment.text.trim()).sort());
      const again = linter.verifyAndFix(report.output, config, { filename: file });
      expect(again.fixed, file).toBe(false);
    }
    console.log(`style round trip: ${changed} of ${files.length} files fixed; by rule: ${[...changedBy].map(([id, count]) => `${id} ${count}`).join(", ")}`);
    expect(changed).toBeGreaterThan(0);
  });
});
