import { createRule, formatPortRange, portExposure, rangesOverlap, ruleDocsUrl, serviceProfiles, type PortEntry, type PortRange, type ServiceModel } from "@compose-lint/core";
import { describePort } from "../lib/ports.js";

interface Binding {
  service: ServiceModel;
  port: PortEntry;
  hosts: PortRange;
  protocol: string;
  /** "*" for every interface of both families, "*4"/"*6" for one family's wildcard, else the address. */
  address: string;
  family?: 4 | 6;
}

export default createRule<"conflict", []>({
  id: "no-host-port-conflict",
  meta: {
    type: "problem",
    docs: {
      description: "Disallow two bindings of the same host port and address",
      category: "correctness",
      recommended: true,
      url: ruleDocsUrl("no-host-port-conflict"),
    },
    defaultSeverity: "error",
    grade: "low",
    references: [
      { title: "Compose Specification: ports", url: "https://docs.docker.com/reference/compose-file/services/#ports" },
    ],
    schema: [],
    messages: {
      conflict:
        'Service "{{service}}" binds host port {{hostPorts}}/{{protocol}} ({{port}}), which "{{other}}" also binds ({{where}}): the second container fails to start with "port is already allocated".',
    },
  },
  defaultOptions: [],
  create(context) {
    const bindings: Binding[] = [];
    return {
      port(port, service) {
        const spec = port.spec;
        const hosts = spec?.hostPorts;
        // No host port (Docker picks one), or one from a variable nothing sets: nothing to collide.
        if (!spec || !hosts || !spec.containerPorts) return;
        // A host range with one container port is a pool Docker picks from, not a fixed binding.
        if (hosts.start !== hosts.end && spec.containerPorts.start === spec.containerPorts.end) return;
        const { reach } = portExposure(port, service, context.model);
        if (reach === "invalid" || reach === "variable" || reach === "not-published" || reach === "host-network") return;
        const address =
          reach === "all" ? "*" : reach === "all-v4" ? "*4" : reach === "all-v6" ? "*6" : (spec.hostIp.address?.text ?? "*");
        bindings.push({ service, port, hosts, protocol: spec.protocol, address, family: spec.hostIp.address?.family });
      },
      end() {
        // Earlier bindings by protocol and host port, so that each entry is compared only with the
        // entries that share one of its ports (linear in the entries, not quadratic); wide ranges
        // are few and are compared with every entry.
        const byPort = new Map<string, number[]>();
        const wide: number[] = [];
        for (let later = 0; later < bindings.length; later++) {
          const b = bindings[later]!;
          const isWide = b.hosts.end - b.hosts.start >= WIDE_RANGE;
          const candidates = new Set<number>(wide);
          if (isWide) for (let earlier = 0; earlier < later; earlier++) candidates.add(earlier);
          else for (let port = b.hosts.start; port <= b.hosts.end; port++) for (const earlier of byPort.get(`${b.protocol}/${port}`) ?? []) candidates.add(earlier);
          for (const earlier of [...candidates].sort((x, y) => x - y)) {
            const a = bindings[earlier]!;
            if (!collide(a, b) || !canRunTogether(a.service, b.service)) continue;
            // Compose collapses identical entries within one service before checking them.
            if (a.service === b.service && a.port.text !== undefined && a.port.text === b.port.text) continue;
            // One finding per pair, at the later entry, naming the earlier one.
            report(b, a);
            break;
          }
          if (isWide) wide.push(later);
          else {
            for (let port = b.hosts.start; port <= b.hosts.end; port++) {
              const key = `${b.protocol}/${port}`;
              const list = byPort.get(key);
              if (list) list.push(later);
              else byPort.set(key, [later]);
            }
          }
        }
      },
    };

    /** Services whose profiles share none (`dev` vs `prod`) are never started together. */
    function canRunTogether(a: ServiceModel, b: ServiceModel): boolean {
      if (a === b) return true;
      const first = serviceProfiles(a, context.model.document);
      const second = serviceProfiles(b, context.model.document);
      return first.length === 0 || second.length === 0 || first.some((profile) => second.includes(profile));
    }

    function report(binding: Binding, other: Binding) {
      context.report({
        node: binding.port,
        messageId: "conflict",
        data: {
          service: binding.service.name,
          hostPorts: formatPortRange(binding.hosts),
          protocol: binding.protocol,
          port: describePort(binding.port),
          other: other.service.name,
          where: context.describeLocation(other.port),
          value: binding.port.text ?? "",
        },
      });
    }
  },
});

/** Ranges at least this wide are compared with every entry rather than indexed port by port. */
const WIDE_RANGE = 256;

function collide(a: Binding, b: Binding): boolean {
  if (a.protocol !== b.protocol) return false;
  if (!rangesOverlap(a.hosts, b.hosts)) return false;
  return addressesOverlap(a, b);
}

function addressesOverlap(a: Binding, b: Binding): boolean {
  if (a.address === "*" || b.address === "*") return true;
  const wildcard = (binding: Binding) => (binding.address === "*4" ? 4 : binding.address === "*6" ? 6 : undefined);
  const familyOf = (binding: Binding) => wildcard(binding) ?? binding.family;
  if (wildcard(a) || wildcard(b)) return familyOf(a) === familyOf(b);
  return a.address === b.address;
}
