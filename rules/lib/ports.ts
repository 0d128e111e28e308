import { formatPortRange, type PortEntry, type ServiceModel } from "@compose-lint/core";

/** A service (and optionally some of its host ports) that is meant to be public. */
export interface AllowEntry {
  service: string;
  /** Host ports (or container ports, for entries with an ephemeral host port); all when omitted. */
  ports?: number[];
}

/**
 * How a port entry is named in messages: as written (short syntax), or in words from its fields
 * (long syntax): `host port 8080 → container port 80`, `container port 80 (on a host port Docker picks)`.
 */
export function describePort(port: PortEntry): string {
  if (port.syntax === "short") return `"${port.text ?? ""}"`;
  const spec = port.spec;
  if (!spec) return "a long-syntax port entry";
  const ports = (range: { start: number; end: number } | undefined, text: string) =>
    range && range.end > range.start ? `ports ${formatPortRange(range)}` : `port ${range ? formatPortRange(range) : text}`;
  const protocol = spec.protocol === "tcp" ? "" : `/${spec.protocol}`;
  const container = `container ${ports(spec.containerPorts, spec.containerPortText)}${protocol}`;
  return spec.hostPorts ? `host ${ports(spec.hostPorts, "")} → ${container}` : `${container} (on a host port Docker picks)`;
}

export function portMatchesAllowList(port: PortEntry, service: ServiceModel, allow: readonly AllowEntry[]): boolean {
  const range = port.spec?.hostPorts ?? port.spec?.containerPorts;
  return allow.some((entry) => {
    if (entry.service !== service.name) return false;
    if (!entry.ports) return true;
    return range !== undefined && entry.ports.some((allowed) => allowed >= range.start && allowed <= range.end);
  });
}

/**
 * The variable a short entry with no address starts with (`"${SMTP_PORT:-25}:25"`). Projects
 * document such variables as taking an address too (mailcow's `SMTP_PORT=11.22.33.44:25`, Sentry's
 * `SENTRY_BIND`), so what the entry binds to is decided where the variable is set: an address put
 * in front would make it invalid there, and moving it to `expose:` would undo a loopback binding.
 */
export function leadingVariable(port: PortEntry): string | undefined {
  if (port.syntax !== "short" || port.ipSlot?.kind !== "absent") return undefined;
  return /^\$\{?([A-Za-z_][A-Za-z0-9_]*)/.exec(port.text ?? "")?.[1];
}
