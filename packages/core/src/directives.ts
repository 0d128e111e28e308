import type { YamlComment } from "./parse.js";
import type { Range, SourceText } from "./source.js";

export type DirectiveKind = "disable" | "enable" | "disable-line" | "disable-next-line";

export interface Directive {
  kind: DirectiveKind;
  /** Rule ids named by the directive; empty means every rule. */
  rules: string[];
  /** The 1-based line the directive acts on (for the line forms) or is written on. */
  line: number;
  offset: number;
  range: Range;
  reason?: string;
  /** Rule ids (or "*") this directive actually silenced, for unused-directive reports. */
  used: Set<string>;
}

const DIRECTIVE = /^\s*compose-lint-(disable-next-line|disable-line|disable|enable)(?=\s|$)(.*)$/s;

export function parseDirectives(comments: readonly YamlComment[], source: SourceText): Directive[] {
  const directives: Directive[] = [];
  for (const comment of comments) {
    const match = DIRECTIVE.exec(comment.text);
    if (!match) continue;
    const kind = match[1] as DirectiveKind;
    const [ruleText, reason] = splitReason(match[2] ?? "");
    const rules = ruleText
      .split(",")
      .map((rule) => rule.trim())
      .filter((rule) => rule !== "");
    const commentLine = source.position(comment.range[0]).line;
    directives.push({
      kind,
      rules,
      line: kind === "disable-next-line" ? commentLine + 1 : commentLine,
      offset: comment.range[0],
      range: comment.range,
      reason,
      used: new Set(),
    });
  }
  return directives;
}

function splitReason(text: string): [string, string | undefined] {
  const separator = /\s--\s|\s--$/.exec(text);
  if (!separator) return [text, undefined];
  return [text.slice(0, separator.index), text.slice(separator.index + separator[0].length).trim() || undefined];
}

export interface Suppressible {
  ruleId: string | null;
  line: number;
  offset: number;
}

/** Decides whether a directive silences a problem, recording which directives were used. */
export class DirectiveFilter {
  private readonly blocks: Directive[];
  private readonly lineDirectives: Map<number, Directive[]>;

  constructor(readonly directives: readonly Directive[]) {
    this.blocks = directives.filter((directive) => directive.kind === "disable" || directive.kind === "enable");
    this.lineDirectives = new Map();
    for (const directive of directives) {
      if (directive.kind !== "disable-line" && directive.kind !== "disable-next-line") continue;
      const list = this.lineDirectives.get(directive.line) ?? [];
      list.push(directive);
      this.lineDirectives.set(directive.line, list);
    }
  }

  isSuppressed(problem: Suppressible): boolean {
    const ruleId = problem.ruleId;
    if (ruleId === null) return false;
    let suppressed = false;
    for (const directive of this.lineDirectives.get(problem.line) ?? []) {
      if (directive.rules.length === 0 || directive.rules.includes(ruleId)) {
        directive.used.add(ruleId);
        suppressed = true;
      }
    }
    // Block directives: the last one before the problem that concerns its rule decides.
    let decidingDisable: Directive | undefined;
    for (const directive of this.blocks) {
      if (directive.offset > problem.offset) break;
      if (directive.rules.length > 0 && !directive.rules.includes(ruleId)) continue;
      decidingDisable = directive.kind === "disable" ? directive : undefined;
    }
    if (decidingDisable) {
      decidingDisable.used.add(ruleId);
      suppressed = true;
    }
    return suppressed;
  }

  /** Directives, and rule ids within them, that silenced nothing. */
  unused(): Array<{ directive: Directive; rule?: string }> {
    const result: Array<{ directive: Directive; rule?: string }> = [];
    for (const directive of this.directives) {
      if (directive.kind === "enable") continue;
      if (directive.rules.length === 0) {
        if (directive.used.size === 0) result.push({ directive });
        continue;
      }
      for (const rule of directive.rules) if (!directive.used.has(rule)) result.push({ directive, rule });
    }
    return result;
  }
}
