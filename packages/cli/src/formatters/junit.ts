import { relativePath } from "../paths.js";
import type { Formatter } from "./types.js";
import { escapeXml, withoutForbiddenXmlCharacters } from "./xml.js";

/** JUnit XML: a test suite per file, a failing test case per finding (or one passing case). */
export const junit: Formatter = (results, { cwd }) => {
  const suites = results.map((result) => {
    const file = relativePath(cwd, result.filePath);
    const cases =
      result.messages.length === 0
        ? [`    <testcase time="0" name="${escapeXml(file)}" classname="compose-lint"/>`]
        : result.messages.map((message) => {
            const name = `${file}:${message.line}:${message.column} ${message.ruleId ?? "fatal"}`;
            const kind = message.severity === 2 ? "error" : "warning";
            return [
              `    <testcase time="0" name="${escapeXml(name)}" classname="compose-lint.${escapeXml(message.ruleId ?? "fatal")}">`,
              `      <failure message="${escapeXml(message.message)}" type="${kind}"><![CDATA[${withoutForbiddenXmlCharacters(`${kind}: ${message.message} (${file}:${message.line}:${message.column})`).replaceAll("]]>", "]]]]><![CDATA[>")}]]></failure>`,
              "    </testcase>",
            ].join("\n");
          });
    const failures = result.messages.length;
    return [`  <testsuite name="${escapeXml(file)}" tests="${Math.max(1, failures)}" failures="${failures}" errors="0" skipped="0">`, ...cases, "  </testsuite>"].join("\n");
  });
  return `<?xml version="1.0" encoding="utf-8"?>\n<testsuites name="compose-lint">\n${suites.join("\n")}\n</testsuites>\n`;
};
