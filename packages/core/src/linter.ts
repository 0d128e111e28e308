import { isNode, type Node } from "yaml";
import type { ResolvedConfig, RuleRegistry } from "./config.js";
import { DirectiveFilter, parseDirectives } from "./directives.js";
import { applyEdits, Fixer, mergeEdits, type Edit } from "./fixer.js";
import { buildComposeModel, type ComposeModel } from "./model/compose.js";
import { parseSource, type ParsedSource } from "./parse.js";
import type { AnyRule, FixFunction, FixKind, Grade, ReportDescriptor, RuleListeners } from "./rule.js";
import { SourceText, type Range } from "./source.js";
import { nodeRange } from "./yaml-nodes.js";

export interface LintSuggestion {
  messageId: string;
  desc: string;
  fix: Edit;
}

export interface LintMessage {
  ruleId: string | null;
  severity: 1 | 2;
  message: string;
  messageId?: string;
  line: number;
  column: number;
  endLine: number;
  endColumn: number;
  /** A problem that stopped linting (the file does not parse, is binary, too large ...). */
  fatal?: true;
  /** Offsets in the text without its BOM, as ESLint does. */
  range: Range;
  /** Security grade of the finding (rules' own, or "medium" for rules that give none). */
  grade?: Grade;
  /** The rule's message data; `data.value` is the offending value, when the rule names one. */
  data?: Record<string, string | number>;
  fix?: Edit;
  fixKind?: FixKind;
  suggestions?: LintSuggestion[];
}

export interface LintOptions {
  filename?: string;
}

/** Files past this size are refused with a message rather than parsed. */
export const MAX_TEXT_LENGTH = 4 * 1024 * 1024;

export class Linter {
  constructor(private readonly registry: RuleRegistry) {}

  /** Lints text; never throws for bad input (it becomes a fatal message). */
  verify(text: string, config: ResolvedConfig, options: LintOptions = {}): LintMessage[] {
    return this.run(text, config, options).messages;
  }

  private run(text: string, config: ResolvedConfig, options: LintOptions): { messages: LintMessage[] } {
    const refusal = refuseText(text);
    if (refusal) return { messages: [fatalMessage(refusal, 1, 1)] };
    const parsed = parseSource(text);
    const { source } = parsed;
    if (parsed.syntaxErrors.length > 0) {
      return {
        messages: [...recognisedDamage(source), ...parsed.syntaxErrors].map((error) => {
          const location = source.location(error.range);
          return {
            ...fatalMessage(`Parsing error: ${error.message}`, location.start.line, location.start.column),
            endLine: location.end.line,
            endColumn: location.end.column,
            range: error.range,
          };
        }),
      };
    }
    const document = parsed.document;
    if (!document || document.contents === null || document.contents === undefined) {
      return { messages: [fatalMessage("Empty file: a Compose file is a mapping with a `services` key", 1, 1)] };
    }
    const model = buildComposeModel(document);
    if (!model) {
      const location = source.location(nodeRange(document.contents));
      const kind = isNode(document.contents) && "items" in document.contents ? "a sequence" : "a scalar";
      return {
        messages: [fatalMessage(`Not a Compose file: the top level is ${kind}, not a mapping`, location.start.line, location.start.column)],
      };
    }
    const messages: LintMessage[] = [];
    if (parsed.documentCount > 1) {
      messages.push({
        ...fatalMessage("Only the first YAML document is read by Compose; the others are ignored", 1, 1),
        severity: 1,
        fatal: undefined,
      });
    }
    messages.push(...invisibleCharacters(source), ...this.runRules(parsed, model, config, options));
    return { messages: messages.sort(compareMessages) };
  }

