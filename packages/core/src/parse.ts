import { Composer, isMap, isPair, isScalar, isSeq, Parser, type CST, type Document, type YAMLError } from "yaml";
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
  const tokens = Array.from(new Parser(source.lineCounter.addNewLine).parse(source.text));
  const comments: YamlComment[] = [];
  const quotedScalarStarts: number[] = [];
  const tooDeep = walkCst(tokens, comments, quotedScalarStarts);
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

type CstNode = CST.Token | CST.CollectionItem;

/**
 * Keys that repeat in a mapping, as yaml's `uniqueKeys` reports them (scalar keys equal by value,
 * `<<` merge keys allowed to repeat), in one pass per mapping and without recursion.
 */
function duplicateKeys(root: unknown): SyntaxProblem[] {
  const problems: SyntaxProblem[] = [];
  const stack: unknown[] = [root];
  // One set for every mapping (a mapping's keys are checked before the next one's). Scalar values
  // are compared as they are: a Set tells 1 from "1" and null from "null".
  const seen = new Set<unknown>();
  for (let node = stack.pop(); node !== undefined; node = stack.pop()) {
    if (isPair(node)) {
      stack.push(node.key, node.value);
      continue;
    }
    if (!isMap(node) && !isSeq(node)) continue;
    const checksKeys = isMap(node);
    seen.clear();
    for (const item of node.items) {
      stack.push(item);
      if (!checksKeys || !isPair(item) || !isScalar(item.key) || isMergeKey(item.key)) continue;
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

/** CST tokens that hold nothing below them (every SourceToken type but `comment`). */
const LEAF_TOKENS: ReadonlySet<string> = new Set([
  "byte-order-mark", "doc-mode", "doc-start", "space", "newline", "directive-line", "anchor", "tag", "seq-item-ind", "explicit-key-ind",
  "map-value-ind", "flow-map-start", "flow-map-end", "flow-seq-start", "flow-seq-end", "flow-error-end", "comma", "block-scalar-header",
]);

/**
 * Collects the comments and where quoted scalars start, in document order, without recursion
 * (the CST of a hostile file may be thousands of levels deep). Returns the offset of the first
 * collection nested deeper than MAX_NESTING_DEPTH, if any.
 */
function walkCst(tokens: readonly CST.Token[], out: YamlComment[], quotedScalarStarts: number[]): number | undefined {
  // This runs over every token of every file. Leaf tokens (most of them) are handled where they
  // are met, not stacked, and what they record is sorted at the end. Nodes with children go on two
  // parallel stacks (node, depth), pushed in reverse so that they come out in document order (the
  // first collection too deep is the one reported); nothing is allocated per node.
  const nodes: CstNode[] = [];
  const depths: number[] = [];
  const meet = (child: CstNode | null | undefined, depth: number): void => {
    if (!child) return;
    const type = (child as { type?: string }).type;
    if (type !== undefined) {
      if (type === "comment") {
        const token = child as CST.SourceToken;
        out.push({ text: token.source.slice(1), range: [token.offset, token.offset + token.source.length] });
        return;
      }
      if (LEAF_TOKENS.has(type)) return;
      if (type === "scalar" || type === "alias" || type === "single-quoted-scalar" || type === "double-quoted-scalar") {
        // A flow scalar's `end` holds only source tokens (space, newline, comment).
        const scalar = child as CST.FlowScalar;
        if (type !== "scalar" && type !== "alias") quotedScalarStarts.push(scalar.offset);
        if (scalar.end) meetAll(scalar.end, depth);
        return;
      }
    }
    nodes.push(child);
    depths.push(depth);
  };
  const meetAll = (children: readonly CstNode[] | undefined, depth: number): void => {
    if (children) for (let index = children.length - 1; index >= 0; index--) meet(children[index], depth);
  };
  meetAll(tokens, 0);
  let tooDeep: number | undefined;
  while (nodes.length > 0) {
    const node = nodes.pop()!;
    let depth = depths.pop()!;
    if ("type" in node && (node.type === "block-map" || node.type === "block-seq" || node.type === "flow-collection")) {
      depth++;
      if (depth > MAX_NESTING_DEPTH) {
        tooDeep = node.offset;
        break;
      }
    }
    const container = node as {
      props?: CstNode[];
      start?: CstNode | CstNode[];
      items?: CST.CollectionItem[];
      key?: CstNode | null;
      sep?: CstNode[];
      value?: CstNode;
      end?: CstNode[];
    };
    meetAll(container.end, depth);
    meet(container.value, depth);
    meetAll(container.sep, depth);
    meet(container.key, depth);
    meetAll(container.items, depth);
    if (Array.isArray(container.start)) meetAll(container.start, depth);
    else meet(container.start, depth);
    meetAll(container.props, depth);
  }
  out.sort((a, b) => a.range[0] - b.range[0]);
  quotedScalarStarts.sort((a, b) => a - b);
  return tooDeep;
}
