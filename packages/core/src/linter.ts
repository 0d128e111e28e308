import { isMap, isNode, visit, type Document, type Node } from "yaml";
import type { ResolvedConfig, RuleRegistry } from "./config.js";
import { DirectiveFilter, parseDirectives } from "./directives.js";
import { applyEdits, Fixer, mergeEdits, type Edit } from "./fixer.js";
import { buildComposeModel, type ComposeModel } from "./model/compose.js";
import { parseSource, type ParsedSource, type SyntaxProblem } from "./parse.js";
import type { ComposeProject, ProjectFile } from "./project/types.js";
import type { AnyRule, FixFunction, FixKind, Grade, ReportDescriptor, RuleListeners } from "./rule.js";
import type { RuleTimings } from "./rule-timing.js";
import { compareCodeUnits, SourceText, type Range } from "./source.js";
import { nodeRange, representativeNode, resolveAlias, type YamlValue } from "./yaml-nodes.js";

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

/** The messages of one file of a project; `output` is set when fixing changed it (BOM restored). */
export interface ProjectFileResult {
  path: string;
  role: ProjectFile["role"];
  /** The text linted (after fixing, when fixing): undefined when unreadable. */
  text?: string;
  messages: LintMessage[];
  output?: string;
  /** With `output`: the text before fixing. */
  original?: string;
  /** Outside the project's folder: reported, never fixed. */
  outsideProject?: boolean;
}

export interface ProjectFixReport {
  files: ProjectFileResult[];
  /** The problems whose fixes were applied, with the file each was in. */
  applied: Array<{ path: string; message: LintMessage }>;
  circular: boolean;
}

type FixFilter = (message: LintMessage) => boolean;

export interface ProjectLintOptions {
  /**
   * Files whose own checks (rules with `scope: "file"`) are wanted; the others are linted only as
   * part of the project (the base file of a variant whose findings another run reports).
   */
  lintFile?: (path: string) => boolean;
}

/** A file whose messages are being collected: its text, directives and the fixer for its text. */
interface FileTarget {
  path: string;
  source: SourceText;
  filter: DirectiveFilter;
  fixer: Fixer;
  messages: LintMessage[];
}

type TextCheck =
  | { ok: false; messages: LintMessage[] }
  | { ok: true; parsed: ParsedSource; document: Document.Parsed; messages: LintMessage[] };

type ActiveRule = [id: string, rule: AnyRule, severity: 1 | 2, options: readonly unknown[]];

const activeByConfig = new WeakMap<ResolvedConfig, { registry: RuleRegistry; active: ActiveRule[] }>();

export class Linter {
  /** `timings`: each rule's time is added there (`TIMING=1`); without it, rules run unwrapped. */
  constructor(
    private readonly registry: RuleRegistry,
    private readonly timings?: RuleTimings,
  ) {}

  /** Lints text; never throws for bad input (it becomes a fatal message). */
  verify(text: string, config: ResolvedConfig, options: LintOptions = {}): LintMessage[] {
    return this.run(text, config, options).messages;
  }

  private run(text: string, config: ResolvedConfig, options: LintOptions, parse?: (text: string) => ParsedSource): { messages: LintMessage[] } {
    const checked = checkText(text, parse);
    if (!checked.ok) return { messages: checked.messages };
    const model = buildComposeModel(checked.document)!;
    const target = fileTarget(options.filename ?? "<text>", checked.parsed);
    target.messages.push(...checked.messages);
    this.runRules(model, this.activeRules(config), target, () => target, false);
    finishTarget(target, config);
    return { messages: target.messages.sort(compareMessages) };
  }

