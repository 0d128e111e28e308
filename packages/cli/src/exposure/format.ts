import path from "node:path";
import { formatPortRange, reachesEveryPort } from "@compose-lint/core";
import type { Colors } from "picocolors/types.js";
import type { AuditedEntry, ExposureAudit, UnaccountedPort } from "./audit.js";
import { describePorts } from "./audit.js";
import type { ObservedPort } from "./observed.js";

export interface ExposureReport {
  /** The project's folder and files, relative to the working directory. */
  directory: string;
  files: string[];
  profiles: readonly string[];
  /** The files read, by option (`iptables` joins several); `sources` says what each file is, for people. */
  firewall: { ufw?: string; iptables?: string; sources: string[]; observed: string[] };
  audit: ExposureAudit;
  /** The networks each service joins, by service name (the map groups services by them). */
  networks?: Record<string, string[]>;
}

const STATUS_TEXT: Record<string, string> = {
  allowed: "allowed by the firewall",
  leak: "reachable although the firewall does not allow it",
  filtered: "filtered in DOCKER-USER",
  "host-input": "host firewall applies",
  bypass: "past the host firewall",
};

/** An address as it is written beside a port: IPv6 in brackets. */
export function bracketed(address: string): string {
  return address.includes(":") && address !== "*" ? `[${address}]` : address;
}

function address(entry: AuditedEntry): string {
  return entry.hostAddresses.length === 0 ? "-" : entry.hostAddresses.map(bracketed).join(", ");
}

function hostPort(entry: AuditedEntry): string {
  if (entry.hostPorts) return formatPortRange(entry.hostPorts);
  if (entry.external) return reachesEveryPort(entry) ? "every" : "random";
  return "-";
}

/** `file:line` of the entry, relative to the working directory. */
export function where(entry: AuditedEntry, cwd: string): string {
  return `${path.relative(cwd, entry.file) || entry.file}:${entry.line}`;
}

function firewallCell(entry: AuditedEntry, hasFirewall: boolean): string {
  const parts: string[] = [];
  if (entry.firewall) parts.push(`${STATUS_TEXT[entry.firewall.status]} (${entry.firewall.detail})`);
  else if (hasFirewall && entry.external) parts.push("no firewall rule found");
  if (entry.live !== undefined) parts.push(entry.live ? `published now (${entry.live.source} line ${entry.live.line})` : "not published right now");
  if (entry.scan) parts.push(scanText(entry.scan));
  if (entry.listening !== undefined) parts.push(entry.listening ? `listening (${observedAt(entry.listening)})` : "no socket listening (normal when Docker's userland proxy is off)");
  return parts.join("; ");
}

function scanText(scan: NonNullable<AuditedEntry["scan"]>): string {
  if (scan.state === "open") return `open to the scan (${observedAt(scan.port!)})`;
  if (scan.state === "not-seen") return "not open to the scan: filtered before the host (a cloud security group, say), or not scanned";
  return `${scan.state} to the scan (${observedAt(scan.port!)})`;
}

function observedAt(port: ObservedPort): string {
  return `${port.source} line ${port.line}${port.detail ? `: ${port.detail}` : ""}`;
}

function unaccountedText(port: UnaccountedPort): string {
  const where = port.address && port.state === "listen" ? `${bracketed(port.address)} ` : "";
  return `${where}${port.port}/${port.protocol} ${port.state === "listen" ? "listening" : "open to the scan"} (${observedAt(port)})${port.unexpected ? ", beyond the expected ports" : ""}`;
}

