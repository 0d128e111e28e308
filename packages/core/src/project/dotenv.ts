import { resolveInterpolation, type Environment } from "../model/interpolation.js";

export interface DotenvProblem {
  line: number;
  message: string;
}

export interface Dotenv {
  values: Map<string, string>;
  problems: DotenvProblem[];
}

const ASSIGNMENT = /^\s*(?:export\s+)?([A-Za-z_][A-Za-z0-9_.-]*)\s*=\s*(.*)$/;

/**
 * Reads a Compose `.env` file: `KEY=value` lines, `export` allowed, `#` comments (inline only after
 * whitespace in unquoted values), 'single quotes' literal, "double quotes" with \n \t \" \\ escapes.
 * Unquoted and double-quoted values are interpolated with the variables defined so far and `outer`.
 */
export function parseDotenv(text: string, outer: Environment = new Map()): Dotenv {
  const values = new Map<string, string>();
  const problems: DotenvProblem[] = [];
  const lookup: Environment = { get: (name) => outer.get(name) ?? values.get(name) };
  const lines = text.replace(/^\uFEFF/, "").split(/\r?\n/);
  for (const [index, line] of lines.entries()) {
    if (/^\s*(#|$)/.test(line)) continue;
    const match = ASSIGNMENT.exec(line);
    if (!match) {
      problems.push({ line: index + 1, message: "not a KEY=value line" });
      continue;
    }
    const [, key, rest] = match as unknown as [string, string, string];
    const value = readValue(rest.trim(), lookup);
    if (value === undefined) {
      problems.push({ line: index + 1, message: `the value of ${key} has no closing quote` });
      continue;
    }
    values.set(key, value);
  }
  return { values, problems };
}

function readValue(raw: string, environment: Environment): string | undefined {
  const quote = raw[0];
  if (quote === "'" || quote === '"') {
    const end = raw.indexOf(quote, 1);
    let close = end;
    if (quote === '"') {
      // Skip escaped quotes.
      close = 1;
      while (close < raw.length && raw[close] !== '"') close += raw[close] === "\\" ? 2 : 1;
      if (close >= raw.length) return undefined;
    } else if (end === -1) {
      return undefined;
    }
    const inner = raw.slice(1, close);
    if (quote === "'") return inner;
    const unescaped = inner.replace(/\\(.)/g, (_whole, char: string) => ({ n: "\n", t: "\t", r: "\r" })[char] ?? char);
    return resolveInterpolation(unescaped, environment).resolved;
  }
  const comment = raw.search(/\s#/);
  const value = (comment === -1 ? raw : raw.slice(0, comment)).trim();
  return resolveInterpolation(value, environment).resolved;
}
