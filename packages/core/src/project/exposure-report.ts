import type { Node } from "yaml";
import { serviceProfiles, type ServiceModel } from "../model/compose.js";
import { portExposure, serviceReach, type PortReach } from "../model/exposure.js";
import { formatPortRange, parseShortPort, type PortRange } from "../model/ports.js";
import { nodeRange, representativeNode } from "../yaml-nodes.js";
import type { ComposeProject } from "./types.js";

/**
 * Why a port can (or cannot) be reached from outside the host, ports-spec section 3:
 * external ones first, then those only the host or other containers reach.
 */
export type ExposureReason =
  | "all-interfaces"
  | "all-ipv4"
  | "all-ipv6"
  | "specific-address"
  | "unset-variable"
  | "host-network"
  | "lan-network"
  | "routed-network"
  | "loopback"
  | "internal-network"
  | "expose-only";

export const EXTERNAL_REASONS: ReadonlySet<ExposureReason> = new Set(["all-interfaces", "all-ipv4", "all-ipv6", "specific-address", "unset-variable", "host-network", "lan-network", "routed-network"]);

export interface ExposureEntry {
  service: string;
  profiles: string[];
  external: boolean;
  reason: ExposureReason;
  /** One line for people: "all interfaces (no host IP): 0.0.0.0 and [::]". */
  explanation: string;
  /** Addresses the port is bound to; "*" for every address of the host or the container. */
  hostAddresses: string[];
  /** Undefined: Docker picks a free port, or (host/LAN networks) every port the service listens on. */
  hostPorts?: PortRange;
  /** The container port as shown: a number or range, or what is written when a variable hides it. */
  containerPorts?: string;
  containerRange?: PortRange;
  protocol: string;
  /** The entry as written, e.g. `"5432:5432"` or `network_mode: host`. */
  written: string;
  file: string;
  line: number;
  column: number;
}

/** Every way a project's services can be reached: published ports, host and LAN networks, `expose`. */
export function exposureEntries(project: ComposeProject): ExposureEntry[] {
  const model = project.model;
  if (!model) return [];
  const entries: ExposureEntry[] = [];
  const locate = (node: Node) => {
    const written = representativeNode(node);
    const file = project.fileOf(written);
    const position = file?.parsed?.source.position(nodeRange(written)[0]) ?? { line: 1, column: 1 };
    const text = file?.parsed?.source.text.slice(...nodeRange(written)) ?? "";
    return { file: file?.path ?? project.composeFiles[0]?.path ?? "", line: position.line, column: position.column, text };
  };
  for (const service of model.services) {
    const profiles = serviceProfiles(service, model.document);
    const base = { service: service.name, profiles };
    const reach = serviceReach(service, model);
    if (reach.hostNetwork) {
      const where = locate(reach.hostNetwork.node);
      entries.push({
        ...base,
        external: true,
        reason: "host-network",
        explanation: "network_mode: host: every port the service listens on is open on every interface of the host",
        hostAddresses: ["*"],
        containerPorts: listedPorts(service) || undefined,
        protocol: "any",
        written: `network_mode: ${where.text}`,
        ...where,
      });
      continue;
    }
    for (const { ref, network } of reach.lanNetworks) {
      const where = locate(ref?.node ?? service.key.keyNode);
      entries.push({
        ...base,
        external: true,
        reason: "lan-network",
        explanation: `${network.driver?.value ?? "macvlan"} network "${network.name}": its own address on the LAN, every listening port reachable there, past the host firewall`,
        hostAddresses: ["*"],
        protocol: "any",
        written: `networks: ${network.name}`,
        ...where,
      });
    }
    for (const { ref, network, option } of reach.routedNetworks) {
      const where = locate(ref?.node ?? service.key.keyNode);
      entries.push({
        ...base,
        external: true,
        reason: "routed-network",
        explanation: `network "${network.name}" in gateway mode "${option.value}": container ports reachable by direct routing`,
        hostAddresses: ["*"],
        protocol: "any",
        written: `networks: ${network.name}`,
        ...where,
      });
    }
    for (const port of service.ports) {
      const spec = port.spec;
      if (!spec) continue;
      const exposure = portExposure(port, service, model);
      const described = describeReach(exposure.reach, spec.hostIp.address?.text, spec.hostIp.unresolvedVariable?.name);
      if (!described) continue;
      const where = locate(port.node);
      const networkDefault = exposure.networkDefault ? ` (network "${exposure.networkDefault.network}" binds ${exposure.networkDefault.address.text} by default)` : "";
      entries.push({
        ...base,
        external: EXTERNAL_REASONS.has(described.reason),
        reason: described.reason,
        explanation: described.explanation + networkDefault,
        hostAddresses: exposure.networkDefault ? [exposure.networkDefault.address.text] : described.addresses,
        hostPorts: spec.hostPorts,
        containerPorts: spec.containerPorts ? formatPortRange(spec.containerPorts) : spec.containerPortText,
        containerRange: spec.containerPorts,
        protocol: spec.protocol,
        written: where.text.replace(/\s+/g, " "),
        ...where,
      });
    }
    for (const item of service.expose) {
      const parsed = parseShortPort(item.text);
      const where = locate(item.node);
      entries.push({
        ...base,
        external: false,
        reason: "expose-only",
        explanation: "expose: reachable from containers on the same networks only",
        hostAddresses: [],
        containerPorts: parsed.ok && parsed.spec.containerPorts ? formatPortRange(parsed.spec.containerPorts) : item.text,
        containerRange: parsed.ok ? parsed.spec.containerPorts : undefined,
        protocol: parsed.ok ? parsed.spec.protocol : "tcp",
        written: where.text,
        ...where,
      });
    }
  }
  return entries.sort((a, b) => Number(b.external) - Number(a.external) || (a.hostPorts?.start ?? 0) - (b.hostPorts?.start ?? 0) || a.service.localeCompare(b.service));
}

