// Writes packages/core/yaml-sync/index.js: yaml's own Lexer and Parser, from the installed package,
// with their generators turned into plain methods that append to an array (`out`). yaml pays for
// a generator object at every `yield*` of its chains, several per token: on the corpus (warm,
// interleaved runs) its lexer and parser took 185 ms, the same code without generators 45 ms, and
// the whole parse with the composer 278 against 102 ms, for the same CST token for token.
// Generated at build time, not committed: the file is yaml's code, and follows the installed
// yaml; test/yaml-sync.test.ts compares the two on every file of the corpus. Run by
// scripts/build.mjs before tsc.
import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import path from "node:path";

/**
 * Turns one of yaml's parse modules (its ES module build) into generator-free code, or throws when
 * the text is not of the shape this relies on (a new yaml release that changed it):
 * - every generator is a class method (`*name(`), and every one becomes a plain method;
 * - `yield* this.name(...)`, delegating to one of them, becomes the call itself: its value is then
 *   the method's return value, as `yield*` gave it;
 * - every `yield value` starts a statement, and becomes `this.out[this.out.length] = value`: an
 *   assignment takes the same operand as `yield` (one AssignmentExpression), so the statement
 *   needs no parsing to find where the value ends;
 * - a call of a generator without `yield*` only creates a generator that never runs: as a
 *   statement of its own with no arguments it is dropped, since the plain method would run
 *   (yaml 2.9's lexer has one, `this.pushNewline();` after a directive).
 */
export function withoutGenerators(text, name) {
  // Comments go first: yaml's documentation comments speak of yield too.
  const commentless = text.replace(/\/\*[^]*?\*\//g, "").replace(/^[ \t]*\/\/.*\n/gm, "");
  const generators = [...commentless.matchAll(/^[ \t]*\*(\w+)\(/gm)].map((match) => match[1]);
  if (generators.length === 0) throw new Error(`yaml-sync: no generator method in ${name}`);
  const source = withoutIdleCalls(commentless, generators, name);
  const delegations = [...source.matchAll(/yield\*\s*this\.(\w+)\(/g)];
  const allYields = [...source.matchAll(/\byield\b/g)];
  const statementYields = [...source.matchAll(/^[ \t]*yield (?!\*)/gm)];
  if (delegations.length + statementYields.length !== allYields.length) {
    throw new Error(`yaml-sync: ${name} has a yield that is neither a statement nor a delegation to a method (${allYields.length} in all)`);
  }
  for (const [, method] of delegations) {
    if (!generators.includes(method)) throw new Error(`yaml-sync: ${name} delegates to ${method}, which is not one of its generators`);
  }
  return source
    .replace(/^([ \t]*)\*(\w+)\(/gm, "$1$2(")
    .replace(/yield\*\s*this\./g, "this.")
    .replace(/^([ \t]*)yield (?!\*)/gm, "$1this.out[this.out.length] = ");
}

/** Drops the statements that call a generator without running it; refuses any other such call. */
function withoutIdleCalls(source, generators, name) {
  const calls = new RegExp(`(yield\\*\\s*)?this\\.(${generators.join("|")})\\(`, "g");
  for (const match of source.matchAll(calls)) {
    if (match[1]) continue;
    const lineStart = source.lastIndexOf("\n", match.index) + 1;
    const line = source.slice(lineStart, source.indexOf("\n", match.index));
    if (!/^[ \t]*this\.\w+\(\);[ \t]*$/.test(line)) throw new Error(`yaml-sync: ${name} calls ${match[2]} without yield* in "${line.trim()}"`);
  }
  return source.replace(new RegExp(`^[ \\t]*this\\.(?:${generators.join("|")})\\(\\);[ \\t]*\\n`, "gm"), "");
}

/** Drops Parser's `parse`: it iterates the lexer's generator, which is gone (parse.ts feeds `next` itself). */
function withoutParseMethod(source) {
  const method = /^ {4}\*parse\(source, incomplete = false\) \{\n[^]*?^ {4}\}\n/m;
  if (!method.test(source)) throw new Error("yaml-sync: Parser.parse is not where expected");
  const rest = source.replace(method, "");
  if (/\bof this\./.test(rest)) throw new Error("yaml-sync: parser.js iterates one of its own members outside parse()");
  return rest;
}

export function generateYamlSync() {
  const yamlRoot = path.dirname(createRequire(import.meta.url).resolve("yaml/package.json"));
  const read = (file) => readFileSync(path.join(yamlRoot, "browser/dist/parse", file), "utf8");
  const version = JSON.parse(readFileSync(path.join(yamlRoot, "package.json"), "utf8")).version;
  const lexer = withoutGenerators(read("lexer.js"), "lexer.js");
  const parser = withoutGenerators(withoutParseMethod(read("parser.js")), "parser.js");
  const expectImport = (text, line) => {
    if (!text.includes(`${line}\n`)) throw new Error(`yaml-sync: expected "${line}" in yaml's parse modules`);
    return text.replace(`${line}\n`, "");
  };
  const body = [
    expectImport(expectImport(lexer, "import { BOM, DOCUMENT, FLOW_END, SCALAR } from './cst.js';"), "export { Lexer };"),
    expectImport(expectImport(expectImport(parser, "import { tokenType } from './cst.js';"), "import { Lexer } from './lexer.js';"), "export { Parser };"),
  ].join("\n");
  return [
    `// Generated by scripts/yaml-sync.mjs from yaml ${version} (ISC license, Eemeli Aro): its Lexer and`,
    "// Parser without generators. Do not edit; `pnpm build` writes it again.",
    'import { CST } from "yaml";',
    "const { BOM, DOCUMENT, FLOW_END, SCALAR, tokenType } = CST;",
    body,
    "export { Lexer, Parser };",
    "",
  ].join("\n");
}

export function writeYamlSync(root) {
  const folder = path.join(root, "packages/core/yaml-sync");
  mkdirSync(folder, { recursive: true });
  writeFileSync(path.join(folder, "index.js"), generateYamlSync());
}
