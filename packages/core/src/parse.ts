import { Composer, isMap, isPair, isScalar, isSeq, CST, type Document, type YAMLError, type YAMLMap, type YAMLSeq } from "yaml";
import { Lexer, Parser } from "../yaml-sync/index.js";
import { SourceText, type Range } from "./source.js";
import { isMergeKey } from "./yaml-nodes.js";

export interface YamlComment {
  /** The comment text after `#`, untrimmed. */
  text: string;
  range: Range;
}

export interface SyntaxProblem {
  message: string;
  code: string;
  range: Range;
}

export interface ParsedSource {
  source: SourceText;
  /** The first YAML document; Compose reads only one. */
  document: Document.Parsed | undefined;
  documentCount: number;
  comments: YamlComment[];
  syntaxErrors: SyntaxProblem[];
}

export const parseOptions = {
  // Compose files rely on `<<` merge keys, which YAML 1.2 drops unless asked.
  merge: true,
  prettyErrors: false,
  // yaml compares every key with every other key of its map (quadratic: seconds for a map of
  // 20,000 keys); duplicates are found below in one pass instead, with the same error.
  uniqueKeys: false,
  strict: true,
  // yaml would print a process warning on stderr for a complex key (`? [a]: b`) when a value is
  // converted; the linter reports what matters itself.
  logLevel: "error",
} as const;

/**
 * Deeper collections are refused before they are composed: yaml's composer and every walk over a
 * document recurse, and a few thousand levels overflow the stack. Real Compose files nest about 8
 * levels deep; 128 is generous and far from the stack's limit.
 */
export const MAX_NESTING_DEPTH = 128;

/** Parses once: CST (for comments), composed document (for the model) and positions. */
export function parseSource(originalText: string): ParsedSource {
  const source = new SourceText(originalText);
  const { tokens, comments, quotedScalarStarts, tooDeep } = readTokens(source);
  if (tooDeep !== undefined) {
    const problem = { message: `Nested too deeply: more than ${MAX_NESTING_DEPTH} levels of collections (a Compose file needs about 8)`, code: "TOO_DEEP", range: [tooDeep, tooDeep] as Range };
    return { source, document: undefined, documentCount: 0, comments, syntaxErrors: [problem] };
  }

  const documents = Array.from(new Composer(parseOptions).compose(tokens));
  const document = documents[0];
  const syntaxErrors: SyntaxProblem[] = [];
  for (const doc of documents) {
    for (const error of doc.errors) syntaxErrors.push(toSyntaxProblem(error, source, quotedScalarStarts));
    syntaxErrors.push(...duplicateKeys(doc.contents));
  }
  syntaxErrors.sort((a, b) => a.range[0] - b.range[0]);
  return { source, document, documentCount: documents.length, comments, syntaxErrors };
}

interface ReadTokens {
  tokens: CST.Token[];
  /** In document order. */
  comments: YamlComment[];
  /** Where each quoted scalar starts, in document order. */
  quotedScalarStarts: number[];
  /** The offset of the first collection nested deeper than MAX_NESTING_DEPTH, if any. */
  tooDeep: number | undefined;
}

/**
 * Feeds yaml's parser one lexeme at a time (what `Parser.parse` does) and notes comments, quoted
 * scalars and nesting as they pass: no second walk over the CST (about 5% of the parse of a
 * large file). The lexer and parser are yaml's without generators (scripts/yaml-sync.mjs): the
 * same tokens, about four times as fast.
 */
