import type { Formatter } from "./types.js";
import { escapeXml } from "./xml.js";

/** Checkstyle XML, read by Jenkins' warnings plugin, reviewdog and many others. */
export const checkstyle: Formatter = (results) => {
  const files = results.map((result) => {
    const errors = result.messages.map(
      (message) =>
        `    <error line="${message.line}" column="${message.column}" severity="${message.severity === 2 ? "error" : "warning"}" message="${escapeXml(message.message)}" source="${escapeXml(message.ruleId ? `compose-lint.${message.ruleId}` : "compose-lint")}"/>`,
    );
    return [`  <file name="${escapeXml(result.filePath)}">`, ...errors, "  </file>"].join("\n");
  });
  return `<?xml version="1.0" encoding="utf-8"?>\n<checkstyle version="4.3">\n${files.join("\n")}\n</checkstyle>\n`;
};
