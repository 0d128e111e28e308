import { parseHostAddress, type HostAddress } from "./address.js";
import { isUnresolved, originAt, resolveInterpolation, shownAsWritten, type Environment, type Interpolation, type ResolvedText } from "./interpolation.js";

/** Inclusive port range; a single port has start === end. */
export interface PortRange {
  start: number;
  end: number;
}

/**
 * The host IP part of a port entry, after interpolation defaults are applied.
 * `address` is undefined when the entry names no IP (Docker then binds every interface).
 */
export interface HostIpSpec {
  written: string;
  address?: HostAddress;
  /** Set when the IP is `${VAR}` with no default: it is empty (all interfaces) unless VAR is set. */
  unresolvedVariable?: Interpolation;
  /** Set when the IP is `${VAR:-default}`: the default decides, and a fix edits the default. */
  defaultedVariable?: Interpolation;
  /** Set when the IP is a variable that the project's environment (`.env`, the shell) sets: the fix is there. */
  environmentVariable?: Interpolation;
}

export interface PortSpec {
  hostIp: HostIpSpec;
  /** Undefined: Docker picks an ephemeral host port. */
  hostPorts?: PortRange;
  /** Undefined only when the container port comes from a variable without a default. */
  containerPorts?: PortRange;
  /** The container port as written (after defaults), e.g. `8000-8010` or `${APP_PORT:-80}`. */
  containerPortText: string;
  protocol: string;
  /** Interpolation left a part unknown (a variable without default outside the IP). */
  hasUnresolvedParts: boolean;
  /** The container port is (partly) written as a variable. */
  containerPortInterpolated: boolean;
}

/** Where the IP field sits in a short-syntax string, for fixes that must not rewrite the rest. */
export type ShortSyntaxIpSlot =
  | { kind: "absent"; fieldCount: 1 | 2 }
  | { kind: "field"; span: [number, number] }
  | { kind: "variable"; expression: Interpolation }
  | { kind: "opaque" };

export type ShortPortParse =
  | { ok: true; spec: PortSpec; ipSlot: ShortSyntaxIpSlot }
  | { ok: false; error: string };

const PROTOCOLS = new Set(["tcp", "udp", "sctp"]);

/** Parses a short-syntax entry the way Compose's port-spec parser does, interpolation defaults applied. */
export function parseShortPort(text: string, environment?: Environment): ShortPortParse {
  const resolved = resolveInterpolation(text, environment);
  const value = resolved.resolved;
  const slash = value.lastIndexOf("/");
  const protocol = slash === -1 ? "tcp" : value.slice(slash + 1).toLowerCase();
  const portPart = slash === -1 ? value : value.slice(0, slash);
  // Messages show what the environment supplied as `${NAME}` (shownAsWritten): its value may be a secret.
  if (!PROTOCOLS.has(protocol)) return { ok: false, error: `invalid protocol "${shownAsWritten(resolved, slash + 1, value.length)}"` };

  const parts = portPart.split(":");
  const containerText = parts[parts.length - 1]!;
  const containerStart = portPart.length - containerText.length;
  // Where the container field starts in the original text: after the separator before it, if literal.
  const containerOriginStart = containerStart === 0 ? 0 : (originAt(resolved, containerStart - 1) ?? -2) + 1;
  const hostPortText = parts.length >= 2 ? parts[parts.length - 2]! : "";
  const ipText = parts.length >= 3 ? parts.slice(0, parts.length - 2).join(":") : "";
  const ipExpression = expressionCoveringIp(resolved, ipText);
  const hasUnresolvedParts = resolved.expressions.some(
    (expression) => expression !== ipExpression && isUnresolved(expression),
  );

  // Checked in Compose's order: IP, container port, host port. The IP is parsed once, for both.
  const address = ipText === "" ? undefined : parseHostAddress(ipText);
  if (ipText !== "" && !address) return { ok: false, error: `invalid host IP "${shownAsWritten(resolved, 0, ipText.length)}"` };
  const shortSpec = (host: PortRange | undefined, container: PortRange | undefined): PortSpec => ({
    hostIp: hostIpOf(resolved, ipText, address),
    hostPorts: host,
    containerPorts: container,
    containerPortText: containerText,
    protocol,
    hasUnresolvedParts,
    containerPortInterpolated: resolved.expressions.some((expression) => expression.resolvedEnd > containerStart || expression.span[1] > containerOriginStart),
  });
  const containerPorts = parsePortRange(containerText);
  if (!containerPorts.ok) {
    if (containerText === "" && hasUnresolvedParts) {
      return { ok: true, spec: shortSpec(undefined, undefined), ipSlot: ipSlotOf(resolved, parts.length, ipText) };
    }
    return { ok: false, error: `invalid container port "${shownAsWritten(resolved, containerStart, portPart.length)}"${containerPorts.reason}` };
  }
  let hostPorts: PortRange | undefined;
  if (hostPortText !== "") {
    const parsedHost = parsePortRange(hostPortText);
    const hostPortStart = containerStart - 1 - hostPortText.length;
    if (!parsedHost.ok) return { ok: false, error: `invalid host port "${shownAsWritten(resolved, hostPortStart, hostPortStart + hostPortText.length)}"${parsedHost.reason}` };
    hostPorts = parsedHost.range;
    const containerSize = containerPorts.range.end - containerPorts.range.start;
    const hostSize = hostPorts.end - hostPorts.start;
    if (containerSize !== 0 && containerSize !== hostSize) {
      return {
        ok: false,
        error: `host range ${shownAsWritten(resolved, hostPortStart, hostPortStart + hostPortText.length)} and container range ${shownAsWritten(resolved, containerStart, portPart.length)} differ in size`,
      };
    }
  }
  return { ok: true, spec: shortSpec(hostPorts, containerPorts.range), ipSlot: ipSlotOf(resolved, parts.length, ipText) };
}

