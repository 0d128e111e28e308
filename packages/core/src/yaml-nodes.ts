import { isAlias, isMap, isNode, isPair, isScalar, isSeq, visit, type Alias, type Document, type Node, type Pair, type Scalar, type YAMLMap, type YAMLSeq } from "yaml";
import type { Range } from "./source.js";

/**
 * A value as Compose sees it, with where it is written. `shared` is true when the value was
 * reached through an alias or a merge key: it is written once and used in several places, so
 * a fix there would change the other users too.
 */
export interface YamlValue {
  node: Node;
  shared: boolean;
}

export interface MapEntry extends YamlValue {
  key: string;
  keyNode: Scalar;
  pair: Pair;
}

// A project's model mixes nodes of several documents, so aliases cannot be resolved against "the"
// document: `indexAliases` records each alias's target once per parsed file.
const aliasTargets = new WeakMap<Alias, Node>();
// Nodes a project uses in more than one place (inherited through `extends`, or reached through a
// merge key before a merge of files): fixes must leave them alone.
const sharedNodes = new WeakSet<Node>();
// Nodes built by merging files stand for the node of the file that declared the value.
const representatives = new WeakMap<Node, Node>();

const indexedDocuments = new WeakSet<Document.Parsed>();

/** Records where every alias of a document points (the latest anchor of that name before it). */
export function indexAliases(document: Document.Parsed): void {
  if (indexedDocuments.has(document)) return;
  indexedDocuments.add(document);
  const anchors = new Map<string, Node>();
  visit(document, {
    Node(_key, node) {
      if (isAlias(node)) {
        const target = anchors.get(node.source);
        if (target) aliasTargets.set(node, target);
      } else if (node.anchor) {
        anchors.set(node.anchor, node);
      }
    },
  });
}

export function markShared(node: Node): void {
  sharedNodes.add(node);
  anyShared = true;
}

// Most runs mark nothing shared (no extends, no merge of files): then no lookup per entry.
let anyShared = false;
function isShared(node: Node): boolean {
  return anyShared && sharedNodes.has(node);
}

/** Declares that a node built by a merge stands for `original` when reported. */
export function setRepresentative(synthetic: Node, original: Node): void {
  representatives.set(synthetic, representatives.get(original) ?? original);
}

/** The written node a merged node stands for (the node itself when it is written). */
export function representativeNode(node: Node): Node {
  return representatives.get(node) ?? node;
}

/** Follows aliases to the anchored node. A broken or self-referencing alias gives undefined. */
export function resolveAlias(node: unknown, doc: Document.Parsed): { node: Node; viaAlias: boolean } | undefined {
  let current = node;
  let viaAlias = false;
  for (let depth = 0; isAlias(current); depth++) {
    if (depth > 32) return undefined;
    viaAlias = true;
    // One pass over the document indexes every alias; yaml's own lookup scans the document per alias.
    if (!indexedDocuments.has(doc)) indexAliases(doc);
    current = aliasTargets.get(current) ?? current.resolve(doc);
  }
  if (current === undefined || current === null) return undefined;
  return { node: current as Node, viaAlias };
}

/** A value tagged `!reset`: Compose removes it from its file, and from what earlier files set. */
export function isReset(value: unknown): boolean {
  return isNode(value) && value.tag === "!reset";
}

export function isMergeKey(key: unknown): boolean {
  return isScalar(key) && (typeof key.value === "symbol" || (key.value === "<<" && key.type === "PLAIN"));
}

export function keyText(key: unknown): string | undefined {
  if (!isScalar(key)) return undefined;
  const value = key.value;
  if (value === null || value === undefined) return "";
  return typeof value === "symbol" ? undefined : String(value);
}

/**
 * The entries of a mapping as Compose reads them: its own keys first, then keys merged in
 * with `<<` that it does not override. Later merge sources lose to earlier ones, as in YAML 1.1.
 */
export function mapEntries(map: YAMLMap, doc: Document.Parsed, shared = false): MapEntry[] {
  return collectEntries(map, doc, shared, undefined);
}

/** `visiting` holds the mappings being merged into this one (a merge cycle stops there); made at the first merge key. */
function collectEntries(map: YAMLMap, doc: Document.Parsed, shared: boolean, visiting: Set<YAMLMap> | undefined): MapEntry[] {
  if (visiting?.has(map)) return [];
  visiting?.add(map);
  const own: MapEntry[] = [];
  let merged: MapEntry[] | undefined;
  // Indexed loops here and in seqItems: every collection of every file, often before V8 optimises.
  const pairs = map.items;
  for (let index = 0; index < pairs.length; index++) {
    const pair = pairs[index]!;
    if (isMergeKey(pair.key)) {
      visiting ??= new Set([map]);
      merged ??= [];
      for (const source of mergeSources(pair.value, doc)) merged.push(...collectEntries(source, doc, true, visiting));
      continue;
    }
    const key = keyText(pair.key);
    if (key === undefined || !isScalar(pair.key)) continue;
    let node: Node;
    let viaAlias = false;
    if (isAlias(pair.value)) {
      const resolved = resolveAlias(pair.value, doc);
      if (!resolved) continue;
      ({ node, viaAlias } = resolved);
    } else if (pair.value === null || pair.value === undefined) continue;
    else node = pair.value as Node;
    own.push({ key, keyNode: pair.key, pair: pair as Pair, node, shared: shared || viaAlias || isShared(node) });
  }
  visiting?.delete(map);
  if (!merged) return own;
  const seen = new Set(own.map((entry) => entry.key));
  for (const entry of merged) {
    if (seen.has(entry.key)) continue;
    seen.add(entry.key);
    own.push(entry);
  }
  return own;
}