  /**
   * Lints a project: rules with `scope: "file"` on each file alone, the others once on the merged
   * model, each finding in the file that wrote the offending value. A project of one file is linted
   * as that file is on its own.
   */
  verifyProject(project: ComposeProject, config: ResolvedConfig, options: ProjectLintOptions = {}): ProjectFileResult[] {
    const results: ProjectFileResult[] = [];
    const targets = new Map<ProjectFile, FileTarget>();
    const rules = this.activeRules(config);
    const yamlFiles = project.files.filter((file) => file.role !== "env");
    const single = yamlFiles.length === 1 && project.model !== undefined;
    for (const file of project.files) {
      // A missing included or extended file is reported where it is named, not as a file of its own.
      if (file.readError !== undefined && file.role !== "compose") continue;
      const result: ProjectFileResult = { path: file.path, role: file.role, text: file.text, messages: [] };
      if (file.outsideProject) result.outsideProject = true;
      results.push(result);
      if (file.role === "env") continue;
      if (file.readError !== undefined) {
        result.messages.push(fatalMessage(`Cannot lint ${basename(file.path)}: ${file.readError}`, 1, 1));
        continue;
      }
      // The project's parse of the text, so that node identities match the merged model.
      const projectParse = file.parsed;
      const checked = checkText(file.text ?? "", projectParse ? () => projectParse : undefined);
      if (!checked.ok) {
        // Empty as one file of several (an override kept empty on purpose): merged as nothing, silently.
        if (!(yamlFiles.length > 1 && isEmptyDocument(file))) result.messages.push(...checked.messages);
        continue;
      }
      const parsed = checked.parsed;
      const target = fileTarget(file.path, parsed, (node) => project.fileOf(node) === file);
      target.messages = result.messages;
      target.messages.push(...checked.messages);
      targets.set(file, target);
      if (single || options.lintFile?.(file.path) === false) continue;
      const model = buildComposeModel(parsed.document!, { environmentFor: () => file.environment })!;
      this.runRules(model, rules.filter(([, rule]) => rule.meta.scope === "file"), target, () => target, false);
    }
    const primary = project.composeFiles[0] && targets.get(project.composeFiles[0]);
    if (project.model && primary) {
      const projectRules = single ? rules : rules.filter(([, rule]) => rule.meta.scope !== "file");
      this.runRules(project.model, projectRules, primary, (node) => {
        const file = project.fileOf(node);
        return file ? targets.get(file) : undefined;
      }, !single);
    }
    for (const problem of project.problems) {
      const result = results.find((candidate) => candidate.path === problem.file.path);
      if (!result) continue;
      const target = targets.get(problem.file);
      let message: LintMessage;
      if (problem.node && target) {
        message = messageAt(target.source, nodeRange(problem.node), problem.severity, problem.message);
      } else {
        message = { ruleId: null, severity: problem.severity, message: problem.message, line: problem.line ?? 1, column: 1, endLine: problem.line ?? 1, endColumn: 1, range: [0, 0] };
      }
      result.messages.push(message);
    }
    for (const target of targets.values()) finishTarget(target, config);
    for (const result of results) result.messages.sort(compareMessages);
    return results;
  }

  private activeRules(config: ResolvedConfig): ActiveRule[] {
    // A run lints every project of a folder with one config: its rules are looked up once.
    const cached = activeByConfig.get(config);
    if (cached?.registry === this.registry) return cached.active;
    const active: ActiveRule[] = [];
    for (const [id, setting] of config.rules) {
      if (setting.severity === 0) continue;
      const rule = this.registry.get(id);
      if (rule) active.push([id, rule, setting.severity as 1 | 2, setting.options]);
    }
    activeByConfig.set(config, { registry: this.registry, active });
    return active;
  }

