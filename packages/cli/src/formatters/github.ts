import { relativePath } from "../paths.js";
import type { Formatter } from "./types.js";

/** GitHub shows at most 10 error and 10 warning annotations per step. */
const SHOWN_PER_LEVEL = 10;

/** GitHub Actions workflow commands: one ::error / ::warning annotation per finding. */
export const github: Formatter = (results, { cwd }) => {
  const lines: string[] = [];
  const counts = { error: 0, warning: 0 };
  for (const result of results) {
    const file = relativePath(cwd, result.filePath);
    for (const message of result.messages) {
      const level = message.severity === 2 ? "error" : "warning";
      counts[level]++;
      const properties = [
        `file=${escapeProperty(file)}`,
        `line=${message.line}`,
        `col=${message.column}`,
        `endLine=${message.endLine}`,
        `endColumn=${message.endColumn}`,
        `title=${escapeProperty(message.ruleId ?? "compose-lint")}`,
      ].join(",");
      lines.push(`::${level} ${properties}::${escapeData(message.message)}`);
    }
  }
  const hidden = Math.max(0, counts.error - SHOWN_PER_LEVEL) + Math.max(0, counts.warning - SHOWN_PER_LEVEL);
  if (hidden > 0) {
    lines.push(`compose-lint: ${counts.error} errors and ${counts.warning} warnings; GitHub shows 10 of each per step, so ${hidden} are only in this log.`);
  }
  return lines.length === 0 ? "" : `${lines.join("\n")}\n`;
};

function escapeData(text: string): string {
  return text.replaceAll("%", "%25").replaceAll("\r", "%0D").replaceAll("\n", "%0A");
}

function escapeProperty(text: string): string {
  return escapeData(text).replaceAll(":", "%3A").replaceAll(",", "%2C");
}
