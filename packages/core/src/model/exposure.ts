import { parseHostAddress, type HostAddress } from "./address.js";
import type { ComposeModel, ModelString, NetworkModel, PortEntry, ServiceModel, ServiceNetworkRef } from "./compose.js";

/**
 * Who can reach a published port, per the Compose spec and Docker's behaviour (ports-spec §3):
 * - `all`: no host IP, so 0.0.0.0 and [::]; `all-v4`/`all-v6`: an explicit wildcard.
 * - `loopback`, `specific`: bound to one address (written, or the network's default binding).
 * - `variable`: the IP is `${VAR}` with no default; all interfaces unless VAR is set.
 * - `not-published`: the service is only on internal networks, so Docker maps nothing.
 * - `host-network`: `network_mode: host` drops `ports:`; every listener is on every interface.
 * - `invalid`: Compose rejects the entry (see the port's `error`).
 */
export type PortReach =
  | "all"
  | "all-v4"
  | "all-v6"
  | "loopback"
  | "specific"
  | "variable"
  | "not-published"
  | "host-network"
  | "invalid";

export interface PortExposure {
  reach: PortReach;
  /** Set when the address came from a network's `host_binding_ipv4` option, not the entry. */
  networkDefault?: { network: string; address: HostAddress };
}

export const HOST_BINDING_OPTION = "com.docker.network.bridge.host_binding_ipv4";
const GATEWAY_MODE_OPTIONS = ["com.docker.network.bridge.gateway_mode_ipv4", "com.docker.network.bridge.gateway_mode_ipv6"];

/** The networks a service joins: those it names, or the project's `default` network. */
export function serviceNetworkNames(service: ServiceModel): string[] {
  return service.networks.length > 0 ? service.networks.map(networkName) : ["default"];
}

/** The network a service names, as Compose reads it; one that a variable nothing sets decides stays as written, and so matches no network of the project. */
function networkName(ref: ServiceNetworkRef): string {
  return ref.name ?? ref.value;
}

export function portExposure(port: PortEntry, service: ServiceModel, model: ComposeModel): PortExposure {
  const spec = port.spec;
  if (!spec) return { reach: "invalid" };
  const mode = service.networkMode?.name;
  if (mode === "host") return { reach: "host-network" };
  if (mode?.startsWith("service:") || mode?.startsWith("container:")) {
    return { reach: "invalid" };
  }
  const networks = serviceNetworkNames(service).map((name) => model.networks.get(name));
  if (service.networkMode === undefined && networks.length > 0 && networks.every((network) => network?.internal === true)) {
    return { reach: "not-published" };
  }
  if (spec.hostIp.unresolvedVariable) return { reach: "variable" };
  const address = spec.hostIp.address;
  if (address) return { reach: reachOfAddress(address) };

  // No address in the entry: a network's default binding address applies, if every network sets one.
  if (service.networkMode === undefined) {
    const defaults = networks.map((network) => (network ? networkDefaultAddress(network) : undefined));
    const first = defaults[0];
    if (first && defaults.every((candidate) => candidate && reachOfAddress(candidate.address) === reachOfAddress(first.address))) {
      return { reach: reachOfAddress(first.address), networkDefault: { network: first.network, address: first.address } };
    }
  }
  return { reach: "all" };
}

function reachOfAddress(address: HostAddress): PortReach {
  if (address.scope === "unspecified") return address.family === 4 ? "all-v4" : "all-v6";
  return address.scope;
}

function networkDefaultAddress(network: NetworkModel): { network: string; address: HostAddress } | undefined {
  const option = network.driverOpts.get(HOST_BINDING_OPTION);
  if (!option) return undefined;
  const address = parseHostAddress(option.value);
  return address ? { network: network.name, address } : undefined;
}

export function isAllInterfaces(reach: PortReach): boolean {
  return reach === "all" || reach === "all-v4" || reach === "all-v6";
}

/** Service-wide ways of being reachable that no port entry controls (ports-spec §3). */
export interface ServiceReach {
  hostNetwork?: ModelString;
  /** macvlan / ipvlan networks: the container sits on the LAN with its own address. */
  lanNetworks: Array<{ ref: ServiceNetworkRef | undefined; network: NetworkModel }>;
  /** Bridge networks in routed / nat-unprotected gateway mode: container ports reachable by routing. */
  routedNetworks: Array<{ ref: ServiceNetworkRef | undefined; network: NetworkModel; option: ModelString }>;
}

export function serviceReach(service: ServiceModel, model: ComposeModel): ServiceReach {
  const result: ServiceReach = { lanNetworks: [], routedNetworks: [] };
  if (service.networkMode) {
    if (service.networkMode.name === "host") result.hostNetwork = service.networkMode;
    return result;
  }
  for (const name of serviceNetworkNames(service)) {
    const network = model.networks.get(name);
    if (!network || network.external) continue;
    const ref = service.networks.find((candidate) => networkName(candidate) === name);
    const driver = network.driver?.value;
    if (driver === "macvlan" || driver === "ipvlan") result.lanNetworks.push({ ref, network });
    for (const optionName of GATEWAY_MODE_OPTIONS) {
      const option = network.driverOpts.get(optionName);
      if (option && (option.value === "routed" || option.value === "nat-unprotected")) {
        result.routedNetworks.push({ ref, network, option });
      }
    }
  }
  return result;
}
