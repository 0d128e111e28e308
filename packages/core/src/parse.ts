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
} as const;

/** Parses once: CST (for comments), composed document (for the model) and positions. */
export function parseSource(originalText: string): ParsedSource {
  const source = new SourceText(originalText);
  const tokens = Array.from(new Parser(source.lineCounter.addNewLine).parse(source.text));
  const comments: YamlComment[] = [];
  for (const token of tokens) collectComments(token, comments);

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

function collectComments(token: CstNode | null | undefined, out: YamlComment[]): void {
  if (!token) return;
  if ("type" in token) {
    if (token.type === "comment") {
      out.push({ text: token.source.slice(1), range: [token.offset, token.offset + token.source.length] });
      return;
    }
    if ("props" in token) for (const prop of token.props) collectComments(prop, out);
  }
  const container = token as {
    start?: CstNode | CstNode[];
    items?: CST.CollectionItem[];
    key?: CstNode | null;
    sep?: CstNode[];
    value?: CstNode;
    end?: CstNode[];
  };
  if (Array.isArray(container.start)) for (const item of container.start) collectComments(item, out);
  else if (container.start) collectComments(container.start, out);
  if (container.items) for (const item of container.items) collectComments(item, out);
  collectComments(container.key, out);
  if (container.sep) for (const item of container.sep) collectComments(item, out);
  collectComments(container.value, out);
  if (container.end) for (const item of container.end) collectComments(item, out);
}