  private runRules(parsed: ParsedSource, model: ComposeModel, config: ResolvedConfig, options: LintOptions): LintMessage[] {
    const { source } = parsed;
    const filter = new DirectiveFilter(parseDirectives(parsed.comments, source));
    const fixer = new Fixer(source);
    const messages: LintMessage[] = [];
    const listeners: RuleListeners[] = [];
    const listenerIds = new Map<RuleListeners, string>();
    for (const [id, setting] of config.rules) {
      if (setting.severity === 0) continue;
      const rule = this.registry.get(id);
      if (!rule) continue;
      const report = (descriptor: ReportDescriptor<string>) => {
        const message = buildMessage(rule, id, setting.severity as 1 | 2, descriptor, source, fixer);
        if (!filter.isSuppressed({ ruleId: id, line: message.line, offset: message.range[0] })) messages.push(message);
      };
      const listener = rule.create({
        id,
        options: mergeOptions(rule.defaultOptions, setting.options),
        filename: options.filename ?? "<text>",
        source,
        model,
        report,
      });
      listeners.push(listener);
      listenerIds.set(listener, id);
    }
    // A rule that throws is reported on the file and switched off for it; the other rules go on.
    const crashed = new Set<RuleListeners>();
    const call = (listener: RuleListeners, run: () => void) => {
      if (crashed.has(listener)) return;
      try {
        run();
      } catch (error) {
        crashed.add(listener);
        const id = listenerIds.get(listener) ?? "unknown";
        messages.push({
          ruleId: id,
          severity: 2,
          message: `Rule "${id}" failed on this file (${(error as Error).message}); its other findings are missing. Please report it with the file.`,
          line: 1,
          column: 1,
          endLine: 1,
          endColumn: 1,
          range: [0, 0],
        });
      }
    };
    for (const listener of listeners) call(listener, () => listener.document?.(model));
    for (const service of model.services) {
      for (const listener of listeners) call(listener, () => listener.service?.(service));
      for (const port of service.ports) for (const listener of listeners) call(listener, () => listener.port?.(port, service));
    }
    for (const listener of listeners) call(listener, () => listener.end?.());

    if (config.reportUnusedDisableDirectives) {
      for (const { directive, rule } of filter.unused()) {
        const location = source.location(directive.range);
        messages.push({
          ruleId: null,
          severity: 1,
          message: rule ? `Unused compose-lint-${directive.kind} directive (no problem from "${rule}" was reported)` : `Unused compose-lint-${directive.kind} directive (no problem was reported)`,
          line: location.start.line,
          column: location.start.column,
          endLine: location.end.line,
          endColumn: location.end.column,
          range: directive.range,
        });
      }
    }
    return messages;
  }

  /**
   * Applies fixes in passes, as ESLint does: non-overlapping fixes per pass, re-parse and re-lint,
   * at most 10 passes. A pass whose result would not parse keeps only the fixes that parse alone.
   */
  verifyAndFix(text: string, config: ResolvedConfig, options: LintOptions & { fixFilter?: (message: LintMessage) => boolean } = {}): FixReport {
    // The BOM is set aside while fixing and put back on the output, as ESLint does.
    const source = new SourceText(text);
    let current = source.text;
    const applied: LintMessage[] = [];
    const history: string[] = [current];
    let circular = false;
    let run = this.run(current, config, options);
    for (let pass = 0; pass < 10; pass++) {
      const fixable = run.messages
        .filter((message) => message.fix && (options.fixFilter?.(message) ?? true))
        .map((message) => ({ message, edit: message.fix! }));
      if (fixable.length === 0) break;
      let attempt = applyEdits(current, fixable);
      if (!parsesCleanly(attempt.output)) {
        const good = fixable.filter((item) => parsesCleanly(applyEdits(current, [item]).output));
        attempt = applyEdits(current, good);
        if (attempt.applied.length === 0 || !parsesCleanly(attempt.output)) break;
      }
      if (attempt.applied.length === 0) break;
      applied.push(...attempt.applied.map((item) => item.message));
      current = attempt.output;
      if (history.includes(current)) {
        circular = true;
        break;
      }
      history.push(current);
      run = this.run(current, config, options);
    }
    return {
      fixed: current !== source.text,
      output: source.withBom(current),
      messages: run.messages,
      applied,
      circular,
    };
  }
}

export interface FixReport {
  fixed: boolean;
  /** The fixed text, BOM restored. */
  output: string;
  /** Problems left after fixing, positions in `output`. */
  messages: LintMessage[];
  /** The problems whose fixes were applied, in the pass they were applied. */
  applied: LintMessage[];
  circular: boolean;
}

