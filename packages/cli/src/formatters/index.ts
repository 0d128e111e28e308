import { checkstyle } from "./checkstyle.js";
import { diff } from "./diff.js";
import { github } from "./github.js";
import { gitlab } from "./gitlab.js";
import { json } from "./json.js";
import { junit } from "./junit.js";
import { sarif } from "./sarif.js";
import { stylish } from "./stylish.js";
import type { Formatter } from "./types.js";

export const FORMATTERS: Record<string, Formatter> = { stylish, json, sarif, github, gitlab, checkstyle, junit, diff };
export type { Formatter, FormatterContext, LintResult } from "./types.js";
