import { isMap, isScalar, isSeq, type Document, type Node, type YAMLMap } from "yaml";
import { findEntry, mapEntries, representativeNode, scalarString, seqItems, type MapEntry, type YamlValue } from "../yaml-nodes.js";
import { interpolatedName, resolveInterpolation, type Environment } from "./interpolation.js";
import { parseLongPort, parseShortPort, type PortSpec, type ShortSyntaxIpSlot } from "./ports.js";
import { readBoolean } from "./values.js";
import { parseVolume, type VolumeMount } from "./volumes.js";

/** A string value of the model with the node it was read from. */
export interface ModelString extends YamlValue {
  value: string;
}

/** A name that refers to a service, network, secret or config, as written and as Compose reads it. */
export interface ModelReference extends ModelString {
  /**
   * The name Compose looks up: a value interpolated (`${DB_HOST:-postgres}` is postgres), a mapping
   * key as written (Compose interpolates values, never keys). Undefined when a variable that
   * nothing sets decides it.
   */
  name: string | undefined;
}

export interface PortEntry extends YamlValue {
  syntax: "short" | "long";
  /** Short syntax: the entry as written (an integer is its decimal text). */
  text?: string;
  spec?: PortSpec;
  /** Why Compose would reject the entry. */
  error?: string;
  /** Short syntax: where the host IP sits in `text`. */
  ipSlot?: ShortSyntaxIpSlot;
  /** Long syntax: the mapping's entries. */
  fields?: MapEntry[];
}

export interface ExposeEntry extends YamlValue {
  text: string;
}

export interface EnvironmentVariable extends YamlValue {
  name: string;
  /** Undefined for `KEY` alone (taken from the shell) or `KEY:` with no value. */
  value?: string;
  /** The node holding the value: the map value, or the whole `KEY=value` list item. */
  valueNode?: Node;
}

/** A network named in a service's `networks` (list item or mapping key). */
export type ServiceNetworkRef = ModelReference;

export interface ServiceModel {
  name: string;
  /** The service's key in `services:`. */
  key: MapEntry;
  /**
   * The service mapping as written (in a project, in the file that declares the service), for
   * fixes that add a key; undefined when the service is not a mapping. Read keys from `entries`.
   */
  map?: YAMLMap;
  /** Every key of the service as Compose reads it, merge keys followed. */
  entries: MapEntry[];
  image?: ModelString;
  ports: PortEntry[];
  portsEntry?: MapEntry;
  expose: ExposeEntry[];
  exposeEntry?: MapEntry;
  /** Networks named by the service; empty when it names none (it then joins `default`). */
  networks: ServiceNetworkRef[];
  /** `network_mode`; its `name` is what Compose reads (`${MODE:-host}` is host). */
  networkMode?: ModelReference;
  dependsOn: ModelReference[];
  /** The services `links` names (`db:database` names db). */
  links: ModelReference[];
  environment: EnvironmentVariable[];
  volumes: VolumeMount[];
  /** Names of the top-level secrets / configs the service uses (short syntax or `source:`). */
  secrets: ModelReference[];
  configs: ModelReference[];
}

export interface NetworkModel {
  name: string;
  key: MapEntry;
  driver?: ModelString;
  internal: boolean;
  external: boolean;
  driverOpts: Map<string, ModelString>;
}

export interface ComposeModel {
  document: Document.Parsed;
  root: YAMLMap;
  rootEntries: MapEntry[];
  services: ServiceModel[];
  networks: Map<string, NetworkModel>;
  /** Top-level `volumes`, `secrets` and `configs` definitions, by name. */
  volumes: Map<string, MapEntry>;
  secrets: Map<string, MapEntry>;
  configs: Map<string, MapEntry>;
  /** The variables that interpolate the file a node is written in, when they are known. */
  environmentFor?: (node: Node) => Environment | undefined;
}

export interface ModelOptions {
  /** The variables that interpolate the file a node is written in (a project's `.env`, the shell). */
  environmentFor?: (node: Node) => Environment | undefined;
}

export function buildComposeModel(document: Document.Parsed, options: ModelOptions = {}): ComposeModel | undefined {
  const root = document.contents;
  if (!isMap(root)) return undefined;
  return buildModelFromEntries(document, root, mapEntries(root, document), options);
}

/**
 * The model of top-level entries that may come from several files (a project's merge); `root`
 * and `document` are those of the first file, where project-wide keys such as `name` go.
 */
