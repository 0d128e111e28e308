import { createRule, entryString, ruleDocsUrl, serviceEntry } from "@compose-lint/core";

/** Docker's container name pattern. */
const CONTAINER_NAME = /^\/?[a-zA-Z0-9][a-zA-Z0-9_.-]+$/;

export default createRule<"invalid", []>({
  id: "valid-container-name",
  meta: {
    type: "problem",
    docs: {
      description: "Disallow container names that Docker rejects",
      category: "correctness",
      recommended: true,
      url: ruleDocsUrl("valid-container-name"),
    },
    defaultSeverity: "error",
    grade: "low",
    references: [
      { title: "Compose Specification: container_name", url: "https://docs.docker.com/reference/compose-file/services/#container_name" },
    ],
    schema: [],
    messages: {
      invalid:
        'Service "{{service}}" sets `container_name: {{value}}`, which Docker rejects: a name is at least two characters, starts with a letter or digit, and holds only letters, digits, "_", "." and "-".',
    },
  },
  defaultOptions: [],
  create(context) {
    return {
      service(service) {
        const name = entryString(serviceEntry(service, "container_name"));
        if (!name || name.value.includes("$") || CONTAINER_NAME.test(name.value)) return;
        context.report({ node: name, messageId: "invalid", data: { service: service.name, value: name.value } });
      },
    };
  },
});
