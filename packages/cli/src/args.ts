import { parseArgs } from "node:util";
import { parse as parseYaml } from "yaml";
import { ConfigError, editDistance, FIX_KINDS, GRADES, type ConfigObject, type FixKind, type Grade, type RuleEntry } from "@compose-lint/core";
import { FORMAT_NAMES } from "./formatters/index.js";

export interface CliOptions {
  /** `compose-lint explain <rule-id>`. */
  explain?: string;
  /** `compose-lint exposure [paths]`: what a project publishes, against the firewall. */
  exposure?: ExposureOptions;
  paths: string[];
  /** `--file` (or `-f FILE`): the Compose files of one project, merged in this order. */
  composeFiles: string[];
  envFiles?: string[];
  profiles?: string[];
  projectDirectory?: string;
  /** `--read-outside-project`: read included, extended and env files outside the project, for context only. */
  readOutsideProject: boolean;
  /** `--print-projects`: show which files form which project, and why; lint nothing. */
  printProjects: boolean;
  /** Exit 2 when the paths hold no Compose file (`--no-error-on-unmatched-pattern` turns it off). */
  errorOnUnmatchedPattern: boolean;
  fix: boolean;
  fixDryRun: boolean;
  fixTypes?: Set<FixKind>;
  format: string;
  outputFile?: string;
  maxWarnings?: number;
  /** Worker threads for linting: a count, "auto" (by files and cores), or "off". */
  concurrency: number | "auto" | "off";
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

export interface ExposureOptions {
  ufwStatus?: string;
  iptablesSave?: string;
  /** `--firewall` files: listings recognised by what they hold. */
  firewall: string[];
  /** `--scan` files: nmap's XML or grepable output, from outside. */
  scan: string[];
  /** `--listening` files: `ss -tlnpu` on the host. */
  listening: string[];
  /** Run the host's read-only firewall and socket commands and read their outputs. */
  fromHost: boolean;
  /** `--expect 22,80,443`: host ports that may be reachable from outside. */
  expect?: ExpectedPort[];
}

export interface ExpectedPort {
  start: number;
  end: number;
  /** Undefined: any protocol. */
  protocol?: string;
}

export const EXPOSURE_FORMATS = ["table", "json", "markdown", "html"] as const;

export class UsageError extends Error {
  override name = "UsageError";
}

/**
 * `-f` is ESLint's `--format` and Compose's `--file`: a value that names a format is a format,
 * anything else a Compose file (`compose-lint -f compose.yaml -f compose.prod.yaml`).
 */
function routeShortF(argv: readonly string[]): string[] {
  const formats = new Set<string>([...FORMAT_NAMES, ...EXPOSURE_FORMATS]);
  const result: string[] = [];
  for (let index = 0; index < argv.length; index++) {
    const token = argv[index]!;
    if (token === "--") {
      result.push(...argv.slice(index));
      break;
    }
    const attached = token.startsWith("-f") && !token.startsWith("--") && token.length > 2 ? token.slice(2).replace(/^=/, "") : undefined;
    if (token === "-f" && argv[index + 1] === undefined) throw new UsageError("-f needs a value: a Compose file, or a format name");
    const value = token === "-f" ? argv[index + 1] : attached;
    if (value === undefined) {
      result.push(token);
      continue;
    }
    result.push(formats.has(value) ? "--format" : "--file", value);
    if (token === "-f") index++;
  }
  return result;
}

const OPTIONS = {
    fix: { type: "boolean", default: false },
    "fix-dry-run": { type: "boolean", default: false },
    "fix-type": { type: "string", multiple: true },
    format: { type: "string" },
    file: { type: "string", multiple: true },
    "env-file": { type: "string", multiple: true },
    profile: { type: "string", multiple: true },
    "project-directory": { type: "string" },
  "read-outside-project": { type: "boolean", default: false },
  "error-on-unmatched-pattern": { type: "boolean", default: true },
  "print-projects": { type: "boolean", default: false },
    "ufw-status": { type: "string" },
    "iptables-save": { type: "string" },
    firewall: { type: "string", multiple: true },
    scan: { type: "string", multiple: true },
    listening: { type: "string", multiple: true },
    "from-host": { type: "boolean", default: false },
    expect: { type: "string" },
    "output-file": { type: "string", short: "o" },
    "max-warnings": { type: "string" },
    concurrency: { type: "string" },
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
} as const satisfies NonNullable<Parameters<typeof parseArgs>[0]>["options"];

/** Node's parser speaks of positionals and '--'; say what the user got wrong, with a suggestion. */
function describeParseError(message: string): string {
  const unknown = /Unknown option '([^']+)'/.exec(message);
  if (unknown) {
    const written = unknown[1]!;
    const known = Object.entries(OPTIONS).flatMap(([name, option]) => [
      `--${name}`,
      ...(option.type === "boolean" ? [`--no-${name}`] : []),
      ...("short" in option ? [`-${option.short}`] : []),
    ]);
    const bare = written.replace(/=.*$/, "");
    const close = known.sort((a, b) => editDistance(bare, a) - editDistance(bare, b))[0];
    const hint = bare.length > 2 && close && editDistance(bare, close) <= Math.max(2, Math.floor(bare.length / 3)) ? ` (did you mean ${close}?)` : "";
    return `unknown option ${written}${hint}`;
  }
  const missing = /Option '(?:-\w, )?(--[\w-]+) <value>' argument missing/.exec(message);
  if (missing) return `${missing[1]} needs a value`;
  const needless = /Option '(?:-\w, )?(--[\w-]+)' does not take an argument/.exec(message);
  if (needless) return `${needless[1]} takes no value`;
  return message.replace(/^TypeError \[[A-Z_]+\]: /, "");
}