  /**
   * Runs rules on a model. Reports go to the file that wrote the reported node (`route`), else to
   * `primary`; `inProject` makes locations in messages name their file.
   */
  private runRules(
    model: ComposeModel,
    rules: ReadonlyArray<readonly [string, AnyRule, 1 | 2, readonly unknown[]]>,
    primary: FileTarget,
    route: (node: Node) => FileTarget | undefined,
    inProject: boolean,
  ): void {
    const listeners: RuleListeners[] = [];
    const listenerIds = new Map<RuleListeners, string>();
    const targetOf = (node: Node | undefined) => (node ? (route(representativeNode(node)) ?? primary) : primary);
    const describeLocation = (value: Node | YamlValue) => {
      const node = representativeNode(isNode(value) ? value : value.node);
      const target = targetOf(node);
      const line = target.source.position(nodeRange(node)[0]).line;
      return inProject ? `${relativeTo(primary.path, target.path)} line ${line}` : `line ${line}`;
    };
    // The rules' entries are read by index: destructuring a tuple runs the iterator protocol in
    // code V8 has not optimised yet, for every rule of every file.
    for (let ruleIndex = 0; ruleIndex < rules.length; ruleIndex++) {
      const active = rules[ruleIndex]!;
      const id = active[0];
      const rule = active[1];
      const severity = active[2];
      const options = active[3];
      const report = (descriptor: ReportDescriptor<string>) => {
        const reported = descriptor.node === undefined ? undefined : isNode(descriptor.node) ? descriptor.node : descriptor.node.node;
        const target = descriptor.range ? primary : targetOf(reported);
        const message = buildMessage(rule, id, severity, descriptor, target.source, target.fixer);
        if (!target.filter.isSuppressed({ ruleId: id, line: message.line, offset: message.range[0] })) target.messages.push(message);
      };
      const start = this.timings ? performance.now() : 0;
      const created = rule.create({
        id,
        options: mergeOptions(rule.defaultOptions, options),
        filename: primary.path,
        source: primary.source,
        model,
        describeLocation,
        report,
      });
      const listener = this.timings ? this.timings.wrap(id, created) : created;
      this.timings?.add(id, performance.now() - start);
      listeners.push(listener);
      listenerIds.set(listener, id);
    }
    // A rule that throws is reported on the file and switched off for it; the other rules go on.
    const crashed = new Set<RuleListeners>();
    const crash = (listener: RuleListeners, error: unknown) => {
      crashed.add(listener);
      const id = listenerIds.get(listener) ?? "unknown";
      primary.messages.push({
        ruleId: id,
        severity: 2,
        message: `Rule "${id}" failed on this file (${(error as Error).message}); its other findings are missing. Please report it with the file.`,
        line: 1,
        column: 1,
        endLine: 1,
        endColumn: 1,
        range: [0, 0],
      });
    };
    // Each hook with only the rules that have it: called per service and per port, so no closure per call.
    const withHook = <Hook extends keyof RuleListeners>(hook: Hook) => listeners.filter((listener) => listener[hook] !== undefined);
    const onDocument = withHook("document");
    const onService = withHook("service");
    const onPort = withHook("port");
    const onEnd = withHook("end");
    for (const listener of onDocument) {
      try {
        listener.document!(model);
      } catch (error) {
        crash(listener, error);
      }
    }
    // Indexed loops: every rule for every service and port of every file, often before V8
    // optimises this function, and an iterator per loop would be allocated each time.
    const { services } = model;
    for (let serviceIndex = 0; serviceIndex < services.length; serviceIndex++) {
      const service = services[serviceIndex]!;
      // A service that is not a mapping (`web: "text"`) is valid-schema's finding alone: no rule
      // reports what such a service lacks on top of it.
      if (!isMap(service.key.node)) continue;
      for (let index = 0; index < onService.length; index++) {
        const listener = onService[index]!;
        if (crashed.has(listener)) continue;
        try {
          listener.service!(service);
        } catch (error) {
          crash(listener, error);
        }
      }
      const { ports } = service;
      for (let portIndex = 0; portIndex < ports.length; portIndex++) {
        const port = ports[portIndex]!;
        for (let index = 0; index < onPort.length; index++) {
          const listener = onPort[index]!;
          if (crashed.has(listener)) continue;
          try {
            listener.port!(port, service);
          } catch (error) {
            crash(listener, error);
          }
        }
      }
    }
    for (const listener of onEnd) {
      if (crashed.has(listener)) continue;
      try {
        listener.end!();
      } catch (error) {
        crash(listener, error);
      }
    }
  }

  /**
   * Applies fixes in passes, as ESLint does: non-overlapping fixes per pass, re-parse and re-lint,
   * at most 10 passes. A pass whose result would not parse keeps only the fixes that parse alone.
   */
  verifyAndFix(text: string, config: ResolvedConfig, options: LintOptions & { fixFilter?: FixFilter } = {}): FixReport {
    // The BOM is set aside while fixing and put back on the output, as ESLint does.
    const source = new SourceText(text);
    let current = source.text;
    const applied: LintMessage[] = [];
    const history: string[] = [current];
    let circular = false;
    // Each text is parsed once: to lint it, to check that a pass's fixes keep it sound, and to lint the result.
    const parse = parsingOnce();
    let run = this.run(current, config, options, parse);
    for (let pass = 0; pass < 10; pass++) {
      const attempt = fixPass(current, run.messages, options.fixFilter, parse);
      if (!attempt) break;
      applied.push(...attempt.applied);
      current = attempt.output;
      if (history.includes(current)) {
        circular = true;
        break;
      }
      history.push(current);
      run = this.run(current, config, options, parse);
    }
    return {
      fixed: current !== source.text,
      output: source.withBom(current),
      messages: run.messages,
      applied,
      circular,
    };
  }

