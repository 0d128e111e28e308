import { Composer, Parser, type CST, type Document, type YAMLError } from "yaml";
import { SourceText, type Range } from "./source.js";

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
  uniqueKeys: true,
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
  const tooDeep = walkCst(tokens, comments);
  if (tooDeep !== undefined) {
    const problem = { message: `Nested too deeply: more than ${MAX_NESTING_DEPTH} levels of collections (a Compose file needs about 8)`, code: "TOO_DEEP", range: [tooDeep, tooDeep] as Range };
    return { source, document: undefined, documentCount: 0, comments, syntaxErrors: [problem] };
  }

  const documents = Array.from(new Composer(parseOptions).compose(tokens));
  const document = documents[0];
  const syntaxErrors: SyntaxProblem[] = [];
  for (const doc of documents) {
    for (const error of doc.errors) syntaxErrors.push(toSyntaxProblem(error, source));
  }
  return { source, document, documentCount: documents.length, comments, syntaxErrors };
}

function toSyntaxProblem(error: YAMLError, source: SourceText): SyntaxProblem {
  const [start, end] = error.pos;
  // yaml's messages end with a position excerpt when prettyErrors is on; it is off, so keep the first line.
  const message = error.message.split("\n")[0] ?? error.message;
  return {
    message,
    code: error.code,
    range: [Math.min(start, source.text.length), Math.min(Math.max(end, start), source.text.length)],
  };
}

type CstNode = CST.Token | CST.CollectionItem;

/**
 * Collects the comments, without recursion (the CST of a hostile file may be thousands of levels
 * deep). Returns the offset of the first collection nested deeper than MAX_NESTING_DEPTH, if any.
 */
function walkCst(tokens: readonly CST.Token[], out: YamlComment[]): number | undefined {
  const stack: Array<{ node: CstNode; depth: number }> = tokens.map((node) => ({ node, depth: 0 })).reverse();
  for (let entry = stack.pop(); entry !== undefined; entry = stack.pop()) {
    const { node } = entry;
    let depth = entry.depth;
    if ("type" in node) {
      if (node.type === "comment") {
        out.push({ text: node.source.slice(1), range: [node.offset, node.offset + node.source.length] });
        continue;
      }
      if (node.type === "block-map" || node.type === "block-seq" || node.type === "flow-collection") {
        depth++;
        if (depth > MAX_NESTING_DEPTH) return node.offset;
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
    // Pushed in reverse so that comments come out in document order.
    const children: Array<CstNode | null | undefined> = [
      ...(container.props ?? []),
      ...(Array.isArray(container.start) ? container.start : [container.start]),
      ...(container.items ?? []),
      container.key,
      ...(container.sep ?? []),
      container.value,
      ...(container.end ?? []),
    ];
    for (let index = children.length - 1; index >= 0; index--) {
      const child = children[index];
      if (child) stack.push({ node: child, depth });
    }
  }
  return undefined;
}