export function buildModelFromEntries(document: Document.Parsed, root: YAMLMap, rootEntries: MapEntry[], options: ModelOptions = {}): ComposeModel {
  const servicesEntry = findEntry(rootEntries, "services");
  const services: ServiceModel[] = [];
  if (servicesEntry && isMap(servicesEntry.node)) {
    for (const key of mapEntries(servicesEntry.node, document, servicesEntry.shared)) {
      services.push(buildService(key, document, options));
    }
  }
  const networks = new Map<string, NetworkModel>();
  const networksEntry = findEntry(rootEntries, "networks");
  if (networksEntry && isMap(networksEntry.node)) {
    for (const key of mapEntries(networksEntry.node, document, networksEntry.shared)) {
      networks.set(key.key, buildNetwork(key, document, options));
    }
  }
  const definitions = (key: string) => {
    const entry = findEntry(rootEntries, key);
    const map = new Map<string, MapEntry>();
    if (entry && isMap(entry.node)) for (const item of mapEntries(entry.node, document, entry.shared)) map.set(item.key, item);
    return map;
  };
  return {
    document,
    root,
    rootEntries,
    services,
    networks,
    volumes: definitions("volumes"),
    secrets: definitions("secrets"),
    configs: definitions("configs"),
    ...(options.environmentFor ? { environmentFor: options.environmentFor } : {}),
  };
}

function buildService(key: MapEntry, document: Document.Parsed, options: ModelOptions): ServiceModel {
  const entries = isMap(key.node) ? mapEntries(key.node, document, key.shared) : [];
  // A service merged from several files (or extends) is edited where it is declared.
  const written = isMap(key.node) ? representativeNode(key.node) : undefined;
  const map = written && isMap(written) ? written : undefined;
  const get = (name: string) => findEntry(entries, name);
  const portsEntry = get("ports");
  const exposeEntry = get("expose");
  return {
    name: key.key,
    key,
    map,
    entries,
    image: stringOf(get("image")),
    ports: listOf(portsEntry, document).map((item) => buildPort(item, document, options.environmentFor?.(item.node))),
    portsEntry,
    expose: listOf(exposeEntry, document).flatMap((item) => {
      const text = scalarString(item.node);
      return text === undefined ? [] : [{ node: item.node, shared: item.shared, text }];
    }),
    exposeEntry,
    networks: namesOf(get("networks"), document, options),
    networkMode: referenceOf(get("network_mode"), options),
    dependsOn: namesOf(get("depends_on"), document, options),
    // `SERVICE:ALIAS`; the alias is split off after interpolation, as Compose does.
    links: namesOf(get("links"), document, options).map((link) => ({ ...link, value: link.value.includes("$") ? link.value : link.value.split(":")[0]!, name: link.name?.split(":")[0] })),
    environment: environmentOf(get("environment"), document),
    volumes: listOf(get("volumes"), document).flatMap((item) => parseVolume(item, document, options.environmentFor?.(item.node)) ?? []),
    secrets: sourcesOf(get("secrets"), document, options),
    configs: sourcesOf(get("configs"), document, options),
  };
}

/** `secrets: [a]` or `secrets: [{source: a, target: ...}]`. */
export function sourcesOfEntry(entry: MapEntry | undefined, document: Document.Parsed, options: ModelOptions = {}): ModelReference[] {
  return sourcesOf(entry, document, options);
}

function sourcesOf(entry: MapEntry | undefined, document: Document.Parsed, options: ModelOptions): ModelReference[] {
  return listOf(entry, document).flatMap((item) => {
    const held = isMap(item.node) ? findEntry(mapEntries(item.node, document, item.shared), "source") : item;
    const value = held ? scalarString(held.node) : undefined;
    return held && value !== undefined ? [{ node: held.node, shared: held.shared, value, name: interpolatedName(value, options.environmentFor?.(held.node)) }] : [];
  });
}

/** A service key's entry, merge keys followed. */
export function serviceEntry(service: ServiceModel, key: string): MapEntry | undefined {
  return findEntry(service.entries, key);
}

/** The scalar items of a list-valued key (`cap_add`, `security_opt`, `devices`, ...). */
export function stringList(entry: MapEntry | undefined, document: Document.Parsed): ModelString[] {
  return listOf(entry, document).flatMap((item) => {
    const value = scalarString(item.node);
    return value === undefined ? [] : [{ node: item.node, shared: item.shared, value }];
  });
}

