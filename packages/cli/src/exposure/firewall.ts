import type { PortRange } from "@compose-lint/core";

/**
 * Reads what a host's firewall intends (`ufw status verbose`) and what Docker actually wrote
 * (`iptables-save`). Both are captured text: parsing is line by line, and lines that are not
 * understood are kept, so the report can say what it ignored. See docs/guides/exposure.md.
 */

/** An incoming rule of the firewall's intent, from ufw. */
export interface FirewallRule {
  /** Undefined: every port ("Anywhere"). */
  ports?: PortRange[];
  /** Undefined: tcp and udp. */
  protocol?: string;
  action: "allow" | "limit" | "deny" | "reject";
  /** Who may connect: "Anywhere", an address or a network. */
  from: string;
  ipv6: boolean;
  /** ufw's route (FWD) rules govern forwarded traffic, which is what reaches containers. */
  route: boolean;
  line: number;
  text: string;
}

export interface UfwStatus {
  /** What the rules came from, for messages ("ufw status" unless said). */
  label?: string;
  active: boolean;
  /** "deny", "allow" or "reject" for incoming, from the `Default:` line. */
  defaultIncoming?: string;
  rules: FirewallRule[];
  ignored: Array<{ line: number; text: string }>;
}

/** ufw application profiles that come with Debian and Ubuntu packages. */
const APP_PROFILES: Record<string, { ports: PortRange[]; protocol?: string }> = {
  openssh: { ports: [{ start: 22, end: 22 }], protocol: "tcp" },
  "nginx full": { ports: [{ start: 80, end: 80 }, { start: 443, end: 443 }], protocol: "tcp" },
  "nginx http": { ports: [{ start: 80, end: 80 }], protocol: "tcp" },
  "nginx https": { ports: [{ start: 443, end: 443 }], protocol: "tcp" },
  "nginx quic": { ports: [{ start: 443, end: 443 }], protocol: "udp" },
  "apache full": { ports: [{ start: 80, end: 80 }, { start: 443, end: 443 }], protocol: "tcp" },
  apache: { ports: [{ start: 80, end: 80 }], protocol: "tcp" },
  "apache secure": { ports: [{ start: 443, end: 443 }], protocol: "tcp" },
  "www full": { ports: [{ start: 80, end: 80 }, { start: 443, end: 443 }], protocol: "tcp" },
  www: { ports: [{ start: 80, end: 80 }], protocol: "tcp" },
  "www secure": { ports: [{ start: 443, end: 443 }], protocol: "tcp" },
};

const RULE_LINE = /^(.+?)\s+(ALLOW|DENY|REJECT|LIMIT)(?:\s+(IN|OUT|FWD))?\s+(.+?)\s*$/;

export function parseUfwStatus(text: string): UfwStatus {
  const status: UfwStatus = { active: false, rules: [], ignored: [] };
  let inTable = false;
  for (const [index, raw] of text.split(/\r?\n/).entries()) {
    const line = raw.trimEnd();
    const number = index + 1;
    if (line.trim() === "") continue;
    const statusMatch = /^Status:\s*(\w+)/.exec(line);
    if (statusMatch) {
      status.active = statusMatch[1] === "active";
      continue;
    }
    const defaults = /^Default:\s*(\w+)\s*\(incoming\)/.exec(line);
    if (defaults) {
      status.defaultIncoming = defaults[1];
      continue;
    }
    if (/^To\s+Action\s+From/.test(line.trim())) continue;
    if (/^-+\s+-+\s+-+/.test(line.trim())) {
      inTable = true;
      continue;
    }
    if (!inTable) continue;
    const rule = parseUfwRule(line.replace(/^\[\s*\d+\]\s*/, ""), number);
    if (rule) status.rules.push(rule);
    else status.ignored.push({ line: number, text: line });
  }
  return status;
}

