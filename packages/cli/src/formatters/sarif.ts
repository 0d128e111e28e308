import path from "node:path";
import { relativePath } from "../paths.js";
import { SourceText, type Edit, type Grade, type LintMessage } from "@compose-lint/core";
import { fingerprint } from "../fingerprint.js";
import type { Formatter, LintResult } from "./types.js";

/** GitHub code scanning's numeric scale: 9.0+ critical, 7.0+ high, 4.0+ medium, below that low. */
export const SECURITY_SEVERITY: Record<Grade, string> = { critical: "9.5", high: "8.0", medium: "5.5", low: "3.0" };
const FATAL_RULE = "compose-lint/fatal";

/** SARIF 2.1.0 for code scanning: rules with help and grades, results with regions, fingerprints and fixes. */
export const sarif: Formatter = (results, { cwd, rules, version }) => {
  const usedFatal = results.some((result) => result.messages.some((message) => message.ruleId === null));
  const ruleIds = [...rules.keys()].sort();
  if (usedFatal) ruleIds.push(FATAL_RULE);
  const ruleIndex = new Map(ruleIds.map((id, index) => [id, index]));
  const descriptors = ruleIds.map((id) => {
    const rule = rules.get(id);
    if (!rule) {
      return {
        id,
        shortDescription: { text: "The file could not be linted (it does not parse, is not a Compose file, or cannot be read)" },
        defaultConfiguration: { level: "error" },
      };
    }
    const { meta } = rule;
    return {
      id,
      name: id.replace(/(^|[-/])(\w)/g, (_, _separator: string, letter: string) => letter.toUpperCase()),
      shortDescription: { text: `${meta.docs.description}.` },
      fullDescription: { text: `${meta.docs.description}.${meta.references?.length ? ` See ${meta.references.map((reference) => reference.title).join("; ")}.` : ""}` },
      ...(meta.docs.url ? { helpUri: meta.docs.url, help: { text: `${meta.docs.description}. ${meta.docs.url}`, markdown: `${meta.docs.description}. [Rule documentation](${meta.docs.url})` } } : {}),
      defaultConfiguration: { level: meta.defaultSeverity === "warn" ? "warning" : "error" },
      properties: {
        tags: [...new Set(meta.docs.category === "exposure" ? ["security", "exposure"] : [meta.docs.category])],
        precision: "high",
        "security-severity": SECURITY_SEVERITY[meta.grade ?? "medium"],
      },
    };
  });

  const sarifResults = results.flatMap((result) => {
    // A URI reference: a folder named `ops #2` is `ops%20%232` (GitHub would read `#2` as a fragment).
    const uri = relativePath(cwd, result.filePath).split("/").map(encodeURIComponent).join("/");
    const source = result.source === undefined ? undefined : SourceText.indexed(result.source);
    return result.messages.map((message) => resultOf(message, result, uri, source, ruleIndex, cwd));
  });

  return JSON.stringify(
    {
      $schema: "https://json.schemastore.org/sarif-2.1.0.json",
      version: "2.1.0",
      runs: [
        {
          tool: { driver: { name: "compose-lint", version, informationUri: "https://github.com/compose-lint/compose-lint", rules: descriptors } },
          originalUriBaseIds: { "%SRCROOT%": { uri: `${pathToUri(cwd)}/` } },
          results: sarifResults,
        },
      ],
    },
    null,
    2,
  );
};

function resultOf(message: LintMessage, result: LintResult, uri: string, source: SourceText | undefined, ruleIndex: Map<string, number>, cwd: string) {
  const ruleId = message.ruleId ?? FATAL_RULE;
  const artifactLocation = { uri, uriBaseId: "%SRCROOT%" };
  return {
    ruleId,
    ruleIndex: ruleIndex.get(ruleId),
    level: message.severity === 2 ? "error" : "warning",
    message: { text: message.message },
    locations: [
      {
        physicalLocation: {
          artifactLocation,
          region: { startLine: message.line, startColumn: message.column, endLine: message.endLine, endColumn: Math.max(message.endColumn, message.column) },
        },
      },
    ],
    partialFingerprints: { "composeLintFinding/v1": fingerprint(message, result.filePath, cwd) },
    ...(message.grade ? { properties: { grade: message.grade } } : {}),
    ...(message.fix && source ? { fixes: [fixOf(message.fix, source, artifactLocation, `Apply the ${ruleId} fix`)] } : {}),
  };
}

/** The same text edit `--fix` applies, as a SARIF replacement. */
function fixOf(edit: Edit, source: SourceText, artifactLocation: { uri: string; uriBaseId: string }, description: string) {
  const { start, end } = source.location(edit.range);
  return {
    description: { text: description },
    artifactChanges: [
      {
        artifactLocation,
        replacements: [
          {
            deletedRegion: { startLine: start.line, startColumn: start.column, endLine: end.line, endColumn: end.column },
            insertedContent: { text: edit.text },
          },
        ],
      },
    ],
  };
}

function pathToUri(folder: string): string {
  return `file://${folder.split(path.sep).map(encodeURIComponent).join("/")}`;
}
