import type { Ajv, ErrorObject, ValidateFunction } from "ajv";
import type { AnyRule } from "./rule.js";

export type SeverityName = "off" | "warn" | "error";
export type SeverityLike = SeverityName | 0 | 1 | 2;
export type Severity = 0 | 1 | 2;
export type RuleEntry = SeverityLike | readonly [SeverityLike, ...unknown[]];

export interface Plugin {
  rules: Record<string, AnyRule>;
}

/** What a config file holds. */
export interface ConfigObject {
  extends?: string[];
  rules?: Record<string, RuleEntry>;
  /** Globs (relative to the config file) of files never linted. */
  ignores?: string[];
  /** Custom rules, referenced as `<plugin>/<rule>`; only from JavaScript config files. */
  plugins?: Record<string, Plugin>;
  reportUnusedDisableDirectives?: boolean;
  /** `compose-lint exposure` settings: `expect` lists the host ports that may be reachable (22, 80, "8000-8010/tcp"). */
  exposure?: { expect?: Array<number | string> };
  /**
   * Projects that inference cannot see (files combined by a Makefile, a script or a CI job): each
   * `files` list (relative to the config file) is merged in that order, as `-f a -f b` would.
   */
  projects?: Array<{ files: string[] }>;
}

export interface RuleSetting {
  severity: Severity;
  /** User options as given; the linter merges them over the rule's defaults. */
  options: unknown[];
}

export interface ResolvedConfig {
  rules: Map<string, RuleSetting>;
  ignores: string[];
  reportUnusedDisableDirectives: boolean;
  /** Host ports `compose-lint exposure` accepts as reachable, as written ("22", "8000-8010/tcp"). */
  exposureExpect?: string[];
}

/** A configuration the user must correct: the CLI prints it and exits 2. */
export class ConfigError extends Error {
  override name = "ConfigError";
}

export const PRESETS = ["recommended", "style", "all"] as const;

/** Every rule the linter knows, by id (built-in ones bare, plugin ones as `plugin/rule`). */
export class RuleRegistry {
  private readonly rules = new Map<string, AnyRule>();

  constructor(rules: Iterable<AnyRule> = []) {
    for (const rule of rules) this.add(rule.id, rule);
  }

  add(id: string, rule: AnyRule): void {
    this.rules.set(id, rule);
  }

  get(id: string): AnyRule | undefined {
    return this.rules.get(id);
  }

  has(id: string): boolean {
    return this.rules.has(id);
  }

  ids(): string[] {
    return [...this.rules.keys()];
  }

  entries(): Array<[string, AnyRule]> {
    return [...this.rules.entries()];
  }

  /** A registry with a config's plugins added. */
  withPlugins(plugins: Record<string, Plugin> | undefined): RuleRegistry {
    if (!plugins || Object.keys(plugins).length === 0) return this;
    const copy = new RuleRegistry();
    for (const [id, rule] of this.rules) copy.add(id, rule);
    for (const [prefix, plugin] of Object.entries(plugins)) {
      for (const [id, rule] of Object.entries(plugin.rules ?? {})) copy.add(`${prefix}/${id}`, rule);
    }
    return copy;
  }
}

let ajvInstance: Ajv | undefined;
const optionValidators = new WeakMap<AnyRule, ValidateFunction>();

/**
 * Loads ajv, which rule options are validated with. It is loaded on demand (it costs a cold start
 * about 30 ms) by whoever resolves configs with options: ConfigResolver does it, and so must any
 * other caller of resolveConfig whose rules have options.
 */
export async function prepareOptionValidation(): Promise<void> {
  if (ajvInstance) return;
  const { Ajv: AjvClass } = await import("ajv");
  ajvInstance ??= new AjvClass({ allErrors: true, strict: false });
}

function ajv(): Ajv {
  if (!ajvInstance) throw new Error("rule options need prepareOptionValidation() to have run first");
  return ajvInstance;
}

/** Ajv's errors in the config's words: the options are the items after the severity. */
function formatAjvErrors(errors: ErrorObject[] | null | undefined): string {
  return (errors ?? [])
    .map((error) => {
      // "/0/allow/1" is the first option object's `allow[1]`; the outer array is the options list.
      const segments = error.instancePath.split("/").slice(2);
      const where = segments.length === 0 ? (error.instancePath === "" ? "the options" : "the option") : segments.map((segment) => (/^\d+$/.test(segment) ? `[${segment}]` : `.${segment}`)).join("").replace(/^\./, "");
      if (error.keyword === "additionalProperties") return `unknown option "${String(error.params["additionalProperty"])}"${segments.length > 0 ? ` in ${where}` : ""}`;
      if (error.keyword === "maxItems" && error.instancePath === "") return "too many options";
      const allowed = error.keyword === "enum" ? ` (${(error.params["allowedValues"] as unknown[]).map((value) => JSON.stringify(value)).join(", ")})` : "";
      return `${where} ${error.message ?? "is invalid"}${allowed}`;
    })
    .join("; ");
}

