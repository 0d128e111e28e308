// `compose-lint exposure --format html`: one self-contained page with the exposure map as plain SVG
// and the report's tables below it. Plain SVG rather than a layout library: the picture is three
// fixed columns (where traffic comes from, the host's interfaces and firewall, the services), so
// placing boxes in columns is a few lines, and the page stays small and needs no network.
import { formatPortRange } from "@compose-lint/core";
import { escapeXml } from "../formatters/xml.js";
import type { AuditedEntry } from "./audit.js";
import { bracketed, hasFirewallListing, reportHeaders, reportRows, summaryLine, where, type ExposureReport } from "./format.js";

/** The verdict an edge is coloured by. */
export type EdgeVerdict = "leak" | "reachable" | "allowed" | "filtered" | "internal";

const VERDICT_TEXT: Record<EdgeVerdict, string> = {
  leak: "reachable although the firewall does not allow it",
  reachable: "reachable from outside (no firewall listing given)",
  allowed: "reachable, and the firewall allows it",
  filtered: "filtered before it reaches the service",
  internal: "internal only",
};

export function edgeVerdict(entry: AuditedEntry): EdgeVerdict {
  if (!entry.external) return "internal";
  switch (entry.firewall?.status) {
    case "leak":
    case "bypass":
      return "leak";
    case "allowed":
    case "host-input":
      return "allowed";
    case "filtered":
      return "filtered";
    default:
      return "reachable";
  }
}

/** Where traffic to an entry comes from (the left column). */
function origin(entry: AuditedEntry): { key: string; label: string } {
  if (entry.external) return { key: "outside", label: "Outside the host" };
  if (entry.reason === "loopback") return { key: "host", label: "This host only" };
  return { key: "containers", label: "Other containers" };
}

/** The host interface an entry is published on (the middle column). */
function via(entry: AuditedEntry): { key: string; label: string } {
  switch (entry.reason) {
    case "all-interfaces":
    case "all-ipv4":
    case "all-ipv6":
      return { key: `every:${entry.reason}`, label: `every interface (${entry.hostAddresses.map(bracketed).join(", ")})` };
    case "host-network":
      return { key: "host-network", label: "host network: every port" };
    case "lan-network":
      return { key: "lan", label: "the LAN (macvlan / ipvlan)" };
    case "routed-network":
      return { key: "routed", label: "routed bridge network" };
    case "unset-variable":
      return { key: "unset", label: "address from an unset variable" };
    case "expose-only":
    case "internal-network":
      return { key: "container-networks", label: "container networks (not on the host)" };
    default:
      return { key: `address:${entry.hostAddresses.join(",")}`, label: entry.hostAddresses.map(bracketed).join(", ") };
  }
}

function portLabel(entry: AuditedEntry): string {
  const container = entry.containerPorts ?? "?";
  if (entry.reason === "expose-only" || entry.reason === "internal-network") return `${container}/${entry.protocol} (container only)`;
  const host = entry.hostPorts ? formatPortRange(entry.hostPorts) : entry.external ? "every port" : "random";
  return `${host} → ${container}/${entry.protocol}`;
}

interface Box {
  x: number;
  y: number;
  width: number;
  height: number;
}

const COLUMN = { origin: 20, via: 330, services: 700 };
const WIDTH = { origin: 190, via: 250, services: 300 };
const ROW = 22;

