import { promises as fsPromises } from "node:fs";
import { compareCodeUnits, ConfigError, type LintMessage } from "@compose-lint/core";
import { comparePaths } from "@compose-lint/core/node";
import { fingerprint, fingerprintParts } from "./fingerprint.js";
import type { LintResult } from "./formatters/index.js";
import { writeUserFile } from "./paths.js";

export interface BaselineEntry {
  fingerprint: string;
  ruleId: string;
  file: string;
  service: string;
  value: string;
  count: number;
}

interface BaselineFile {
  version: 1;
  findings: BaselineEntry[];
}

/** Today's findings, to accept them and report only new ones from now on. */
export async function writeBaseline(file: string, results: readonly LintResult[], cwd: string): Promise<number> {
  const entries = new Map<string, BaselineEntry>();
  for (const result of results) {
    for (const message of result.messages) {
      if (message.ruleId === null) continue;
      const key = fingerprint(message, result.filePath, cwd);
      const existing = entries.get(key);
      if (existing) existing.count++;
      else {
        const { ruleId, file: relative, service, value } = fingerprintParts(message, result.filePath, cwd);
        entries.set(key, { fingerprint: key, ruleId, file: relative, service, value, count: 1 });
      }
    }
  }
  // An order of code units, not the locale's: the file is committed, and written on many machines.
  const findings = [...entries.values()].sort((a, b) => comparePaths(a.file, b.file) || compareCodeUnits(a.ruleId, b.ruleId) || compareCodeUnits(a.fingerprint, b.fingerprint));
  const content: BaselineFile = { version: 1, findings };
  await writeUserFile(file, `${JSON.stringify(content, null, 2)}\n`, "the baseline");
  return findings.reduce((sum, entry) => sum + entry.count, 0);
}

export async function readBaseline(file: string): Promise<BaselineEntry[]> {
  let parsed: unknown;
  try {
    parsed = JSON.parse(await fsPromises.readFile(file, "utf8"));
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    const reason = code === "ENOENT" ? "no such file" : code === "EACCES" ? "permission denied" : error instanceof SyntaxError ? "not valid JSON" : (code ?? (error as Error).message);
    throw new ConfigError(`${file}: cannot read the baseline: ${reason}`);
  }
  const findings = (parsed as Partial<BaselineFile>).findings;
  if ((parsed as Partial<BaselineFile>).version !== 1 || !Array.isArray(findings)) {
    throw new ConfigError(`${file}: not a compose-lint baseline (expected {"version": 1, "findings": [...]})`);
  }
  return findings;
}

/**
 * Drops the findings the baseline accepted (as many of each as it counted) and returns the
 * baseline entries that no longer occur: fixed, so the baseline can shrink.
 */
export function applyBaseline(results: LintResult[], baseline: readonly BaselineEntry[], cwd: string, recount: (result: LintResult, messages: LintMessage[]) => LintResult): { results: LintResult[]; fixed: BaselineEntry[] } {
  const remaining = new Map(baseline.map((entry) => [entry.fingerprint, { entry, left: entry.count }]));
  const filtered = results.map((result) => {
    const messages = result.messages.filter((message) => {
      if (message.ruleId === null) return true;
      const slot = remaining.get(fingerprint(message, result.filePath, cwd));
      if (!slot || slot.left === 0) return true;
      slot.left--;
      return false;
    });
    return messages.length === result.messages.length ? result : recount(result, messages);
  });
  const fixed = [...remaining.values()].filter((slot) => slot.left > 0).map((slot) => ({ ...slot.entry, count: slot.left }));
  return { results: filtered, fixed };
}
