import { createRule, ruleDocsUrl, serviceEntry, stringList } from "@compose-lint/core";

export type Options = [{ capabilities: string[] }];

/** Capabilities that reach past the container: host code, kernel, network or other processes. */
export const DANGEROUS_CAPABILITIES = [
  "ALL",
  "SYS_ADMIN",
  "SYS_MODULE",
  "SYS_RAWIO",
  "SYS_PTRACE",
  "SYS_BOOT",
  "SYS_TIME",
  "NET_ADMIN",
  "DAC_READ_SEARCH",
  "BPF",
  "PERFMON",
  "MAC_ADMIN",
  "MAC_OVERRIDE",
];

export default createRule<"capability", Options>({
  id: "no-dangerous-capabilities",
  meta: {
    type: "problem",
    docs: {
      description: "Disallow adding capabilities that reach past the container",
      category: "security",
      recommended: true,
      url: ruleDocsUrl("no-dangerous-capabilities"),
    },
    defaultSeverity: "error",
    schema: [
      {
        type: "object",
        additionalProperties: false,
        properties: { capabilities: { type: "array", items: { type: "string", pattern: "^[A-Za-z_]+$" } } },
      },
    ],
    messages: {
      capability:
        'Service "{{service}}" adds the {{capability}} capability, which lets a compromised container reach the host (its kernel, network stack, devices or other processes). Drop it, or grant a narrower capability.',
    },
  },
  defaultOptions: [{ capabilities: DANGEROUS_CAPABILITIES }],
  create(context) {
    const dangerous = new Set(context.options[0].capabilities.map(normalise));
    return {
      service(service) {
        for (const capability of stringList(serviceEntry(service, "cap_add"), context.model.document)) {
          const name = normalise(capability.value);
          if (dangerous.has(name)) {
            context.report({ node: capability, messageId: "capability", data: { service: service.name, capability: name, value: capability.value } });
          }
        }
      },
    };
  },
});

/** `cap_sys_admin`, `CAP_SYS_ADMIN` and `SYS_ADMIN` are one capability. */
function normalise(capability: string): string {
  return capability.trim().toUpperCase().replace(/^CAP_/, "");
}
