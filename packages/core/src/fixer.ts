import { isScalar, Scalar, visit, type Document, type Node, type YAMLMap } from "yaml";
import type { Range, SourceText } from "./source.js";
import { nodeRange, resolveAlias } from "./yaml-nodes.js";

/** A text edit on the linted text: replace [start, end) with `text`. */
export interface Edit {
  range: Range;
  text: string;
}

export type QuoteStyle = "double" | "single";

/**
 * Builds edits. Everything here writes the smallest change it can, so that comments, quoting,
 * indentation and line endings elsewhere stay as they were. Helpers return null where they
 * cannot reason about the text (tabs, block scalars, escapes): the rule then reports without a fix.
 */
export class Fixer {
  /**
   * `source` is the text the edits apply to. In a project, nodes come from several files: `owns`
   * tells whether a node is written in this one, and helpers given any other node return null.
   */
  constructor(
    readonly source: SourceText,
    private readonly ownsNode: (node: Node) => boolean = () => true,
    private readonly document?: Document.Parsed,
  ) {}

  private aliasedRanges: Range[] | undefined;

  /**
   * True when an edit would change text that an alias elsewhere reuses (the node an anchor names):
   * the edit would silently change every place that says `*name` too, so the finding gets no fix.
   */
  touchesAliasedText(edit: Edit): boolean {
    if (!this.document) return false;
    this.aliasedRanges ??= aliasedNodeRanges(this.document, this.source.text);
    const [start, end] = edit.range;
    return this.aliasedRanges.some(([from, to]) => (start < to && end > from) || (start === end && start > from && start < to));
  }

  /** The node is written in this fixer's text, so offsets from its range can be edited here. */
  owns(node: Node): boolean {
    return node.range !== undefined && node.range !== null && this.ownsNode(node);
  }

  replaceRange(range: Range, text: string): Edit {
    return { range, text };
  }

  insertAt(offset: number, text: string): Edit {
    return { range: [offset, offset], text };
  }

  remove(range: Range): Edit {
    return { range, text: "" };
  }

