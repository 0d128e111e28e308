import { isMap, isSeq, type Document, type Node } from "yaml";
import { editDistance } from "../config.js";
import { findEntry, mapEntries, seqItems, toPlainData } from "../yaml-nodes.js";
import { composeSchema } from "./compose-schema.js";
import { evaluateSchema, followRefs, schemaAcceptsNodes, type SchemaError } from "./evaluate.js";

export type SchemaProblemKind = "unknownKey" | "invalidName" | "type" | "enum" | "required" | "pattern" | "other";

export interface SchemaProblem {
  kind: SchemaProblemKind;
  /** Where the problem is: the unknown key, the wrong value, the mapping missing a key. */
  node: Node;
  /** `services.web.ports[0]`, for messages. */
  path: string;
  /** What is wrong, in a sentence without the path. */
  detail: string;
  /** The offending key or value as written, when there is one. */
  value?: string;
}

/**
 * Validates a parsed document against compose-lint's Compose schema and maps every error to the
 * YAML node it concerns. Errors from `oneOf` branches whose type does not match the value are
 * dropped, so that a wrong key in a long-syntax port is reported as that, not as "must be a string".
 */
export function validateComposeDocument(document: Document.Parsed): SchemaProblem[] {
  // Most files are valid, and their nodes say so without a conversion to plain data.
  if (schemaAcceptsNodes(composeSchema, document.contents) === true) return [];
  const data = toPlainData(document, { dropReset: true });
  const schemaErrors = evaluateSchema(composeSchema, data);
  if (schemaErrors.length === 0) return [];
  const errors = relevantErrors(schemaErrors);
  const problems: SchemaProblem[] = [];
  const seen = new Set<string>();
  for (const error of errors) {
    const problem = toProblem(error, document, data);
    if (!problem) continue;
    const key = `${problem.node.range?.[0]}:${problem.detail}`;
    if (seen.has(key)) continue;
    seen.add(key);
    problems.push(problem);
  }
  return problems;
}

function relevantErrors(errors: SchemaError[]): SchemaError[] {
  let kept = errors.filter((error) => !(error.keyword === "uniqueItems" && /\/ports$/.test(error.instancePath)));
  // Innermost alternatives first: an outer oneOf is decided once its inner ones are.
  const alternatives = kept.filter((error) => error.keyword === "oneOf" || error.keyword === "anyOf").sort((a, b) => b.schemaPath.length - a.schemaPath.length);
  for (const alternative of alternatives) {
    if (!kept.includes(alternative)) continue;
    const prefix = `${alternative.schemaPath}/`;
    const branchSchemas = (schemaAt(alternative.schemaPath) as unknown[]).map((branch) => followRefs(composeSchema, branch)) as Array<{ type?: string | string[] }>;
    const branches = branchSchemas.length;
    const matching: number[] = [];
    for (let branch = 0; branch < branches; branch++) {
      const branchPrefix = `${prefix}${branch}/`;
      const wrongType = kept.some((error) => error.schemaPath === `${branchPrefix}type` && error.instancePath === alternative.instancePath);
      if (!wrongType) matching.push(branch);
    }
    const fromBranch = (error: SchemaError) => error.schemaPath.startsWith(prefix);
    if (matching.length === 0) {
      // No branch takes this kind of value: one "must be X or Y" error.
      const types = branchSchemas.flatMap((branch) => branch.type ?? []);
      kept = kept.filter((error) => !fromBranch(error) && error !== alternative);
      kept.push({ ...alternative, keyword: "type", params: { type: [...new Set(types.flat())] }, message: "wrong type" });
      continue;
    }
    // Keep what the branches of the right type say; the oneOf summary adds nothing.
    kept = kept.filter((error) => error !== alternative && (!fromBranch(error) || matching.some((branch) => error.schemaPath.startsWith(`${prefix}${branch}/`))));
  }
  return kept;
}

function toProblem(error: SchemaError, document: Document.Parsed, data: unknown): SchemaProblem | undefined {
  const segments = pointerSegments(error.instancePath);
  const found = locate(document, segments);
  if (!found) return undefined;
  // An empty value (`nil:`) has no width to point at: point at its key.
  const empty = !found.node.range || found.node.range[0] === found.node.range[1];
  const located = empty && found.keyNode ? { node: found.keyNode, keyNode: found.keyNode } : found;
  const path = displayPath(segments);
  const where = path === "" ? "the top level" : `"${path}"`;
  switch (error.keyword) {
    case "additionalProperties": {
      const key = String(error.params["additionalProperty"]);
      const keyNode = keyNodeOf(document, located.node, key) ?? located.node;
      const parent = schemaAt(error.schemaPath.replace(/\/additionalProperties$/, "")) as
        | { properties?: Record<string, unknown>; patternProperties?: Record<string, unknown> }
        | undefined;
      const known = Object.keys(parent?.properties ?? {});
      if (known.length === 0 && parent?.patternProperties) {
        return { kind: "invalidName", node: keyNode, path, value: key, detail: `"${key}" is not a valid name in ${where}: use letters, digits, ".", "_" and "-"` };
      }
      const suggestion = closest(key, known);
      return {
        kind: "unknownKey",
        node: keyNode,
        path,
        value: key,
        detail: `Unknown key "${key}" in ${where}${suggestion ? ` (did you mean "${suggestion}"?)` : ""}`,
      };
    }
    case "type": {
      const expected = ([] as string[]).concat(error.params["type"] as string | string[]);
      return {
        kind: "type",
        node: located.node,
        path,
        value: describeValue(valueAt(data, error.instancePath)),
        detail: `${where} must be ${joinOr(expected.map(article))}, not ${describeType(valueAt(data, error.instancePath))}`,
      };
    }
    case "enum": {
      const allowed = (error.params["allowedValues"] as unknown[]).map((value) => JSON.stringify(value));
      const value = valueAt(data, error.instancePath);
      return { kind: "enum", node: located.node, path, value: String(value), detail: `${where} must be one of ${allowed.join(", ")}, not ${JSON.stringify(value)}` };
    }
    case "required": {
      const missing = String(error.params["missingProperty"]);
      return { kind: "required", node: located.keyNode ?? located.node, path, value: segments[segments.length - 1] ?? "", detail: `${where} is missing the required key "${missing}"` };
    }
    case "pattern": {
      const value = valueAt(data, error.instancePath);
      return { kind: "pattern", node: located.node, path, value: String(value), detail: `${where} is ${JSON.stringify(value)}, which does not match ${error.params["pattern"]}` };
    }
    default:
      return { kind: "other", node: located.node, path, detail: `${where} ${error.message ?? "is invalid"}` };
  }
}

