import { createHash } from "node:crypto";
import { relativePath } from "./paths.js";
import type { LintMessage } from "@compose-lint/core";

/**
 * A finding's identity that survives edits elsewhere in the file: rule, file (relative to the
 * working folder), service and the offending value, never line numbers. Used by baselines and
 * SARIF's partialFingerprints.
 */
export function fingerprintParts(message: LintMessage, filePath: string, cwd: string) {
  const data = message.data ?? {};
  return {
    ruleId: message.ruleId ?? "fatal",
    file: relativePath(cwd, filePath),
    service: data["service"] === undefined ? "" : String(data["service"]),
    // Secret rules name the variable, never the value.
    value: normalise(data["value"] ?? data["name"] ?? (message.ruleId ? "" : message.message)),
    messageId: message.messageId ?? "",
  };
}

export function fingerprint(message: LintMessage, filePath: string, cwd: string): string {
  const parts = fingerprintParts(message, filePath, cwd);
  return createHash("sha256")
    .update([parts.ruleId, parts.messageId, parts.file, parts.service, parts.value].join("\0"))
    .digest("hex")
    .slice(0, 32);
}

function normalise(value: unknown): string {
  return String(value).trim().replace(/\s+/g, " ");
}
