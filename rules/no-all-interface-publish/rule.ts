import {
  createRule,
  objectOption,
  findEntry,
  formatAddressForShortSyntax,
  isAllInterfaces,
  portExposure,
  prevailingQuote,
  ruleDocsUrl,
  serviceNetworkNames,
  serviceReach,
  type Edit,
  type FixFunction,
  type Fixer,
  type Interpolation,
  type PortEntry,
  type PortReach,
  type QuoteStyle,
  type ServiceModel,
} from "@compose-lint/core";
import { isMap, type Node } from "yaml";
import { describePort, leadingVariable, portMatchesAllowList, type AllowEntry } from "../lib/ports.js";

export type Options = [
  {
    /** Entries meant to be public, such as the front door's 80 and 443. */
    allow: AllowEntry[];
    /** IPv4 address the fix binds to. */
    address: string;
    /** IPv6 address the fix binds to, for entries that named an IPv6 wildcard. */
    ipv6Address: string;
    /** "fix" applies with --fix; "suggestion" leaves the change to a person (editor quick fix). */
    fixMode: "fix" | "suggestion";
    /**
     * Host ports of a public entry point. Entries on them are reported with a suggestion only:
     * binding a reverse proxy's 80/443 to loopback unattended would take the site down.
     */
    frontDoorPorts: number[];
  },
];

type MessageIds =
  | "allInterfaces"
  | "frontDoor"
  | "unverifiedAddress"
  | "ineffective"
  | "lanNetwork"
  | "routedNetwork"
  | "bindToAddress"
  | "addDefault";

const BINDINGS: Partial<Record<PortReach, string>> = {
  all: "every interface (0.0.0.0 and [::])",
  "all-v4": "every IPv4 interface (0.0.0.0)",
  "all-v6": "every IPv6 interface ([::])",
};

export default createRule<MessageIds, Options>({
  id: "no-all-interface-publish",
  meta: {
    type: "problem",
    docs: {
      description: "Disallow publishing ports on every host interface",
      category: "exposure",
      recommended: true,
      url: ruleDocsUrl("no-all-interface-publish"),
    },
    defaultSeverity: "error",
    grade: "high",
    references: [
      { title: "CIS Docker Benchmark 5.13: Ensure that incoming container traffic is bound to a specific host interface", url: "https://www.cisecurity.org/benchmark/docker" },
      { title: "OWASP Docker Security Cheat Sheet, RULE #5: Be mindful of inter-container connectivity", url: "https://cheatsheetseries.owasp.org/cheatsheets/Docker_Security_Cheat_Sheet.html" },
      { title: "Docker docs: Packet filtering and firewalls (Docker and ufw)", url: "https://docs.docker.com/engine/network/packet-filtering-firewalls/" },
    ],
    fixable: "code",
    fixKind: "exposure",
    fixSummary: { one: "1 port entry now bound to a loopback address", other: "{{count}} port entries now bound to a loopback address" },
    hasSuggestions: true,
    schema: [
      objectOption({
        allow: {
          type: "array",
          items: {
            type: "object",
            additionalProperties: false,
            required: ["service"],
            properties: {
              service: { type: "string" },
              ports: { type: "array", items: { type: "integer", minimum: 0, maximum: 65535 } },
            },
          },
        },
        address: { type: "string", pattern: "^[0-9.]+$" },
        ipv6Address: { type: "string", pattern: "^[0-9a-fA-F:.]+$" },
        fixMode: { enum: ["fix", "suggestion"] },
        frontDoorPorts: { type: "array", items: { type: "integer", minimum: 0, maximum: 65535 } },
      }),
    ],
    messages: {
      // A variable-led entry says here why it gets a suggestion: the same messageId keeps baselines matching.
      allInterfaces:
        'Service "{{service}}" publishes {{port}} on {{binding}}. Docker\'s own iptables rules let this port past host firewalls such as ufw, so anyone who can reach the host can reach it. Bind it to {{address}}, or use `expose:` if only other containers need it.{{suggestionOnly}}',
      frontDoor:
        'Service "{{service}}" publishes {{port}} on {{binding}}. If it is the stack\'s public entry point, list it in this rule\'s `allow` option; otherwise bind it to {{address}} (offered as a suggestion, not applied by --fix).',
      unverifiedAddress:
        'Service "{{service}}" publishes {{port}} on the address in ${{{variable}}}, which has no default: when the variable is unset or empty, the port is published on every interface. Give it a loopback default such as ${{{variable}}:-{{address}}}.',
      ineffective:
        'Service "{{service}}" publishes {{port}}, but it is only on internal networks ({{networks}}), so Docker maps nothing: the entry is dead configuration that readers will believe. Remove it, or attach a non-internal network if the port is meant to be reachable.',
      lanNetwork:
        'Service "{{service}}" is on {{driver}} network "{{network}}": it gets its own address on the LAN, and every port it listens on is reachable there, past the host firewall.',
      routedNetwork:
        'Service "{{service}}" is on network "{{network}}" whose gateway mode is "{{mode}}": its container ports are reachable by direct routing, whatever `ports:` says.',
      bindToAddress: "Bind {{port}} to {{address}}.",
      addDefault: "Default ${{{variable}}} to {{address}}.",
    },
  },
  defaultOptions: [{ allow: [], address: "127.0.0.1", ipv6Address: "::1", fixMode: "fix", frontDoorPorts: [80, 443] }],
  create(context) {
    const [{ allow, address, ipv6Address, fixMode, frontDoorPorts }] = context.options;
    const quote = prevailingQuote(context.model.services.flatMap((service) => service.ports.map((port) => port.node)));

    /** Puts a fix where the option says: applied by --fix, or offered as a suggestion. */
    const fixOrSuggest = (fix: FixFunction | null, port: string, boundTo: string, mode: "fix" | "suggestion") =>
      fix === null
        ? {}
        : mode === "fix"
          ? { fix }
          : { suggest: [{ messageId: "bindToAddress" as const, data: { port, address: boundTo }, fix }] };

    // Services on LAN or routed networks: their port entries do not decide who can connect.
    const reachableSideways = new Set<ServiceModel>();
    return {
      service(service) {
        // network_mode: host is no-host-network's finding.
        const reach = serviceReach(service, context.model);
        if (reach.lanNetworks.length > 0 || reach.routedNetworks.length > 0) reachableSideways.add(service);
        for (const { ref, network } of reach.lanNetworks) {
          context.report({
            node: ref ?? service.key.keyNode,
            messageId: "lanNetwork",
            data: { service: service.name, network: network.name, driver: network.driver?.value ?? "" },
          });
        }
        for (const { ref, network, option } of reach.routedNetworks) {
          context.report({
            node: ref ?? service.key.keyNode,
            messageId: "routedNetwork",
            data: { service: service.name, network: network.name, mode: option.value },
          });
        }
      },
      port(port, service) {
        if (reachableSideways.has(service)) return;
        const { reach } = portExposure(port, service, context.model);
        if (portMatchesAllowList(port, service, allow)) return;
        const described = describePort(port);
        if (reach === "variable") {
          const variable = port.spec!.hostIp.unresolvedVariable!;
          context.report({
            node: port,
            messageId: "unverifiedAddress",
            data: { service: service.name, port: described, variable: variable.name, address, value: valueOf(port) },
            suggest: [
              {
                messageId: "addDefault",
                data: { variable: variable.name, address },
                fix: (fixer) => addDefaultFix(fixer, port, variable, address, quote),
              },
            ],
          });
          return;
        }
        if (reach === "not-published") {
          context.report({
            node: port,
            messageId: "ineffective",
            data: { service: service.name, port: described, networks: serviceNetworkNames(service).join(", "), value: valueOf(port) },
            severity: "warn",
            grade: "low",
          });
          return;
        }
        if (!isAllInterfaces(reach)) return;
        const boundTo = reach === "all-v6" ? ipv6Address : address;
        const hostPorts = port.spec?.hostPorts;
        const frontDoor = hostPorts !== undefined && frontDoorPorts.some((front) => front >= hostPorts.start && front <= hostPorts.end);
        const fix = port.shared ? null : (fixer: Fixer) => bindFix(fixer, port, boundTo, quote);
        const leading = frontDoor ? undefined : leadingVariable(port);
        const suggestionOnly = leading
          ? ` The binding is offered as a suggestion, not applied by --fix: wherever \${${leading}} is set to IP:PORT, an address in front would break the entry.`
          : "";
        context.report({
          node: port,
          messageId: frontDoor ? "frontDoor" : "allInterfaces",
          data: { service: service.name, port: described, binding: BINDINGS[reach]!, address: boundTo, value: valueOf(port), suggestionOnly },
          ...fixOrSuggest(fix, described, boundTo, frontDoor || leading ? "suggestion" : fixMode),
        });
      },
    };
  },
});

