import { existsSync, readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { ruleDocsUrl, type AnyRule } from "@compose-lint/core";
import { lintWithRule } from "@compose-lint/rule-tester";
import { rules } from "@compose-lint/rules";
// @ts-expect-error -- a plain ES module script, shared with `pnpm gen`
import { generate } from "../scripts/docs.mjs";
import { repoRoot } from "./helpers.js";

interface Example {
  kind: "valid" | "invalid" | "fixed";
  code: string;
  options: unknown[];
  /** Problems an invalid example yields: 1 unless the info string says `findings=N`. */
  findings: number;
  line: number;
}

/** Fenced blocks whose info string is `yaml valid|invalid|fixed [findings=N] [options as JSON]`. */
function examples(markdown: string): Example[] {
  const found: Example[] = [];
  const pattern = /^```yaml (valid|invalid|fixed)(?: findings=(\d+))?(?: (.+))?\n([\s\S]*?)^```$/gm;
  for (const match of markdown.matchAll(pattern)) {
    const line = markdown.slice(0, match.index).split("\n").length;
    found.push({
      kind: match[1] as Example["kind"],
      findings: match[2] ? Number(match[2]) : 1,
      options: match[3] ? (JSON.parse(match[3]) as unknown[]) : [],
      code: match[4]!,
      line,
    });
  }
  return found;
}

const ruleIds = rules.map((rule) => rule.id).sort();

describe("rules and their docs", () => {
  it("every rule has a folder with rule.ts and rule.test.ts and a doc page, and nothing is extra", () => {
    const folders = readdirSync(path.join(repoRoot, "rules"), { withFileTypes: true })
      .filter((entry) => entry.isDirectory() && existsSync(path.join(repoRoot, "rules", entry.name, "rule.ts")))
      .map((entry) => entry.name)
      .sort();
    expect(folders).toEqual(ruleIds);
    for (const id of ruleIds) expect(existsSync(path.join(repoRoot, "rules", id, "rule.test.ts")), id).toBe(true);
    const pages = readdirSync(path.join(repoRoot, "docs/rules"))
      .filter((name) => name !== "README.md")
      .map((name) => name.replace(/\.md$/, ""))
      .sort();
    expect(pages).toEqual(ruleIds);
  });

  it("the generated parts of the docs and README match the rule metadata (run pnpm gen)", async () => {
    expect(await generate({ write: false })).toEqual([]);
  });

  describe.each(rules.map((rule) => [rule.id, rule] as [string, AnyRule]))("%s", (id, rule) => {
    const markdown = readFileSync(path.join(repoRoot, "docs/rules", `${id}.md`), "utf8");

    it("has its metadata in order and the sections a rule page needs", () => {
      expect(rule.meta.docs.url).toBe(ruleDocsUrl(id));
      expect(rule.meta.docs.description).toMatch(/^(Disallow|Require|Prefer) /);
      for (const section of ["## Why it matters", "## Examples", "## Options", "## When not to use it"]) expect(markdown).toContain(section);
      if (rule.meta.fixable) expect(markdown).toContain("## The fix");
      expect(Object.keys(rule.meta.messages).length).toBeGreaterThan(0);
    });

    const blocks = examples(markdown);
    it("has incorrect and correct examples", () => {
      expect(blocks.some((block) => block.kind === "invalid")).toBe(true);
      expect(blocks.some((block) => block.kind === "valid")).toBe(true);
      if (rule.meta.fixable) expect(blocks.some((block) => block.kind === "fixed")).toBe(true);
    });

    blocks.forEach((block, index) => {
      it(`example at line ${block.line} (${block.kind})`, () => {
        if (block.kind === "fixed") {
          const invalid = blocks[index - 1];
          expect(invalid?.kind, "a fixed block follows the invalid block it fixes").toBe("invalid");
          expect(lintWithRule(rule, invalid!.code, invalid!.options).fix.output).toBe(block.code);
          expect(lintWithRule(rule, block.code, block.options).messages).toEqual([]);
          return;
        }
        const { messages } = lintWithRule(rule, block.code, block.options);
        expect(messages.filter((message) => message.ruleId === null)).toEqual([]);
        expect(messages.filter((message) => message.ruleId === id)).toHaveLength(block.kind === "invalid" ? block.findings : 0);
      });
    });
  });
});
