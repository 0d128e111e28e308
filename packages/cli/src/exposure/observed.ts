import { parseHostAddress } from "@compose-lint/core";

/**
 * What was seen rather than configured: a port scan from outside (nmap's XML or grepable output)
 * and the sockets listening on the host (`ss -tlnpu`). Both are captured text, read line by line.
 */

export interface ObservedPort {
  port: number;
  protocol: string;
  /** The address scanned, or the one the socket is bound to (`0.0.0.0`, `::`, `*` for every one). */
  address?: string;
  /** nmap's state; `listen` for a socket. */
  state: "open" | "open|filtered" | "filtered" | "closed" | "unfiltered" | "listen";
  /** The service nmap guessed, or the process that owns the socket. */
  detail?: string;
  line: number;
  source: string;
}

export interface Observation {
  kind: "scan" | "listening";
  file: string;
  ports: ObservedPort[];
}

/** Reads a scan or a socket listing by what it holds; undefined when it is neither. */
export function readObservation(text: string, file: string): Observation | undefined {
  if (/<nmaprun\b/.test(text)) return { kind: "scan", file, ports: parseNmapXml(text, file) };
  if (/^Host: \S+.*\tPorts: /m.test(text) || /^# Nmap .* -oG/m.test(text)) return { kind: "scan", file, ports: parseNmapGrepable(text, file) };
  if (/^(Netid\s+)?State\s+Recv-Q\s+Send-Q\s+Local Address:Port/m.test(text)) return { kind: "listening", file, ports: parseSs(text, file) };
  return undefined;
}

/** `nmap -oX`: each `<port>` of each `<host>`, with the host's address. */
export function parseNmapXml(text: string, source: string): ObservedPort[] {
  const ports: ObservedPort[] = [];
  let address: string | undefined;
  for (const [index, line] of text.split(/\r?\n/).entries()) {
    // nmap writes one element per line; a host's address comes before its ports.
    for (const match of line.matchAll(/<address addr="([^"]+)" addrtype="ipv[46]"|<port protocol="(\w+)" portid="(\d+)">\s*<state state="([^"]+)"[^>]*\/>(?:\s*<service name="([^"]*)")?/g)) {
      if (match[1] !== undefined) {
        address = match[1];
        continue;
      }
      const state = match[4] as ObservedPort["state"];
      ports.push({ port: Number(match[3]), protocol: match[2]!, address, state, ...(match[5] ? { detail: match[5] } : {}), line: index + 1, source });
    }
  }
  return ports;
}

/** `nmap -oG`: `Host: 203.0.113.10 ()  Ports: 22/open/tcp//ssh///, 5432/open/tcp//postgresql///`. */
export function parseNmapGrepable(text: string, source: string): ObservedPort[] {
  const ports: ObservedPort[] = [];
  for (const [index, line] of text.split(/\r?\n/).entries()) {
    const host = /^Host: (\S+)/.exec(line);
    const list = /\tPorts: ([^\t]*)/.exec(line);
    if (!host || !list) continue;
    for (const item of list[1]!.split(/,\s*/)) {
      const [port, state, protocol, , service] = item.trim().split("/");
      if (!port || !state || !protocol || !/^\d+$/.test(port)) continue;
      ports.push({ port: Number(port), protocol, address: host[1], state: state as ObservedPort["state"], ...(service ? { detail: service } : {}), line: index + 1, source });
    }
  }
  return ports;
}

/**
 * `ss -tlnpu` (or `-tlnp`, `-ulnp`): listening TCP sockets and bound UDP ones. Without the Netid
 * column (one kind of socket asked for), LISTEN is TCP and UNCONN is UDP.
 */
export function parseSs(text: string, source: string): ObservedPort[] {
  const ports: ObservedPort[] = [];
  let hasNetid = false;
  for (const [index, raw] of text.split(/\r?\n/).entries()) {
    const line = raw.trim();
    if (/^(Netid\s+)?State\s+Recv-Q/.test(line)) {
      hasNetid = line.startsWith("Netid");
      continue;
    }
    const cells = line.split(/\s+/);
    if (cells.length < 5) continue;
    const [netid, state, local] = hasNetid ? [cells[0]!, cells[1]!, cells[4]!] : [undefined, cells[0]!, cells[3]!];
    if (state !== "LISTEN" && state !== "UNCONN") continue;
    const protocol = netid === "tcp" || netid === "udp" ? netid : state === "LISTEN" ? "tcp" : "udp";
    const colon = local.lastIndexOf(":");
    const port = Number(local.slice(colon + 1));
    if (colon === -1 || !Number.isInteger(port)) continue;
    const address = local.slice(0, colon).replace(/^\[|\]$/g, "");
    const process = /users:\(\("([^"]+)"/.exec(line)?.[1];
    ports.push({ port, protocol, address, state: "listen", ...(process ? { detail: process } : {}), line: index + 1, source });
  }
  return ports;
}

/** A socket only this host can reach: a loopback address, or one bound to the loopback interface (`%lo`). */
export function isLoopbackAddress(address: string | undefined): boolean {
  if (address === undefined) return false;
  const [ip, scope] = address.split("%", 2) as [string, string | undefined];
  return scope === "lo" || parseHostAddress(ip)?.scope === "loopback";
}
