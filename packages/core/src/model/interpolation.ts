/**
 * Compose interpolation (`${VAR}`, `${VAR:-default}`, `${VAR-default}`, `${VAR:?err}`, `$VAR`, `$$`).
 * Without an environment (one file linted alone) a default stands for the value and a variable
 * without one for the empty string; with one (a project's `.env` and the shell), Compose's rules.
 */

/** Variables for interpolation: the shell's environment over the project's `.env`. */
export interface Environment {
  get(name: string): string | undefined;
}
export interface Interpolation {
  name: string;
  /** The whole expression, e.g. `${BIND:-127.0.0.1}`, as [start, end) in the original text. */
  span: [number, number];
  /** `:-` or `-` (or `:?`/`?`, `:+`/`+`); undefined for `${VAR}` and `$VAR`. */
  operator?: string;
  defaultValue?: string;
  /** Where the default text sits in the original, for fixes that change it. */
  defaultSpan?: [number, number];
  /** Braced form, so that a default can be added before the closing brace. */
  braced: boolean;
  /** The environment set this variable, so the result does not come from the text alone. */
  fromEnvironment?: boolean;
  /** `${VAR:?message}` / `${VAR?message}` with VAR unset (or empty, for `:?`): Compose refuses the file. */
  missingRequired?: boolean;
}

/** A variable's value decides nothing knowable from the files: unset, with no default written. */
export function isUnresolved(expression: Interpolation): boolean {
  return !expression.fromEnvironment && expression.defaultValue === undefined;
}

/**
 * A name written as a value, as Compose reads it once interpolated; undefined when it depends on
 * a variable that nothing sets and that has no default.
 */
export function interpolatedName(value: string, environment?: Environment): string | undefined {
  if (!value.includes("$")) return value;
  const resolved = resolveInterpolation(value, environment);
  return resolved.expressions.some(isUnresolved) ? undefined : resolved.resolved;
}

export interface ResolvedText {
  original: string;
  resolved: string;
  /** For each character of `resolved`, its index in `original`, or -1 when it came from an expression. */
  origin: number[];
  /** Each expression with where its substitute starts and ends in `resolved`. */
  expressions: Array<Interpolation & { resolvedStart: number; resolvedEnd: number }>;
}

/** Text without interpolation: each character is its own origin, listed only when asked for. */
class LiteralText implements ResolvedText {
  readonly resolved: string;
  readonly expressions: ResolvedText["expressions"] = [];
  #origin: number[] | undefined;
  constructor(readonly original: string) {
    this.resolved = original;
  }
  get origin(): number[] {
    if (!this.#origin) {
      this.#origin = new Array<number>(this.original.length);
      for (let index = 0; index < this.original.length; index++) this.#origin[index] = index;
    }
    return this.#origin;
  }
}

/** Where the character at `index` of the resolved text was written (`origin[index]`, without building `origin` for literal text). */
export function originAt(text: ResolvedText, index: number): number | undefined {
  if (text instanceof LiteralText) return index >= 0 && index < text.original.length ? index : undefined;
  return text.origin[index];
}

/**
 * A part of the resolved text as a message may show it: what the environment (`.env`, the shell)
 * put there is shown as `${NAME}`, never as its value, which may be a secret. Defaults written in
 * the file are shown as they are.
 */
export function shownAsWritten(text: ResolvedText, start: number, end: number): string {
  let shown = "";
  for (let index = start; index < end; ) {
    const expression = text.expressions.find((candidate) => candidate.fromEnvironment && index >= candidate.resolvedStart && index < candidate.resolvedEnd);
    if (expression) {
      shown += `\${${expression.name}}`;
      index = expression.resolvedEnd;
      continue;
    }
    shown += text.resolved[index] ?? "";
    index++;
  }
  return shown;
}

const NAME = /^[A-Za-z_][A-Za-z0-9_]*/;

export function hasInterpolation(text: string): boolean {
  return text.includes("$");
}

export function resolveInterpolation(original: string, environment?: Environment): ResolvedText {
  // Most values interpolate nothing (every port and image of a large file is read through here).
  if (!original.includes("$")) return new LiteralText(original);
  let resolved = "";
  const origin: number[] = [];
  const expressions: ResolvedText["expressions"] = [];
  let index = 0;
  const emitLiteral = (char: string, at: number) => {
    resolved += char;
    origin.push(at);
  };
  while (index < original.length) {
    const char = original[index]!;
    if (char !== "$") {
      emitLiteral(char, index);
      index++;
      continue;
    }
    const next = original[index + 1];
    if (next === "$") {
      emitLiteral("$", index);
      index += 2;
      continue;
    }
    const expression = next === "{" ? readBraced(original, index, environment) : readBare(original, index);
    if (!expression) {
      emitLiteral(char, index);
      index++;
      continue;
    }
    const substitute = environment ? substituteFrom(expression, environment) : expression.operator?.includes("-") ? (expression.defaultValue ?? "") : "";
    const resolvedStart = resolved.length;
    for (const piece of substitute) {
      resolved += piece;
      origin.push(-1);
    }
    expressions.push({ ...expression, resolvedStart, resolvedEnd: resolved.length });
    index = expression.span[1];
  }
  return { original, resolved, origin, expressions };
}

/** What Compose substitutes for an expression, given the variables; marks what the environment decided. */
function substituteFrom(expression: Interpolation, environment: Environment): string {
  const value = environment.get(expression.name);
  const operator = expression.operator ?? "";
  const set = value !== undefined;
  const nonEmpty = set && value !== "";
  const present = operator.startsWith(":") ? nonEmpty : set;
  if (set) expression.fromEnvironment = true;
  switch (operator.replace(":", "")) {
    case "-":
      if (!present) expression.fromEnvironment = false;
      return present ? value! : (expression.defaultValue ?? "");
    case "+":
      return present ? (expression.defaultValue ?? "") : "";
    case "?":
      if (!present) expression.missingRequired = true;
      return value ?? "";
    default:
      return value ?? "";
  }
}

function readBare(text: string, start: number): Interpolation | undefined {
  const match = NAME.exec(text.slice(start + 1));
  if (!match) return undefined;
  return { name: match[0], span: [start, start + 1 + match[0].length], braced: false };
}

function readBraced(text: string, start: number, environment?: Environment): Interpolation | undefined {
  const bodyStart = start + 2;
  const match = NAME.exec(text.slice(bodyStart));
  if (!match) return undefined;
  const name = match[0];
  let cursor = bodyStart + name.length;
  if (text[cursor] === "}") return { name, span: [start, cursor + 1], braced: true };
  const operator = /^(:?[-?+])/.exec(text.slice(cursor))?.[1];
  if (!operator) return undefined;
  cursor += operator.length;
  const defaultStart = cursor;
  // Defaults may nest expressions: `${A:-${B:-x}}`.
  let depth = 1;
  while (cursor < text.length) {
    const char = text[cursor];
    if (char === "$" && text[cursor + 1] === "{") {
      depth++;
      cursor += 2;
      continue;
    }
    if (char === "}") {
      depth--;
      if (depth === 0) break;
    }
    cursor++;
  }
  if (depth !== 0) return undefined;
  const inner = text.slice(defaultStart, cursor);
  return {
    name,
    span: [start, cursor + 1],
    operator,
    defaultValue: resolveInterpolation(inner, environment).resolved,
    defaultSpan: [defaultStart, cursor],
    braced: true,
  };
}
