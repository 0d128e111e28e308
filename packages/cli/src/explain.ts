import { existsSync, readFileSync } from "node:fs";
import pc from "picocolors";
import { editDistance, OTHER_LINTER_RULE_ID, OTHER_LINTER_RULE_NOTE, type AnyRule } from "@compose-lint/core";
import { rules } from "@compose-lint/rules";
import { UsageError, type CliOptions } from "./args.js";
import type { CliIo } from "./main.js";

/**
 * Where the rule pages are: beside the bundle in the installed package (dist-bundle/ -> docs/rules/),
 * and beside the compiled package in the workspace (packages/cli/dist/ -> docs/rules/).
 */
const RULE_DOCS = [new URL("../docs/rules/", import.meta.url), new URL("../../../docs/rules/", import.meta.url)];

/** `compose-lint explain <rule-id>`: the rule's page (why, examples, the fix, options) in the terminal. */
export function explain(id: string, options: CliOptions, io: CliIo): number {
  const rule = rules.find((candidate) => candidate.id === id);
  if (!rule) {
    const close = rules.map((candidate) => candidate.id).sort((a, b) => editDistance(id, a) - editDistance(id, b))[0];
    const hint = OTHER_LINTER_RULE_ID.test(id) ? OTHER_LINTER_RULE_NOTE : close && editDistance(id, close) <= 3 ? ` (did you mean "${close}"?)` : "";
    throw new UsageError(`unknown rule "${id}"${hint}`);
  }
  const colors = pc.createColors(options.color ?? (io.stdoutIsTty && !("NO_COLOR" in io.env && io.env["NO_COLOR"] !== "")));
  const page = RULE_DOCS.map((folder) => new URL(`${id}.md`, folder)).find((candidate) => existsSync(candidate));
  const markdown = page ? readFileSync(page, "utf8") : fromMetadata(rule);
  io.stdout(render(markdown, colors));
  return 0;
}

function fromMetadata(rule: AnyRule): string {
  const { meta } = rule;
  return [`# ${rule.id}`, "", `> ${meta.docs.description}.`, "", `Grade: ${meta.grade}`, "", ...Object.values(meta.messages).map((text) => `- ${text.replace(/\{\{\s*(\w+)\s*\}\}/g, "<$1>")}`), "", meta.docs.url, ""].join("\n");
}

/** Markdown made readable in a terminal: headings bold, code blocks indented, comments dropped. */
function render(markdown: string, colors: ReturnType<typeof pc.createColors>): string {
  const lines: string[] = [];
  let inCode = false;
  for (const line of markdown.replace(/<!--[^]*?-->\n?/g, "").split("\n")) {
    const fence = /^```(\S*)\s*(\S*)/.exec(line);
    if (fence) {
      if (!inCode && fence[2]) lines.push(colors.dim(`    # ${fence[2] === "invalid" ? "incorrect" : fence[2] === "valid" ? "correct" : fence[2]}`));
      inCode = !inCode;
      continue;
    }
    if (inCode) lines.push(`    ${fence === null ? line : ""}`);
    else if (line.startsWith("#")) lines.push(colors.bold(line.replace(/^#+\s*/, "")));
    else lines.push(line.replace(/`([^`]+)`/g, (_, code: string) => colors.cyan(code)));
  }
  return `${lines.join("\n").replace(/\n{3,}/g, "\n\n").trim()}\n`;
}
