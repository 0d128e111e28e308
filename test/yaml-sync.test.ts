// compose-lint parses with yaml's own Lexer and Parser, turned at build time into code without
// generators (scripts/yaml-sync.mjs). They must give yaml's tokens exactly, on real files and on
// broken ones, and the build must refuse a yaml whose code no longer has the shape it relies on.
import { readFileSync } from "node:fs";
import path from "node:path";
import { globbySync } from "globby";
import { describe, expect, it } from "vitest";
import { Composer, type CST, isScalar, LineCounter, Parser as YamlParser, visit, type Document } from "yaml";
import { parseOptions, parseSource } from "@compose-lint/core";
import { Lexer, Parser } from "../packages/core/yaml-sync/index.js";
// @ts-expect-error -- a plain ES module script, shared with `pnpm build`
import { generateYamlSync, withoutGenerators } from "../scripts/yaml-sync.mjs";
import { needsShared, repoRoot, seededRandom, sharedDir } from "./helpers.js";

const corpus = needsShared("the yaml-sync equivalence test");

function yamlsTokens(text: string): { tokens: CST.Token[]; lineStarts: number[] } {
  const lineCounter = new LineCounter();
  return { tokens: Array.from(new YamlParser(lineCounter.addNewLine).parse(text)), lineStarts: lineCounter.lineStarts };
}

function syncTokens(text: string): { tokens: CST.Token[]; lineStarts: number[] } {
  const lineCounter = new LineCounter();
  const lexer = new Lexer();
  lexer.out = [];
  lexer.lex(text);
  const parser = new Parser(lineCounter.addNewLine);
  lineCounter.addNewLine(0);
  parser.out = [];
  for (const lexeme of lexer.out) parser.next(lexeme);
  parser.end();
  return { tokens: parser.out, lineStarts: lineCounter.lineStarts };
}

/** Every node's kind and range, and every error: what the linter reads from a document. */
function documentView(document: Document.Parsed | undefined) {
  if (!document) return undefined;
  const nodes: string[] = [];
  visit(document, (key, node) => {
    if (node === null) return void nodes.push(`${String(key)} null`);
    const { range, value } = node as { range?: unknown; value?: unknown };
    const scalar = isScalar(node) ? ` ${node.type} ${String(value)}` : "";
    nodes.push(`${String(key)} ${(node as object).constructor.name} ${JSON.stringify(range)}${scalar}`);
  });
  return { nodes, errors: document.errors.map((error) => [error.code, error.pos]) };
}

function expectSameParse(text: string, label: string): void {
  const theirs = yamlsTokens(text);
  const ours = syncTokens(text);
  expect(JSON.stringify(ours.tokens), label).toBe(JSON.stringify(theirs.tokens));
  expect(ours.lineStarts, label).toEqual(theirs.lineStarts);
  // And through the linter's parse, which feeds the parser itself (the text without its byte order
  // mark; it stops at a collection nested too deeply).
  const parsed = parseSource(text);
  if (parsed.syntaxErrors.some((error) => error.code === "TOO_DEEP")) return;
  const yamls = yamlsTokens(parsed.source.text);
  const [yamlsDocument] = Array.from(new Composer(parseOptions).compose(yamls.tokens));
  expect(parsed.source.lineCounter.lineStarts, label).toEqual(yamls.lineStarts);
  expect(documentView(parsed.document), label).toEqual(documentView(yamlsDocument));
}

const EDGE_CASES: Array<[string, string]> = [
  ["a byte order mark", "\uFEFFservices:\n  web:\n    image: nginx\n"],
  ["directives and two documents", "%YAML 1.2\n---\na: 1\n...\n---\nb: [1, 2]\n"],
  ["directives with comments and spaces", "%YAML 1.2 # version\n%TAG !e! tag:example.com,2000:  \n\n---\n!e!x a: 1\n"],
  ["CRLF line ends", "services:\r\n  web:\r\n    ports:\r\n      - \"80:80\"\r\n"],
  ["tabs for indentation", "services:\n\tweb:\n\t\timage: nginx\n"],
  ["flow collections, nested and across lines", "a: {b: [1, {c: d}], e: f}\ng: [\n  1,\n  2, # two\n]\nh: {x: 1\n"],
  ["explicit keys and complex keys", "? a\n: 1\n? [b, c]\n: 2\n? |\n  d\n"],
  ["block scalars with indicators", "a: |-\n  x\n\n  y\nb: >+2\n    z\n\nc: |\n"],
  ["anchors, aliases, tags and merges", "x: &base !!map {a: 1}\ny:\n  <<: *base\n  t: !reset null\n  u: !!str 1\n"],
  ["multi-line scalars", 'a: one\n  two\nb: "three\n  four"\nc: \'five\n\n  six\'\n'],
  ["an unterminated quote", 'a: "open\nb: 2\n'],
  ["bad indentation", "a:\n  b: 1\n c: 2\n   d: 3\n"],
  ["a sequence on the key line", "a: - 1\n  - 2\n"],
  ["stray indicators and characters", "a: ]\n}: b\n- c\n@d: e\n`f`: g\n"],
  ["comments everywhere", "# top\na: # after key\n  # before value\n  b: 1 # after value\n# between\n  c: 2\n# end"],
  ["a document end in the middle of a map", "a: 1\n...\nb: 2\n"],
  ["empty input", ""],
  ["only a comment", "# nothing\n"],
  ["no final newline", "a: 1"],
  ["a merge conflict", "a: 1\n<<<<<<< HEAD\nb: 2\n=======\nb: 3\n>>>>>>> branch\n"],
  ["deep nesting", `${"[".repeat(300)}${"]".repeat(300)}\n`],
];

