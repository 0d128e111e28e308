import { isMap, isScalar, isSeq, type Document, type Node } from "yaml";
import { resolveInterpolation, type Environment } from "../model/interpolation.js";
import { readsAs, TYPED_VALUE_PATHS, type ValueKind } from "../model/values.js";
import { mapEntries, seqItems } from "../yaml-nodes.js";

export interface TypedValueProblem {
  node: Node;
  /** `services.web.healthcheck.retries`, for messages. */
  path: string;
  kind: ValueKind;
  /** The value as written. */
  written: string;
  /** What interpolation gives from defaults written in the file; undefined when the environment set a variable. */
  interpolated?: string;
}

/**
 * Strings that the schema lets through for interpolation but that Compose cannot convert once they
 * are interpolated (`retries: many`, `privileged: maybe`, `mem_limit: lots`). A value that depends
 * on a variable nobody sets is left alone: what it becomes is not in the files.
 */
export function typedValueProblems(document: Document.Parsed, environmentFor?: (node: Node) => Environment | undefined): TypedValueProblem[] {
  const problems: TypedValueProblem[] = [];
  const root = document.contents;
  if (!isMap(root)) return problems;
  const checked = new Set<Node>();
  for (const { path, kind } of TYPED_VALUE_PATHS) {
    for (const found of nodesAt(document, root, path)) {
      const { node } = found;
      // An aliased value is reached once per alias; it is written once.
      if (!isScalar(node) || typeof node.value !== "string" || checked.has(node)) continue;
      checked.add(node);
      const resolved = resolveInterpolation(node.value, environmentFor?.(node));
      if (resolved.expressions.some((expression) => !expression.fromEnvironment && expression.defaultValue === undefined)) continue;
      if (readsAs(kind, resolved.resolved)) continue;
      // What the environment (`.env`, the shell) set may be a secret: it is never shown.
      const fromEnvironment = resolved.expressions.some((expression) => expression.fromEnvironment);
      problems.push({ node, path: found.path, kind, written: node.value, ...(fromEnvironment ? {} : { interpolated: resolved.resolved }) });
    }
  }
  return problems.sort((a, b) => (a.node.range?.[0] ?? 0) - (b.node.range?.[0] ?? 0));
}

function nodesAt(document: Document.Parsed, root: Node, path: readonly string[]): Array<{ node: Node; path: string }> {
  let current: Array<{ node: Node; path: string }> = [{ node: root, path: "" }];
  for (const segment of path) {
    const next: Array<{ node: Node; path: string }> = [];
    for (const { node, path: at } of current) {
      if (segment === "[]") {
        if (!isSeq(node)) continue;
        seqItems(node, document, false).forEach((item, index) => next.push({ node: item.node, path: `${at}[${index}]` }));
        continue;
      }
      if (!isMap(node)) continue;
      for (const entry of mapEntries(node, document)) {
        if (segment !== "*" && entry.key !== segment) continue;
        next.push({ node: entry.node, path: at === "" ? entry.key : `${at}.${entry.key}` });
      }
    }
    current = next;
  }
  return current;
}
