import { createRule, ruleDocsUrl, serviceEntry } from "@compose-lint/core";
import { describePort } from "../lib/ports.js";

export default createRule<"invalid" | "withServiceNetwork" | "unbracketedIpv6", []>({
  id: "valid-port-spec",
  meta: {
    type: "problem",
    docs: { description: "Disallow port entries that Compose rejects", category: "correctness", recommended: true, url: ruleDocsUrl("valid-port-spec") },
    defaultSeverity: "error",
    grade: "low",
    references: [
      { title: "Compose Specification: ports", url: "https://docs.docker.com/reference/compose-file/services/#ports" },
    ],
    schema: [],
    messages: {
      invalid: 'Service "{{service}}" has a port entry Compose rejects: {{port}}: {{reason}}.',
      withServiceNetwork:
        'Service "{{service}}" publishes ports but shares the network of {{mode}}: the engine refuses to start it ("conflicting options: port publishing and the container type network mode"). Publish the ports on that service instead.',
      unbracketedIpv6:
        'Service "{{service}}" writes an IPv6 address without brackets in {{port}}: Compose before v2.24.0 rejects it. Write it as [{{address}}].',
    },
  },
  defaultOptions: [],
  create(context) {
    return {
      service(service) {
        const mode = service.networkMode?.name;
        if (service.ports.length > 0 && (mode?.startsWith("service:") || mode?.startsWith("container:"))) {
          const ports = serviceEntry(service, "ports")!;
          context.report({ node: ports.keyNode, messageId: "withServiceNetwork", data: { service: service.name, mode: mode, value: "ports" } });
        }
      },
      port(port, service) {
        if (port.error) {
          context.report({
            node: port,
            messageId: "invalid",
            data: { service: service.name, port: describePort(port), reason: port.error, value: port.text ?? "" },
          });
          return;
        }
        const ip = port.spec?.hostIp;
        if (port.syntax === "short" && ip?.address?.family === 6 && !ip.written.startsWith("[") && !ip.defaultedVariable) {
          context.report({
            node: port,
            messageId: "unbracketedIpv6",
            data: { service: service.name, port: describePort(port), address: ip.written, value: port.text ?? "" },
            severity: "warn",
          });
        }
      },
    };
  },
});