  /**
   * Where a scalar's value starts in the source, if the source spells the value out character
   * for character (plain, or quoted without escapes): edits inside the value then map 1:1.
   */
  literalValueStart(node: Node): number | undefined {
    if (!isScalar(node) || !this.owns(node) || hasExplicitTag(node)) return undefined;
    const [start, end] = nodeRange(node);
    const raw = this.source.text.slice(start, end);
    const value = typeof node.value === "number" || typeof node.value === "string" ? String(node.value) : undefined;
    if (value === undefined) return undefined;
    if (node.type === Scalar.PLAIN && raw === value) return start;
    if ((node.type === Scalar.QUOTE_DOUBLE || node.type === Scalar.QUOTE_SINGLE) && raw.slice(1, -1) === value) {
      const unsafe = node.type === Scalar.QUOTE_DOUBLE ? /[\\"]/ : /'/;
      return unsafe.test(value) ? undefined : start + 1;
    }
    return undefined;
  }

  /**
   * Replaces part of a scalar's value, [from, to) in value coordinates, keeping the quoting.
   * A plain scalar whose new value would no longer read back as the same string is quoted.
   */
  editScalarValue(node: Node, from: number, to: number, text: string, quote: QuoteStyle): Edit | null {
    const valueStart = this.literalValueStart(node);
    if (valueStart === undefined || !isScalar(node)) return null;
    const value = String(node.value);
    const next = value.slice(0, from) + text + value.slice(to);
    if (node.type !== Scalar.PLAIN) return this.replaceRange([valueStart + from, valueStart + to], text);
    if (typeof node.value === "string" && isSafePlainString(next)) {
      return this.replaceRange([valueStart + from, valueStart + to], text);
    }
    return this.replaceRange(nodeRange(node), quoteString(next, quote));
  }

  /** Replaces a whole scalar with a new string value, keeping its quote style where it has one. */
  replaceScalarWith(node: Node, value: string, quote: QuoteStyle): Edit | null {
    if (!isScalar(node) || !this.owns(node) || hasExplicitTag(node)) return null;
    if (node.type === Scalar.QUOTE_DOUBLE) return this.replaceRange(nodeRange(node), quoteString(value, "double"));
    if (node.type === Scalar.QUOTE_SINGLE) return this.replaceRange(nodeRange(node), quoteString(value, "single"));
    if (node.type === Scalar.PLAIN) {
      return this.replaceRange(nodeRange(node), isSafePlainString(value) ? value : quoteString(value, quote));
    }
    return null;
  }

  /** Adds `key: value` to a mapping, as a new line at its indentation (block) or a new item (flow). */
  addMapEntry(map: YAMLMap, key: string, valueText: string): Edit | null {
    const first = map.items[0];
    if (!this.owns(map) || !first || !isScalar(first.key) || !first.key.range) return null;
    const keyStart = first.key.range[0];
    if (map.flow) return this.insertAt(keyStart, `${key}: ${valueText}, `);
    const column = this.source.columnOf(keyStart);
    const linePrefix = this.source.text.slice(this.source.lineStart(keyStart), keyStart);
    if (linePrefix.includes("\t")) return null;
    const indent = " ".repeat(column);
    const last = map.items[map.items.length - 1]!;
    const lastValue = last.value as Node | null;
    // After the last entry when it sits on one line (after its comment, if any); else before the first.
    if (isScalar(last.key) && last.key.range && isScalar(lastValue) && lastValue.range && !isBlockScalar(lastValue)) {
      const keyLine = this.source.position(last.key.range[0]).line;
      if (this.source.position(lastValue.range[1]).line === keyLine) {
        return this.insertAt(this.source.lineEnd(lastValue.range[1]), `${this.source.eol}${indent}${key}: ${valueText}`);
      }
    }
    return this.insertAt(keyStart, `${key}: ${valueText}${this.source.eol}${indent}`);
  }

  /**
   * Removes a block `key: value` pair with its whole lines, or null when the lines hold anything
   * else (another key before it, text after its value other than a comment).
   */
  removeBlockPair(key: Node, value: Node): Edit | null {
    if (!this.owns(key) || !this.owns(value)) return null;
    const keyStart = nodeRange(key)[0];
    const lineStart = this.source.lineStart(keyStart);
    if (this.source.text.slice(lineStart, keyStart).trim() !== "") return null;
    const valueEnd = nodeRange(value)[1];
    const rest = this.source.text.slice(valueEnd, this.source.lineEnd(valueEnd)).trim();
    if (rest !== "" && !rest.startsWith("#")) return null;
    return this.remove([lineStart, this.source.nextLineStart(valueEnd)]);
  }

  /** True when no tab is used for indentation on the lines a node spans. */
  indentationIsSpaces(node: Node): boolean {
    if (!this.owns(node)) return false;
    const [start, end] = nodeRange(node);
    const text = this.source.text.slice(this.source.lineStart(start), end);
    return !/(^|\n)[ ]*\t/.test(text);
  }
}

function isBlockScalar(node: Node): boolean {
  return isScalar(node) && (node.type === Scalar.BLOCK_FOLDED || node.type === Scalar.BLOCK_LITERAL);
}

/** A string that a YAML 1.2 reader takes back as the same string when written plain. */
export function isSafePlainString(value: string): boolean {
  if (value === "" || value.trim() !== value) return false;
  if (/^[-?:,[\]{}#&*!|>'"%@`]/.test(value)) return false;
  if (/: |:$| #|[\n\r\t]|[,[\]{}]/.test(value)) return false;
  // Anything a YAML 1.2 core schema reads as a number, bool or null must be quoted.
  if (/^(?:[-+]?(?:\d[\d_]*)?(?:\.\d*)?(?:[eE][-+]?\d+)?|0x[0-9a-fA-F]+|0o[0-7]+|[-+]?\.(?:inf|Inf|INF)|\.(?:nan|NaN|NAN))$/.test(value)) {
    return false;
  }
  return !/^(?:true|True|TRUE|false|False|FALSE|null|Null|NULL|~)$/.test(value);
}

export function quoteString(value: string, quote: QuoteStyle): string {
  if (quote === "single") return `'${value.replaceAll("'", "''")}'`;
  return JSON.stringify(value);
}

/** The quote style most used by the given scalars; double quotes when none is quoted. */
export function prevailingQuote(nodes: Iterable<Node>): QuoteStyle {
  let single = 0;
  let double = 0;
  for (const node of nodes) {
    if (!isScalar(node)) continue;
    if (node.type === Scalar.QUOTE_SINGLE) single++;
    else if (node.type === Scalar.QUOTE_DOUBLE) double++;
  }
  return single > double ? "single" : "double";
}

/** Merges the edits of one fix into a single edit, as ESLint does; overlapping edits are a bug. */
export function mergeEdits(text: string, edits: readonly Edit[]): Edit {
  const sorted = [...edits].sort((a, b) => a.range[0] - b.range[0] || a.range[1] - b.range[1]);
  const first = sorted[0]!;
  let output = "";
  let cursor = first.range[0];
  for (const edit of sorted) {
    if (edit.range[0] < cursor) throw new Error("A fix contains overlapping edits");
    output += text.slice(cursor, edit.range[0]) + edit.text;
    cursor = edit.range[1];
  }
  return { range: [first.range[0], cursor], text: output };
}

/**
 * The one edit that turns `before` into `after`, covering only what differs: an editor applying a
 * fixed text as this edit keeps the cursor, folds and undo history outside it.
 */
export function differingSpan(before: string, after: string): Edit {
  let start = 0;
  while (start < before.length && start < after.length && before[start] === after[start]) start++;
  let endBefore = before.length;
  let endAfter = after.length;
  while (endBefore > start && endAfter > start && before[endBefore - 1] === after[endAfter - 1]) {
    endBefore--;
    endAfter--;
  }
  return { range: [start, endBefore], text: after.slice(start, endAfter) };
}

/** Applies edits that do not overlap or touch one applied before them; the rest wait for the next pass. */
export function applyEdits<T extends { edit: Edit }>(text: string, items: readonly T[]): { output: string; applied: T[] } {
  const sorted = [...items].sort((a, b) => a.edit.range[0] - b.edit.range[0] || a.edit.range[1] - b.edit.range[1]);
  const applied: T[] = [];
  let output = "";
  let cursor = 0;
  let lastEnd = Number.NEGATIVE_INFINITY;
  for (const item of sorted) {
    const [start, end] = item.edit.range;
    if (start <= lastEnd || start > end || end > text.length) continue;
    output += text.slice(cursor, start) + item.edit.text;
    cursor = end;
    lastEnd = end;
    applied.push(item);
  }
  return { output: output + text.slice(cursor), applied };
}

/** The ranges of the nodes that aliases refer to (their anchors' nodes), from the anchor on. */
function aliasedNodeRanges(document: Document.Parsed, text: string): Range[] {
  if (!text.includes("*")) return [];
  const ranges: Range[] = [];
  visit(document, {
    Alias(_, alias) {
      // Through the document's alias index: yaml's own `resolve` scans the document per alias.
      const target = resolveAlias(alias, document)?.node;
      if (!target?.range) return;
      // The anchor (`&name`) stands before the node's range: removing it breaks the alias too.
      const anchorAt = text.lastIndexOf(`&${alias.source}`, target.range[0]);
      ranges.push([anchorAt === -1 ? target.range[0] : anchorAt, target.range[1]]);
    },
  });
  return ranges;
}

/** `!!int 8080`: a new value may not fit the tag, and the tag says what the author meant; no edit. */
function hasExplicitTag(node: Scalar): boolean {
  return typeof node.tag === "string" && node.tag !== "";
}
