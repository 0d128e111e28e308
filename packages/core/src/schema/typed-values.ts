import { isMap, isScalar, isSeq, type Document, type Node } from "yaml";
import { isUnresolved, resolveInterpolation, type Environment } from "../model/interpolation.js";
import { readsAs, TYPED_VALUE_PATHS, type ValueKind } from "../model/values.js";
import { isReset, mapEntries, seqItems } from "../yaml-nodes.js";

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
  // An aliased value is reached once per alias; it is written, and reported, once.
  const checked = new Set<Node>();
  // Paths are built only for a problem: each stacked item knows its parent and its own segment.
  interface Visit {
    node: Node;
    parent: Visit | undefined;
    /** `web`, or `[0]` for a list item. */
    segment: string;
    step: PathStep;
  }
  const pathOf = (visit: Visit): string => {
    let path = "";
    for (let at: Visit | undefined = visit; at?.parent; at = at.parent) path = path === "" || path.startsWith("[") ? `${at.segment}${path}` : `${at.segment}.${path}`;
    return path;
  };
  const stack: Visit[] = [{ node: document.contents as Node, parent: undefined, segment: "", step: pathTree() }];
  for (let item = stack.pop(); item !== undefined; item = stack.pop()) {
    const { node, step } = item;
    // A `!reset` value is gone from the file as Compose reads it: nothing is converted.
    if (step.kind && isScalar(node) && typeof node.value === "string" && !isReset(node) && !checked.has(node)) {
      checked.add(node);
      const problem = check(node, node.value, step.kind, () => pathOf(item!), environmentFor?.(node));
      if (problem) problems.push(problem);
    }
    if (step.next.size === 0) continue;
    if (isSeq(node)) {
      const items = step.next.get("[]");
      if (items) seqItems(node, document, false).forEach((entry, index) => stack.push({ node: entry.node, parent: item, segment: `[${index}]`, step: items }));
    } else if (isMap(node)) {
      const any = step.next.get("*");
      for (const entry of mapEntries(node, document)) {
        const named = step.next.get(entry.key);
        if (named) stack.push({ node: entry.node, parent: item, segment: entry.key, step: named });
        if (any) stack.push({ node: entry.node, parent: item, segment: entry.key, step: any });
      }
    }
  }
  return problems.sort((a, b) => (a.node.range?.[0] ?? 0) - (b.node.range?.[0] ?? 0));
}

function check(node: Node, value: string, kind: ValueKind, path: () => string, environment: Environment | undefined): TypedValueProblem | undefined {
  const resolved = resolveInterpolation(value, environment);
  if (resolved.expressions.some(isUnresolved) || readsAs(kind, resolved.resolved)) return undefined;
  // What the environment (`.env`, the shell) set may be a secret: it is never shown.
  const fromEnvironment = resolved.expressions.some((expression) => expression.fromEnvironment);
  return { node, path: path(), kind, written: value, ...(fromEnvironment ? {} : { interpolated: resolved.resolved }) };
}

/** TYPED_VALUE_PATHS as a tree, so that one walk of the document visits each typed key once. */
interface PathStep {
  kind?: ValueKind;
  next: Map<string, PathStep>;
}

let tree: PathStep | undefined;
function pathTree(): PathStep {
  if (tree) return tree;
  tree = { next: new Map() };
  for (const { path, kind } of TYPED_VALUE_PATHS) {
    let step = tree;
    for (const segment of path) {
      let child = step.next.get(segment);
      if (!child) step.next.set(segment, (child = { next: new Map() }));
      step = child;
    }
    step.kind = kind;
  }
  return tree;
}