const CONFIG_KEYS: Record<string, (value: unknown) => boolean> = {
  $schema: (value) => typeof value === "string",
  extends: (value) => Array.isArray(value) && value.every((item) => typeof item === "string"),
  rules: (value) => isRecord(value),
  ignores: (value) => Array.isArray(value) && value.every((item) => typeof item === "string"),
  plugins: (value) => isRecord(value),
  reportUnusedDisableDirectives: (value) => typeof value === "boolean",
  projects: (value) =>
    Array.isArray(value) &&
    value.every((item) => isRecord(item) && Object.keys(item).every((key) => key === "files") && Array.isArray(item["files"]) && item["files"].length > 0 && item["files"].every((file) => typeof file === "string" && file !== "")),
  exposure: (value) =>
    isRecord(value) &&
    Object.keys(value).every((key) => key === "expect") &&
    (value["expect"] === undefined || (Array.isArray(value["expect"]) && value["expect"].every((item) => typeof item === "number" || typeof item === "string"))),
};
const CONFIG_KEY_TYPES: Record<string, string> = {
  $schema: "a string",
  extends: "a list of preset names",
  rules: "a mapping of rule ids to settings",
  ignores: "a list of globs",
  plugins: "a mapping of plugin names to plugins",
  reportUnusedDisableDirectives: "true or false",
  exposure: "a mapping with `expect`: a list of ports such as [22, 80, 443]",
  projects: "a list of projects, each `{ files: [compose.yaml, compose.extra.yaml] }`",
};

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

/**
 * Checks the shape of a config object read from `where` (a file path, or "--rule"). Its few keys do
 * not need a schema validator: checked by hand, so that reading a config costs no ajv start-up.
 */
export function validateConfigObject(value: unknown, where: string, locate?: LocateInConfig): ConfigObject {
  if (!isRecord(value)) throw new ConfigError(`${where}: invalid configuration: it must be a mapping`);
  for (const [key, item] of Object.entries(value)) {
    const check = CONFIG_KEYS[key];
    if (!check) throw new ConfigError(`${located(where, locate, [key])}: invalid configuration: unknown key "${key}"${suggestKey(key)}`);
    if (!check(item)) throw new ConfigError(`${located(where, locate, [key])}: invalid configuration: "${key}" must be ${CONFIG_KEY_TYPES[key]}`);
  }
  return value as ConfigObject;
}

/** The `line:column` of a key or item in a config file, by its path (`["rules", "no-privileged", 1]`). */
export type LocateInConfig = (path: ReadonlyArray<string | number>) => string | undefined;

function located(where: string, locate: LocateInConfig | undefined, path: ReadonlyArray<string | number>): string {
  const position = locate?.(path);
  return position ? `${where}:${position}` : where;
}

function suggestKey(key: string): string {
  const close = Object.keys(CONFIG_KEYS).find((candidate) => editDistance(key, candidate) <= 2);
  return close ? ` (did you mean "${close}"?)` : "";
}

export function parseSeverity(value: unknown, where: string): Severity {
  switch (value) {
    case "off":
    case 0:
      return 0;
    case "warn":
    case 1:
      return 1;
    case "error":
    case 2:
      return 2;
    default:
      throw new ConfigError(`${where}: severity must be "off", "warn" or "error" (or 0, 1, 2), not ${JSON.stringify(value)}`);
  }
}

function presetRules(name: string, registry: RuleRegistry, where: string): Map<string, RuleSetting> {
  const rules = new Map<string, RuleSetting>();
  if (!(PRESETS as readonly string[]).includes(name)) {
    throw new ConfigError(`${where}: unknown preset "${name}" in extends (known: ${PRESETS.join(", ")})`);
  }
  for (const [id, rule] of registry.entries()) {
    if (id.includes("/")) continue;
    // `style`: the order and quoting rules, off in `recommended`, for teams that want one layout.
    if (name === "all" || (name === "style" ? rule.meta.docs.category === "style" : rule.meta.docs.recommended)) {
      rules.set(id, { severity: rule.meta.defaultSeverity === "warn" ? 1 : 2, options: [] });
    }
  }
  return rules;
}

/**
 * Folds config objects, later ones winning, into one resolved config: presets expanded,
 * severities parsed, unknown rules and invalid options rejected with a ConfigError.
 */
