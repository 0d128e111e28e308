import { formatPortRange, rangeContains, rangesOverlap, reachesEveryPort, type ExposureEntry, type PortRange } from "@compose-lint/core";
import type { ExpectedPort } from "../args.js";
import { protocolsMatch, type DockerPublication, type DockerUserRule, type FirewallRule, type IptablesSave, type UfwStatus } from "./firewall.js";
import { isLoopbackAddress, type Observation, type ObservedPort } from "./observed.js";

/**
 * What the firewall makes of a reachable entry:
 * - `allowed`: the firewall's intent lets it in (or the firewall is inactive).
 * - `leak`: the firewall does not allow it, yet Docker's rules let it through: the silent leak.
 * - `filtered`: a DOCKER-USER rule drops or rejects it before Docker's accept.
 * - `host-input`: host network, so the traffic takes the host's INPUT path, where ufw applies.
 * - `bypass`: macvlan/ipvlan or routed networks, which the host firewall does not see.
 */
export type FirewallStatus = "allowed" | "leak" | "filtered" | "host-input" | "bypass";

export interface FirewallVerdict {
  status: FirewallStatus;
  detail: string;
}

export interface AuditedEntry extends ExposureEntry {
  firewall?: FirewallVerdict;
  /** With iptables-save: the DNAT rule that publishes it now, or null when none does. */
  live?: { line: number; source: string } | null;
  /** With a scan: what it saw of the host port (`open`), or `not-seen` when it has nothing open there. */
  scan?: { state: "open" | "not-seen" | ObservedPort["state"]; port?: ObservedPort };
  /** With a socket listing: the socket listening on the host port, or null when none does. */
  listening?: ObservedPort | null;
  /** Reachable and outside `--expect`. */
  unexpected?: boolean;
}

/** A port seen open (by a scan, or listening beyond loopback) that no entry of the project publishes. */
export interface UnaccountedPort extends ObservedPort {
  /** Outside `--expect`. */
  unexpected?: boolean;
}

export interface ExposureAudit {
  entries: AuditedEntry[];
  /** Firewall allow rules that no service of the project publishes behind. */
  firewallOnly: Array<{ source: string; line: number; text: string }>;
  /** Ports Docker publishes that this project does not (another project, a stray container). */
  dockerOnly: DockerPublication[];
  /** ufw status lines that were not understood (an unknown app profile, say): their rules are not counted. */
  ignoredFirewallLines: Array<{ line: number; text: string }>;
  /** Open ports seen by a scan or listening on the host that this project does not publish (a host process, another project). */
  unaccounted: UnaccountedPort[];
  expected?: ExpectedPort[];
}

export interface FirewallInputs {
  ufw?: { file: string; status: UfwStatus };
  iptables?: { file: string; save: IptablesSave };
  /** Port scans from outside and socket listings of the host. */
  observations?: Observation[];
}

export function auditExposure(entries: readonly ExposureEntry[], inputs: FirewallInputs, expected: ExpectedPort[] | undefined): ExposureAudit {
  const intent = firewallIntent(inputs);
  const observations = inputs.observations ?? [];
  const scans = observations.filter((observation) => observation.kind === "scan");
  const scanned = scans.flatMap((scan) => scan.ports);
  const listings = observations.filter((observation) => observation.kind === "listening");
  const listening = listings.flatMap((listing) => listing.ports);
  const audited: AuditedEntry[] = entries.map((entry) => {
    const result: AuditedEntry = { ...entry };
    // Published on the host: not `expose:` nor an internal network, which map nothing there.
    const onHost = entry.hostPorts !== undefined && entry.reason !== "expose-only" && entry.reason !== "internal-network";
    if (entry.external) {
      const verdict = verdictOf(entry, intent, inputs.iptables?.save.dockerUser ?? []);
      if (verdict) result.firewall = verdict;
    }
    if (inputs.iptables && onHost) {
      const publication = inputs.iptables.save.published.find((candidate) => publishes(candidate, entry));
      result.live = publication ? { line: publication.line, source: publication.source } : null;
    }
    if (scans.length > 0 && entry.external && entry.hostPorts) {
      const seen = scanned.filter((port) => observes(port, entry));
      const open = seen.find((port) => port.state === "open");
      result.scan = open ? { state: "open", port: open } : seen[0] ? { state: seen[0].state, port: seen[0] } : { state: "not-seen" };
    }
    if (listings.length > 0 && onHost) result.listening = listening.find((port) => observes(port, entry)) ?? null;
    if (expected && entry.external && result.firewall?.status !== "filtered") result.unexpected = !(entry.hostPorts && isExpected(entry.hostPorts, entry.protocol, expected));
    return result;
  });

  const reachable = audited.filter((entry) => entry.external && entry.hostPorts);
  const firewallOnly = intent
    ? intent.rules
        .filter((rule) => (rule.action === "allow" || rule.action === "limit") && rule.ports)
        .filter((rule) => !reachable.some((entry) => rule.ports!.some((ports) => rangesOverlap(ports, entry.hostPorts!)) && protocolsMatch(rule.protocol, entry.protocol)))
        .map((rule) => ({ source: intent.source, line: rule.line, text: rule.text }))
    : [];
  const withPorts = audited.filter((entry) => entry.hostPorts);
  const dockerOnly = inputs.iptables ? inputs.iptables.save.published.filter((publication) => !withPorts.some((entry) => publishes(publication, entry))) : [];
  // Open from outside (a scan), or listening beyond loopback, with no entry of the project behind it.
  const unaccounted: UnaccountedPort[] = [];
  for (const observation of observations) {
    for (const port of observation.ports) {
      const open = observation.kind === "scan" ? port.state === "open" : !isLoopbackAddress(port.address);
      if (!open || withPorts.some((entry) => observes(port, entry))) continue;
      if (unaccounted.some((other) => other.port === port.port && other.protocol === port.protocol)) continue;
      const item: UnaccountedPort = { ...port };
      if (expected) item.unexpected = !isExpected(single(port.port), port.protocol, expected);
      unaccounted.push(item);
    }
  }
  return { entries: audited, firewallOnly, dockerOnly, ignoredFirewallLines: inputs.ufw?.status.ignored ?? [], unaccounted, expected };
}

