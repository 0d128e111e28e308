import type { LintMessage } from "@compose-lint/core";
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
}

export interface FormatterContext {
  cwd: string;
  colors: Colors;
}

export type Formatter = (results: readonly LintResult[], context: FormatterContext) => string;