function parseUfwRule(line: string, number: number): FirewallRule | undefined {
  const match = RULE_LINE.exec(line);
  if (!match) return undefined;
  const [, toRaw, action, direction, fromRaw] = match as unknown as [string, string, string, string | undefined, string];
  if (direction === "OUT") return undefined;
  const ipv6 = /\(v6\)/.test(toRaw);
  let to = toRaw.replace(/\(v6\)/, "").replace(/\s+on\s+\S+/, "").trim();
  const base = { action: action.toLowerCase() as FirewallRule["action"], from: fromRaw.replace(/\s*\(v6\)/, "").replace(/\s+on\s+\S+/, "").trim(), ipv6, route: direction === "FWD", line: number, text: line.trim().replace(/\s+/g, " ") };
  if (to === "Anywhere") return base;
  const profile = APP_PROFILES[to.toLowerCase()];
  if (profile) return { ...base, ports: profile.ports, protocol: profile.protocol };
  // "192.168.1.10 22/tcp": a destination address, then the ports.
  to = to.split(/\s+/).pop() ?? to;
  const portMatch = /^([\d,:]+)(?:\/(tcp|udp))?$/.exec(to);
  if (!portMatch) return undefined;
  const ports = portMatch[1]!.split(",").map((part) => {
    const [start, end] = part.split(":").map(Number);
    return { start: start!, end: end ?? start! };
  });
  if (ports.some((port) => !Number.isInteger(port.start) || !Number.isInteger(port.end))) return undefined;
  return { ...base, ports, protocol: portMatch[2] };
}

/** A port Docker publishes: a DNAT rule in the `nat` table's DOCKER chain. */
export interface DockerPublication {
  /** Undefined: every address of the host (no `-d`). */
  hostAddress?: string;
  hostPorts: PortRange;
  protocol: string;
  destination: string;
  line: number;
  /** Where the rule was read, for messages: "iptables-save", or the file of an `iptables -L` listing. */
  source: string;
}

/** An administrator's rule in DOCKER-USER, which Docker evaluates before its own accepts. */
export interface DockerUserRule {
  action: "DROP" | "REJECT" | "ACCEPT" | "RETURN";
  /** Original destination (host) ports, `-m conntrack --ctorigdstport`. */
  hostPorts?: PortRange;
  /** Destination ports after DNAT (container ports), `--dport`. */
  containerPorts?: PortRange;
  protocol?: string;
  /** Conditions that narrow the rule (`-i eth0`, `! -s 10.0.0.0/8`), as written. */
  conditions: string[];
  line: number;
  text: string;
  /** Where the rule was read, for messages: "iptables-save", or the file of an `iptables -L` listing. */
  source: string;
}

export interface IptablesSave {
  published: DockerPublication[];
  dockerUser: DockerUserRule[];
  /** ufw's own accept rules (ufw-user-input / ufw-user-forward), when ufw is in use. */
  ufwRules: FirewallRule[];
  /** The dump has Docker's chains at all. */
  hasDocker: boolean;
  /** What was read: a dump, or a listing of chains. */
  format: "iptables-save" | "iptables -L" | "nft list ruleset";
}

export function parseIptablesSave(text: string): IptablesSave {
  const result: IptablesSave = { published: [], dockerUser: [], ufwRules: [], hasDocker: false, format: "iptables-save" };
  let table = "";
  for (const [index, raw] of text.split(/\r?\n/).entries()) {
    const line = raw.trim();
    const number = index + 1;
    if (line.startsWith("*")) {
      table = line.slice(1);
      continue;
    }
    if (line.startsWith(":DOCKER")) result.hasDocker = true;
    if (!line.startsWith("-A ")) continue;
    const tokens = tokenize(line);
    const chain = tokens[1];
    const option = (name: string) => {
      const at = tokens.indexOf(name);
      return at === -1 || tokens[at - 1] === "!" ? undefined : tokens[at + 1];
    };
    const target = option("-j");
    const protocol = option("-p");
    if (table === "nat" && chain === "DOCKER" && target === "DNAT") {
      const hostPorts = portRangeOf(option("--dport"));
      if (!hostPorts) continue;
      const address = option("-d")?.replace(/\/(32|128)$/, "");
      result.published.push({ hostAddress: address, hostPorts, protocol: protocol ?? "tcp", destination: option("--to-destination") ?? "", line: number, source: "iptables-save" });
    } else if (table === "filter" && chain === "DOCKER-USER" && (target === "DROP" || target === "REJECT" || target === "ACCEPT" || target === "RETURN")) {
      const conditions: string[] = [];
      for (const name of ["-i", "-s", "-d", "-o"]) {
        const at = tokens.indexOf(name);
        if (at !== -1) conditions.push(`${tokens[at - 1] === "!" ? "! " : ""}${name} ${tokens[at + 1]}`);
      }
      result.dockerUser.push({
        action: target,
        hostPorts: portRangeOf(option("--ctorigdstport")),
        containerPorts: portRangeOf(option("--dport") ?? option("--dports")),
        protocol,
        conditions,
        line: number,
        text: line,
        source: "iptables-save",
      });
    } else if (table === "filter" && /^ufw6?-user-(input|forward)$/.test(chain ?? "") && (target === "ACCEPT" || target === "ufw-user-limit-accept" || target === "ufw6-user-limit-accept")) {
      const ports = (option("--dport") ?? option("--dports"))?.split(",").map(portRangeOf).filter((port): port is PortRange => port !== undefined);
      result.ufwRules.push({
        ports: ports && ports.length > 0 ? ports : undefined,
        protocol,
        action: "allow",
        from: option("-s") ?? "Anywhere",
        ipv6: chain!.startsWith("ufw6"),
        route: chain!.endsWith("forward"),
        line: number,
        text: line,
      });
    }
  }
  return result;
}

