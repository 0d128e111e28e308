import { formatPortRange, type PortEntry, type ServiceModel } from "@compose-lint/core";

/** A service (and optionally some of its host ports) that is meant to be public. */
export interface AllowEntry {
  service: string;
  /** Host ports (or container ports, for entries with an ephemeral host port); all when omitted. */
  ports?: number[];
}

/** How a port entry is named in messages: as written (short) or by its fields (long). */
export function describePort(port: PortEntry): string {
  if (port.syntax === "short") return `"${port.text ?? ""}"`;
  const spec = port.spec;
  if (!spec) return "a port mapping";
  const target = spec.containerPorts ? formatPortRange(spec.containerPorts) : spec.containerPortText;
  const protocol = spec.protocol === "tcp" ? "" : `/${spec.protocol}`;
  return spec.hostPorts ? `published ${formatPortRange(spec.hostPorts)} → ${target}${protocol}` : `target ${target}${protocol}`;
}

export function portMatchesAllowList(port: PortEntry, service: ServiceModel, allow: readonly AllowEntry[]): boolean {
  const range = port.spec?.hostPorts ?? port.spec?.containerPorts;
  return allow.some((entry) => {
    if (entry.service !== service.name) return false;
    if (!entry.ports) return true;
    return range !== undefined && entry.ports.some((allowed) => allowed >= range.start && allowed <= range.end);
  });
}
