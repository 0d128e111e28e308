import { parseArgs } from "node:util";
import { parse as parseYaml } from "yaml";
import { ConfigError, GRADES, type ConfigObject, type FixKind, type Grade, type RuleEntry } from "@compose-lint/core";

export interface CliOptions {
  /** `compose-lint explain <rule-id>`. */
  explain?: string;
  paths: string[];
  fix: boolean;
  fixDryRun: boolean;
  fixTypes?: Set<FixKind>;
  format: string;
  outputFile?: string;
  maxWarnings?: number;
  quiet: boolean;
  ruleOverrides?: ConfigObject;
  configFile?: string;
  configLookup: boolean;
  printConfig?: string;
  stdin: boolean;
  stdinFilename?: string;
  color?: boolean;
  reportUnusedDisableDirectives: boolean;
  failOn?: Grade;
  baseline?: string;
  baselineWrite?: string;
  help: boolean;
  version: boolean;
}

export class UsageError extends Error {
  override name = "UsageError";
}

const FIX_KINDS: readonly FixKind[] = ["safe", "exposure"];

export function parseCliArgs(argv: readonly string[]): CliOptions {
  let parsed;
  try {
    parsed = parseArgs({
      args: [...argv],
      allowPositionals: true,
      allowNegative: true,
      strict: true,
      options: {
        fix: { type: "boolean", default: false },
        "fix-dry-run": { type: "boolean", default: false },
        "fix-type": { type: "string", multiple: true },
        format: { type: "string", short: "f", default: "stylish" },
        "output-file": { type: "string", short: "o" },
        "max-warnings": { type: "string" },
        quiet: { type: "boolean", default: false },
        rule: { type: "string", multiple: true },
        config: { type: "string", short: "c" },
        "config-lookup": { type: "boolean", default: true },
        "print-config": { type: "string" },
        stdin: { type: "boolean", default: false },
        "stdin-filename": { type: "string" },
        color: { type: "boolean" },
        "report-unused-disable-directives": { type: "boolean", default: false },
        "fail-on": { type: "string" },
        baseline: { type: "string" },
        "baseline-write": { type: "string" },
        help: { type: "boolean", short: "h", default: false },
        version: { type: "boolean", short: "v", default: false },
      },
    });
  } catch (error) {
    throw new UsageError((error as Error).message.replace(/^TypeError \[[A-Z_]+\]: /, ""));
  }
  const { values, positionals } = parsed;
  let maxWarnings: number | undefined;
  if (values["max-warnings"] !== undefined) {
    maxWarnings = Number(values["max-warnings"]);
    if (!Number.isInteger(maxWarnings) || maxWarnings < -1) throw new UsageError(`--max-warnings takes a whole number, not "${values["max-warnings"]}"`);
  }
  let fixTypes: Set<FixKind> | undefined;
  if (values["fix-type"]) {
    fixTypes = new Set();
    for (const kind of values["fix-type"].flatMap((value) => value.split(",")).map((value) => value.trim())) {
      if (!(FIX_KINDS as readonly string[]).includes(kind)) throw new UsageError(`--fix-type takes ${FIX_KINDS.join(", ")}, not "${kind}"`);
      fixTypes.add(kind as FixKind);
    }
  }
  const failOn = values["fail-on"];
  if (failOn !== undefined && !(GRADES as readonly string[]).includes(failOn)) {
    throw new UsageError(`--fail-on takes ${GRADES.join(", ")}, not "${failOn}"`);
  }
  if (values.baseline !== undefined && values["baseline-write"] !== undefined) throw new UsageError("--baseline and --baseline-write go separately");
  if (values.format === "diff" && !values.fix && !values["fix-dry-run"]) throw new UsageError("--format diff shows fixes: use it with --fix-dry-run (or --fix)");
  const explain = positionals[0] === "explain" ? positionals[1] ?? "" : undefined;
  if (explain === "") throw new UsageError("explain takes a rule id: compose-lint explain no-all-interface-publish");
  if (values["stdin-filename"] !== undefined && !values.stdin) throw new UsageError("--stdin-filename goes with --stdin");
  if (values.stdin && values.fix) throw new UsageError("--fix cannot write to standard input; use --fix-dry-run to see the fixed text (with --format json)");
  if (values.stdin && positionals.length > 0) throw new UsageError("--stdin reads one text from standard input; it takes no paths");
  return {
    explain,
    paths: explain === undefined ? positionals : [],
    fix: values.fix,
    fixDryRun: values["fix-dry-run"],
    fixTypes,
    format: values.format,
    outputFile: values["output-file"],
    maxWarnings,
    quiet: values.quiet,
    ruleOverrides: values.rule ? parseRuleOptions(values.rule) : undefined,
    configFile: values.config,
    configLookup: values["config-lookup"],
    printConfig: values["print-config"],
    stdin: values.stdin,
    stdinFilename: values["stdin-filename"],
    color: values.color,
    reportUnusedDisableDirectives: values["report-unused-disable-directives"],
    failOn: failOn as Grade | undefined,
    baseline: values.baseline,
    baselineWrite: values["baseline-write"],
    help: values.help,
    version: values.version,
  };
}