/** Each port's sources of evidence, for tools: the Compose entry, the live rule, the scan, the socket. */
function evidenceOf(item: AuditedEntry, cwd: string): Array<Record<string, unknown>> {
  const evidence: Array<Record<string, unknown>> = [{ kind: "compose", file: path.relative(cwd, item.file) || item.file, line: item.line }];
  if (item.firewall) evidence.push({ kind: "firewall", status: item.firewall.status, detail: item.firewall.detail });
  if (item.live) evidence.push({ kind: "published-now", source: item.live.source, line: item.live.line });
  if (item.scan?.port) evidence.push({ kind: "scan", state: item.scan.state, source: item.scan.port.source, line: item.scan.port.line });
  else if (item.scan) evidence.push({ kind: "scan", state: item.scan.state });
  if (item.listening) evidence.push({ kind: "listening", address: item.listening.address ?? null, process: item.listening.detail ?? null, source: item.listening.source, line: item.listening.line });
  return evidence;
}

export function formatJson(report: ExposureReport, cwd: string): string {
  const entry = (item: AuditedEntry) => ({
    service: item.service,
    profiles: item.profiles,
    reachableFromOutside: item.external,
    reason: item.reason,
    explanation: item.explanation,
    hostAddresses: item.hostAddresses,
    hostPorts: item.hostPorts ? formatPortRange(item.hostPorts) : null,
    containerPorts: item.containerPorts ?? null,
    protocol: item.protocol,
    written: item.written,
    file: path.relative(cwd, item.file) || item.file,
    line: item.line,
    column: item.column,
    ...(item.firewall ? { firewall: item.firewall } : {}),
    ...(item.live !== undefined ? { publishedNow: item.live ? { iptablesLine: item.live.line, source: item.live.source } : null } : {}),
    ...(item.scan ? { scan: item.scan.state } : {}),
    ...(item.listening !== undefined ? { listening: item.listening !== null } : {}),
    ...(item.unexpected !== undefined ? { unexpected: item.unexpected } : {}),
    evidence: evidenceOf(item, cwd),
  });
  const { audit } = report;
  return `${JSON.stringify(
    {
      project: { directory: report.directory, files: report.files, profiles: report.profiles },
      firewall: report.firewall,
      reachable: audit.entries.filter((item) => item.external).map(entry),
      internal: audit.entries.filter((item) => !item.external).map(entry),
      firewallRulesWithoutService: audit.firewallOnly,
      firewallLinesNotUnderstood: audit.ignoredFirewallLines,
      publishedByDockerNotByProject: audit.dockerOnly.map((item) => ({
        hostAddress: item.hostAddress ?? null,
        hostPorts: formatPortRange(item.hostPorts),
        protocol: item.protocol,
        destination: item.destination,
        iptablesLine: item.line,
        source: item.source,
      })),
      openButNotPublishedByProject: audit.unaccounted.map((item) => ({
        port: item.port,
        protocol: item.protocol,
        address: item.address ?? null,
        state: item.state,
        detail: item.detail ?? null,
        source: item.source,
        line: item.line,
        ...(item.unexpected !== undefined ? { unexpected: item.unexpected } : {}),
      })),
      ...(audit.expected ? { expected: audit.expected.map(formatExpected), unexpected: audit.entries.filter((item) => item.unexpected).map(entry) } : {}),
      summary: summaryCounts(audit),
    },
    null,
    2,
  )}\n`;
}

function summaryCounts(audit: ExposureAudit) {
  return {
    reachable: audit.entries.filter((item) => item.external).length,
    leaks: audit.entries.filter((item) => item.firewall?.status === "leak").length,
    internal: audit.entries.filter((item) => !item.external).length,
    unexpected: audit.entries.filter((item) => item.unexpected).length + audit.unaccounted.filter((item) => item.unexpected).length,
  };
}

function formatExpected(item: { start: number; end: number; protocol?: string }): string {
  return `${formatPortRange(item)}${item.protocol ? `/${item.protocol}` : ""}`;
}

const HEADERS = ["SERVICE", "ADDRESS", "HOST PORT", "CONTAINER", "PROTO", "PUBLISHED AT", "WHY", "FIREWALL"];

/** Whether a firewall listing was given: the reports then have a firewall column. */
export function hasFirewallListing(report: ExposureReport): boolean {
  return report.firewall.ufw !== undefined || report.firewall.iptables !== undefined;
}