/** The profiles a service belongs to; none means it always runs. */
export function serviceProfiles(service: ServiceModel, document: Document.Parsed): string[] {
  return stringList(serviceEntry(service, "profiles"), document).map((profile) => profile.value);
}

/**
 * A boolean key as Compose reads it: `true`, `"TRUE"`, `yes`, `${FLAG:-true}` are true. Undefined
 * when the key is absent, not a scalar, not a boolean Compose accepts, or depends on a variable
 * nobody sets.
 */
export function entryBoolean(entry: YamlValue | undefined, model?: Pick<ComposeModel, "environmentFor">): boolean | undefined {
  return entry ? readBoolean(entry.node, model?.environmentFor?.(entry.node)) : undefined;
}

/**
 * The host path a mount reaches: a bind's source, or the folder that a named volume of the local
 * driver binds (`driver_opts: {type: none, o: bind, device: /srv/data}`), with that volume's name.
 */
export function mountedHostPath(volume: VolumeMount, model: ComposeModel): { path: string; volume?: string } | undefined {
  if (!volume.source) return undefined;
  if (volume.type === "bind") return { path: volume.source };
  if (volume.type !== "volume") return undefined;
  const definition = model.volumes.get(volume.source);
  if (!definition || !isMap(definition.node)) return undefined;
  const fields = mapEntries(definition.node, model.document, definition.shared);
  const text = (entry: MapEntry | undefined) => {
    const value = entry ? scalarString(entry.node) : undefined;
    return value === undefined ? undefined : resolveInterpolation(value, model.environmentFor?.(entry!.node)).resolved;
  };
  const driver = text(findEntry(fields, "driver")) ?? "local";
  const optionsEntry = findEntry(fields, "driver_opts");
  if (driver !== "local" || !optionsEntry || !isMap(optionsEntry.node)) return undefined;
  const options = mapEntries(optionsEntry.node, model.document, optionsEntry.shared);
  const mountOptions = (text(findEntry(options, "o")) ?? "").split(",").map((option) => option.trim());
  const device = text(findEntry(options, "device"));
  if (!device || !mountOptions.some((option) => option === "bind" || option === "rbind")) return undefined;
  return { path: device, volume: volume.source };
}

/** The host path for messages: `/etc`, or `/etc (through the volume "data", whose driver_opts bind it)`. */
export function describeMountedHostPath(host: { path: string; volume?: string }): string {
  return host.volume ? `${host.path} (through the volume "${host.volume}", whose driver_opts bind it)` : host.path;
}

/** A scalar value of a key as a string (`privileged: true` gives "true"). */
export function entryString(entry: MapEntry | undefined): ModelString | undefined {
  return stringOf(entry);
}

function buildPort(item: YamlValue, document: Document.Parsed, environment: Environment | undefined): PortEntry {
  const { node, shared } = item;
  // Fields written out: `{ ...item, more }` takes V8's slow path on Node 20, about a microsecond per entry.
  if (isScalar(node)) {
    const value = node.value;
    if (typeof value === "number") {
      if (!Number.isInteger(value)) return { node, shared, syntax: "short", text: String(value), error: "a port number must be an integer" };
      const text = String(value);
      const parsed = parseShortPort(text, environment);
      return parsed.ok
        ? { node, shared, syntax: "short", text, spec: parsed.spec, ipSlot: parsed.ipSlot }
        : { node, shared, syntax: "short", text, error: parsed.error };
    }
    if (typeof value === "string") {
      const parsed = parseShortPort(value, environment);
      return parsed.ok
        ? { node, shared, syntax: "short", text: value, spec: parsed.spec, ipSlot: parsed.ipSlot }
        : { node, shared, syntax: "short", text: value, error: parsed.error };
    }
    return { node, shared, syntax: "short", text: String(value), error: "a port entry must be a string, a number or a mapping" };
  }
  if (isMap(node)) {
    const fields = mapEntries(node, document, item.shared);
    const valueOf = (name: string) => {
      const field = findEntry(fields, name);
      return field && isScalar(field.node) ? field.node.value : undefined;
    };
    const parsed = parseLongPort({
      target: valueOf("target"),
      published: valueOf("published"),
      host_ip: valueOf("host_ip"),
      protocol: valueOf("protocol"),
    }, environment);
    return parsed.ok ? { node, shared, syntax: "long", fields, spec: parsed.spec } : { node, shared, syntax: "long", fields, error: parsed.error };
  }
  return { node, shared, syntax: "short", error: "a port entry must be a string, a number or a mapping" };
}

