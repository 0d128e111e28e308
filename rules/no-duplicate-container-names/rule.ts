import { createRule, entryString, ruleDocsUrl, serviceEntry, type ModelString } from "@compose-lint/core";

export default createRule<"duplicate", []>({
  id: "no-duplicate-container-names",
  meta: {
    type: "problem",
    docs: {
      description: "Disallow two services with the same `container_name`",
      category: "correctness",
      recommended: true,
      url: ruleDocsUrl("no-duplicate-container-names"),
    },
    defaultSeverity: "error",
    grade: "low",
    references: [
      { title: "Compose Specification: container_name", url: "https://docs.docker.com/reference/compose-file/services/#container_name" },
    ],
    schema: [],
    messages: {
      duplicate:
        'Service "{{service}}" sets `container_name: {{value}}`, which service "{{other}}" uses too: container names are unique per engine, so the second container fails to start.',
    },
  },
  defaultOptions: [],
  create(context) {
    const seen = new Map<string, { service: string; name: ModelString }>();
    return {
      service(service) {
        const name = entryString(serviceEntry(service, "container_name"));
        if (!name || name.value.includes("$")) return;
        const first = seen.get(name.value);
        if (first) context.report({ node: name, messageId: "duplicate", data: { service: service.name, other: first.service, value: name.value } });
        else seen.set(name.value, { service: service.name, name });
      },
    };
  },
});
