import { isSeq } from "yaml";
import { createRule, ruleDocsUrl, scalarString, type PortEntry } from "@compose-lint/core";
import { reportOrder, sortedOrder } from "../lib/order.js";
import { describePort } from "../lib/ports.js";

/** A long-syntax entry's published (or target) port as written, for the finding's value. */
function writtenField(port: PortEntry): string | undefined {
  const field = port.fields?.find((entry) => entry.key === "published") ?? port.fields?.find((entry) => entry.key === "target");
  return field ? scalarString(field.node) : undefined;
}

export default createRule<"unsorted", []>({
  id: "require-sorted-ports",
  meta: {
    type: "layout",
    docs: { description: "Require a service's ports in ascending order", category: "style", recommended: false, url: ruleDocsUrl("require-sorted-ports") },
    fixable: "code",
    defaultSeverity: "warn",
    grade: "low",
    scope: "file",
    references: [{ title: "dclint: service-ports-alphabetical-order", url: "https://github.com/zavoloklom/docker-compose-linter" }],
    schema: [],
    messages: { unsorted: 'In service "{{service}}", {{expected}} should come before {{before}}: ports in ascending order (by host port, then container port).' },
  },
  defaultOptions: [],
  create(context) {
    /** Host port first (entries Docker gives a random host port go by their container port), then the container port. */
    const sortKey = (port: PortEntry) => {
      const spec = port.spec;
      if (!spec) return [Number.MAX_SAFE_INTEGER, 0];
      return [spec.hostPorts?.start ?? spec.containerPorts?.start ?? Number.MAX_SAFE_INTEGER, spec.containerPorts?.start ?? 0];
    };
    return {
      service(service) {
        const entry = service.portsEntry;
        if (!entry || entry.shared || !isSeq(entry.node) || service.ports.length !== entry.node.items.length) return;
        // Unreadable entries are valid-port-spec's; their place is not judged.
        if (service.ports.some((port) => !port.spec)) return;
        const keys = service.ports.map(sortKey);
        const items = service.ports.map((port) => ({ name: describePort(port), node: port.node, written: port.text ?? writtenField(port) }));
        reportOrder(context, entry.node, items, sortedOrder(keys, (a, b) => a[0]! - b[0]! || a[1]! - b[1]!), "unsorted", { service: service.name });
      },
    };
  },
});
