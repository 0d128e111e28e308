import { relativePath } from "../paths.js";
import { fingerprint } from "../fingerprint.js";
import type { Formatter } from "./types.js";

const SEVERITY = { critical: "critical", high: "major", medium: "minor", low: "info" } as const;

/** GitLab Code Quality report: stable fingerprints, so merge requests show what is new and what is fixed. */
export const gitlab: Formatter = (results, { cwd }) => {
  const seen = new Map<string, number>();
  const issues = results.flatMap((result) => {
    const file = relativePath(cwd, result.filePath);
    return result.messages.map((message) => {
      // Two findings with one identity (the same value twice) still need distinct fingerprints.
      const base = fingerprint(message, result.filePath, cwd);
      const occurrence = seen.get(base) ?? 0;
      seen.set(base, occurrence + 1);
      return {
        description: message.message,
        check_name: message.ruleId ?? "compose-lint/fatal",
        fingerprint: occurrence === 0 ? base : `${base}-${occurrence}`,
        severity: message.fatal ? "blocker" : SEVERITY[message.grade ?? "medium"],
        location: { path: file, lines: { begin: message.line, end: message.endLine } },
      };
    });
  });
  return `${JSON.stringify(issues, null, 2)}\n`;
};
