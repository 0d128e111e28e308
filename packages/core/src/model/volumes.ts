import { isMap, isScalar, type Document, type Node } from "yaml";
import { findEntry, mapEntries, scalarString, type MapEntry, type YamlValue } from "../yaml-nodes.js";
import { interpolatedName, resolveInterpolation, type Environment } from "./interpolation.js";
import { readBoolean } from "./values.js";

export type MountType = "bind" | "volume" | "tmpfs" | "npipe" | "cluster" | "image";

/** A `volumes:` entry of a service, short (`src:dst:ro`) or long syntax. */
export interface VolumeMount extends YamlValue {
  syntax: "short" | "long";
  type: MountType;
  /** Long syntax: whether `type` is written (Compose refuses a long-syntax mount without it). */
  typeWritten?: boolean;
  /** Host path (bind), volume name (volume), undefined for anonymous volumes and tmpfs. */
  source?: string;
  /** The node holding the source: the whole short entry, or the long syntax's `source` value. */
  sourceNode?: Node;
  /** `source` as Compose reads it once interpolated; undefined without one, or when a variable that nothing sets decides it. */
  sourceName?: string;
  target?: string;
  readOnly: boolean;
  /** Bind propagation (`shared`, `rshared`, ...), from the short mode or `bind.propagation`. */
  propagation?: string;
  fields?: MapEntry[];
}

const PROPAGATIONS = new Set(["shared", "rshared", "slave", "rslave", "private", "rprivate"]);

/**
 * Whether a short-syntax source is a host path rather than a volume name, by Compose's rule: it
 * starts with `.` (`.env` too), `/`, `~`, a backslash or a drive letter. A source that still starts
 * with `$` (a variable that nothing sets) is taken for a path.
 */
export function isHostPath(source: string): boolean {
  return /^([./~\\$]|[A-Za-z]:)/.test(source);
}

/**
 * A long-syntax mount with a host path as `source` but no `type`: Compose takes the type to be
 * `volume` and refuses the file, yet a bind is what was meant (a `${VAR}` source could be either).
 */
export function isUntypedBind(volume: VolumeMount): volume is VolumeMount & { source: string } {
  return volume.syntax === "long" && !volume.typeWritten && volume.source !== undefined && !volume.source.startsWith("$") && isHostPath(volume.source);
}

/**
 * Host paths as the engine resolves them before mounting: interpolation defaults applied, `.` and
 * `..` segments and repeated or trailing slashes folded (`/dev/./shm`, `//dev/shm/`, `/etc/..` is
 * `/`). A leading `~` or `$HOME` is kept as the home folder; a relative path stays relative.
 */
export function normaliseHostPath(source: string): string {
  const resolved = resolveInterpolation(source).resolved.trim();
  const home = /^(~|\$HOME|\$\{HOME\})(?=\/|$)/.exec(source.trim())?.[1];
  const rest = home ? source.trim().slice(home.length) : resolved;
  if (home) return `${home === "~" ? "~" : "$HOME"}${rest === "" || rest === "/" ? "" : foldPath(`/${rest}`)}`;
  if (!rest.startsWith("/")) return rest.replace(/\/+$/, "").replace(/\/{2,}/g, "/");
  return foldPath(rest);
}

/** `/a/./b/../c//` is `/c`... folded as POSIX does; `..` at the root stays at the root. (No node:path: the model also runs in browsers.) */
function foldPath(absolute: string): string {
  const segments: string[] = [];
  for (const segment of absolute.split("/")) {
    if (segment === "" || segment === ".") continue;
    if (segment === "..") segments.pop();
    else segments.push(segment);
  }
  return `/${segments.join("/")}`;
}

/** A mount of `volumes:`; `environment` interpolates its source (a short-syntax source before its type is read, as Compose does). */
export function parseVolume(item: YamlValue, document: Document.Parsed, environment?: Environment): VolumeMount | undefined {
  const { node, shared } = item;
  if (isScalar(node)) {
    const text = scalarString(node);
    if (text === undefined) return undefined;
    const parts = splitShortVolume(text);
    if (parts.length === 1) return { node, shared, syntax: "short", type: "volume", target: parts[0], readOnly: false };
    const [source, target, mode = ""] = parts;
    const modes = mode.split(",");
    const sourceName = interpolatedName(source!, environment);
    const type: MountType = isHostPath(sourceName ?? source!) ? "bind" : "volume";
    return {
      node,
      shared,
      syntax: "short",
      type,
      source,
      sourceNode: node,
      sourceName,
      target,
      readOnly: modes.includes("ro"),
      propagation: modes.find((candidate) => PROPAGATIONS.has(candidate)),
    };
  }
  if (!isMap(node)) return undefined;
  const fields = mapEntries(node, document, item.shared);
  const text = (key: string) => {
    const entry = findEntry(fields, key);
    return entry ? scalarString(entry.node) : undefined;
  };
  const sourceEntry = findEntry(fields, "source");
  const bind = findEntry(fields, "bind");
  const bindFields = bind && isMap(bind.node) ? mapEntries(bind.node, document, bind.shared) : [];
  const propagationEntry = findEntry(bindFields, "propagation");
  const readOnly = findEntry(fields, "read_only");
  const source = text("source");
  return {
    node,
    shared,
    syntax: "long",
    type: (text("type") ?? "volume") as MountType,
    typeWritten: text("type") !== undefined,
    source,
    sourceNode: sourceEntry?.node,
    sourceName: source === undefined ? undefined : interpolatedName(source, environment),
    target: text("target"),
    readOnly: readOnly !== undefined && readBoolean(readOnly.node) === true,
    propagation: propagationEntry ? scalarString(propagationEntry.node) : undefined,
    fields,
  };
}

/**
 * Splits `src:dst:mode` at the colons outside `${...}` (`${DATA:-./data}:/data` has two parts), keeping
 * a Windows drive letter (`C:\data:/data`) with its path.
 */
function splitShortVolume(text: string): string[] {
  const parts: string[] = [];
  let depth = 0;
  let start = 0;
  for (let index = 0; index < text.length; index++) {
    const char = text[index];
    if (char === "$" && text[index + 1] === "{") {
      depth++;
      index++;
    } else if (char === "}" && depth > 0) depth--;
    else if (char === ":" && depth === 0) {
      parts.push(text.slice(start, index));
      start = index + 1;
    }
  }
  parts.push(text.slice(start));
  if (parts.length >= 2 && /^[A-Za-z]$/.test(parts[0]!) && /^[/\\]/.test(parts[1]!)) {
    parts.splice(0, 2, `${parts[0]}:${parts[1]}`);
  }
  return parts;
}
