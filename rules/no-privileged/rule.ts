import { createRule, entryBoolean, entryString, ruleDocsUrl, serviceEntry } from "@compose-lint/core";

export default createRule<"privileged", []>({
  id: "no-privileged",
  meta: {
    type: "problem",
    docs: { description: "Disallow privileged containers", category: "security", recommended: true, url: ruleDocsUrl("no-privileged") },
    defaultSeverity: "error",
    grade: "critical",
    references: [
      { title: "CIS Docker Benchmark 5.4: Ensure that privileged containers are not used", url: "https://www.cisecurity.org/benchmark/docker" },
      { title: "OWASP Docker Security Cheat Sheet, RULE #3: Limit capabilities", url: "https://cheatsheetseries.owasp.org/cheatsheets/Docker_Security_Cheat_Sheet.html" },
    ],
    schema: [],
    messages: {
      privileged:
        'Service "{{service}}" runs with `privileged: {{value}}`: it gets every capability and every host device, without seccomp or AppArmor confinement, so a compromise of the container is a compromise of the host. Add only the capabilities and devices it needs (`cap_add`, `devices`).',
    },
  },
  defaultOptions: [],
  create(context) {
    return {
      service(service) {
        const entry = serviceEntry(service, "privileged");
        const privileged = entryString(entry);
        if (privileged && entryBoolean(entry, context.model) === true) {
          context.report({ node: privileged, messageId: "privileged", data: { service: service.name, value: privileged.value } });
        }
      },
    };
  },
});