export function resolveConfig(
  layers: ReadonlyArray<{ config: ConfigObject; where: string; locate?: LocateInConfig }>,
  registry: RuleRegistry,
): ResolvedConfig {
  const rules = new Map<string, RuleSetting>();
  const ignores: string[] = [];
  let reportUnusedDisableDirectives = false;
  let exposureExpect: string[] | undefined;
  for (const { config, where, locate } of layers) {
    for (const [index, preset] of (config.extends ?? []).entries()) {
      for (const [id, setting] of presetRules(preset, registry, located(where, locate, ["extends", index]))) rules.set(id, setting);
    }
    for (const [id, entry] of Object.entries(config.rules ?? {})) {
      const rule = registry.get(id);
      if (!rule) throw new ConfigError(`${located(where, locate, ["rules", id])}: unknown rule "${id}"${suggestRule(id, registry)}`);
      const [severityValue, ...options] = Array.isArray(entry) ? entry : [entry];
      const severity = parseSeverity(severityValue, `${located(where, locate, Array.isArray(entry) ? ["rules", id, 0] : ["rules", id])}: rule "${id}"`);
      // `[severity]` alone keeps options set by an earlier layer, as in ESLint.
      const previous = rules.get(id);
      const effective = Array.isArray(entry) && options.length > 0 ? options : (previous?.options ?? []);
      validateRuleOptions(rule, id, effective, located(where, locate, Array.isArray(entry) && options.length > 0 ? ["rules", id, 1] : ["rules", id]));
      rules.set(id, { severity, options: effective });
    }
    ignores.push(...(config.ignores ?? []));
    if (config.reportUnusedDisableDirectives !== undefined) reportUnusedDisableDirectives = config.reportUnusedDisableDirectives;
    if (config.exposure?.expect !== undefined) exposureExpect = config.exposure.expect.map(String);
  }
  return exposureExpect ? { rules, ignores, reportUnusedDisableDirectives, exposureExpect } : { rules, ignores, reportUnusedDisableDirectives };
}

/** Rule ids of tmatens/compose-lint, a Python linter of the same name (`CL-0001`): none of this linter's has that shape. */
export const OTHER_LINTER_RULE_ID = /^CL-\d{4}$/;
/** What an unknown rule id of that shape is. */
export const OTHER_LINTER_RULE_NOTE = " (a rule id of tmatens/compose-lint, another linter of the same name)";

function suggestRule(id: string, registry: RuleRegistry): string {
  if (OTHER_LINTER_RULE_ID.test(id)) return OTHER_LINTER_RULE_NOTE;
  let best: string | undefined;
  let bestDistance = Number.POSITIVE_INFINITY;
  for (const candidate of registry.ids()) {
    const distance = editDistance(id, candidate);
    if (distance < bestDistance) {
      best = candidate;
      bestDistance = distance;
    }
  }
  return best !== undefined && bestDistance <= Math.max(2, Math.floor(id.length / 4)) ? ` (did you mean "${best}"?)` : "";
}

/** Edit distance counting an adjacent swap as one edit (optimal string alignment): "fornt" is 1 from "front". */
export function editDistance(a: string, b: string): number {
  const rows: number[][] = Array.from({ length: a.length + 1 }, (_, i) => [i, ...Array<number>(b.length).fill(0)]);
  for (let j = 0; j <= b.length; j++) rows[0]![j] = j;
  for (let i = 1; i <= a.length; i++) {
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      let best = Math.min(rows[i - 1]![j]! + 1, rows[i]![j - 1]! + 1, rows[i - 1]![j - 1]! + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) best = Math.min(best, rows[i - 2]![j - 2]! + 1);
      rows[i]![j] = best;
    }
  }
  return rows[a.length]![b.length]!;
}

export function validateRuleOptions(rule: AnyRule, id: string, options: readonly unknown[], where: string): void {
  // No options is always valid: no validator needed.
  if (options.length === 0) return;
  let validate = optionValidators.get(rule);
  if (!validate) {
    const schema = rule.meta.schema;
    validate = ajv().compile(
      schema.length > 0 ? { type: "array", items: schema, maxItems: schema.length } : { type: "array", maxItems: 0 },
    );
    optionValidators.set(rule, validate);
  }
  if (!validate(options)) {
    throw new ConfigError(`${where}: invalid options for rule "${id}": ${formatAjvErrors(validate.errors)}`);
  }
}

/** The settings of every enabled rule, for `--print-config`. */
export function describeConfig(config: ResolvedConfig): Record<string, unknown> {
  const names: SeverityName[] = ["off", "warn", "error"];
  const rules: Record<string, unknown> = {};
  for (const [id, setting] of [...config.rules.entries()].sort(([a], [b]) => a.localeCompare(b))) {
    rules[id] = setting.options.length > 0 ? [names[setting.severity], ...setting.options] : names[setting.severity];
  }
  return { rules, ignores: config.ignores, reportUnusedDisableDirectives: config.reportUnusedDisableDirectives };
}