/** One project's picture: the SVG, with an edge per entry. */
function projectSvg(report: ExposureReport, cwd: string, index: number): string {
  const entries = report.audit.entries;
  const groups = new Map<string, Map<string, AuditedEntry[]>>();
  for (const entry of entries) {
    const group = report.networks?.[entry.service]?.[0] ?? "default";
    if (!groups.has(group)) groups.set(group, new Map());
    const services = groups.get(group)!;
    if (!services.has(entry.service)) services.set(entry.service, []);
    services.get(entry.service)!.push(entry);
  }

  // The services column sets the height; the other columns spread their nodes over it.
  const parts: string[] = [];
  const portAnchor = new Map<AuditedEntry, { x: number; y: number }>();
  let y = 56;
  for (const [group, services] of [...groups].sort(([a], [b]) => a.localeCompare(b))) {
    const groupTop = y;
    y += 26;
    const serviceParts: string[] = [];
    for (const [service, serviceEntries] of [...services].sort(([a], [b]) => a.localeCompare(b))) {
      const box: Box = { x: COLUMN.services + 12, y, width: WIDTH.services - 24, height: 26 + serviceEntries.length * ROW };
      const profiles = serviceEntries[0]!.profiles.length > 0 ? ` [${serviceEntries[0]!.profiles.join(", ")}]` : "";
      serviceParts.push(`<g class="service" data-service="${escapeXml(service)}"><rect x="${box.x}" y="${box.y}" width="${box.width}" height="${box.height}" rx="6"/><text class="service-name" x="${box.x + 10}" y="${box.y + 17}">${escapeXml(service + profiles)}</text>`);
      serviceEntries.forEach((entry, row) => {
        const rowY = box.y + 26 + row * ROW;
        portAnchor.set(entry, { x: box.x, y: rowY + ROW / 2 - 2 });
        serviceParts.push(`<text class="port verdict-${edgeVerdict(entry)}" x="${box.x + 14}" y="${rowY + 13}">${escapeXml(portLabel(entry))}</text>`);
      });
      serviceParts.push("</g>");
      y += box.height + 10;
    }
    parts.push(`<g class="group"><rect class="group-box" x="${COLUMN.services}" y="${groupTop}" width="${WIDTH.services}" height="${y - groupTop}" rx="8"/><text class="group-name" x="${COLUMN.services + 12}" y="${groupTop + 18}">network: ${escapeXml(group)}</text>`, ...serviceParts, "</g>");
    y += 14;
  }
  const height = Math.max(y, 260) + 20;

  const hasFirewall = hasFirewallListing(report);
  const firewallLines = hasFirewall ? ["Host firewall:", ...report.firewall.sources] : ["Host firewall: no listing given", "(compose-lint exposure --firewall FILE)"];
  const spread = (nodes: Array<{ key: string; label: string }>, x: number, width: number, top = 56) => {
    const placed = new Map<string, Box & { label: string }>();
    // Near the top, a row apart at most: on a long map the reader sees where the lines start.
    const step = Math.min((height - 24 - top) / Math.max(nodes.length, 1), 96);
    nodes.forEach((node, position) => placed.set(node.key, { x, y: top + step * position + step / 2 - 20, width, height: 40, label: node.label }));
    return placed;
  };
  const unique = (items: Array<{ key: string; label: string }>) => [...new Map(items.map((item) => [item.key, item])).values()];
  const ORIGIN_ORDER = ["outside", "host", "containers"];
  const origins = spread(unique(entries.map(origin)).sort((a, b) => ORIGIN_ORDER.indexOf(a.key) - ORIGIN_ORDER.indexOf(b.key)), COLUMN.origin, WIDTH.origin);
  // Interfaces in the order of their origins, so edges cross as little as possible.
  // Below the firewall's label, which sits above the interfaces it covers.
  const interfaces = spread(unique([...entries].sort((a, b) => ORIGIN_ORDER.indexOf(origin(a).key) - ORIGIN_ORDER.indexOf(origin(b).key)).map(via)), COLUMN.via, WIDTH.via, 56 + 16 * firewallLines.length);

  // The firewall covers the interfaces that face outside.
  const facingKeys = new Set(entries.filter((entry) => entry.external).map((entry) => via(entry).key));
  const facing = [...interfaces.entries()].filter(([key]) => facingKeys.has(key)).map(([, box]) => box);
  let firewall = "";
  if (facing.length > 0) {
    const top = Math.min(...facing.map((box) => box.y)) - 14 - 16 * firewallLines.length;
    const bottom = Math.max(...facing.map((box) => box.y + box.height)) + 12;
    const text = firewallLines.map((line, index) => `<tspan x="${COLUMN.via - 4}" dy="${index === 0 ? 0 : 16}">${escapeXml(truncate(line, 44))}</tspan>`).join("");
    firewall = `<g class="firewall${hasFirewall ? "" : " unknown"}"><title>${escapeXml(firewallLines.join(" "))}</title><rect x="${COLUMN.via - 14}" y="${top}" width="${WIDTH.via + 28}" height="${bottom - top}" rx="8"/><text y="${top + 18}">${text}</text></g>`;
  }

  const node = (box: Box & { label: string }, kind: string) =>
    `<g class="node ${kind}"><rect x="${box.x}" y="${box.y}" width="${box.width}" height="${box.height}" rx="6"/><text x="${box.x + box.width / 2}" y="${box.y + 25}" text-anchor="middle">${escapeXml(truncate(box.label, 34))}</text><title>${escapeXml(box.label)}</title></g>`;

  const edges = entries.map((entry, position) => {
    const from = origins.get(origin(entry).key)!;
    const through = interfaces.get(via(entry).key)!;
    const to = portAnchor.get(entry)!;
    const x1 = from.x + from.width;
    const y1 = from.y + from.height / 2;
    const x2 = through.x;
    const y2 = through.y + through.height / 2;
    const x3 = through.x + through.width;
    const bend = 50;
    const path = `M${x1},${y1} C${x1 + bend},${y1} ${x2 - bend},${y2} ${x2},${y2} M${x3},${y2} C${x3 + bend},${y2} ${to.x - bend},${to.y} ${to.x},${to.y}`;
    const verdict = edgeVerdict(entry);
    const place = where(entry, cwd);
    const detail = entry.firewall?.detail ?? "";
    const label = `${entry.service} ${portLabel(entry)}: ${VERDICT_TEXT[verdict]}. ${entry.explanation}. Published at ${place}.${detail ? ` Firewall: ${detail}.` : ""}`;
    const data = [
      ["verdict", verdict],
      ["service", entry.service],
      ["port", portLabel(entry)],
      ["where", place],
      ["why", entry.explanation],
      ["verdict-text", VERDICT_TEXT[verdict]],
      ["firewall", detail],
      ["unexpected", entry.unexpected ? "true" : ""],
    ]
      .filter(([, value]) => value)
      .map(([name, value]) => `data-${name}="${escapeXml(value!)}"`)
      .join(" ");
    return `<g class="edge verdict-${verdict}${entry.unexpected ? " unexpected" : ""}" id="edge-${index}-${position}" tabindex="0" role="img" aria-label="${escapeXml(label)}" ${data}><path class="hit" d="${path}"/><path class="line" d="${path}"/></g>`;
  });

  return [
    `<svg class="map" viewBox="0 0 ${COLUMN.services + WIDTH.services + 20} ${height}" width="${COLUMN.services + WIDTH.services + 20}" role="group" aria-label="Exposure map of ${escapeXml(report.directory)}">`,
    `<text class="column-title" x="${COLUMN.origin}" y="30">Who can connect</text><text class="column-title" x="${COLUMN.via}" y="30">The host: interfaces and firewall</text><text class="column-title" x="${COLUMN.services}" y="30">Services and their ports</text>`,
    firewall,
    ...[...origins.values()].map((box) => node(box, "origin")),
    ...[...interfaces.entries()].map(([key, box]) => node(box, key === "container-networks" ? "interface internal" : "interface")),
    ...parts,
    ...edges,
    "</svg>",
  ].join("\n");
}

