import type { AnyRule, LintMessage } from "@compose-lint/core";
import type { Colors } from "picocolors/types.js";

/** One file's outcome, in ESLint's result shape. */
export interface LintResult {
  filePath: string;
  messages: LintMessage[];
  errorCount: number;
  fatalErrorCount: number;
  warningCount: number;
  fixableErrorCount: number;
  fixableWarningCount: number;
  /** The fixed text, when fixing changed it. */
  output?: string;
  /** The text the messages' positions and fixes refer to (BOM removed): after fixing, the fixed text. */
  source?: string;
  /** When fixing changed the file: the text before the fixes (BOM removed), for diffs. */
  fixedFrom?: string;
}

export interface FormatterContext {
  cwd: string;
  colors: Colors;
  /** Every rule that could have run, by id (built-in and plugin rules). */
  rules: ReadonlyMap<string, AnyRule>;
  version: string;
}

export type Formatter = (results: readonly LintResult[], context: FormatterContext) => string;