function readTokens(source: SourceText): ReadTokens {
  const lexer = new Lexer();
  lexer.out = [];
  lexer.lex(source.text);
  const parser = new Parser(source.lineCounter.addNewLine);
  source.lineCounter.addNewLine(0); // Parser.parse reports the first line itself
  const tokens: CST.Token[] = [];
  parser.out = tokens;
  const comments: YamlComment[] = [];
  const quotedScalarStarts: number[] = [];
  // The lexeme after the scalar marker is a plain or block scalar's text, whatever it starts with.
  let inScalarText = false;
  const lexemes = lexer.out;
  // Indexed: tens of thousands of lexemes per run, mostly before V8 optimises this loop.
  for (let index = 0; index < lexemes.length; index++) {
    const lexeme = lexemes[index]!;
    const offset = parser.offset;
    if (inScalarText) inScalarText = false;
    else if (lexeme === SCALAR_MARKER) inScalarText = true;
    else if (lexeme[0] === "#") comments.push({ text: lexeme.slice(1), range: [offset, offset + lexeme.length] });
    else if (lexeme[0] === '"' || lexeme[0] === "'") quotedScalarStarts.push(offset);
    parser.next(lexeme);
    // The parser's stack holds the open collections (and a few other nodes) of this point.
    if (parser.stack.length > MAX_NESTING_DEPTH) {
      const tooDeep = deepCollection(parser.stack);
      if (tooDeep !== undefined) return { tokens, comments, quotedScalarStarts, tooDeep };
    }
  }
  parser.end();
  return { tokens, comments, quotedScalarStarts, tooDeep: undefined };
}

/** yaml's lexer emits this before the text of a plain or block scalar. */
const SCALAR_MARKER = CST.SCALAR;

function deepCollection(stack: readonly CST.Token[]): number | undefined {
  let depth = 0;
  for (const token of stack) {
    if (token.type !== "block-map" && token.type !== "block-seq" && token.type !== "flow-collection") continue;
    depth++;
    if (depth > MAX_NESTING_DEPTH) return token.offset;
  }
  return undefined;
}

function toSyntaxProblem(error: YAMLError, source: SourceText, quotedScalarStarts: readonly number[]): SyntaxProblem {
  const [start, end] = error.pos;
  // yaml's messages end with a position excerpt ("at line 5, column 1:"); the range says where.
  const message = (error.message.split("\n")[0] ?? error.message).replace(/ at line \d+, column \d+:?$/, "");
  if (error.code === "MISSING_CHAR" && /closing .?quote/.test(message)) {
    // yaml reports where the text ran out; the mistake is the quote that opened the string.
    const opening = quotedScalarStarts.findLast((offset) => offset <= start);
    if (opening !== undefined) {
      const lineEnd = source.text.indexOf("\n", opening);
      return { message: `${message}: the string opened here is never closed`, code: error.code, range: [opening, lineEnd === -1 ? source.text.length : lineEnd] };
    }
  }
  return {
    message,
    code: error.code,
    range: [Math.min(start, source.text.length), Math.min(Math.max(end, start), source.text.length)],
  };
}

/**
 * Keys that repeat in a mapping, as yaml's `uniqueKeys` reports them (scalar keys equal by value,
 * `<<` merge keys allowed to repeat), in one pass per mapping and without recursion.
 */
function duplicateKeys(root: unknown): SyntaxProblem[] {
  const problems: SyntaxProblem[] = [];
  // Only collections are visited: they hold every key.
  const stack: Array<YAMLMap | YAMLSeq> = [];
  const visit = (node: unknown) => {
    if (isMap(node) || isSeq(node)) stack.push(node);
  };
  visit(root);
  // One set for every mapping (a mapping's keys are checked before the next one's). Scalar values
  // are compared as they are: a Set tells 1 from "1" and null from "null".
  const seen = new Set<unknown>();
  for (let node = stack.pop(); node !== undefined; node = stack.pop()) {
    const checksKeys = isMap(node);
    seen.clear();
    const items = node.items;
    for (let index = 0; index < items.length; index++) {
      const item = items[index];
      if (!isPair(item)) {
        visit(item);
        continue;
      }
      visit(item.key);
      visit(item.value);
      if (!checksKeys || !isScalar(item.key) || isMergeKey(item.key)) continue;
      const key = item.key.value;
      const identity = typeof key === "object" && key !== null ? `${typeof key}:${String(key)}` : key;
      if (!seen.has(identity)) {
        seen.add(identity);
        continue;
      }
      const start = item.key.range?.[0] ?? 0;
      problems.push({ message: "Map keys must be unique", code: "DUPLICATE_KEY", range: [start, start + 1] });
    }
  }
  return problems;
}
