export { main, type CliIo } from "./main.js";
export { FORMATTERS, type Formatter, type FormatterContext, type LintResult } from "./formatters/index.js";