/** Host, LAN and routed networks: no port list says what is reachable, every listening port is. */
export function reachesEveryPort(entry: Pick<ExposureEntry, "reason">): boolean {
  return entry.reason === "host-network" || entry.reason === "lan-network" || entry.reason === "routed-network";
}

function describeReach(reach: PortReach, address: string | undefined, variable: string | undefined): { reason: ExposureReason; explanation: string; addresses: string[] } | undefined {
  switch (reach) {
    case "all":
      return { reason: "all-interfaces", explanation: "no host IP: every interface, 0.0.0.0 and [::]", addresses: ["0.0.0.0", "::"] };
    case "all-v4":
      return { reason: "all-ipv4", explanation: "bound to 0.0.0.0: every IPv4 interface", addresses: ["0.0.0.0"] };
    case "all-v6":
      return { reason: "all-ipv6", explanation: "bound to [::]: every IPv6 interface", addresses: ["::"] };
    case "specific":
      return { reason: "specific-address", explanation: `bound to ${address}: reachable by whoever can reach that address`, addresses: [address ?? "?"] };
    case "variable":
      return { reason: "unset-variable", explanation: `host IP from \${${variable}}, which nothing sets: every interface`, addresses: ["0.0.0.0", "::"] };
    case "loopback":
      return { reason: "loopback", explanation: "loopback only: this host alone", addresses: [address ?? "127.0.0.1"] };
    case "not-published":
      return { reason: "internal-network", explanation: "only on internal networks: Docker publishes nothing", addresses: [] };
    default:
      return undefined;
  }
}

/** What `ports`/`expose` say a host-network service listens on: a hint, since they do not bind anything. */
function listedPorts(service: ServiceModel): string {
  const ports = service.ports.flatMap((port) => (port.spec?.containerPorts ? [formatPortRange(port.spec.containerPorts)] : []));
  const exposed = service.expose.map((item) => item.text);
  return [...new Set([...ports, ...exposed])].join(", ");
}
