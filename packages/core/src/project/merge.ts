import { isMap, isScalar, isSeq, Pair, YAMLMap, YAMLSeq, type Document, type Node, type Scalar } from "yaml";
import { findEntry, isReset, mapEntries, markShared, scalarString, seqItems, setRepresentative, type MapEntry, type YamlValue } from "../yaml-nodes.js";

/**
 * Compose's merge of files (and of a service over the one it `extends`), on the entries of the
 * written documents: keys from one side only keep their own node, so findings and fixes land in
 * the file that wrote them; keys both sides set get a built node that stands for the earlier one.
 * https://docs.docker.com/reference/compose-file/merge/
 */
export function mergeEntryLists(base: readonly MapEntry[], override: readonly MapEntry[], path: readonly string[], document: Document.Parsed): MapEntry[] {
  const result = new Map<string, MapEntry>(base.map((entry) => [entry.key, entry]));
  for (const entry of override) {
    if (isReset(entry.node)) {
      result.delete(entry.key);
      continue;
    }
    const tag = entry.node.tag;
    const previous = result.get(entry.key);
    // `key:` with no value in a later file changes nothing, as in Compose's merge.
    if (previous && tag === undefined && isScalar(entry.node) && entry.node.value === null) continue;
    result.set(entry.key, !previous || tag === "!override" ? entry : mergeEntry(previous, entry, [...path, entry.key], document));
  }
  return [...result.values()];
}

function mergeEntry(base: MapEntry, override: MapEntry, path: readonly string[], document: Document.Parsed): MapEntry {
  if (isMap(base.node) && isMap(override.node)) {
    const merged = mergeEntryLists(mapEntries(base.node, document, base.shared), mapEntries(override.node, document, override.shared), path, document);
    return builtEntry(base, buildMap(merged, base.node));
  }
  if (isSeq(base.node) && isSeq(override.node)) {
    if (isReplacedSequence(path)) return override;
    const merged = mergeSequences(seqItems(base.node, document, base.shared), seqItems(override.node, document, override.shared), uniqueKeyOf(path, document));
    return builtEntry(base, buildSeq(merged, base.node));
  }
  // Scalars, and list/mapping forms of the same key: the later file's value wins.
  return override;
}

function builtEntry(base: MapEntry, node: Node): MapEntry {
  return { key: base.key, keyNode: base.keyNode, pair: new Pair(base.keyNode, node) as Pair, node, shared: false };
}

/** A mapping built from entries of written documents; it reports as `representative`. */
export function buildMap(entries: readonly MapEntry[], representative: Node): YAMLMap {
  const map = new YAMLMap();
  for (const entry of entries) {
    if (entry.shared) markShared(entry.node);
    map.items.push(new Pair(entry.keyNode, entry.node) as Pair<unknown, unknown>);
  }
  setRepresentative(map, representative);
  return map;
}

function buildSeq(items: readonly YamlValue[], representative: Node): YAMLSeq {
  const seq = new YAMLSeq();
  for (const item of items) {
    if (item.shared) markShared(item.node);
    seq.items.push(item.node);
  }
  setRepresentative(seq, representative);
  return seq;
}

/** `command`, `entrypoint` and `healthcheck.test` are replaced, not appended. */
function isReplacedSequence(path: readonly string[]): boolean {
  if (path[0] !== "services") return false;
  const key = path.slice(2).join(".");
  return key === "command" || key === "entrypoint" || key === "healthcheck.test";
}

type UniqueKey = (item: YamlValue) => string | undefined;

/** Appends the override's items; one whose unique key matches an earlier item replaces it. */
function mergeSequences(base: readonly YamlValue[], override: readonly YamlValue[], keyOf: UniqueKey): YamlValue[] {
  const result = [...base];
  for (const item of override) {
    const key = keyOf(item);
    const index = key === undefined ? -1 : result.findIndex((candidate) => keyOf(candidate) === key);
    if (index === -1) result.push(item);
    else result[index] = item;
  }
  return result;
}

/** The unique keys the Compose specification gives list items (ports, volumes, secrets, ...). */
function uniqueKeyOf(path: readonly string[], document: Document.Parsed): UniqueKey {
  const field = (item: YamlValue, name: string) =>
    isMap(item.node) ? scalarString(findEntry(mapEntries(item.node, document, item.shared), name)?.node ?? item.node) : undefined;
  const key = path[0] === "services" ? path.slice(2).join(".") : "";
  switch (key) {
    case "ports":
      return (item) =>
        isMap(item.node)
          ? `${field(item, "host_ip") ?? ""}:${field(item, "published") ?? ""}:${field(item, "target") ?? ""}/${field(item, "protocol") ?? "tcp"}`
          : scalarString(item.node);
    case "volumes":
      // `source:target[:mode]`, or a bare `target` (an anonymous volume).
      return (item) => {
        if (isMap(item.node)) return field(item, "target");
        const parts = scalarString(item.node)?.split(":");
        return parts && (parts.length === 1 ? parts[0] : parts[1]);
      };
    case "secrets":
    case "configs":
      return (item) => (isMap(item.node) ? (field(item, "target") ?? field(item, "source")) : scalarString(item.node));
    case "environment":
    case "labels":
    case "annotations":
    case "sysctls":
    case "build.args":
    case "build.labels":
    case "deploy.labels":
      return (item) => scalarString(item.node)?.split("=")[0];
    case "extra_hosts":
      return (item) => scalarString(item.node)?.split(/[=:]/)[0];
    default:
      // Plain lists (dns, cap_add, expose, ...) are appended; an item written twice is kept once.
      return (item) => (isScalar(item.node) ? scalarString(item.node as Scalar) : undefined);
  }
}
