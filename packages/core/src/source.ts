import { LineCounter } from "yaml";

/** Half-open character range [start, end) in the linted text (BOM excluded). */
export type Range = readonly [start: number, end: number];

/** 1-based line and column, as editors and ESLint show them. */
export interface Position {
  line: number;
  column: number;
}

export interface Location {
  start: Position;
  end: Position;
}

/**
 * The text being linted, with a line index. The byte-order mark is kept aside so that
 * columns on the first line match what editors show, and is put back when writing.
 */
export class SourceText {
  readonly text: string;
  readonly hasBom: boolean;
  /** The line ending that edits insert: the file's own, CRLF if it mostly uses CRLF. */
  readonly eol: "\n" | "\r\n";
  readonly lineCounter: LineCounter;

  constructor(original: string) {
    this.hasBom = original.charCodeAt(0) === 0xfeff;
    this.text = this.hasBom ? original.slice(1) : original;
    this.eol = detectEol(this.text);
    this.lineCounter = new LineCounter();
    // Line starts are filled in by the YAML parser as it lexes (see parse.ts).
  }

  /** A SourceText for text that is not being parsed: its line index is built here. */
  static indexed(text: string): SourceText {
    const source = new SourceText(text);
    source.lineCounter.addNewLine(0);
    for (let index = source.text.indexOf("\n"); index !== -1; index = source.text.indexOf("\n", index + 1)) {
      source.lineCounter.addNewLine(index + 1);
    }
    return source;
  }

  /** The text as it should be written back: BOM restored. */
  withBom(text: string): string {
    return this.hasBom ? `\uFEFF${text}` : text;
  }

  position(offset: number): Position {
    const { line, col } = this.lineCounter.linePos(Math.max(0, Math.min(offset, this.text.length)));
    return { line, column: col };
  }

  location(range: Range): Location {
    return { start: this.position(range[0]), end: this.position(range[1]) };
  }

  /** Offset of the first character of the line that holds `offset`. */
  lineStart(offset: number): number {
    return this.text.lastIndexOf("\n", offset - 1) + 1;
  }

  /** Offset of the line break (or end of text) that ends the line holding `offset`. */
  lineEnd(offset: number): number {
    const newline = this.text.indexOf("\n", offset);
    if (newline === -1) return this.text.length;
    return this.text[newline - 1] === "\r" ? newline - 1 : newline;
  }

  /** Offset just after the line break that ends the line holding `offset`. */
  nextLineStart(offset: number): number {
    const newline = this.text.indexOf("\n", offset);
    return newline === -1 ? this.text.length : newline + 1;
  }

  /** The text of the line holding `offset`, without its line break. */
  lineText(offset: number): string {
    return this.text.slice(this.lineStart(offset), this.lineEnd(offset));
  }

  /** Column (0-based) of `offset` within its line. */
  columnOf(offset: number): number {
    return offset - this.lineStart(offset);
  }
}

function detectEol(text: string): "\n" | "\r\n" {
  // Most files have no CR at all: one native scan says so.
  if (!text.includes("\r")) return "\n";
  let crlf = 0;
  let lf = 0;
  for (let index = text.indexOf("\n"); index !== -1; index = text.indexOf("\n", index + 1)) {
    if (text[index - 1] === "\r") crlf++;
    else lf++;
  }
  return crlf > lf ? "\r\n" : "\n";
}

/**
 * Strings by their UTF-16 code units: the same order on every machine, where `localeCompare`
 * follows the locale, and with no ICU collator to start (~7 ms at its first use).
 */
export function compareCodeUnits(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