function hostIpOf(resolved: ResolvedText, ipText: string, address: HostAddress | undefined): HostIpSpec {
  const whole = expressionCoveringIp(resolved, ipText);
  if (whole?.fromEnvironment) return { written: ipText, address, environmentVariable: whole };
  if (whole && isUnresolved(whole)) return { written: ipText, address, unresolvedVariable: whole };
  if (whole) return { written: ipText, address, defaultedVariable: whole };
  return { written: ipText, address };
}

/** The expression that makes up the whole IP field, as in `${BIND:-127.0.0.1}:80:80`. */
function expressionCoveringIp(resolved: ResolvedText, ipText: string) {
  const first = resolved.expressions[0];
  if (!first || first.span[0] !== 0 || first.resolvedStart !== 0 || first.resolvedEnd !== ipText.length) return undefined;
  // The IP field ends right after the expression: the next character is the literal separator.
  const separatorOrigin = originAt(resolved, ipText.length);
  return separatorOrigin === first.span[1] ? first : undefined;
}

function ipSlotOf(resolved: ResolvedText, fieldCount: number, ipText: string): ShortSyntaxIpSlot {
  if (fieldCount === 1 || fieldCount === 2) {
    // A prefix goes in front of the whole entry; unsafe when a default hides a separator.
    const hidesSeparator = resolved.expressions.some((expression) =>
      resolved.resolved.slice(expression.resolvedStart, expression.resolvedEnd).includes(":"),
    );
    return hidesSeparator ? { kind: "opaque" } : { kind: "absent", fieldCount };
  }
  const expression = expressionCoveringIp(resolved, ipText);
  // A value from the environment is changed where it is set, not in the compose file.
  if (expression) return expression.fromEnvironment ? { kind: "opaque" } : { kind: "variable", expression };
  const separator = originAt(resolved, ipText.length);
  if (separator === undefined || separator === -1) return { kind: "opaque" };
  for (let index = 0; index < ipText.length; index++) {
    if (originAt(resolved, index) !== index) return { kind: "opaque" };
  }
  return { kind: "field", span: [0, separator] };
}

type RangeParse = { ok: true; range: PortRange } | { ok: false; reason: string };

