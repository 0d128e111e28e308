import { isMap } from "yaml";
import { createRule, findEntry, mapEntries, ruleDocsUrl, serviceEntry, type MapEntry } from "@compose-lint/core";

export default createRule<"missing", []>({
  id: "require-resource-limits",
  meta: {
    type: "suggestion",
    docs: { description: "Require memory, CPU and process limits", category: "security", recommended: false, url: ruleDocsUrl("require-resource-limits") },
    defaultSeverity: "warn",
    grade: "low",
    references: [
      { title: "CIS Docker Benchmark 5.10: Ensure that the memory usage for containers is limited", url: "https://www.cisecurity.org/benchmark/docker" },
      { title: "CIS Docker Benchmark 5.28: Ensure that the PIDs cgroup limit is used", url: "https://www.cisecurity.org/benchmark/docker" },
      { title: "OWASP Docker Security Cheat Sheet, RULE #7: Limit resources", url: "https://cheatsheetseries.owasp.org/cheatsheets/Docker_Security_Cheat_Sheet.html" },
    ],
    schema: [],
    messages: {
      missing:
        'Service "{{service}}" has no {{missing}} limit: one runaway or attacked container can starve every other service on the host (a fork bomb, a memory leak). Set `deploy.resources.limits` (memory, cpus, pids) or `mem_limit`, `cpus` and `pids_limit`.',
    },
  },
  defaultOptions: [],
  create(context) {
    const { document } = context.model;
    return {
      service(service) {
        const limits = nested(serviceEntry(service, "deploy"), "resources", "limits");
        const has = (direct: string, underLimits: string) => Boolean(serviceEntry(service, direct) ?? limits.find((entry) => entry.key === underLimits));
        const missing = [
          has("mem_limit", "memory") ? undefined : "memory",
          has("cpus", "cpus") ? undefined : "CPU",
          has("pids_limit", "pids") ? undefined : "process (pids)",
        ].filter((kind): kind is string => kind !== undefined);
        if (missing.length === 0) return;
        context.report({ node: service.key.keyNode, messageId: "missing", data: { service: service.name, missing: missing.join(", "), value: service.name } });
      },
    };

    function nested(entry: MapEntry | undefined, ...keys: string[]): MapEntry[] {
      let current = entry;
      for (const key of keys) {
        if (!current || !isMap(current.node)) return [];
        current = findEntry(mapEntries(current.node, document, current.shared), key);
      }
      return current && isMap(current.node) ? mapEntries(current.node, document, current.shared) : [];
    }
  },
});