function truncate(text: string, length: number): string {
  return text.length > length ? `${text.slice(0, length - 1)}…` : text;
}

function tables(report: ExposureReport, cwd: string): string {
  const hasFirewall = hasFirewallListing(report);
  const table = (title: string, entries: AuditedEntry[], firewallColumn: boolean) => {
    const headers = reportHeaders(firewallColumn);
    const rows = reportRows(entries, cwd, hasFirewall, headers.length);
    const body = rows.map((cells, row) => `<tr class="verdict-${edgeVerdict(entries[row]!)}">${cells.map((cell) => `<td>${escapeXml(cell)}</td>`).join("")}</tr>`).join("\n");
    return `<h3>${escapeXml(title)} (${entries.length})</h3>${entries.length === 0 ? "<p>None.</p>" : `<table><thead><tr>${headers.map((header) => `<th>${escapeXml(header)}</th>`).join("")}</tr></thead><tbody>\n${body}\n</tbody></table>`}`;
  };
  return [
    table("Reachable from outside the host", report.audit.entries.filter((entry) => entry.external), hasFirewall),
    table("Internal only", report.audit.entries.filter((entry) => !entry.external), false),
    `<p class="summary">${escapeXml(summaryLine(report.audit, cwd))}</p>`,
  ].join("\n");
}

