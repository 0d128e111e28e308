import { createRule, ruleDocsUrl, serviceEntry, stringList } from "@compose-lint/core";

const UNCONFINED: Record<string, string> = {
  "seccomp:unconfined": "turns off the seccomp system-call filter",
  "apparmor:unconfined": "turns off the AppArmor profile",
  "label:disable": "turns off SELinux labelling",
  "systempaths:unconfined": "unmasks /proc and /sys paths that are hidden from containers",
};

export default createRule<"unconfined", []>({
  id: "no-unconfined-security-opt",
  meta: {
    type: "problem",
    docs: {
      description: "Disallow turning off seccomp, AppArmor or SELinux confinement",
      category: "security",
      recommended: true,
      url: ruleDocsUrl("no-unconfined-security-opt"),
    },
    defaultSeverity: "error",
    grade: "high",
    references: [
      { title: "CIS Docker Benchmark 5.21: Ensure the default seccomp profile is not disabled", url: "https://www.cisecurity.org/benchmark/docker" },
      { title: "CIS Docker Benchmark 5.1: Ensure that, if applicable, an AppArmor profile is enabled", url: "https://www.cisecurity.org/benchmark/docker" },
      { title: "OWASP Docker Security Cheat Sheet, RULE #6: Use Linux Security Module", url: "https://cheatsheetseries.owasp.org/cheatsheets/Docker_Security_Cheat_Sheet.html" },
    ],
    schema: [],
    messages: {
      unconfined:
        'Service "{{service}}" sets `security_opt: {{value}}`, which {{effect}}: the kernel attack surface a container escape needs is open again. Use a custom profile that allows only what the service needs.',
    },
  },
  defaultOptions: [],
  create(context) {
    return {
      service(service) {
        for (const option of stringList(serviceEntry(service, "security_opt"), context.model.document)) {
          // Docker accepts both `key:value` and `key=value`.
          const normalised = option.value.trim().toLowerCase().replace("=", ":");
          const effect = UNCONFINED[normalised];
          if (effect) context.report({ node: option, messageId: "unconfined", data: { service: service.name, value: option.value, effect } });
        }
      },
    };
  },
});