/** The part of compose-lint's schema an error's schemaPath (`#/properties/services/...`) points at, `$ref`s followed in place. */
function schemaAt(schemaPath: string): unknown {
  let node: unknown = composeSchema;
  // Schema paths are URI fragments: pattern keys such as ^[a-zA-Z0-9._-]+$ arrive percent-encoded.
  for (const segment of pointerSegments(decodeURIComponent(schemaPath.replace(/^#/, "")))) {
    node = followRefs(composeSchema, node);
    if (node === null || typeof node !== "object") return undefined;
    node = (node as Record<string, unknown>)[segment];
  }
  return followRefs(composeSchema, node);
}

function pointerSegments(pointer: string): string[] {
  return pointer === "" ? [] : pointer.slice(1).split("/").map((segment) => segment.replaceAll("~1", "/").replaceAll("~0", "~"));
}

function displayPath(segments: string[]): string {
  return segments.reduce((path, segment) => (/^\d+$/.test(segment) && path !== "" ? `${path}[${segment}]` : path === "" ? segment : `${path}.${segment}`), "");
}

/** The node at a JSON pointer into the document's data, following aliases and merge keys. */
function locate(document: Document.Parsed, segments: string[]): { node: Node; keyNode?: Node } | undefined {
  let node = document.contents as Node | null;
  let keyNode: Node | undefined;
  for (const segment of segments) {
    if (!node) return undefined;
    if (isMap(node)) {
      const entry = findEntry(mapEntries(node, document), segment);
      if (!entry) return undefined;
      node = entry.node;
      keyNode = entry.keyNode;
    } else if (isSeq(node)) {
      const item = seqItems(node, document, false)[Number(segment)];
      if (!item) return undefined;
      node = item.node;
      keyNode = undefined;
    } else return undefined;
  }
  return node ? { node, keyNode } : undefined;
}

function keyNodeOf(document: Document.Parsed, node: Node, key: string): Node | undefined {
  return isMap(node) ? findEntry(mapEntries(node, document), key)?.keyNode : undefined;
}

function valueAt(data: unknown, pointer: string): unknown {
  let value = data;
  for (const segment of pointerSegments(pointer)) {
    if (value === null || typeof value !== "object") return undefined;
    value = (value as Record<string, unknown>)[segment];
  }
  return value;
}

function closest(key: string, candidates: string[]): string | undefined {
  const limit = Math.max(1, Math.floor(key.length / 3));
  const lowerKey = key.toLowerCase();
  let best: string | undefined;
  let bestDistance = Number.POSITIVE_INFINITY;
  for (const candidate of candidates) {
    // The distance is at least the difference in length: such a candidate is never close enough.
    const lowerCandidate = candidate.toLowerCase();
    if (Math.abs(lowerCandidate.length - lowerKey.length) > limit) continue;
    const distance = editDistance(lowerKey, lowerCandidate);
    if (distance < bestDistance) {
      best = candidate;
      bestDistance = distance;
    }
  }
  return bestDistance <= limit ? best : undefined;
}

function article(type: string): string {
  return { object: "a mapping", array: "a list", string: "a string", number: "a number", integer: "a whole number", boolean: "true or false", null: "empty" }[type] ?? type;
}

function joinOr(words: string[]): string {
  return words.length <= 1 ? (words[0] ?? "") : `${words.slice(0, -1).join(", ")} or ${words[words.length - 1]}`;
}

function describeType(value: unknown): string {
  if (value === null) return "empty";
  if (Array.isArray(value)) return "a list";
  if (typeof value === "object") return "a mapping";
  if (typeof value === "string") return `the string ${JSON.stringify(value)}`;
  if (typeof value === "boolean") return String(value);
  return `the number ${String(value)}`;
}

function describeValue(value: unknown): string | undefined {
  return typeof value === "string" || typeof value === "number" || typeof value === "boolean" ? String(value) : undefined;
}