export function parsePortRange(text: string): RangeParse {
  const match = /^(\d+)(?:-(\d+))?$/.exec(text);
  if (!match) return { ok: false, reason: "" };
  const start = Number(match[1]);
  const end = match[2] === undefined ? start : Number(match[2]);
  if (start > 65535 || end > 65535) return { ok: false, reason: " (ports are 0 to 65535)" };
  if (end < start) return { ok: false, reason: " (the range runs backwards)" };
  return { ok: true, range: { start, end } };
}

export type LongPortFields = {
  target?: unknown;
  published?: unknown;
  host_ip?: unknown;
  protocol?: unknown;
};

export type LongPortParse = { ok: true; spec: PortSpec } | { ok: false; error: string };

/** Parses the long (mapping) syntax: `target`, `published`, `host_ip`, `protocol`. */
export function parseLongPort(fields: LongPortFields, environment?: Environment): LongPortParse {
  const targetText = portFieldText(fields.target);
  if (targetText === undefined) return { ok: false, error: "`target` (the container port) is required" };
  const target = resolveInterpolation(targetText, environment);
  const hasUnresolvedTarget = target.expressions.some(isUnresolved);
  let containerPorts: PortRange | undefined;
  if (!(hasUnresolvedTarget && target.resolved === "")) {
    const parsed = parsePortRange(target.resolved);
    if (!parsed.ok) return { ok: false, error: `invalid target "${targetText}"${parsed.reason}` };
    containerPorts = parsed.range;
  }

  let hostPorts: PortRange | undefined;
  const publishedText = portFieldText(fields.published);
  if (publishedText !== undefined) {
    const published = resolveInterpolation(publishedText, environment).resolved;
    if (published !== "") {
      const parsed = parsePortRange(published);
      if (!parsed.ok) return { ok: false, error: `invalid published port "${publishedText}"${parsed.reason}` };
      hostPorts = parsed.range;
    }
  }

  const protocolText = fields.protocol === undefined ? "tcp" : String(fields.protocol).toLowerCase();
  if (!PROTOCOLS.has(protocolText)) return { ok: false, error: `invalid protocol "${String(fields.protocol)}"` };

  let hostIp: HostIpSpec = { written: "" };
  if (fields.host_ip !== undefined && fields.host_ip !== null) {
    const written = String(fields.host_ip);
    const resolved = resolveInterpolation(written, environment);
    const whole = resolved.expressions.length === 1 && resolved.expressions[0]!.span[0] === 0 && resolved.expressions[0]!.span[1] === written.length
      ? resolved.expressions[0]
      : undefined;
    const address = resolved.resolved === "" ? undefined : parseHostAddress(resolved.resolved);
    // host_ip takes a bare address: brackets and names are rejected by Compose.
    if (resolved.resolved !== "" && (!address || resolved.resolved.startsWith("["))) {
      return { ok: false, error: `invalid host_ip "${written}" (a bare IP address is required)` };
    }
    hostIp = { written: resolved.resolved, address };
    if (whole?.fromEnvironment) hostIp.environmentVariable = whole;
    else if (whole && isUnresolved(whole)) hostIp.unresolvedVariable = whole;
    else if (whole) hostIp.defaultedVariable = whole;
  }
  return {
    ok: true,
    spec: {
      hostIp,
      hostPorts,
      containerPorts,
      containerPortText: target.resolved === "" ? targetText : target.resolved,
      protocol: protocolText,
      hasUnresolvedParts: hasUnresolvedTarget,
      containerPortInterpolated: target.expressions.length > 0,
    },
  };
}

function portFieldText(value: unknown): string | undefined {
  if (typeof value === "number" && Number.isInteger(value)) return String(value);
  if (typeof value === "string") return value;
  return undefined;
}

/** The two ranges share at least one port. */
export function rangesOverlap(a: PortRange, b: PortRange): boolean {
  return a.start <= b.end && b.start <= a.end;
}

/** Every port of `inner` is in `outer`. */
export function rangeContains(outer: PortRange, inner: PortRange): boolean {
  return outer.start <= inner.start && outer.end >= inner.end;
}

export function formatPortRange(range: PortRange): string {
  return range.start === range.end ? String(range.start) : `${range.start}-${range.end}`;
}
