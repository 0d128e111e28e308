// Mutations of the real corpus, with a fixed seed and a bounded count so that CI runs the same
// cases every time: no rule throws, no fix breaks a file that parsed, loses an anchor an alias
// needs or leaves a tag that no longer fits, and a second fix changes nothing.
import { readFileSync } from "node:fs";
import path from "node:path";
import { globbySync } from "globby";
import { describe, expect, it } from "vitest";
import { visit } from "yaml";
import { Linter, parseSource, resolveConfig, RuleRegistry } from "@compose-lint/core";
import { rules } from "@compose-lint/rules";
import { needsShared, seededRandom, sharedDir, yieldToRunner } from "./helpers.js";

const fuzzShared = needsShared("the fuzz test");

const SEED = 20261201;
const VARIANTS_PER_FILE = 8;

const TOKENS = ["&a ", "*a", "!!int ", "!!str ", "{", "[", '"', "'", ": ", "- ", "\t", "${X}", "${X:-0.0.0.0}", "$$", "\u200b", "<<: *a\n", "\n", "#", "---\n", "? ", "|\n"];

/** One mutation of a text, chosen by the generator. */
function mutate(text: string, next: () => number): string {
  const lines = text.split("\n");
  const line = Math.floor(next() * lines.length);
  switch (Math.floor(next() * 7)) {
    case 0:
      return lines.filter((_, index) => index !== line).join("\n");
    case 1:
      return [...lines.slice(0, line + 1), lines[line]!, ...lines.slice(line + 1)].join("\n");
    case 2:
      if (line + 1 >= lines.length) return text;
      return [...lines.slice(0, line), lines[line + 1]!, lines[line]!, ...lines.slice(line + 2)].join("\n");
    case 3: {
      const at = Math.floor(next() * (text.length + 1));
      return text.slice(0, at) + TOKENS[Math.floor(next() * TOKENS.length)]! + text.slice(at);
    }
    case 4:
      return text.slice(0, Math.floor(next() * text.length));
    case 5:
      return lines.map((value, index) => (index === line ? (next() < 0.5 ? `  ${value}` : value.replace(/^ {1,2}/, "")) : value)).join("\n");
    default:
      // A published port where there was none, so that the exposure fixes are exercised.
      return lines.map((value, index) => (index === line ? value.replace(/"?\d+(?::\d+)?"?$/, '"0.0.0.0:8080:80"') : value)).join("\n");
  }
}

/** Aliases whose anchor is gone, and tags that no longer fit their value. */
function damage(text: string): number {
  const parsed = parseSource(text);
  const document = parsed.document;
  if (!document) return 0;
  let count = document.warnings.filter((warning) => warning.code === "TAG_RESOLVE_FAILED").length;
  visit(document, {
    Alias(_, alias) {
      if (!alias.resolve(document)) count++;
    },
  });
  return count;
}

describe.skipIf(fuzzShared.skip)(fuzzShared.title("mutated corpus files"), () => {
  it(`never crash, never break a file, and fix once (seed ${SEED})`, async () => {
    const corpus = path.join(sharedDir, "corpus");
    const files = globbySync("**/*.{yml,yaml}", { cwd: corpus, dot: true }).sort();
    const registry = new RuleRegistry(rules);
    const config = resolveConfig([{ config: { extends: ["all"] }, where: "fuzz" }], registry);
    const linter = new Linter(registry);
    const next = seededRandom(SEED);
    const counts = { cases: 0, parsedBefore: 0, fixed: 0 };
    const failures: string[] = [];
    for (const [index, file] of files.entries()) {
      if (index % 20 === 0) await yieldToRunner();
      const original = readFileSync(path.join(corpus, file), "utf8");
      for (let variant = 0; variant < VARIANTS_PER_FILE; variant++) {
        let text = original;
        const steps = 1 + Math.floor(next() * 3);
        for (let step = 0; step < steps; step++) text = mutate(text, next);
        const label = `case ${counts.cases} (${file}, variant ${variant})`;
        counts.cases++;
        try {
          linter.verify(text, config, { filename: file });
          const report = linter.verifyAndFix(text, config, { filename: file });
          if (!report.fixed) continue;
          counts.fixed++;
          const before = parseSource(text);
          if (before.syntaxErrors.length === 0) {
            counts.parsedBefore++;
            if (parseSource(report.output).syntaxErrors.length > 0) failures.push(`${label}: the fix broke the YAML`);
            if (damage(report.output) > damage(text)) failures.push(`${label}: the fix lost an anchor or broke a tag`);
          }
          if (linter.verifyAndFix(report.output, config, { filename: file }).fixed && !report.circular) failures.push(`${label}: a second fix changed the text`);
        } catch (error) {
          failures.push(`${label}: ${(error as Error).stack ?? String(error)}`);
        }
      }
    }
    expect(failures).toEqual([]);
    expect(counts.cases).toBe(files.length * VARIANTS_PER_FILE);
    // The mutations must reach the fixes, or the test would prove little.
    expect(counts.fixed).toBeGreaterThan(300);
    console.log(`fuzz: ${counts.cases} mutated files, ${counts.fixed} fixed (${counts.parsedBefore} of them parsed before fixing)`);
  }, 300_000);
});
