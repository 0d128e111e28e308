import type { Node } from "yaml";
import type { ComposeModel, PortEntry, ServiceModel } from "./model/compose.js";
import type { Edit, Fixer } from "./fixer.js";
import type { Range, SourceText } from "./source.js";
import type { YamlValue } from "./yaml-nodes.js";

export type RuleType = "problem" | "suggestion" | "layout";
export type RuleCategory = "exposure" | "security" | "correctness" | "hygiene" | "style";
/**
 * `safe` fixes keep behaviour; `exposure` fixes change who can connect to a service (binding to
 * loopback, unpublishing), so `--fix-type safe` can leave them out.
 */
export const FIX_KINDS = ["safe", "exposure"] as const;
export type FixKind = (typeof FIX_KINDS)[number];

export type JsonSchema = Record<string, unknown>;

/** How much a finding matters for security, as code scanning tools grade it; `--fail-on` filters on it. */
export type Grade = "low" | "medium" | "high" | "critical";
export const GRADES: readonly Grade[] = ["low", "medium", "high", "critical"];

/** Where a rule's advice comes from: OWASP Docker Security Cheat Sheet, CIS Docker Benchmark, the Compose docs. */
export interface Reference {
  title: string;
  url: string;
}

export interface RuleMeta<MessageIds extends string> {
  type: RuleType;
  docs: {
    description: string;
    category: RuleCategory;
    /** In the `recommended` preset. */
    recommended: boolean;
    url: string;
  };
  /** Severity in presets. */
  defaultSeverity: "error" | "warn";
  /** The grade of its findings (a report may grade itself otherwise). */
  grade: Grade;
  references: Reference[];
  fixable?: "code";
  fixKind?: FixKind;
  /** How `--fix` sums up what this rule's fixes changed: "{{count}} port entries now bound to loopback". */
  fixSummary?: { one: string; other: string };
  hasSuggestions?: boolean;
  /**
   * "file": the rule checks how one file is written (schema, syntax, top-level keys), so in a
   * project it runs on each file alone. Otherwise it runs once on the project's merged model.
   */
  scope?: "file";
  /** JSON schema for each positional option, as in ESLint. */
  schema: JsonSchema[];
  messages: Record<MessageIds, string>;
}

export interface RuleListeners {
  /** Once, before any service. */
  document?(model: ComposeModel): void;
  service?(service: ServiceModel): void;
  port?(port: PortEntry, service: ServiceModel): void;
  /** Once, after every service: for decisions that need the whole file. */
  end?(): void;
}

export type FixFunction = (fixer: Fixer) => Edit | readonly Edit[] | null | undefined;

export interface SuggestionDescriptor<MessageIds extends string> {
  messageId: MessageIds;
  data?: Record<string, string | number>;
  fix: FixFunction;
}

export interface ReportDescriptor<MessageIds extends string> {
  /** A YAML node or a model value; its value's range is reported. */
  node?: Node | YamlValue;
  range?: Range;
  messageId: MessageIds;
  data?: Record<string, string | number>;
  fix?: FixFunction | null;
  suggest?: ReadonlyArray<SuggestionDescriptor<MessageIds>>;
  /**
   * "warn" reports this problem as a warning even when the rule is set to "error", for rules whose
   * findings differ in weight (a read-only mount of a sensitive path against a writable one).
   */
  severity?: "warn";
  /** This finding's grade, when it differs from the rule's (a capability that grants more). */
  grade?: Grade;
}

export interface RuleContext<MessageIds extends string, Options extends readonly unknown[]> {
  readonly id: string;
  /** The user's options merged over the rule's defaults. */
  readonly options: Options;
  readonly filename: string;
  readonly source: SourceText;
  readonly model: ComposeModel;
  /** Where a node is written, for messages that point elsewhere: "line 12", or "compose.override.yaml line 12" in a project. */
  describeLocation(node: Node | YamlValue): string;
  report(descriptor: ReportDescriptor<MessageIds>): void;
}

export interface RuleModule<MessageIds extends string = string, Options extends readonly unknown[] = readonly unknown[]> {
  id: string;
  meta: RuleMeta<MessageIds>;
  defaultOptions: Options;
  create(context: RuleContext<MessageIds, Options>): RuleListeners;
}

/** Any rule, whatever its messages and options: what registries and configs hold. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- a registry holds rules of every option type
export type AnyRule = RuleModule<string, any>;

/** The schema of a rule's usual single option: a closed mapping of named settings. */
export function objectOption(properties: Record<string, JsonSchema>): JsonSchema {
  return { type: "object", additionalProperties: false, properties };
}

/** Identity function that gives a rule typed options and message ids (typescript-eslint's createRule). */
export function createRule<MessageIds extends string, Options extends readonly unknown[]>(
  rule: RuleModule<MessageIds, Options>,
): RuleModule<MessageIds, Options> {
  return rule;
}

export const DOCS_BASE_URL = "https://github.com/compose-lint/compose-lint/blob/main/docs/rules/";

export function ruleDocsUrl(id: string): string {
  return `${DOCS_BASE_URL}${id}.md`;
}