const STYLE = `
:root { color-scheme: light; --leak: #d32f2f; --allowed: #2e7d32; --filtered: #ef8f00; --internal: #8a8f98; --ink: #1d232b; }
body { font: 14px/1.45 system-ui, sans-serif; color: var(--ink); margin: 24px; }
h1 { font-size: 20px; margin: 0 0 4px; } h2 { font-size: 17px; margin: 28px 0 4px; } h3 { font-size: 15px; margin: 18px 0 6px; }
.meta { color: #555; margin: 0 0 4px; }
.legend { display: flex; flex-wrap: wrap; gap: 16px; margin: 10px 0; padding: 0; list-style: none; }
.legend li::before { content: ""; display: inline-block; width: 26px; height: 0; border-top: 4px solid; vertical-align: middle; margin-right: 6px; }
.legend .verdict-leak::before, .legend .verdict-reachable::before { border-color: var(--leak); }
.legend .verdict-allowed::before { border-color: var(--allowed); } .legend .verdict-filtered::before { border-color: var(--filtered); }
.legend .verdict-internal::before { border-color: var(--internal); border-top-style: dashed; }
.scroll { overflow-x: auto; }
svg.map { max-width: 100%; height: auto; font: 13px system-ui, sans-serif; }
.column-title { font-weight: 600; fill: #444; }
.node rect { fill: #f4f6f8; stroke: #6b7280; } .node.origin rect { fill: #eef2ff; } .node.interface.internal rect { fill: #f7f7f7; stroke-dasharray: 4 3; }
.firewall rect { fill: #fff8e6; stroke: #d4a72c; } .firewall.unknown rect { fill: #fafafa; stroke: #bbb; stroke-dasharray: 6 4; } .firewall text { fill: #7a5b00; font-size: 12px; }
.group-box { fill: #fbfbfc; stroke: #d0d5dd; } .group-name { fill: #555; font-size: 12px; }
.service rect { fill: #fff; stroke: #6b7280; } .service-name { font-weight: 600; }
.port { font-family: ui-monospace, monospace; font-size: 12px; }
.port.verdict-leak, .port.verdict-reachable { fill: var(--leak); font-weight: 600; }
.edge .line { fill: none; stroke-width: 2.5; }
.edge .hit { fill: none; stroke: transparent; stroke-width: 14; }
.edge.verdict-leak .line, .edge.verdict-reachable .line { stroke: var(--leak); stroke-width: 3.5; }
.edge.verdict-allowed .line { stroke: var(--allowed); } .edge.verdict-filtered .line { stroke: var(--filtered); }
.edge.verdict-internal .line { stroke: var(--internal); stroke-dasharray: 6 4; }
.edge:hover .line, .edge:focus .line, .edge.active .line { stroke-width: 6; }
.edge:focus { outline: none; }
#tip { position: fixed; max-width: 420px; background: #1d232b; color: #fff; padding: 8px 10px; border-radius: 6px; font-size: 13px; pointer-events: none; box-shadow: 0 4px 14px rgba(0,0,0,.25); }
#tip b { display: block; } #tip code { color: #ffd98e; }
table { border-collapse: collapse; margin: 6px 0 14px; } th, td { border: 1px solid #d0d5dd; padding: 4px 8px; text-align: left; vertical-align: top; }
th { background: #f4f6f8; } tr.verdict-leak td, tr.verdict-reachable td { color: var(--leak); }
`;

