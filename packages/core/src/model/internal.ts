import type { Node } from "yaml";
import type { ComposeModel, ServiceModel } from "./compose.js";
import { resolveInterpolation } from "./interpolation.js";

/**
 * Images that are almost never meant to face the internet (ports-spec §5), matched on the
 * repository's last path part (or last two, for names like `mssql/server`).
 */
export const INTERNAL_IMAGE_NAMES: readonly string[] = [
  "postgres", "postgresql", "postgis", "timescaledb", "timescaledb-ha",
  "mysql", "mysql-server", "mariadb", "percona", "percona-server",
  "mongo", "mongodb", "mongodb-community-server",
  "redis", "redis-stack", "redis-stack-server", "valkey", "keydb", "memcached",
  "elasticsearch", "opensearch", "rabbitmq", "kafka", "cp-kafka", "zookeeper", "cp-zookeeper",
  "cassandra", "scylla", "influxdb", "clickhouse", "clickhouse-server", "nats", "etcd", "couchdb", "neo4j",
  "mssql", "sql-server", "mssql/server", "oracle", "oracle-xe", "cockroach", "questdb",
];

/** Reverse proxies that are usually the stack's one public entry point. */
export const FRONT_DOOR_IMAGE_NAMES: readonly string[] = ["nginx", "traefik", "caddy", "haproxy", "envoy"];

export const FRONT_DOOR_PORTS: readonly number[] = [80, 443];

/** `docker.io/library/redis:7@sha256:…` → `redis`; `mcr.microsoft.com/mssql/server:2022` → `mssql/server`. */
export function imageNames(image: string): string[] {
  const resolved = resolveInterpolation(image).resolved.trim().toLowerCase();
  const withoutDigest = resolved.split("@")[0]!;
  const lastSlash = withoutDigest.lastIndexOf("/");
  const colon = withoutDigest.lastIndexOf(":");
  const repository = colon > lastSlash ? withoutDigest.slice(0, colon) : withoutDigest;
  const parts = repository.split("/");
  const names = [parts[parts.length - 1]!];
  if (parts.length >= 2) names.push(parts.slice(-2).join("/"));
  return names;
}

export function imageMatches(image: string | undefined, names: readonly string[]): boolean {
  if (image === undefined) return false;
  return imageNames(image).some((name) => names.includes(name));
}

export type ReferenceKind = "depends_on" | "links" | "environment";

export interface ServiceReference {
  /** The service that refers. */
  from: ServiceModel;
  kind: ReferenceKind;
  node: Node;
}

const HOST_VARIABLE = /(HOST|HOSTNAME|ADDR|ADDRESS|SERVER|SERVERS|URL|URI|DSN|ENDPOINT)$/i;

/** For every service, the other services that name it (depends_on, links, or host:port in env values). */
export function serviceReferences(model: ComposeModel): Map<string, ServiceReference[]> {
  const references = new Map<string, ServiceReference[]>();
  const names = new Set(model.services.map((service) => service.name));
  const add = (target: string, reference: ServiceReference) => {
    if (!names.has(target) || target === reference.from.name) return;
    const list = references.get(target) ?? [];
    list.push(reference);
    references.set(target, list);
  };
  for (const service of model.services) {
    for (const dependency of service.dependsOn) if (dependency.name !== undefined) add(dependency.name, { from: service, kind: "depends_on", node: dependency.node });
    for (const link of service.links) if (link.name !== undefined) add(link.name, { from: service, kind: "links", node: link.node });
    for (const variable of service.environment) {
      const { value, valueNode } = variable;
      if (value === undefined || !valueNode) continue;
      if (names.has(value)) {
        if (HOST_VARIABLE.test(variable.name)) add(value, { from: service, kind: "environment", node: valueNode });
        continue;
      }
      // Every host pattern has `:` and a digit, `//` or `@` after or before the name: most values have none.
      if (!HOST_MARK.test(value)) continue;
      // A host name is a whole run of name characters: only those runs can be services, so each
      // value is matched against the few names it contains, not against every service's name.
      for (const word of new Set(value.split(NOT_NAME_CHARACTERS))) {
        if (!names.has(word)) continue;
        if (hostPattern(word).test(value)) add(word, { from: service, kind: "environment", node: valueNode });
      }
    }
  }
  return references;
}

const NOT_NAME_CHARACTERS = /[^a-zA-Z0-9._-]+/;
const HOST_MARK = /:\d|\/\/|@/;

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
}

// Service names repeat from project to project (db, redis, app): each pattern is compiled once per
// process, up to a bound that a run over thousands of distinct names cannot outgrow.
const hostPatterns = new Map<string, RegExp>();
const MAX_HOST_PATTERNS = 1000;

/** `postgres://db:5432/app`, `db:5432`, `amqp://user@mq`; a bare `cache` is checked by variable name. */
function hostPattern(host: string): RegExp {
  let pattern = hostPatterns.get(host);
  if (!pattern) {
    const name = escapeRegExp(host);
    pattern = new RegExp(`(?:^|[/@,\\s=])${name}:\\d|(?://|@)${name}(?:[/:,?]|$)`);
    if (hostPatterns.size >= MAX_HOST_PATTERNS) hostPatterns.clear();
    hostPatterns.set(host, pattern);
  }
  return pattern;
}