function mergeSources(value: unknown, doc: Document.Parsed): YAMLMap[] {
  const resolved = resolveAlias(value, doc);
  if (!resolved) return [];
  if (isMap(resolved.node)) return [resolved.node];
  if (isSeq(resolved.node)) {
    return resolved.node.items.flatMap((item) => {
      const source = resolveAlias(item, doc);
      return source && isMap(source.node) ? [source.node] : [];
    });
  }
  return [];
}

export function findEntry(entries: readonly MapEntry[], key: string): MapEntry | undefined {
  // Asked for every key of every service by many rules, mostly before V8 optimises it: an indexed
  // loop allocates neither a closure nor an iterator.
  for (let index = 0; index < entries.length; index++) if (entries[index]!.key === key) return entries[index];
  return undefined;
}

/** The items of a sequence with aliases followed. */
export function seqItems(seq: YAMLSeq, doc: Document.Parsed, shared: boolean): YamlValue[] {
  const items: YamlValue[] = [];
  for (let index = 0; index < seq.items.length; index++) {
    const resolved = resolveAlias(seq.items[index], doc);
    if (resolved) items.push({ node: resolved.node, shared: shared || resolved.viaAlias || isShared(resolved.node) });
  }
  return items;
}

/**
 * The [start, end) of a node's value, without trailing comments or line breaks: a block
 * collection ends where its last item's value ends (yaml's own range runs to the next line).
 */
export function nodeRange(node: Node): Range {
  const written = representatives.get(node);
  if (written) return nodeRange(written);
  const range = node.range;
  if (!range) return [0, 0];
  if ((isMap(node) || isSeq(node)) && !node.flow && node.items.length > 0) {
    const last = node.items[node.items.length - 1];
    const lastNode = (isPair(last) ? (last.value ?? last.key) : last) as Node | null;
    if (lastNode && typeof lastNode === "object" && "range" in lastNode && lastNode.range) {
      return [range[0], Math.max(range[0], nodeRange(lastNode)[1])];
    }
  }
  return [range[0], range[1]];
}

/** A scalar's value as a string, or undefined for non-scalars and null. */
export function scalarString(node: Node): string | undefined {
  if (!isScalar(node) || node.value === null || node.value === undefined) return undefined;
  return typeof node.value === "symbol" ? undefined : String(node.value);
}

/**
 * The document as plain data, as yaml's `toJS` gives it (merge keys applied), for the schema
 * validator. Aliases resolve through the alias index, and an aliased value is converted once and
 * shared: no alias is expanded again, so a "billion laughs" costs what its text costs, and a
 * document with thousands of anchors and aliases stays linear (yaml's toJS scans every anchor for
 * every alias). An alias to a value that contains it gives null. `dropReset` leaves out each key
 * whose value is `!reset`, as Compose does before it validates a file (in a list, a `!reset` item
 * stays: dropping it would shift the positions that errors name).
 */
export function toPlainData(document: Document.Parsed, { dropReset = false } = {}): unknown {
  // Only what an alias points at is converted once and kept; other nodes are reached once anyway.
  const viaAlias = new Map<Node, unknown>();
  const inProgress = new Set<Node>();
  const convert = (value: unknown): unknown => {
    if (isAlias(value)) {
      // Most files have no alias: the document is indexed at the first one (later calls return at once).
      indexAliases(document);
      const target = aliasTargets.get(value);
      if (target === undefined || inProgress.has(target)) return null;
      if (!viaAlias.has(target)) viaAlias.set(target, convert(target));
      return viaAlias.get(target);
    }
    if (isScalar(value)) return value.value ?? null;
    if (!isNode(value)) return value ?? null;
    inProgress.add(value);
    let result: unknown;
    if (isSeq(value)) {
      result = value.items.map((item) => convert(item));
    } else if (isMap(value)) {
      const object: Record<string, unknown> = {};
      const merged: Record<string, unknown>[] = [];
      for (const pair of value.items) {
        const key = isScalar(pair.key) ? pair.key.value : convert(pair.key);
        if (isMergeKey(pair.key)) {
          const sources = convert(pair.value);
          for (const source of Array.isArray(sources) ? sources : [sources]) {
            if (source !== null && typeof source === "object" && !Array.isArray(source)) merged.push(source as Record<string, unknown>);
          }
          continue;
        }
        if (dropReset && isReset(pair.value)) continue;
        setKey(object, typeof key === "object" && key !== null ? JSON.stringify(key) : String(key), convert(pair.value));
      }
      // Keys written in the mapping win over merged ones; of merged ones, the first source wins.
      for (const source of merged) for (const [key, item] of Object.entries(source)) if (!Object.hasOwn(object, key)) setKey(object, key, item);
      result = object;
    } else {
      result = null;
    }
    inProgress.delete(value);
    return result;
  };
  return convert(document.contents);
}

/** `object[key] = value`, where a `__proto__` key is a key like any other, not the object's prototype. */
function setKey(object: Record<string, unknown>, key: string, value: unknown): void {
  if (key === "__proto__") Object.defineProperty(object, key, { value, enumerable: true, writable: true, configurable: true });
  else object[key] = value;
}

