import { isScalar, isSeq, Scalar } from "yaml";
import { createRule, isSafePlainString, ruleDocsUrl, serviceEntry } from "@compose-lint/core";

export default createRule<"quoted", []>({
  id: "no-quoted-volumes",
  meta: {
    type: "layout",
    docs: { description: "Disallow quotes around short-syntax volume mounts that need none", category: "style", recommended: false, url: ruleDocsUrl("no-quoted-volumes") },
    fixable: "code",
    defaultSeverity: "warn",
    grade: "low",
    scope: "file",
    references: [{ title: "dclint: no-quotes-in-volumes", url: "https://github.com/zavoloklom/docker-compose-linter" }],
    schema: [],
    messages: { quoted: 'In service "{{service}}", the volume {{value}} is quoted but needs no quotes.' },
  },
  defaultOptions: [],
  create(context) {
    return {
      service(service) {
        const entry = serviceEntry(service, "volumes");
        if (!entry || entry.shared || !isSeq(entry.node)) return;
        for (const item of entry.node.items) {
          if (!isScalar(item) || typeof item.value !== "string" || !item.range) continue;
          if (item.type !== Scalar.QUOTE_DOUBLE && item.type !== Scalar.QUOTE_SINGLE) continue;
          const written = context.source.text.slice(item.range[0], item.range[1]).trimEnd();
          // Only quotes that add nothing: no escapes, and a plain scalar that YAML reads back the same.
          const plain = written.slice(1, -1);
          const fixable = plain === item.value && isSafePlainString(item.value) && !item.value.includes(" #") && !item.value.startsWith("${");
          context.report({
            node: item,
            messageId: "quoted",
            data: { service: service.name, value: written },
            ...(fixable ? { fix: (fixer) => (fixer.owns(item) ? fixer.replaceRange([item.range![0], item.range![0] + written.length], plain) : null) } : {}),
          });
        }
      },
    };
  },
});