/** `--rule 'id: error'` or `--rule 'id: [warn, {option: value}]'`: YAML flow mappings, like ESLint's levn. */
function parseRuleOptions(values: readonly string[]): ConfigObject {
  const rules: Record<string, RuleEntry> = {};
  for (const value of values) {
    let parsed: unknown;
    try {
      parsed = parseYaml(`{${value}}`, { logLevel: "error" });
    } catch (error) {
      throw new ConfigError(`--rule "${value}": ${(error as Error).message.split("\n")[0]}`);
    }
    if (typeof parsed !== "object" || parsed === null || Array.isArray(parsed)) {
      throw new ConfigError(`--rule "${value}": expected "rule-id: severity"`);
    }
    Object.assign(rules, parsed);
  }
  return { rules };
}

export const HELP = `compose-lint [options] [file|dir ...]
compose-lint explain RULE-ID

Lint Docker Compose files. Folders are searched for compose.y(a)ml, docker-compose.y(a)ml and
their variants (compose.override.yaml, docker-compose.prod.yml, ...), honouring .gitignore.
With no paths, the current folder is searched.

Fixing:
  --fix                      Write fixes to the files
  --fix-dry-run              Compute fixes without writing (--format json shows the output)
  --fix-type KINDS           Fix kinds to apply: safe, exposure (default: both)

Output:
  -f, --format NAME          stylish (default), json, sarif, github, gitlab, checkstyle,
                             junit, or diff (with --fix-dry-run)
  -o, --output-file FILE     Write the report to FILE
  --quiet                    Report errors only
  --max-warnings N           Exit 1 when there are more than N warnings
  --fail-on GRADE            Exit 1 only for findings graded GRADE or above
                             (low, medium, high, critical); default: any error
  --color, --no-color        Force colour on or off (NO_COLOR and FORCE_COLOR are honoured)

Configuration:
  -c, --config FILE          Use this config file for every linted file (no lookup)
  --no-config-lookup         Do not look for config files; the recommended rules apply,
                             or only the --rule settings when any are given
  --rule 'ID: SEVERITY'      Set a rule, e.g. --rule 'prefer-expose-for-internal: off'
                             or --rule 'no-all-interface-publish: [error, {address: 127.0.0.1}]'
  --print-config FILE        Print the configuration used for FILE
  --report-unused-disable-directives
                             Warn about disable comments that silence nothing

Baseline:
  --baseline-write FILE      Record today's findings in FILE (by rule, file, service and value)
  --baseline FILE            Report only findings not in FILE, and those in it that are fixed

Input:
  --stdin                    Lint text from standard input
  --stdin-filename NAME      Name for that text (for config lookup and the report)

  -h, --help                 Show this help
  -v, --version              Show the version

Exit codes: 0 no errors (and warnings within --max-warnings), 1 lint errors or too many
warnings, 2 usage, configuration or internal error.
`;
