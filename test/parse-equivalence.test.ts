// compose-lint replaces two quadratic paths of yaml with linear ones of its own: the duplicate-key
// check (yaml compares every key of a map with every other) and the conversion to plain data for
// the schema validator (yaml scans every anchor for every alias). Both must give yaml's answers.
import { readFileSync } from "node:fs";
import path from "node:path";
import { globbySync } from "globby";
import { describe, expect, it } from "vitest";
import { parseDocument } from "yaml";
import { parseSource, toPlainData } from "@compose-lint/core";
import { needsShared, sharedDir } from "./helpers.js";

const corpus = needsShared("the parse equivalence test");

/** What yaml itself says: duplicate keys with uniqueKeys on, and its plain data. */
function yamlsView(text: string) {
  const document = parseDocument(text, { merge: true, uniqueKeys: true, prettyErrors: false, logLevel: "error" });
  return {
    duplicates: document.errors.filter((error) => error.code === "DUPLICATE_KEY").map((error) => error.pos[0]),
    data: document.errors.length === 0 ? document.toJS({ maxAliasCount: -1 }) : undefined,
  };
}

function oursView(text: string) {
  const parsed = parseSource(text);
  return {
    duplicates: parsed.syntaxErrors.filter((error) => error.code === "DUPLICATE_KEY").map((error) => error.range[0]),
    data: parsed.syntaxErrors.length === 0 ? (parsed.document ? toPlainData(parsed.document) : null) : undefined,
  };
}

describe("linear replacements for yaml's duplicate keys and plain data", () => {
  it.each([
    ["a repeated key", "a: 1\nb: 2\na: 3\n"],
    ["a repeated key in a flow map", "x: {a: 1, a: 2}\n"],
    ["a number and a string that read alike", '1: a\n"1": b\n'],
    ["repeated merge keys", "x: &b {a: 1}\ny:\n  <<: *b\n  <<: *b\n"],
    ["merge keys, own keys winning, first source winning", "a: &a {k: 1, m: 1}\nb: &b {k: 2, n: 2}\nc:\n  <<: [*a, *b]\n  k: 3\n"],
    ["an alias to its own container", "a: &x [1, *x]\n"],
  ])("%s", (_name, text) => {
    const ours = oursView(text);
    const theirs = yamlsView(text);
    expect(ours.duplicates).toEqual(theirs.duplicates);
    // yaml builds a cyclic structure for an alias inside its own anchor; ours gives null there.
    if (!text.includes("*x]")) expect(ours.data).toEqual(theirs.data);
  });

  it.skipIf(corpus.skip)(corpus.title("agree with yaml on every corpus file and on each with a key repeated"), () => {
    const files = globbySync("**/*.{yml,yaml}", { cwd: path.join(sharedDir, "corpus"), dot: true }).sort();
    expect(files.length).toBeGreaterThan(500);
    for (const file of files) {
      const text = readFileSync(path.join(sharedDir, "corpus", file), "utf8");
      // The first mapping line repeated right after itself: a duplicate key at that level.
      const lines = text.split("\n");
      const keyLine = lines.findIndex((line) => /^\s*[\w.-]+:\s*\S/.test(line) && !line.trimStart().startsWith("-"));
      const repeated = keyLine === -1 ? text : [...lines.slice(0, keyLine + 1), lines[keyLine]!, ...lines.slice(keyLine + 1)].join("\n");
      for (const variant of [text, repeated]) {
        const ours = oursView(variant);
        const theirs = yamlsView(variant);
        // The same duplicates; yaml places some at the end of the line before the key, ours on the key.
        expect(ours.duplicates.length, file).toBe(theirs.duplicates.length);
        for (const [index, offset] of ours.duplicates.entries()) {
          const yamls = theirs.duplicates[index]!;
          expect(offset, file).toBeGreaterThanOrEqual(yamls);
          expect(variant.slice(yamls, offset).trim(), file).toBe("");
        }
        expect(ours.data, file).toEqual(theirs.data);
      }
    }
  });
});

describe("long chains stay linear", () => {
  it("an extends chain of 2,000 services resolves to the first service's image", async () => {
    const { Linter, RuleRegistry, resolveConfig } = await import("@compose-lint/core");
    const { loadProject } = await import("@compose-lint/core/node");
    const { rules } = await import("@compose-lint/rules");
    let text = "services:\n  s0:\n    image: example/base:1.0\n    privileged: true\n";
    for (let index = 1; index < 2000; index++) text += `  s${index}:\n    extends: s${index - 1}\n`;
    const project = loadProject({ files: ["/virtual/compose.yaml"], readText: () => ({ ok: true, text }) });
    const registry = new RuleRegistry(rules);
    const config = resolveConfig([{ config: { rules: { "no-privileged": "error" } }, where: "test" }], registry);
    const [result] = new Linter(registry).verifyProject(project, config);
    // Every service inherits `privileged: true`: each is reported, at the line that writes it.
    const lines = result!.messages.filter((message) => message.ruleId === "no-privileged").map((message) => message.line);
    expect(lines).toHaveLength(2000);
    expect(new Set(lines)).toEqual(new Set([4]));
    expect(project.model!.services).toHaveLength(2000);
  }, 60_000);
});
