import { createRule, ruleDocsUrl, serviceEntry, stringList } from "@compose-lint/core";

export default createRule<"missing", []>({
  id: "require-no-new-privileges",
  meta: {
    type: "suggestion",
    docs: {
      description: "Require `security_opt: [no-new-privileges:true]`",
      category: "security",
      recommended: false,
      url: ruleDocsUrl("require-no-new-privileges"),
    },
    defaultSeverity: "warn",
    grade: "medium",
    references: [
      { title: "CIS Docker Benchmark 5.25: Ensure that the container is restricted from acquiring additional privileges", url: "https://www.cisecurity.org/benchmark/docker" },
      { title: "OWASP Docker Security Cheat Sheet, RULE #4: Prevent in-container privilege escalation", url: "https://cheatsheetseries.owasp.org/cheatsheets/Docker_Security_Cheat_Sheet.html" },
    ],
    schema: [],
    messages: {
      missing:
        'Service "{{service}}" does not set `no-new-privileges:true`: a process in it can gain privileges through setuid binaries. Add `security_opt: ["no-new-privileges:true"]`.',
    },
  },
  defaultOptions: [],
  create(context) {
    return {
      service(service) {
        const options = stringList(serviceEntry(service, "security_opt"), context.model.document);
        const set = options.some((option) => /^no-new-privileges(?:[:=]true)?$/i.test(option.value.trim()));
        if (!set) context.report({ node: service.key.keyNode, messageId: "missing", data: { service: service.name, value: service.name } });
      },
    };
  },
});