  /**
   * Fixes a project in passes: each pass applies the fixes of every file, then the project is
   * loaded again from the fixed texts (`load` gets them by path) and linted again.
   */
  verifyAndFixProject(
    load: (texts: ReadonlyMap<string, string>) => ComposeProject,
    config: ResolvedConfig,
    options: ProjectLintOptions & {
      fixFilter?: FixFilter;
      fixFile?: (path: string) => boolean;
      /** The parser `load` uses: a pass's fixed text is parsed to check it, and `load` then reuses that parse. */
      parseFile?: (path: string, text: string) => ParsedSource;
    } = {},
  ): ProjectFixReport {
    const texts = new Map<string, string>();
    const originals = new Map<string, string>();
    const applied: ProjectFixReport["applied"] = [];
    const seen = new Set<string>();
    let circular = false;
    let results = this.verifyProject(load(texts), config, options);
    for (let pass = 0; pass < 10; pass++) {
      let changed = false;
      for (const result of results) {
        if (result.text === undefined || result.role === "env" || result.outsideProject || options.fixFile?.(result.path) === false) continue;
        const source = new SourceText(result.text);
        const parseFile = options.parseFile;
        // Parsed as `load` parses it (the text with its BOM), so that the next load finds the parse.
        const parse = parseFile ? (text: string) => parseFile(result.path, source.withBom(text)) : parsingOnce();
        const attempt = fixPass(source.text, result.messages, options.fixFilter, parse);
        if (!attempt) continue;
        if (!originals.has(result.path)) originals.set(result.path, result.text);
        texts.set(result.path, source.withBom(attempt.output));
        applied.push(...attempt.applied.map((message) => ({ path: result.path, message })));
        changed = true;
      }
      if (!changed) break;
      const state = [...texts.entries()].map(([key, value]) => `${key}\0${value}`).join("\0");
      if (seen.has(state)) {
        circular = true;
        break;
      }
      seen.add(state);
      results = this.verifyProject(load(texts), config, options);
    }
    for (const result of results) {
      const output = texts.get(result.path);
      if (output !== undefined && output !== originals.get(result.path)) {
        result.output = output;
        result.original = originals.get(result.path);
      }
    }
    return { files: results, applied, circular };
  }
}

/** One pass of fixes on a text, or undefined when none applies. */
function fixPass(
  text: string,
  messages: readonly LintMessage[],
  fixFilter: FixFilter | undefined,
  parse: (text: string) => ParsedSource,
): { output: string; applied: LintMessage[] } | undefined {
  const fixable = messages.filter((message) => message.fix && (fixFilter?.(message) ?? true)).map((message) => ({ message, edit: message.fix! }));
  if (fixable.length === 0) return undefined;
  let attempt = applyEdits(text, fixable);
  const damageBefore = documentDamage(parse(text));
  if (!fixIsSound(parse(attempt.output), damageBefore)) {
    // Each fix alone, with a parse of its own: only when the fixes together broke the file.
    const good = fixable.filter((item) => fixIsSound(parseSource(applyEdits(text, [item]).output), damageBefore));
    attempt = applyEdits(text, good);
    if (attempt.applied.length === 0 || !fixIsSound(parseSource(attempt.output), damageBefore)) return undefined;
  }
  if (attempt.applied.length === 0) return undefined;
  return { output: attempt.output, applied: attempt.applied.map((item) => item.message) };
}

const EMPTY_FILE = "Empty file: Compose reads nothing from it (a Compose file is a mapping with a `services` key)";