const INSERTIONS = ["&a ", "*a", "!t ", "{", "}", "[", "]", ",", '"', "'", ": ", "- ", "? ", "\t", "\n", "\r\n", "#", "---\n", "...\n", "|\n", ">-\n", "%", "\uFEFF", "  ", "@"];

describe("yaml's lexer and parser without generators", () => {
  it.each(EDGE_CASES)("give yaml's tokens for %s", (label, text) => expectSameParse(text, label));

  it.skipIf(corpus.skip)(corpus.title("give yaml's tokens for every corpus file and for broken variants of each"), () => {
    const files = globbySync("**/*.{yml,yaml}", { cwd: path.join(sharedDir, "corpus"), dot: true }).sort();
    expect(files.length).toBeGreaterThan(500);
    const next = seededRandom(20261202);
    for (const file of files) {
      const text = readFileSync(path.join(sharedDir, "corpus", file), "utf8");
      expectSameParse(text, file);
      for (let variant = 0; variant < 3; variant++) {
        let broken = text;
        for (let edit = 0; edit < 3; edit++) {
          const at = Math.floor(next() * (broken.length + 1));
          broken = broken.slice(0, at) + INSERTIONS[Math.floor(next() * INSERTIONS.length)]! + broken.slice(at);
        }
        expectSameParse(broken, `${file}, variant ${variant}`);
      }
    }
  });

  it("are what the build writes from the installed yaml", () => {
    const written = readFileSync(path.join(repoRoot, "packages/core/yaml-sync/index.js"), "utf8");
    expect(written).toBe(generateYamlSync());
    expect(written).not.toMatch(/\byield\b|^\s*\*\w+\(/m);
  });
});

describe("the build's transformation", () => {
  it("turns generator methods into methods that append to out", () => {
    const source = ["class A {", "    *run() {", "        const n = yield* this.count(2);", "        yield 'x' + n;", "    }", "    *count(n) {", "        yield n;", "        return n;", "    }", "}"].join("\n");
    const converted = withoutGenerators(source, "a.js");
    expect(converted).toBe(
      ["class A {", "    run() {", "        const n = this.count(2);", "        this.out[this.out.length] = 'x' + n;", "    }", "    count(n) {", "        this.out[this.out.length] = n;", "        return n;", "    }", "}"].join("\n"),
    );
    const instance = new (new Function(`${converted}; return A;`)() as new () => { out: unknown[]; run(): void })();
    instance.out = [];
    instance.run();
    expect(instance.out).toEqual([2, "x2"]);
  });

  it("drops a call that creates a generator without running it, as the original never ran it", () => {
    const source = ["class A {", "    *run() {", "        this.count();", "        yield 1;", "    }", "    *count() {", "        yield 2;", "    }", "}"].join("\n");
    const instance = new (new Function(`${withoutGenerators(source, "a.js")}; return A;`)() as new () => { out: unknown[]; run(): void })();
    instance.out = [];
    instance.run();
    expect(instance.out).toEqual([1]);
  });

  it.each([
    ["a generator called with arguments and not run", "class A {\n    *run() {\n        this.count(2);\n        yield 1;\n    }\n    *count(n) {\n        yield n;\n    }\n}"],
    ["a yield inside an expression", "class A {\n    *run() {\n        const x = yield 1;\n    }\n}"],
    ["a delegation to something that is not its generator", "class A {\n    *run() {\n        yield* this.other.items();\n    }\n}"],
    ["no generator at all", "class A {\n    run() {}\n}"],
  ])("refuses %s", (_label, source) => {
    expect(() => withoutGenerators(source, "a.js")).toThrow(/yaml-sync/);
  });
});