function buildNetwork(key: MapEntry, document: Document.Parsed, options: ModelOptions): NetworkModel {
  const entries = isMap(key.node) ? mapEntries(key.node, document, key.shared) : [];
  const get = (name: string) => findEntry(entries, name);
  const driverOpts = new Map<string, ModelString>();
  const optsEntry = get("driver_opts");
  if (optsEntry && isMap(optsEntry.node)) {
    for (const option of mapEntries(optsEntry.node, document, optsEntry.shared)) {
      const value = stringOf(option);
      if (value) driverOpts.set(option.key, value);
    }
  }
  // `external: {name: ...}` (the old form) is external too.
  const truthy = (name: string) => {
    const entry = get(name);
    return entry !== undefined && (isMap(entry.node) || entryBoolean(entry, options) === true);
  };
  return { name: key.key, key, driver: stringOf(get("driver")), internal: truthy("internal"), external: truthy("external"), driverOpts };
}

/** A scalar value as a reference: its name is the value interpolated. */
export function referenceOf(entry: YamlValue | undefined, options: ModelOptions): ModelReference | undefined {
  const written = stringOf(entry);
  return written && { ...written, name: interpolatedName(written.value, options.environmentFor?.(written.node)) };
}

function stringOf(entry: YamlValue | undefined): ModelString | undefined {
  if (!entry) return undefined;
  const value = scalarString(entry.node);
  return value === undefined ? undefined : { node: entry.node, shared: entry.shared, value };
}

function listOf(entry: MapEntry | undefined, document: Document.Parsed): YamlValue[] {
  if (!entry || !isSeq(entry.node)) return [];
  return seqItems(entry.node, document, entry.shared);
}

/** Names from either a list (`[a, b]`) or a mapping whose keys are the names (`{a: {...}}`). */
function namesOf(entry: MapEntry | undefined, document: Document.Parsed, options: ModelOptions): ModelReference[] {
  if (!entry) return [];
  if (isSeq(entry.node)) {
    return seqItems(entry.node, document, entry.shared).flatMap((item) => {
      const value = scalarString(item.node);
      return value === undefined ? [] : [{ node: item.node, shared: item.shared, value, name: interpolatedName(value, options.environmentFor?.(item.node)) }];
    });
  }
  if (isMap(entry.node)) {
    return mapEntries(entry.node, document, entry.shared).map((item) => ({ node: item.keyNode, shared: item.shared, value: item.key, name: item.key }));
  }
  return [];
}

function environmentOf(entry: MapEntry | undefined, document: Document.Parsed): EnvironmentVariable[] {
  if (!entry) return [];
  if (isMap(entry.node)) {
    return mapEntries(entry.node, document, entry.shared).map((item) => ({
      node: item.keyNode,
      shared: item.shared,
      name: item.key,
      value: scalarString(item.node),
      valueNode: item.node,
    }));
  }
  if (isSeq(entry.node)) {
    return seqItems(entry.node, document, entry.shared).flatMap((item) => {
      const text = scalarString(item.node);
      if (text === undefined) return [];
      const equals = text.indexOf("=");
      return equals === -1
        ? [{ node: item.node, shared: item.shared, name: text }]
        : [{ node: item.node, shared: item.shared, name: text.slice(0, equals), value: text.slice(equals + 1), valueNode: item.node }];
    });
  }
  return [];
}

/** A variant's file name: `compose` or `docker-compose`, the variant's dotted parts, the extension. */
export const VARIANT_FILE_NAME = /^((?:docker-)?compose)\.(.+)\.(ya?ml)$/i;

/**
 * An override or variant file (`compose.override.yaml`, `docker-compose.prod.yml`,
 * `docker-compose.override.dev.yml`) is merged over a base file, so what it refers to may be
 * defined there: single-file checks of references skip it.
 */
export function isPartialComposeFile(filename: string): boolean {
  // Asked for every file, with either separator: the name after the last one.
  const base = filename.slice(Math.max(filename.lastIndexOf("/"), filename.lastIndexOf("\\")) + 1);
  return VARIANT_FILE_NAME.test(base);
}
