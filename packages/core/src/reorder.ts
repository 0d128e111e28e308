import { isMap, isPair, visit, type Node, type YAMLMap, type YAMLSeq } from "yaml";
import { parseSource } from "./parse.js";
import type { Edit } from "./fixer.js";
import { compareCodeUnits, type SourceText } from "./source.js";
import { isMergeKey, nodeRange, toPlainData } from "./yaml-nodes.js";

/**
 * Moves the items of a collection into a new order as one minimal text edit, or returns null when
 * that cannot be done safely. Block collections move whole items: each item with the comment lines
 * right above it, its nested value and its end-of-line comment; the blank lines between items stay
 * where they were. Flow collections (`[b, a]`) swap the items' texts. Refused: tabs, merge keys,
 * an alias that would come before its anchor, an item that shares a line with another. The edit
 * is checked by parsing the result: it must hold the same data up to order, and every comment.
 */
export function reorderItems(source: SourceText, collection: YAMLMap | YAMLSeq, order: readonly number[]): Edit | null {
  const items = collection.items as unknown[];
  if (items.length !== order.length || order.every((index, position) => index === position)) return null;
  if (isMap(collection) && collection.items.some((pair) => isMergeKey(pair.key))) return null;
  const spans = items.map((item) => itemSpan(item));
  if (spans.some((span) => span === undefined)) return null;
  const edit = collection.flow ? flowEdit(source, spans as Array<[number, number]>, order) : blockEdit(source, spans as Array<[number, number]>, order);
  if (!edit || !anchorsStayBeforeAliases(items, order)) return null;
  const wrap = !collection.flow ? (text: string) => dedent(text) : isMap(collection) ? (text: string) => `{${text}}` : (text: string) => `[${text}]`;
  return keepsContent(source, edit, wrap) ? edit : null;
}

function itemSpan(item: unknown): [number, number] | undefined {
  if (isPair(item)) {
    const key = item.key as Node | null;
    const value = item.value as Node | null;
    if (!key?.range) return undefined;
    const end = value?.range ? nodeRange(value)[1] : nodeRange(key)[1];
    return [key.range[0], end];
  }
  const node = item as Node | null;
  return node?.range ? [...nodeRange(node)] : undefined;
}

function flowEdit(source: SourceText, spans: Array<[number, number]>, order: readonly number[]): Edit | null {
  const start = spans[0]![0];
  const end = spans[spans.length - 1]![1];
  const between = spans.slice(1).map((span, index) => source.text.slice(spans[index]![1], span[0]));
  // A comment inside the brackets would be moved apart from its item.
  if (between.some((text) => text.includes("#"))) return null;
  let text = "";
  order.forEach((index, position) => {
    text += source.text.slice(spans[index]![0], spans[index]![1]);
    if (position < between.length) text += between[position];
  });
  return { range: [start, end], text };
}

function blockEdit(source: SourceText, spans: Array<[number, number]>, order: readonly number[]): Edit | null {
  const text = source.text;
  // Each item as whole lines: from its first line (the `- ` of a list item) to the line after its end.
  const lines: Array<[number, number]> = [];
  for (const [start, end] of spans) {
    const first = source.lineStart(start);
    const before = text.slice(first, start);
    if (before.replace(/-\s*$/, "").trim() !== "" || before.includes("\t")) return null;
    const after = text.slice(end, source.lineEnd(end)).trim();
    if (after !== "" && !after.startsWith("#")) return null;
    lines.push([first, source.nextLineStart(end)]);
  }
  // Comment lines right above an item (no blank line between) belong to it.
  const starts = lines.map(([first], index) => {
    let start = first;
    const floor = index === 0 ? 0 : lines[index - 1]![1];
    while (start > floor) {
      const previous = source.lineStart(start - 1);
      if (!text.slice(previous, start).trim().startsWith("#")) break;
      start = previous;
    }
    return start;
  });
  for (let index = 1; index < lines.length; index++) if (starts[index]! < lines[index - 1]![1]) return null;
  const regionEnd = lines[lines.length - 1]![1];
  const eol = source.eol;
  // An item's text runs to the next item's; blank lines at its end separate it from the next one
  // and stay in their place, so the layout of the list does not change.
  const bodies: string[] = [];
  const separators: string[] = [];
  starts.forEach((start, index) => {
    const chunk = text.slice(start, index + 1 < starts.length ? starts[index + 1]! : regionEnd);
    const blank = /(?:^|\n)((?:[ \t]*\r?\n)*)$/.exec(chunk)?.[1] ?? "";
    let body = chunk.slice(0, chunk.length - blank.length);
    if (!body.endsWith("\n")) body += eol; // the file's last line, without a final line break
    bodies.push(body);
    separators.push(blank);
  });
  let result = order.map((index, position) => bodies[index]! + separators[position]!).join("");
  if (!text.slice(0, regionEnd).endsWith("\n")) result = result.replace(/\r?\n$/, "");
  return { range: [starts[0]!, regionEnd], text: result };
}