function portRangeOf(text: string | undefined): PortRange | undefined {
  if (!text) return undefined;
  const [start, end] = text.split(":").map(Number);
  if (!Number.isInteger(start)) return undefined;
  return { start: start!, end: Number.isInteger(end) ? end! : start! };
}

/** Splits an iptables-save line, keeping "quoted comments" whole. */
function tokenize(line: string): string[] {
  return [...line.matchAll(/"((?:[^"\\]|\\.)*)"|(\S+)/g)].map((match) => match[1] ?? match[2]!);
}

export function protocolsMatch(rule: string | undefined, protocol: string): boolean {
  return rule === undefined || protocol === "any" || rule === protocol;
}

/**
 * `iptables -L CHAIN -n` (and `-t nat`, `-v`, several chains, `ip6tables`), the listings the
 * story's commands print, read into the same shape as a dump: DNAT rules of the DOCKER chain are
 * publications, rules of DOCKER-USER the administrator's. iptables 1.8.9 and later print the
 * protocol as a number with -n (6, 17); earlier ones as a name.
 */
export function parseIptablesList(text: string, source: string): IptablesSave {
  const result: IptablesSave = { published: [], dockerUser: [], ufwRules: [], hasDocker: false, format: "iptables -L" };
  let chain = "";
  let columns: string[] = [];
  for (const [index, raw] of text.split(/\r?\n/).entries()) {
    const line = raw.trim();
    const number = index + 1;
    const header = /^Chain (\S+) \(/.exec(line);
    if (header) {
      chain = header[1]!;
      if (chain === "DOCKER" || chain === "DOCKER-USER") result.hasDocker = true;
      continue;
    }
    if (/^(pkts\s+bytes\s+)?target\s+prot\s+opt\b/.test(line)) {
      columns = line.split(/\s+/);
      continue;
    }
    if (line === "" || columns.length === 0) continue;
    const cells = line.split(/\s+/);
    // ip6tables leaves the opt column blank (IPv6 has no fragment flag): keep the columns aligned.
    const opt = columns.indexOf("opt");
    if (opt !== -1 && !/^!?(--|-f|f)$/.test(cells[opt] ?? "")) cells.splice(opt, 0, "--");
    // Rules without a target (`-j` omitted) leave the target column empty, and a row one cell short.
    const row = new Map(columns.map((column, at) => [column, cells[at] ?? ""]));
    const extra = cells.slice(columns.length).join(" ");
    const target = row.get("target") ?? "";
    const protocol = protocolName(row.get("prot") ?? "all");
    if (chain === "DOCKER" && target === "DNAT") {
      const hostPorts = portRangeOf(/\bdpts?:(\d+(?::\d+)?)/.exec(extra)?.[1]);
      if (!hostPorts) continue;
      const destination = row.get("destination") ?? "";
      const hostAddress = ANYWHERE.has(destination) ? undefined : destination.replace(/\/(32|128)$/, "");
      result.published.push({ hostAddress, hostPorts, protocol: protocol ?? "tcp", destination: /\bto:(\S+)/.exec(extra)?.[1] ?? "", line: number, source });
    } else if (chain === "DOCKER-USER" && (target === "DROP" || target === "REJECT" || target === "ACCEPT" || target === "RETURN")) {
      const conditions: string[] = [];
      // A column's value as iptables-save writes the condition; `*` (any interface) and anywhere are none.
      const condition = (flag: string, value: string | undefined) => {
        if (value === undefined || value === "*" || ANYWHERE.has(value.replace(/^!/, ""))) return;
        conditions.push(value.startsWith("!") ? `! ${flag} ${value.slice(1)}` : `${flag} ${value}`);
      };
      condition("-i", row.get("in"));
      condition("-o", row.get("out"));
      condition("-s", row.get("source"));
      condition("-d", row.get("destination"));
      result.dockerUser.push({
        action: target,
        hostPorts: portRangeOf(/\bctorigdstport (\d+(?::\d+)?)/.exec(extra)?.[1]),
        containerPorts: portRangeOf(/\bdpts?:(\d+(?::\d+)?)/.exec(extra)?.[1]),
        protocol,
        conditions,
        line: number,
        text: line.replace(/\s+/g, " "),
        source,
      });
    }
  }
  return result;
}

const ANYWHERE = new Set(["0.0.0.0/0", "::/0", "anywhere"]);
const PROTOCOL_NUMBERS: Record<string, string> = { "6": "tcp", "17": "udp", "132": "sctp" };

/** A listing's protocol as iptables-save writes it; undefined for every protocol. */
function protocolName(text: string): string | undefined {
  if (text === "all" || text === "0") return undefined;
  return PROTOCOL_NUMBERS[text] ?? text;
}

export type FirewallListing = { kind: "ufw"; status: UfwStatus } | { kind: "iptables"; save: IptablesSave };

/** firewall-cmd's zone listing: a zone name alone on a line, then indented `key: value` fields. */
const FIREWALLD_ZONES = /^\S+(?: \([^)]*\))?\s*\n\s+target: /m;