/** An observed port on one of the entry's host ports and its protocol. */
function observes(port: ObservedPort, entry: ExposureEntry): boolean {
  return entry.hostPorts !== undefined && port.protocol === entry.protocol && rangeContains(entry.hostPorts, single(port.port));
}

function single(port: number): PortRange {
  return { start: port, end: port };
}

interface Intent {
  source: string;
  active: boolean;
  rules: FirewallRule[];
}

/** ufw's intent: from `ufw status`, else from ufw's own chains in the iptables dump. */
function firewallIntent(inputs: FirewallInputs): Intent | undefined {
  if (inputs.ufw) return { source: inputs.ufw.status.label ?? "ufw status", active: inputs.ufw.status.active, rules: inputs.ufw.status.rules };
  const save = inputs.iptables?.save;
  if (save && save.ufwRules.length > 0) return { source: "iptables-save (ufw chains)", active: true, rules: save.ufwRules };
  return undefined;
}

function verdictOf(entry: ExposureEntry, intent: Intent | undefined, dockerUser: readonly DockerUserRule[]): FirewallVerdict | undefined {
  if (entry.reason === "host-network") {
    return { status: "host-input", detail: "host network: traffic takes the host's INPUT path, so the host firewall (ufw) does apply" };
  }
  if (entry.reason === "lan-network" || entry.reason === "routed-network") {
    return { status: "bypass", detail: "the host firewall does not see this traffic" };
  }
  const filter = dockerUser.length > 0 ? dockerUserVerdict(entry, dockerUser) : undefined;
  if (filter) return filter;
  if (!intent) return undefined;
  if (!intent.active) return { status: "allowed", detail: `${intent.source}: firewall inactive, everything is allowed` };
  const ports = entry.hostPorts;
  const allowing = ports
    ? intent.rules.filter((candidate) => (candidate.action === "allow" || candidate.action === "limit") && (!candidate.ports || candidate.ports.some((range) => rangeContains(range, ports))) && protocolsMatch(candidate.protocol, entry.protocol))
    : [];
  const fromAnywhere = allowing.find((rule) => rule.from === "Anywhere" || rule.from === "0.0.0.0/0" || rule.from === "::/0");
  if (fromAnywhere) return { status: "allowed", detail: `${intent.source} line ${fromAnywhere.line}: ${fromAnywhere.text}` };
  // ufw meant "only from this network"; Docker's rules let everyone in.
  if (allowing.length > 0) {
    return { status: "leak", detail: `${intent.source} allows ${describePorts(entry)} only from ${allowing.map((rule) => rule.from).join(", ")} (line ${allowing[0]!.line}); Docker's own rules let everyone in` };
  }
  return { status: "leak", detail: `${intent.source} has no rule allowing ${describePorts(entry)}; Docker's own rules let it past` };
}

/** DOCKER-USER is walked in order; the first rule that matches decides, and a bare RETURN ends it. */
function dockerUserVerdict(entry: ExposureEntry, rules: readonly DockerUserRule[]): FirewallVerdict | undefined {
  for (const rule of rules) {
    if (!protocolsMatch(rule.protocol, entry.protocol)) continue;
    const hostMatch = !rule.hostPorts || (entry.hostPorts !== undefined && rangesOverlap(rule.hostPorts, entry.hostPorts));
    const containerMatch = !rule.containerPorts || (entry.containerRange !== undefined && rangesOverlap(rule.containerPorts, entry.containerRange));
    if (!hostMatch || !containerMatch) continue;
    if (rule.action === "RETURN" && !rule.hostPorts && !rule.containerPorts && rule.conditions.length === 0) return undefined;
    if (rule.action === "DROP" || rule.action === "REJECT") {
      const when = rule.conditions.length > 0 ? ` when ${rule.conditions.join(", ")}` : "";
      return { status: "filtered", detail: `DOCKER-USER ${rule.action}s it${when} (${rule.source} line ${rule.line})` };
    }
    if (rule.action === "ACCEPT") return { status: "allowed", detail: `DOCKER-USER accepts it (${rule.source} line ${rule.line})` };
  }
  return undefined;
}

function publishes(publication: DockerPublication, entry: ExposureEntry): boolean {
  if (!entry.hostPorts || !rangesOverlap(publication.hostPorts, entry.hostPorts) || publication.protocol !== entry.protocol) return false;
  // No `-d`: every address; otherwise the entry must be bound to that address (or to every one).
  return publication.hostAddress === undefined || entry.hostAddresses.some((address) => address === publication.hostAddress || address === "0.0.0.0" || address === "::");
}

/** Host ports within what `--expect` allows, for that protocol. */
function isExpected(ports: PortRange, protocol: string, expected: readonly ExpectedPort[]): boolean {
  return expected.some((item) => rangeContains(item, ports) && protocolsMatch(item.protocol, protocol));
}

export function describePorts(entry: ExposureEntry): string {
  if (entry.hostPorts) return `${formatPortRange(entry.hostPorts)}/${entry.protocol}`;
  return reachesEveryPort(entry) ? "every port" : `a random host port (${entry.protocol})`;
}