const DAMAGE_PATTERNS: ReadonlyArray<[RegExp, string]> = [
  [/^(<{7}|={7}|>{7})(?: |$)/, "a merge conflict marker: resolve the conflict"],
  [/^(`{3,}|~{3,})/, "a Markdown code fence: remove the Markdown around the YAML"],
];

/** Common ways committed files get broken, named plainly rather than by the YAML error they cause. */
function recognisedDamage(source: SourceText): Array<{ message: string; range: Range }> {
  const found: Array<{ message: string; range: Range }> = [];
  let offset = 0;
  for (const line of source.text.split("\n")) {
    for (const [pattern, description] of DAMAGE_PATTERNS) {
      const match = pattern.exec(line);
      if (match) found.push({ message: `line ${source.position(offset).line} is ${description}`, range: [offset, offset + match[1]!.length] });
    }
    offset += line.length + 1;
  }
  return found;
}

const INVISIBLE = /[\u200B-\u200D\u2060\uFEFF]/g;

/** Zero-width characters silently become part of a key or value ("\u200Bports" is not "ports"). */
function invisibleCharacters(source: SourceText): LintMessage[] {
  const messages: LintMessage[] = [];
  for (const match of source.text.matchAll(INVISIBLE)) {
    const range: Range = [match.index, match.index + 1];
    const { start, end } = source.location(range);
    const code = match[0].charCodeAt(0).toString(16).toUpperCase().padStart(4, "0");
    messages.push({
      ruleId: null,
      severity: 2,
      message: `Invisible character U+${code}: YAML reads it as part of the key or value; delete it`,
      line: start.line,
      column: start.column,
      endLine: end.line,
      endColumn: end.column,
      range,
    });
  }
  return messages;
}

function parsesCleanly(text: string): boolean {
  return parseSource(text).syntaxErrors.length === 0;
}

/** Why a text cannot be linted at all, or undefined. */
function refuseText(text: string): string | undefined {
  if (text.length > MAX_TEXT_LENGTH) {
    return `File too large to lint (${(text.length / 1024 / 1024).toFixed(1)} MiB; the limit is ${MAX_TEXT_LENGTH / 1024 / 1024} MiB)`;
  }
  if (text.includes("\0")) return "Binary file: it contains NUL bytes, so it is not a YAML Compose file";
  return undefined;
}

function fatalMessage(message: string, line: number, column: number): LintMessage {
  return { ruleId: null, severity: 2, fatal: true, message, line, column, endLine: line, endColumn: column, range: [0, 0] };
}

function compareMessages(a: LintMessage, b: LintMessage): number {
  return a.line - b.line || a.column - b.column || (a.ruleId ?? "").localeCompare(b.ruleId ?? "");
}

function interpolate(template: string, data: Record<string, string | number> | undefined): string {
  return template.replace(/\{\{\s*([\w-]+)\s*\}\}/g, (whole, key: string) => (data && key in data ? String(data[key]) : whole));
}

function rangeOf(descriptor: ReportDescriptor<string>): Range {
  if (descriptor.range) return descriptor.range;
  const target = descriptor.node;
  if (!target) return [0, 0];
  const node: Node = isNode(target) ? target : target.node;
  return nodeRange(node);
}

function buildMessage(
  rule: AnyRule,
  id: string,
  severity: 1 | 2,
  descriptor: ReportDescriptor<string>,
  source: SourceText,
  fixer: Fixer,
): LintMessage {
  const template = rule.meta.messages[descriptor.messageId];
  if (template === undefined) throw new Error(`Rule "${id}" reported unknown messageId "${descriptor.messageId}"`);
  const range = rangeOf(descriptor);
  const location = source.location(range);
  const message: LintMessage = {
    ruleId: id,
    severity: descriptor.severity === "warn" ? 1 : severity,
    grade: descriptor.grade ?? rule.meta.grade ?? "medium",
    message: interpolate(template, descriptor.data),
    messageId: descriptor.messageId,
    line: location.start.line,
    column: location.start.column,
    endLine: location.end.line,
    endColumn: location.end.column,
    range,
  };
  if (descriptor.data) message.data = descriptor.data;
  if (descriptor.fix) {
    if (!rule.meta.fixable) throw new Error(`Rule "${id}" reported a fix but its meta has no "fixable"`);
    const edit = runFix(descriptor.fix, fixer, source.text);
    if (edit) {
      message.fix = edit;
      message.fixKind = rule.meta.fixKind ?? "safe";
    }
  }
  if (descriptor.suggest && descriptor.suggest.length > 0) {
    if (!rule.meta.hasSuggestions) throw new Error(`Rule "${id}" reported suggestions but its meta has no "hasSuggestions"`);
    message.suggestions = descriptor.suggest.flatMap((suggestion) => {
      const edit = runFix(suggestion.fix, fixer, source.text);
      const desc = rule.meta.messages[suggestion.messageId];
      return edit && desc ? [{ messageId: suggestion.messageId, desc: interpolate(desc, suggestion.data), fix: edit }] : [];
    });
  }
  return message;
}

function runFix(fix: FixFunction, fixer: Fixer, text: string): Edit | undefined {
  const result = fix(fixer);
  if (!result) return undefined;
  const edits = (Array.isArray(result) ? result : [result]) as readonly Edit[];
  if (edits.length === 0) return undefined;
  return mergeEdits(text, edits);
}

/** Deep-merges plain-object options over defaults, index by index (ESLint's applyDefault). */
export function mergeOptions<Options extends readonly unknown[]>(defaults: Options, user: readonly unknown[]): Options {
  const length = Math.max(defaults.length, user.length);
  const result: unknown[] = [];
  for (let index = 0; index < length; index++) result.push(mergeValue(defaults[index], user[index]));
  return result as unknown as Options;
}

function mergeValue(base: unknown, override: unknown): unknown {
  if (override === undefined) return base;
  if (isPlainObject(base) && isPlainObject(override)) {
    const merged: Record<string, unknown> = { ...base };
    for (const [key, value] of Object.entries(override)) merged[key] = mergeValue(base[key], value);
    return merged;
  }
  return override;
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}