/** Reads a firewall listing by what it holds; undefined when it is none that compose-lint reads. */
export function readFirewallListing(text: string, file: string): FirewallListing | undefined {
  if (/^Status: (active|inactive)\b/m.test(text)) return { kind: "ufw", status: parseUfwStatus(text) };
  if (/^\*(filter|nat|mangle|raw|security)\s*$/m.test(text)) return { kind: "iptables", save: parseIptablesSave(text) };
  if (/^Chain \S+ \(/m.test(text) && /^\s*(pkts\s+bytes\s+)?target\s+prot\s+opt\b/m.test(text)) return { kind: "iptables", save: parseIptablesList(text, file) };
  if (/^table (ip|ip6|inet) \S+ \{/m.test(text)) return { kind: "iptables", save: parseNftRuleset(text, file) };
  if (FIREWALLD_ZONES.test(text)) return { kind: "ufw", status: parseFirewalldZones(text) };
  return undefined;
}

/** Several listings of one host (the nat DOCKER chain and DOCKER-USER, IPv4 and IPv6) as one. */
export function mergeIptables(listings: readonly IptablesSave[]): IptablesSave {
  return {
    // iptables-save and nft list ruleset of one iptables-nft host show the same DNAT rules: each once.
    published: listings
      .flatMap((listing) => listing.published)
      .filter((item, index, all) => all.findIndex((other) => other.hostAddress === item.hostAddress && other.protocol === item.protocol && other.destination === item.destination && other.hostPorts.start === item.hostPorts.start && other.hostPorts.end === item.hostPorts.end) === index),
    dockerUser: listings.flatMap((listing) => listing.dockerUser),
    ufwRules: listings.flatMap((listing) => listing.ufwRules),
    hasDocker: listings.some((listing) => listing.hasDocker),
    format: listings[0]?.format ?? "iptables-save",
  };
}

/**
 * `nft list ruleset`: the tables iptables-nft writes for Docker's iptables backend (`table ip nat`
 * with chain DOCKER, `table ip filter` with chain DOCKER-USER), and the `docker-bridges` tables of
 * Docker's own nftables backend (Docker 29), whose DNAT rules sit in `nat-prerouting-and-output`.
 * That backend has no DOCKER-USER: drop and reject rules in the administrator's own base chains on
 * the forward hook take its place (an nftables accept is not final, so only drops count).
 */
export function parseNftRuleset(text: string, source: string): IptablesSave {
  const result: IptablesSave = { published: [], dockerUser: [], ufwRules: [], hasDocker: false, format: "nft list ruleset" };
  let table = "";
  let chain = "";
  let forwardHook = false;
  for (const [index, raw] of text.split(/\r?\n/).entries()) {
    // A trailing comment ("DNAT", "DROP DIRECT ACCESS") is a label, not part of the rule.
    const line = raw.trim().replace(/\s+comment "[^"]*"$/, "");
    const number = index + 1;
    const tableHeader = /^table (\w+) (\S+) \{/.exec(line);
    if (tableHeader) {
      table = tableHeader[2]!;
      if (table === "docker-bridges") result.hasDocker = true;
      continue;
    }
    const chainHeader = /^chain (\S+) \{/.exec(line);
    if (chainHeader) {
      chain = chainHeader[1]!;
      forwardHook = false;
      if ((table === "nat" && chain === "DOCKER") || chain === "DOCKER-USER") result.hasDocker = true;
      continue;
    }
    if (/^type filter hook forward\b/.test(line)) {
      forwardHook = true;
      continue;
    }
    if (line === "" || line === "}" || /^(type|policy|map|elements|flags)\b/.test(line)) continue;
    const protocol = /\b(tcp|udp|sctp) dport\b/.exec(line)?.[1] ?? /\bmeta l4proto (\w+)/.exec(line)?.[1];
    const published = (table === "nat" && chain === "DOCKER") || (table === "docker-bridges" && chain === "nat-prerouting-and-output");
    if (published && /\bdnat (?:ip6? )?to\b/.test(line)) {
      const hostPorts = dashedPorts(/\bdport (\d+(?:-\d+)?)/.exec(line)?.[1]);
      if (!hostPorts) continue;
      const address = /\bip6? daddr (?!!=)(\S+)/.exec(line)?.[1];
      result.published.push({
        hostAddress: address?.replace(/\/(32|128)$/, ""),
        hostPorts,
        protocol: protocol ?? "tcp",
        destination: /\bdnat (?:ip6? )?to (\S+)/.exec(line)?.[1] ?? "",
        line: number,
        source,
      });
      continue;
    }
    const verdict = /\b(drop|reject|accept|return)$/.exec(line.replace(/\s+with\s+.*$/, ""))?.[1];
    const administrators = chain === "DOCKER-USER" || (forwardHook && table !== "docker-bridges" && table !== "filter");
    if (!administrators || !verdict || (chain !== "DOCKER-USER" && verdict !== "drop" && verdict !== "reject")) continue;
    const conditions: string[] = [];
    for (const [, key, negated, value] of line.matchAll(/\b(iifname|oifname|ip6? saddr|ip6? daddr) (!= )?("[^"]*"|\S+)/g)) {
      const flag = { iifname: "-i", oifname: "-o" }[key!] ?? (key!.endsWith("saddr") ? "-s" : "-d");
      conditions.push(`${negated ? "! " : ""}${flag} ${value!.replace(/"/g, "")}`);
    }
    result.dockerUser.push({
      action: verdict.toUpperCase() as DockerUserRule["action"],
      hostPorts: dashedPorts(/\bct original proto-dst (\d+(?:-\d+)?)/.exec(line)?.[1]),
      containerPorts: dashedPorts(/\bdport (\d+(?:-\d+)?)/.exec(line)?.[1]),
      protocol,
      conditions,
      line: number,
      text: line,
      source,
    });
  }
  return result;
}

/** nftables and firewalld write a port range as `8000-8010`; iptables as `8000:8010`. */
function dashedPorts(text: string | undefined): PortRange | undefined {
  return portRangeOf(text?.replace("-", ":"));
}

/** firewalld's services that come with Fedora and RHEL, by the ports they open. */
const FIREWALLD_SERVICES: Record<string, Array<{ port: number; protocol: string }>> = {
  ssh: [{ port: 22, protocol: "tcp" }],
  http: [{ port: 80, protocol: "tcp" }],
  https: [{ port: 443, protocol: "tcp" }],
  http3: [{ port: 443, protocol: "udp" }],
  "dhcpv6-client": [{ port: 546, protocol: "udp" }],
  cockpit: [{ port: 9090, protocol: "tcp" }],
  mdns: [{ port: 5353, protocol: "udp" }],
  dns: [{ port: 53, protocol: "tcp" }, { port: 53, protocol: "udp" }],
  postgresql: [{ port: 5432, protocol: "tcp" }],
  mysql: [{ port: 3306, protocol: "tcp" }],
  redis: [{ port: 6379, protocol: "tcp" }],
  smtp: [{ port: 25, protocol: "tcp" }],
  wireguard: [{ port: 51820, protocol: "udp" }],
};

/**
 * `firewall-cmd --list-all-zones` (or `--list-all`): the zones that face the network (active,
 * with interfaces or sources, or the default one), their services, ports and accepting rich rules,
 * as the firewall's intent. Docker's own `docker` zone is not intent: Docker puts its bridges
 * there and forwards to them from every zone, which is why a published port gets past firewalld.
 */
export function parseFirewalldZones(text: string): UfwStatus {
  const status: UfwStatus = { label: "firewalld", active: true, rules: [], ignored: [] };
  interface Zone {
    name: string;
    active: boolean;
    default: boolean;
    faces: boolean;
    rules: FirewallRule[];
  }
  const zones: Zone[] = [];
  let zone: Zone | undefined;
  let inRichRules = false;
  for (const [index, raw] of text.split(/\r?\n/).entries()) {
    const number = index + 1;
    const header = /^(\S+)(?: \(([^)]*)\))?\s*$/.exec(raw);
    if (header && !raw.startsWith(" ") && !raw.startsWith("\t")) {
      const flags = (header[2] ?? "").split(",").map((flag) => flag.trim());
      zone = { name: header[1]!, active: flags.includes("active"), default: flags.includes("default"), faces: false, rules: [] };
      zones.push(zone);
      inRichRules = false;
      continue;
    }
    if (!zone) continue;
    const line = raw.trim();
    const field = /^([a-z -]+):\s*(.*)$/.exec(line);
    if (field) {
      const [, key, value] = field as unknown as [string, string, string];
      inRichRules = key === "rich rules";
      const values = value.split(/\s+/).filter(Boolean);
      if ((key === "interfaces" || key === "sources") && values.length > 0) zone.faces = true;
      const rule = (ports: PortRange[], protocol: string | undefined, text: string): FirewallRule => ({ ports, protocol, action: "allow", from: "Anywhere", ipv6: false, route: false, line: number, text });
      if (key === "services") {
        for (const service of values) {
          const known = FIREWALLD_SERVICES[service];
          if (!known) {
            status.ignored.push({ line: number, text: `service ${service} (zone ${zone.name})` });
            continue;
          }
          for (const item of known) zone.rules.push(rule([{ start: item.port, end: item.port }], item.protocol, `service ${service}`));
        }
      } else if (key === "ports") {
        for (const port of values) {
          const match = /^(\d+(?:-\d+)?)\/(tcp|udp|sctp)$/.exec(port);
          if (match) zone.rules.push(rule([dashedPorts(match[1])!], match[2], `port ${port}`));
          else status.ignored.push({ line: number, text: `port ${port} (zone ${zone.name})` });
        }
      }
      continue;
    }
    if (inRichRules && line.startsWith("rule ")) {
      const port = /\bport port="(\d+(?:-\d+)?)" protocol="(\w+)"/.exec(line);
      const from = /\bsource (NOT )?address="([^"]+)"/.exec(line);
      if (/\baccept\b/.test(line) && port && !from?.[1]) {
        zone.rules.push({
          ports: [dashedPorts(port[1])!],
          protocol: port[2],
          action: "allow",
          from: from?.[2] ?? "Anywhere",
          ipv6: /family="ipv6"/.test(line),
          route: false,
          line: number,
          text: line,
        });
      } else if (!/\b(drop|reject)\b/.test(line)) status.ignored.push({ line: number, text: line });
    }
  }
  const facing = zones.filter((candidate) => candidate.name !== "docker" && candidate.active && candidate.faces);
  const chosen = facing.length > 0 ? facing : zones.filter((candidate) => candidate.default);
  status.label = `firewalld (zone ${chosen.map((candidate) => candidate.name).join(", ") || "none"})`;
  status.rules = chosen.flatMap((candidate) => candidate.rules);
  return status;
}
