import { createRule, ruleDocsUrl, serviceEntry } from "@compose-lint/core";

type MessageIds = "hostNetwork" | "deadPorts";

export default createRule<MessageIds, []>({
  id: "no-host-network",
  meta: {
    type: "problem",
    docs: { description: "Disallow `network_mode: host`", category: "exposure", recommended: true, url: ruleDocsUrl("no-host-network") },
    defaultSeverity: "error",
    grade: "high",
    references: [
      { title: "CIS Docker Benchmark 5.9: Ensure that the host's network namespace is not shared", url: "https://www.cisecurity.org/benchmark/docker" },
      { title: "Compose Specification: network_mode", url: "https://docs.docker.com/reference/compose-file/services/#network_mode" },
    ],
    schema: [],
    messages: {
      hostNetwork:
        'Service "{{service}}" uses `network_mode: host`: every port it listens on is open on every host interface, past the host firewall, and no `ports:` entry can narrow that. Use a bridge network and publish only what is needed, bound to 127.0.0.1.',
      deadPorts:
        'Service "{{service}}" has `ports:` next to `network_mode: host`: Compose drops them with a warning, so they describe a binding that does not exist. Remove them, or leave host networking.',
    },
  },
  defaultOptions: [],
  create(context) {
    return {
      service(service) {
        const mode = service.networkMode;
        if (mode?.name !== "host") return;
        context.report({ node: mode, messageId: "hostNetwork", data: { service: service.name, value: mode.value } });
        const ports = serviceEntry(service, "ports");
        if (ports && service.ports.length > 0) {
          context.report({ node: ports.keyNode, messageId: "deadPorts", data: { service: service.name, value: "ports" } });
        }
      },
    };
  },
});
