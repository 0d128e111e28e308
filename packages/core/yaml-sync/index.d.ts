// The types of index.js, which scripts/yaml-sync.mjs generates at build time: yaml's Lexer and
// Parser with each generator turned into a method that appends to `out` (set it to an array first).
import type { CST } from "yaml";

export declare class Lexer {
  /** Receives the lexemes. */
  out: string[];
  /** Lexes all of `source` into `out`. */
  lex(source: string, incomplete?: false): void;
}

export declare class Parser {
  /** Receives the CST's top-level tokens. */
  out: CST.Token[];
  /** The open nodes at this point, innermost last. */
  readonly stack: CST.Token[];
  /** The offset of the next lexeme. */
  readonly offset: number;
  constructor(onNewLine?: (offset: number) => void);
  /** Takes one lexeme from the lexer. */
  next(lexeme: string): void;
  /** Closes what is open at the end of the input. */
  end(): void;
}
