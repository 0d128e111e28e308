import { isSeq } from "yaml";
import { createRule, ruleDocsUrl, seqItems, serviceEntry, scalarString, type YamlValue } from "@compose-lint/core";

const RELAXED: Record<string, string> = { exec: "runs programs written there", suid: "honours setuid bits", dev: "allows device files" };

export default createRule<"relaxed", []>({
  id: "no-insecure-tmpfs",
  meta: {
    type: "problem",
    docs: { description: "Disallow tmpfs mounts that re-enable exec, suid or dev", category: "security", recommended: true, url: ruleDocsUrl("no-insecure-tmpfs") },
    defaultSeverity: "error",
    grade: "medium",
    references: [{ title: "OWASP Docker Security Cheat Sheet, RULE #8: Set filesystem and volumes to read-only", url: "https://cheatsheetseries.owasp.org/cheatsheets/Docker_Security_Cheat_Sheet.html" }],
    schema: [],
    messages: {
      relaxed:
        'Service "{{service}}" mounts a tmpfs at {{path}} with "{{value}}", which {{effect}}: a writable scratch space becomes a place to run dropped tools. Docker mounts tmpfs noexec, nosuid and nodev by default; remove the option.',
    },
  },
  defaultOptions: [],
  create(context) {
    const { document } = context.model;
    return {
      service(service) {
        const tmpfs = serviceEntry(service, "tmpfs");
        if (!tmpfs) return;
        // `tmpfs: /run:exec` or a list of such entries.
        const items: YamlValue[] = isSeq(tmpfs.node) ? seqItems(tmpfs.node, document, tmpfs.shared) : [tmpfs];
        for (const item of items) {
          const text = scalarString(item.node);
          if (!text) continue;
          const [path = "", options = ""] = text.split(/:(.*)/s);
          for (const option of options.split(",").map((part) => part.trim())) {
            const effect = RELAXED[option];
            if (effect) context.report({ node: item.node, messageId: "relaxed", data: { service: service.name, path, value: option, effect } });
          }
        }
      },
    };
  },
});
