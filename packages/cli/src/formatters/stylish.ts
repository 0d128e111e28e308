import path from "node:path";
import type { Formatter } from "./types.js";

/** ESLint's stylish layout: a block per file, `line:col  severity  message  rule`, then totals. */
export const stylish: Formatter = (results, { cwd, colors }) => {
  let output = "";
  let errors = 0;
  let warnings = 0;
  let fixableErrors = 0;
  let fixableWarnings = 0;
  for (const result of results) {
    if (result.messages.length === 0) continue;
    errors += result.errorCount;
    warnings += result.warningCount;
    fixableErrors += result.fixableErrorCount;
    fixableWarnings += result.fixableWarningCount;
    const rows = result.messages.map((message) => [
      `${message.line}:${message.column}`,
      message.severity === 2 ? colors.red("error") : colors.yellow("warning"),
      message.message.replace(/\s*\n\s*/g, " "),
      colors.dim(message.ruleId ?? ""),
    ]);
    const positionWidth = Math.max(...rows.map((row) => row[0]!.length));
    const severityWidth = Math.max(...result.messages.map((message) => (message.severity === 2 ? 5 : 7)));
    output += `\n${colors.underline(displayPath(result.filePath, cwd))}\n`;
    result.messages.forEach((message, index) => {
      const [position, severity, text, rule] = rows[index]!;
      const severityPad = " ".repeat(severityWidth - (message.severity === 2 ? 5 : 7));
      output += `  ${colors.dim(position!.padEnd(positionWidth))}  ${severity}${severityPad}  ${text}${rule ? `  ${rule}` : ""}\n`;
    });
  }
  const total = errors + warnings;
  if (total === 0) return "";
  const summary = `✖ ${total} problem${total === 1 ? "" : "s"} (${errors} error${errors === 1 ? "" : "s"}, ${warnings} warning${warnings === 1 ? "" : "s"})`;
  output += `\n${errors > 0 ? colors.red(colors.bold(summary)) : colors.yellow(colors.bold(summary))}\n`;
  if (fixableErrors + fixableWarnings > 0) {
    output += colors.bold(
      `  ${fixableErrors} error${fixableErrors === 1 ? "" : "s"} and ${fixableWarnings} warning${fixableWarnings === 1 ? "" : "s"} potentially fixable with the \`--fix\` option.\n`,
    );
  }
  return output;
};

function displayPath(filePath: string, cwd: string): string {
  if (!path.isAbsolute(filePath)) return filePath;
  const relative = path.relative(cwd, filePath);
  return relative.startsWith("..") ? filePath : relative;
}