/** The checks that come before any rule: size, binary, syntax, emptiness, top-level shape. */
function checkText(text: string, parse: (text: string) => ParsedSource = parseSource): TextCheck {
  const refusal = refuseText(text);
  if (refusal) return { ok: false, messages: [fatalMessage(refusal, 1, 1)] };
  const parsed = parse(text);
  const { source } = parsed;
  if (parsed.syntaxErrors.length > 0) {
    return {
      ok: false,
      messages: syntaxProblemsToReport(source, parsed.syntaxErrors).map((error) => {
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
    // Compose accepts an empty file (a seam kept for local overrides): worth a word, not an error.
    return { ok: false, messages: [{ ...fatalMessage(EMPTY_FILE, 1, 1), severity: 1, fatal: undefined }] };
  }
  if (!isMap(document.contents)) {
    const location = source.location(nodeRange(document.contents));
    const kind = isNode(document.contents) && "items" in document.contents ? "a sequence" : "a scalar";
    return { ok: false, messages: [fatalMessage(`Not a Compose file: the top level is ${kind}, not a mapping`, location.start.line, location.start.column)] };
  }
  const messages: LintMessage[] = [];
  if (parsed.documentCount > 1) {
    messages.push({ ...fatalMessage("Only the first YAML document is read by Compose; the others are ignored", 1, 1), severity: 1, fatal: undefined });
  }
  messages.push(...invisibleCharacters(source));
  return { ok: true, parsed, document, messages };
}

function isEmptyDocument(file: ProjectFile): boolean {
  const document = file.parsed?.document;
  return file.parsed !== undefined && file.parsed.syntaxErrors.length === 0 && (document === undefined || document.contents === null || document.contents === undefined);
}

function fileTarget(path: string, parsed: ParsedSource, owns?: (node: Node) => boolean): FileTarget {
  return {
    path,
    source: parsed.source,
    filter: new DirectiveFilter(parseDirectives(parsed.comments, parsed.source)),
    fixer: new Fixer(parsed.source, owns, parsed.document),
    messages: [],
  };
}

/** Reports directives that suppressed nothing, once every rule has run on the file. */
function finishTarget(target: FileTarget, config: ResolvedConfig): void {
  if (!config.reportUnusedDisableDirectives) return;
  for (const { directive, rule } of target.filter.unused()) {
    const message = rule ? `Unused compose-lint-${directive.kind} directive (no problem from "${rule}" was reported)` : `Unused compose-lint-${directive.kind} directive (no problem was reported)`;
    target.messages.push(messageAt(target.source, directive.range, 1, message));
  }
}

/** A message of the linter itself (not of a rule) at a range of the text. */
function messageAt(source: SourceText, range: Range, severity: 1 | 2, message: string): LintMessage {
  const { start, end } = source.location(range);
  return { ruleId: null, severity, message, line: start.line, column: start.column, endLine: end.line, endColumn: end.column, range };
}

function basename(filePath: string): string {
  return filePath.split(/[\\/]/).pop() ?? filePath;
}

/** `other` relative to the folder of `from`, with forward slashes. */
function relativeTo(from: string, other: string): string {
  const fromParts = from.split(/[\\/]/).slice(0, -1);
  const otherParts = other.split(/[\\/]/);
  let common = 0;
  while (common < fromParts.length && common < otherParts.length - 1 && fromParts[common] === otherParts[common]) common++;
  return [...fromParts.slice(common).map(() => ".."), ...otherParts.slice(common)].join("/");
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
  [/^(<{7}|={7}|>{7})(?: |$)/d, "a merge conflict marker: resolve the conflict"],
  [/^(`{3,}|~{3,})/d, "a Markdown code fence: remove the Markdown around the YAML"],
  // Jinja's `{% if %}` and `{# #}`, and a `{{ }}` that starts a line (Jinja, Go templates).
  [/^[ \t]*(\{%|\{#|\{\{)/d, "a template tag: lint the file the template renders, not the template"],
];

/**
 * What a file that does not parse reports. yaml goes on after an error, and most of what it reports
 * next follows from the first one (a Jinja template gave 848 errors): the damage recognised in the
 * text when there is some, else the first error, with the duplicate keys before it (each of those
 * stands on its own).
 */
function syntaxProblemsToReport(source: SourceText, errors: readonly SyntaxProblem[]): Array<{ message: string; range: Range }> {
  const damage = recognisedDamage(source);
  if (damage.length > 0) return damage;
  const firstOther = errors.findIndex((error) => error.code !== "DUPLICATE_KEY");
  return firstOther === -1 ? [...errors] : errors.slice(0, firstOther + 1);
}

/**
 * Common ways committed files get broken, named plainly rather than by the YAML errors they cause:
 * each kind once, at its first line.
 */
function recognisedDamage(source: SourceText): Array<{ message: string; range: Range }> {
  const firsts = DAMAGE_PATTERNS.map(() => ({ range: [0, 0] as Range, count: 0 }));
  let offset = 0;
  for (const line of source.text.split("\n")) {
    for (const [index, [pattern]] of DAMAGE_PATTERNS.entries()) {
      const marker = pattern.exec(line)?.indices?.[1];
      if (!marker) continue;
      const kind = firsts[index]!;
      if (kind.count++ === 0) kind.range = [offset + marker[0], offset + marker[1]];
    }
    offset += line.length + 1;
  }
  const found: Array<{ message: string; range: Range }> = [];
  for (const [index, { range, count }] of firsts.entries()) {
    if (count === 0) continue;
    const more = count > 1 ? ` (and ${count - 1} more such line${count === 2 ? "" : "s"})` : "";
    found.push({ message: `line ${source.position(range[0]).line} is ${DAMAGE_PATTERNS[index]![1]}${more}`, range });
  }
  return found.sort((a, b) => a.range[0] - b.range[0]);
}

const INVISIBLE = /[\u200B-\u200D\u2060\uFEFF]/g;

/** Zero-width characters silently become part of a key or value ("\u200Bports" is not "ports"). */
function invisibleCharacters(source: SourceText): LintMessage[] {
  const messages: LintMessage[] = [];
  for (const match of source.text.matchAll(INVISIBLE)) {
    const code = match[0].charCodeAt(0).toString(16).toUpperCase().padStart(4, "0");
    messages.push(messageAt(source, [match.index, match.index + 1], 2, `Invisible character U+${code}: YAML reads it as part of the key or value; delete it`));
  }
  return messages;
}

/**
 * A fixed text is kept only when it parses, and has no more aliases without their anchor and no
 * more tags that no longer fit their value (`!!int "127.0.0.1::8080"`) than the text before it.
 */
function fixIsSound(fixed: ParsedSource, damageBefore: number): boolean {
  if (fixed.syntaxErrors.length > 0 || !fixed.document) return false;
  return documentDamage(fixed) <= damageBefore;
}

/** parseSource, remembering the texts it parsed (the few of one fix loop). */
function parsingOnce(): (text: string) => ParsedSource {
  const parses = new Map<string, ParsedSource>();
  return (text) => {
    let parsed = parses.get(text);
    if (!parsed) parses.set(text, (parsed = parseSource(text)));
    return parsed;
  };
}

function documentDamage(parsed: ParsedSource): number {
  const document = parsed.document;
  if (!document) return 0;
  let damage = document.warnings.filter((warning) => warning.code === "TAG_RESOLVE_FAILED").length;
  if (parsed.source.text.includes("*")) {
    visit(document, {
      Alias(_, alias) {
        // Through the alias index: yaml's own `resolve` scans the document once per alias.
        if (!resolveAlias(alias, document)) damage++;
      },
    });
  }
  return damage;
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
  return a.line - b.line || a.column - b.column || compareCodeUnits(a.ruleId ?? "", b.ruleId ?? "");
}

/** A message template split once at its placeholders: text, and `{{ key }}` with how it is written. */
type TemplatePart = string | { key: string; written: string };
const templateParts = new Map<string, TemplatePart[]>();

/** Fills `{{ key }}` placeholders from `data`; one unknown to it stays as written. */
function interpolate(template: string, data: Record<string, string | number> | undefined): string {
  if (!data) return template;
  // A run reports thousands of messages from a few dozen templates: each is scanned once.
  let parts = templateParts.get(template);
  if (!parts) {
    parts = [];
    let end = 0;
    for (const match of template.matchAll(/\{\{\s*([\w-]+)\s*\}\}/g)) {
      parts.push(template.slice(end, match.index), { key: match[1]!, written: match[0] });
      end = match.index + match[0].length;
    }
    parts.push(template.slice(end));
    templateParts.set(template, parts);
  }
  let message = "";
  for (let index = 0; index < parts.length; index++) {
    const part = parts[index]!;
    message += typeof part === "string" ? part : part.key in data ? String(data[part.key]) : part.written;
  }
  return message;
}

function rangeOf(descriptor: ReportDescriptor<string>): Range {
  if (descriptor.range) return descriptor.range;
  const target = descriptor.node;
  if (!target) return [0, 0];
  return nodeRange(isNode(target) ? target : target.node);
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
  // Text that aliases reuse is not the finding's alone to change: reported without a fix.
  if (edits.some((edit) => fixer.touchesAliasedText(edit))) return undefined;
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