// Shows an edge's details on hover and on keyboard focus. Written out here: the page makes no requests.
const SCRIPT = `
const tip = document.getElementById("tip");
function show(edge, x, y) {
  const d = edge.dataset;
  tip.innerHTML = "";
  const add = (tag, text) => { const element = document.createElement(tag); element.textContent = text; tip.append(element); return element; };
  add("b", d.service + "  " + d.port);
  add("div", d.verdictText + (d.unexpected ? " (beyond the expected ports)" : ""));
  add("div", d.why);
  add("code", d.where);
  if (d.firewall) add("div", "Firewall: " + d.firewall);
  tip.hidden = false;
  const box = tip.getBoundingClientRect();
  tip.style.left = Math.min(x + 14, innerWidth - box.width - 8) + "px";
  tip.style.top = Math.min(y + 14, innerHeight - box.height - 8) + "px";
  document.querySelectorAll(".edge.active").forEach((other) => other.classList.remove("active"));
  edge.classList.add("active");
}
function hide(edge) { tip.hidden = true; edge.classList.remove("active"); }
for (const edge of document.querySelectorAll(".edge")) {
  edge.addEventListener("mousemove", (event) => show(edge, event.clientX, event.clientY));
  edge.addEventListener("mouseleave", () => hide(edge));
  edge.addEventListener("focus", () => { const box = edge.getBoundingClientRect(); show(edge, box.left + box.width / 2, box.top + box.height / 2); });
  edge.addEventListener("blur", () => hide(edge));
}
`;

/** The whole page for one or more projects. */
export function formatHtml(reports: readonly ExposureReport[], cwd: string): string {
  const sections = reports.map((report, index) => {
    const firewall = report.firewall.sources.length > 0 ? `Firewall: ${report.firewall.sources.join("; ")}` : "No firewall listing given: every port reachable from outside is drawn red (Docker's rules let it past ufw).";
    const observed = report.firewall.observed.length > 0 ? `<p class="meta">Seen: ${escapeXml(report.firewall.observed.join("; "))}</p>` : "";
    return `<section>
<h2>Project ${escapeXml(report.directory)}</h2>
<p class="meta">Files: ${escapeXml(report.files.join(", "))}${report.profiles.length > 0 ? `; profiles: ${escapeXml(report.profiles.join(", "))}` : ""}</p>
<p class="meta">${escapeXml(firewall)}</p>${observed}
<div class="scroll">${projectSvg(report, cwd, index)}</div>
${tables(report, cwd)}
</section>`;
  });
  const legend = (Object.keys(VERDICT_TEXT) as EdgeVerdict[]).filter((verdict) => verdict !== "reachable").map((verdict) => `<li class="verdict-${verdict}">${escapeXml(VERDICT_TEXT[verdict])}</li>`).join("");
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'; script-src 'unsafe-inline'">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>compose-lint exposure map</title>
<style>${STYLE}</style>
</head>
<body>
<h1>What the project makes reachable</h1>
<p class="meta">Hover over or tab to a line for the file and line that publishes the port, and why it is reachable.</p>
<ul class="legend">${legend}</ul>
${sections.join("\n")}
<div id="tip" role="tooltip" hidden></div>
<script>${SCRIPT}</script>
</body>
</html>
`;
}