/** What identifies the entry in baselines and range checks: its text, or its target port. */
function valueOf(port: PortEntry): string {
  return port.text ?? port.spec?.containerPortText ?? "";
}

/** Binds one entry to `address`, touching only its IP (or adding one). */
function bindFix(fixer: Fixer, port: PortEntry, address: string, quote: QuoteStyle): Edit | null {
  const spec = port.spec;
  if (!spec) return null;
  if (port.syntax === "short") {
    const slot = port.ipSlot;
    if (!slot) return null;
    const written = formatAddressForShortSyntax(address);
    switch (slot.kind) {
      case "absent":
        return fixer.editScalarValue(port.node, 0, 0, slot.fieldCount === 1 ? `${written}::` : `${written}:`, quote);
      case "field":
        return fixer.editScalarValue(port.node, slot.span[0], slot.span[1], written, quote);
      case "variable": {
        const span = slot.expression.defaultSpan;
        return span ? fixer.editScalarValue(port.node, span[0], span[1], written, quote) : null;
      }
      default:
        return null;
    }
  }
  if (!isMap(port.node) || !fixer.indentationIsSpaces(port.node)) return null;
  const hostIp = findEntry(port.fields ?? [], "host_ip");
  if (!hostIp) return fixer.addMapEntry(port.node, "host_ip", address.includes(":") ? `"${address}"` : address);
  // A value from `.env` or the shell is changed there: the compose file is not where it is decided.
  if (hostIp.shared || spec.hostIp.environmentVariable) return null;
  const variable = spec.hostIp.defaultedVariable;
  if (variable?.defaultSpan) return fixer.editScalarValue(hostIp.node, variable.defaultSpan[0], variable.defaultSpan[1], address, quote);
  return fixer.replaceScalarWith(hostIp.node, address, quote);
}

/** `${BIND}` → `${BIND:-127.0.0.1}` (or `$BIND` → `${BIND:-127.0.0.1}`). */
function addDefaultFix(fixer: Fixer, port: PortEntry, variable: Interpolation, address: string, quote: QuoteStyle): Edit | null {
  if (port.shared) return null;
  const written = port.syntax === "short" ? formatAddressForShortSyntax(address) : address;
  const target: Node | undefined = port.syntax === "short" ? port.node : findEntry(port.fields ?? [], "host_ip")?.node;
  if (!target) return null;
  const [start, end] = variable.span;
  return fixer.editScalarValue(target, start, end, `\${${variable.name}:-${written}}`, quote);
}
