import type { Formatter } from "./types.js";

/** The report formats, in the order `--help` lists them. */
export const FORMAT_NAMES = ["stylish", "json", "sarif", "github", "gitlab", "checkstyle", "junit", "diff"] as const;
export type FormatName = (typeof FORMAT_NAMES)[number];

// A run prints one format: each loads when asked for, so that a start does not compile the others
// (SARIF's fingerprints need node:crypto, the diff a library).
const LOADERS: Record<FormatName, () => Promise<Formatter>> = {
  stylish: async () => (await import("./stylish.js")).stylish,
  json: async () => (await import("./json.js")).json,
  sarif: async () => (await import("./sarif.js")).sarif,
  github: async () => (await import("./github.js")).github,
  gitlab: async () => (await import("./gitlab.js")).gitlab,
  checkstyle: async () => (await import("./checkstyle.js")).checkstyle,
  junit: async () => (await import("./junit.js")).junit,
  diff: async () => (await import("./diff.js")).diff,
};

export function isFormatName(name: string): name is FormatName {
  return Object.hasOwn(LOADERS, name);
}

/** The formatter of a format, undefined for an unknown name. */
export async function loadFormatter(name: string): Promise<Formatter | undefined> {
  return isFormatName(name) ? LOADERS[name]() : undefined;
}

export type { Formatter, FormatterContext, LintResult } from "./types.js";
