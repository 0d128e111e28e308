import { isMap } from "yaml";
import { createRule, entryBoolean, entryString, ruleDocsUrl, serviceEntry } from "@compose-lint/core";

export default createRule<"writableRoot" | "addReadOnly", []>({
  id: "require-read-only-root",
  meta: {
    type: "suggestion",
    docs: { description: "Require a read-only root file system", category: "security", recommended: false, url: ruleDocsUrl("require-read-only-root") },
    defaultSeverity: "warn",
    grade: "low",
    references: [
      { title: "CIS Docker Benchmark 5.12: Ensure that the container's root filesystem is mounted as read only", url: "https://www.cisecurity.org/benchmark/docker" },
      { title: "OWASP Docker Security Cheat Sheet, RULE #8: Set filesystem and volumes to read-only", url: "https://cheatsheetseries.owasp.org/cheatsheets/Docker_Security_Cheat_Sheet.html" },
    ],
    hasSuggestions: true,
    schema: [],
    messages: {
      writableRoot:
        'Service "{{service}}" has a writable root file system: an attacker can change its binaries and drop tools. Set `read_only: true` and give it `tmpfs:` or volumes for the paths it writes.',
      addReadOnly: "Add `read_only: true` (check first which paths the image writes to).",
    },
  },
  defaultOptions: [],
  create(context) {
    return {
      service(service) {
        const entry = serviceEntry(service, "read_only");
        const readOnly = entryString(entry);
        if (entryBoolean(entry, context.model) === true) return;
        const map = service.map;
        context.report({
          node: readOnly ?? service.key.keyNode,
          messageId: "writableRoot",
          data: { service: service.name, value: readOnly ? readOnly.value : service.name },
          // Only a suggestion: many images (databases among them) fail on a read-only root.
          suggest:
            !readOnly && map && isMap(map) && !service.key.shared
              ? [{ messageId: "addReadOnly", fix: (fixer) => fixer.addMapEntry(map, "read_only", "true") }]
              : [],
        });
      },
    };
  },
});
