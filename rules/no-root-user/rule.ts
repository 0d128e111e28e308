import { createRule, entryString, ruleDocsUrl, serviceEntry } from "@compose-lint/core";

export default createRule<"root", []>({
  id: "no-root-user",
  meta: {
    type: "suggestion",
    docs: { description: "Disallow running services explicitly as root", category: "security", recommended: false, url: ruleDocsUrl("no-root-user") },
    defaultSeverity: "warn",
    grade: "medium",
    references: [
      { title: "CIS Docker Benchmark 4.1: Ensure that a user for the container has been created", url: "https://www.cisecurity.org/benchmark/docker" },
      { title: "OWASP Docker Security Cheat Sheet, RULE #2: Set a user", url: "https://cheatsheetseries.owasp.org/cheatsheets/Docker_Security_Cheat_Sheet.html" },
    ],
    schema: [],
    messages: {
      root: 'Service "{{service}}" runs as root (`user: {{value}}`): a process that breaks out of the container is root on the host unless user namespaces remap it. Run it as an unprivileged user (`user: "1000:1000"`).',
    },
  },
  defaultOptions: [],
  create(context) {
    return {
      service(service) {
        const user = entryString(serviceEntry(service, "user"));
        if (!user) return;
        const name = user.value.trim().split(":")[0];
        if (name === "root" || name === "0") context.report({ node: user, messageId: "root", data: { service: service.name, value: user.value } });
      },
    };
  },
});
