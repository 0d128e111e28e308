import { createRule, ruleDocsUrl, serviceEntry, stringList } from "@compose-lint/core";

export default createRule<"missing", []>({
  id: "require-cap-drop-all",
  meta: {
    type: "suggestion",
    docs: { description: "Require `cap_drop: [ALL]`", category: "security", recommended: false, url: ruleDocsUrl("require-cap-drop-all") },
    defaultSeverity: "warn",
    grade: "medium",
    references: [
      { title: "CIS Docker Benchmark 5.3: Ensure that Linux kernel capabilities are restricted within containers", url: "https://www.cisecurity.org/benchmark/docker" },
      { title: "OWASP Docker Security Cheat Sheet, RULE #3: Limit capabilities", url: "https://cheatsheetseries.owasp.org/cheatsheets/Docker_Security_Cheat_Sheet.html" },
    ],
    schema: [],
    messages: {
      missing:
        'Service "{{service}}" keeps Docker\'s default capabilities (NET_RAW, SETUID, CHOWN, DAC_OVERRIDE ...): most services need none of them. Add `cap_drop: [ALL]` and add back only what it needs with `cap_add`.',
    },
  },
  defaultOptions: [],
  create(context) {
    return {
      service(service) {
        const dropped = stringList(serviceEntry(service, "cap_drop"), context.model.document);
        if (dropped.some((capability) => /^(CAP_)?ALL$/i.test(capability.value.trim()))) return;
        context.report({ node: service.key.keyNode, messageId: "missing", data: { service: service.name, value: service.name } });
      },
    };
  },
});