export function reportHeaders(firewallColumn: boolean): string[] {
  return firewallColumn ? HEADERS : HEADERS.slice(0, -1);
}

/** The table's cells for each entry, as the text report shows them. */
export function reportRows(entries: readonly AuditedEntry[], cwd: string, hasFirewall: boolean, columns: number): string[][] {
  return entries.map((entry) => rowCells(entry, cwd, hasFirewall).slice(0, columns));
}

function rowCells(entry: AuditedEntry, cwd: string, hasFirewall: boolean): string[] {
  const service = entry.profiles.length > 0 ? `${entry.service} [${entry.profiles.join(",")}]` : entry.service;
  return [service, address(entry), hostPort(entry), entry.containerPorts ?? "-", entry.protocol, where(entry, cwd), entry.explanation, firewallCell(entry, hasFirewall)];
}

export function formatTable(report: ExposureReport, cwd: string, colors: Colors): string {
  const { audit } = report;
  const hasFirewall = hasFirewallListing(report);
  const lines: string[] = [];
  lines.push(colors.bold(`Project ${report.directory} (${report.files.join(", ")})${report.profiles.length > 0 ? `, profiles: ${report.profiles.join(", ")}` : ""}`));
  if (report.firewall.sources.length > 0) lines.push(`Firewall: ${report.firewall.sources.join("; ")}`);
  if (report.firewall.observed.length > 0) lines.push(`Seen: ${report.firewall.observed.join("; ")}`);

  const table = (title: string, entries: AuditedEntry[], firewallColumn: boolean) => {
    lines.push("", colors.bold(`${title} (${entries.length})`));
    if (entries.length === 0) return;
    const headers = reportHeaders(firewallColumn);
    const rows = reportRows(entries, cwd, hasFirewall, headers.length);
    const widths = headers.map((header, column) => Math.max(header.length, ...rows.map((row) => row[column]!.length)));
    const render = (cells: string[]) => cells.map((cell, column) => (column === cells.length - 1 ? cell : cell.padEnd(widths[column]!))).join("  ").trimEnd();
    lines.push(colors.dim(render(headers)));
    for (const [index, row] of rows.entries()) {
      const entry = entries[index]!;
      const text = render(row);
      lines.push(entry.firewall?.status === "leak" || entry.unexpected ? colors.red(text) : entry.firewall?.status === "filtered" ? colors.yellow(text) : text);
    }
  };
  table("Reachable from outside the host", audit.entries.filter((entry) => entry.external), hasFirewall);
  table("Internal only", audit.entries.filter((entry) => !entry.external), false);
  if (audit.firewallOnly.length > 0) {
    lines.push("", colors.bold("Firewall rules with no service of this project behind them"));
    for (const rule of audit.firewallOnly) lines.push(`  ${rule.source} line ${rule.line}: ${rule.text} (a host service such as sshd, or a leftover rule)`);
  }
  if (audit.dockerOnly.length > 0) {
    lines.push("", colors.bold("Published by Docker, but not by this project"));
    for (const item of audit.dockerOnly) lines.push(`  ${item.source} line ${item.line}: ${item.hostAddress ?? "every address"} ${formatPortRange(item.hostPorts)}/${item.protocol} -> ${item.destination}`);
  }
  if (audit.unaccounted.length > 0) {
    lines.push("", colors.bold("Open, but published by nothing in this project (a host process, another project)"));
    for (const item of audit.unaccounted) lines.push(item.unexpected ? colors.red(`  ${unaccountedText(item)}`) : `  ${unaccountedText(item)}`);
  }
  if (audit.ignoredFirewallLines.length > 0) {
    lines.push("", colors.bold("ufw status lines not understood (their rules are not counted)"));
    for (const item of audit.ignoredFirewallLines) lines.push(`  line ${item.line}: ${item.text.trim()}`);
  }
  lines.push("", summaryLine(audit, cwd));
  return `${lines.join("\n")}\n`;
}