export function parseCliArgs(argv: readonly string[]): CliOptions {
  let parsed;
  try {
    parsed = parseArgs({
      args: routeShortF(argv),
      allowPositionals: true,
      allowNegative: true,
      strict: true,
      options: OPTIONS,
    });
  } catch (error) {
    throw new UsageError(describeParseError((error as Error).message));
  }
  const { values, positionals } = parsed;
  let maxWarnings: number | undefined;
  if (values["max-warnings"] !== undefined) {
    maxWarnings = Number(values["max-warnings"]);
    if (!Number.isInteger(maxWarnings) || maxWarnings < -1) throw new UsageError(`--max-warnings takes a whole number, not "${values["max-warnings"]}"`);
  }
  const concurrencyText = values.concurrency ?? "auto";
  let concurrency: CliOptions["concurrency"];
  if (concurrencyText === "auto" || concurrencyText === "off") concurrency = concurrencyText;
  else {
    concurrency = Number(concurrencyText);
    if (!/^\d+$/.test(concurrencyText) || concurrency < 1) throw new UsageError(`--concurrency takes a number of threads, auto or off, not "${concurrencyText}"`);
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
  const command = positionals[0] === "exposure" ? "exposure" : positionals[0] === "explain" ? "explain" : "lint";
  const format = values.format ?? (command === "exposure" ? "table" : "stylish");
  if (command === "exposure") {
    if (!(EXPOSURE_FORMATS as readonly string[]).includes(format)) throw new UsageError(`exposure --format takes ${EXPOSURE_FORMATS.join(", ")}, not "${format}"`);
    if (values.fix || values["fix-dry-run"]) throw new UsageError("exposure reports; it does not fix (run compose-lint --fix)");
  } else {
    for (const name of ["ufw-status", "iptables-save", "firewall", "scan", "listening", "expect"] as const) {
      if (values[name] !== undefined) throw new UsageError(`--${name} goes with the exposure command: compose-lint exposure --${name} ...`);
    }
    if (values["from-host"]) throw new UsageError("--from-host goes with the exposure command: compose-lint exposure --from-host");
  }
  const composeFiles = values.file ?? [];
  if (composeFiles.length > 0 && positionals.length > (command === "lint" ? 0 : 1)) {
    throw new UsageError("--file (-f) names the files of one project; give either files with -f or paths to search, not both");
  }
  if (format === "diff" && !values.fix && !values["fix-dry-run"]) throw new UsageError("--format diff shows fixes: use it with --fix-dry-run (or --fix)");
  const explain = command === "explain" ? positionals[1] ?? "" : undefined;
  if (explain === "") throw new UsageError("explain takes a rule id: compose-lint explain no-all-interface-publish");
  if (values["stdin-filename"] !== undefined && !values.stdin) throw new UsageError("--stdin-filename goes with --stdin");
  if (values.stdin && values.fix) throw new UsageError("--fix cannot write to standard input; use --fix-dry-run to see the fixed text (with --format json)");
  if (values.stdin && (positionals.length > 0 || composeFiles.length > 0)) throw new UsageError("--stdin reads one text from standard input; it takes no paths");
  return {
    explain,
    exposure:
      command === "exposure"
        ? { ufwStatus: values["ufw-status"], iptablesSave: values["iptables-save"], firewall: values.firewall ?? [], scan: values.scan ?? [], listening: values.listening ?? [], fromHost: values["from-host"], expect: values.expect === undefined ? undefined : parseExpectedPorts(values.expect) }
        : undefined,
    paths: command === "lint" ? positionals : command === "exposure" ? positionals.slice(1) : [],
    composeFiles,
    envFiles: values["env-file"],
    profiles: values.profile?.flatMap((value) => value.split(",")).map((value) => value.trim()).filter(Boolean),
    projectDirectory: values["project-directory"],
    readOutsideProject: values["read-outside-project"],
    errorOnUnmatchedPattern: values["error-on-unmatched-pattern"],
    printProjects: values["print-projects"],
    fix: values.fix,
    fixDryRun: values["fix-dry-run"],
    fixTypes,
    format,
    outputFile: values["output-file"],
    maxWarnings,
    concurrency,
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

/** `22,80,443`, `8000-8010`, `53/udp`. */
export function parseExpectedPorts(text: string): ExpectedPort[] {
  return text
    .split(",")
    .map((item) => item.trim())
    .filter(Boolean)
    .map((item) => {
      const match = /^(\d+)(?:-(\d+))?(?:\/(tcp|udp|sctp))?$/i.exec(item);
      const start = Number(match?.[1]);
      const end = match?.[2] === undefined ? start : Number(match[2]);
      if (!match || start < 1 || end > 65535 || end < start) throw new UsageError(`--expect takes ports such as 22,80,443 or 8000-8010/tcp, not "${item}"`);
      return match[3] ? { start, end, protocol: match[3].toLowerCase() } : { start, end };
    });
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
compose-lint [options] -f compose.yaml [-f compose.prod.yaml ...]
compose-lint exposure [options] [dir | -f FILE ...]
compose-lint explain RULE-ID

Lint Docker Compose files. Folders are searched for compose.y(a)ml, docker-compose.y(a)ml and
their variants (compose.override.yaml, docker-compose.prod.yml, ...), and for any other .yml or
.yaml file whose top level is a Compose file, honouring .gitignore. With no paths, the current
folder is searched (or the files in COMPOSE_FILE, when set). Finding no Compose file is an error
(exit 2) unless --no-error-on-unmatched-pattern is given.
Files that belong together are linted as one project, as Compose loads them: compose.yaml with
compose.override.yaml, a variant with its base file, include:, extends: and .env.

Project:
  -f, --file FILE            A Compose file of the project, merged in order (repeat it);
                             -f NAME with a format name (json, sarif, ...) is --format
  --env-file FILE            Variables for interpolation instead of the project's .env
  --profile NAME             Only services without profiles or with this one (repeat it)
  --project-directory DIR    Where the project's .env is looked for (default: the first file's folder)
  --print-projects           Show which files form which project, and why; lint nothing
  --read-outside-project     Read include:, extends: and env files outside the project (the
                             repository root, else the folder linted) for context; they are
                             reported but never fixed. Without it they are not read.

Exposure (compose-lint exposure):
  --format table|json|markdown|html
                             Report style (table by default); html is one self-contained page
                             with the exposure map: -o exposure.html
  --ufw-status FILE          The output of "ufw status verbose", to compare with
  --iptables-save FILE       The output of "iptables-save" (Docker's DOCKER and DOCKER-USER chains)
  --firewall FILE            A firewall listing, recognised by what it holds: "ufw status",
                             "iptables-save", "iptables [-t nat] -L CHAIN -n [-v]",
                             "nft list ruleset" or "firewall-cmd --list-all-zones"; repeat it
                             for several (the nat DOCKER chain and DOCKER-USER)
  --scan FILE                A port scan of the host from outside (nmap -oX or -oG)
  --listening FILE           The sockets listening on the host ("ss -tlnpu")
  --from-host                On the Docker host: run the read-only commands that exist there
                             (ufw, firewall-cmd, iptables-save, ip6tables-save, nft, ss) and
                             read their outputs; says which it could not run (most need root)
  --expect PORTS             Exit 1 when a host port outside PORTS is reachable, e.g. 22,80,443

Fixing:
  --fix                      Write fixes to the files
  --fix-dry-run              Compute fixes without writing (--format json shows the output)
  --fix-type KINDS           Fix kinds to apply: safe, exposure (default: both)

Speed:
  --concurrency N|auto|off   Lint in N threads, this one and N-1 workers; auto (the default)
                             uses half the cores for runs of 100 files or more, on 4 cores or
                             more; off lints in this thread. The output is the same. --fix
                             lints in one thread

Output:
  --format NAME              stylish (default), json, sarif, github, gitlab, checkstyle,
                             junit, or diff (with --fix-dry-run)
  -o, --output-file FILE     Write the report to FILE
  --quiet                    Report errors only
  --max-warnings N           Exit 1 when there are more than N warnings
  --fail-on GRADE            Exit 1 only for findings graded GRADE or above
                             (low, medium, high, critical); default: any error
  --color, --no-color        Force colour on or off (NO_COLOR and FORCE_COLOR are honoured)

Configuration:
  -c, --config FILE          Use this config file for every linted file (no lookup). Lookup
                             stops at the repository root or the home folder; a JavaScript
                             config (compose-lint.config.mjs) is code, and runs as ESLint's does
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
