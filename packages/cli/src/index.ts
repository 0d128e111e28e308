export { main, type CliIo } from "./main.js";
export { FORMAT_NAMES, loadFormatter, type Formatter, type FormatterContext, type LintResult } from "./formatters/index.js";