export function summaryLine(audit: ExposureAudit, cwd: string): string {
  const counts = summaryCounts(audit);
  const parts = [`${counts.reachable} reachable from outside`, `${counts.internal} internal`];
  if (counts.leaks > 0) parts.push(`${counts.leaks} reachable although the firewall does not allow it`);
  let text = `${parts.join(", ")}.`;
  if (audit.expected) {
    const unexpected = [
      ...audit.entries.filter((entry) => entry.unexpected).map((entry) => `${entry.service} ${describePorts(entry)} (${where(entry, cwd)})`),
      ...audit.unaccounted.filter((item) => item.unexpected).map((item) => `${item.port}/${item.protocol} (${observedAt(item)})`),
    ];
    text += unexpected.length === 0
      ? ` Nothing beyond the expected ${audit.expected.map(formatExpected).join(", ")}.`
      : ` Beyond the expected ${audit.expected.map(formatExpected).join(", ")}: ${unexpected.join(", ")}.`;
  }
  return text;
}

export function formatMarkdown(report: ExposureReport, cwd: string): string {
  const { audit } = report;
  const hasFirewall = hasFirewallListing(report);
  const cell = (text: string) => text.replace(/\|/g, "\\|").replace(/\n/g, " ");
  const lines: string[] = [`### compose-lint exposure: \`${report.directory}\``, "", `Files: ${report.files.map((file) => `\`${file}\``).join(", ")}`];
  const table = (title: string, entries: AuditedEntry[], firewallColumn: boolean) => {
    lines.push("", `#### ${title} (${entries.length})`, "");
    if (entries.length === 0) {
      lines.push("None.");
      return;
    }
    const headers = ["Service", "Address", "Host port", "Container", "Protocol", "Published at", "Why", ...(firewallColumn ? ["Firewall"] : [])];
    lines.push(`| ${headers.join(" | ")} |`, `|${headers.map(() => " --- ").join("|")}|`);
    for (const entry of entries) {
      const cells = rowCells(entry, cwd, hasFirewall).slice(0, headers.length).map(cell);
      cells[1] = cells[1] === "-" ? "-" : entry.hostAddresses.map((item) => `\`${item}\``).join(", ");
      cells[5] = `\`${cells[5]}\``;
      if (firewallColumn && (entry.firewall?.status === "leak" || entry.unexpected)) cells[7] = `**${cells[7] || "beyond the expected ports"}**`;
      lines.push(`| ${cells.join(" | ")} |`);
    }
  };
  table("Reachable from outside the host", audit.entries.filter((entry) => entry.external), hasFirewall || audit.expected !== undefined);
  table("Internal only", audit.entries.filter((entry) => !entry.external), false);
  if (audit.firewallOnly.length > 0) {
    lines.push("", "#### Firewall rules with no service of this project behind them", "");
    for (const rule of audit.firewallOnly) lines.push(`- ${rule.source} line ${rule.line}: \`${rule.text}\``);
  }
  if (audit.dockerOnly.length > 0) {
    lines.push("", "#### Published by Docker, but not by this project", "");
    for (const item of audit.dockerOnly) lines.push(`- ${item.source} line ${item.line}: ${item.hostAddress ?? "every address"} ${formatPortRange(item.hostPorts)}/${item.protocol} → ${item.destination}`);
  }
  if (audit.unaccounted.length > 0) {
    lines.push("", "#### Open, but published by nothing in this project (a host process, another project)", "");
    for (const item of audit.unaccounted) lines.push(`- ${item.unexpected ? `**${unaccountedText(item)}**` : unaccountedText(item)}`);
  }
  if (audit.ignoredFirewallLines.length > 0) {
    lines.push("", "#### ufw status lines not understood (their rules are not counted)", "");
    for (const item of audit.ignoredFirewallLines) lines.push(`- line ${item.line}: \`${item.text.trim()}\``);
  }
  lines.push("", summaryLine(audit, cwd));
  return `${lines.join("\n")}\n`;
}