/** After the move, every alias still comes after the anchor it names (YAML reads them in order). */
function anchorsStayBeforeAliases(items: readonly unknown[], order: readonly number[]): boolean {
  const anchorsIn = items.map(() => new Set<string>());
  const aliasesIn = items.map(() => new Set<string>());
  items.forEach((item, index) => {
    visit(item as Node, {
      Alias: (_key, node) => void aliasesIn[index]!.add(node.source),
      Node: (_key, node) => {
        if (node.anchor) anchorsIn[index]!.add(node.anchor);
      },
    });
  });
  const position = new Map(order.map((index, at) => [index, at]));
  for (let aliasing = 0; aliasing < items.length; aliasing++) {
    for (const name of aliasesIn[aliasing]!) {
      for (let anchoring = 0; anchoring < items.length; anchoring++) {
        if (anchoring !== aliasing && anchorsIn[anchoring]!.has(name) && position.get(anchoring)! > position.get(aliasing)!) return false;
      }
    }
  }
  return true;
}

/**
 * The edit keeps the data (up to order) and every comment. The moved text is checked on its own
 * (dedented, or in its brackets), so that a file with thousands of services to reorder is not
 * parsed once per service; text that does not stand alone (an alias of an anchor outside it) is
 * checked in the whole file.
 */
function keepsContent(source: SourceText, edit: Edit, standAlone: (text: string) => string): boolean {
  const original = source.text.slice(edit.range[0], edit.range[1]);
  const local = sameContent(standAlone(original), standAlone(edit.text));
  if (local !== undefined) return local;
  const after = source.text.slice(0, edit.range[0]) + edit.text + source.text.slice(edit.range[1]);
  return sameContent(source.text, after) === true;
}

/** Whether two texts hold the same data up to order and the same comments; undefined when the first does not parse cleanly alone. */
function sameContent(before: string, after: string): boolean | undefined {
  const original = parseSource(before);
  if (original.syntaxErrors.length > 0 || !original.document || original.document.errors.length > 0) return undefined;
  const fixed = parseSource(after);
  if (fixed.syntaxErrors.length > 0 || !fixed.document || fixed.document.errors.length > 0) return false;
  const comments = (parsed: typeof fixed) => parsed.comments.map((comment) => comment.text.trim()).sort();
  if (JSON.stringify(comments(original)) !== JSON.stringify(comments(fixed))) return false;
  try {
    return canonical(toPlainData(original.document), new Map()) === canonical(toPlainData(fixed.document), new Map());
  } catch {
    // Too large to compare (aliases that expand a great deal): no fix rather than an unchecked one.
    return false;
  }
}

/** Removes the indentation every non-blank line shares, so a nested block parses on its own. */
function dedent(text: string): string {
  const lines = text.split("\n");
  const indents = lines.filter((line) => line.trim() !== "").map((line) => /^ */.exec(line)![0].length);
  const common = indents.length > 0 ? Math.min(...indents) : 0;
  return lines.map((line) => (line.trim() === "" ? line.trimStart() : line.slice(common))).join("\n");
}

const MAX_CANONICAL_LENGTH = 8 * 1024 * 1024;

/** JSON with mapping keys and list items sorted: equal for documents that differ only in order. */
function canonical(value: unknown, done: Map<object, string>): string {
  if (value === null || typeof value !== "object") return JSON.stringify(value) ?? "null";
  const known = done.get(value);
  if (known !== undefined) return known;
  const text = Array.isArray(value)
    ? `[${value.map((item) => canonical(item, done)).sort().join(",")}]`
    : `{${Object.entries(value as Record<string, unknown>)
        .sort(([a], [b]) => compareCodeUnits(a, b))
        .map(([key, item]) => `${JSON.stringify(key)}:${canonical(item, done)}`)
        .join(",")}}`;
  if (text.length > MAX_CANONICAL_LENGTH) throw new RangeError("too large to compare");
  done.set(value, text);
  return text;
}
