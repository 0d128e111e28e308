import { createRule, findEntry, ruleDocsUrl } from "@compose-lint/core";

export default createRule<"obsolete", []>({
  id: "no-version-field",
  meta: {
    type: "suggestion",
    docs: { description: "Disallow the obsolete top-level `version` key", category: "hygiene", recommended: true, url: ruleDocsUrl("no-version-field") },
    defaultSeverity: "warn",
    grade: "low",
    references: [
      { title: "Compose Specification: version and name", url: "https://docs.docker.com/reference/compose-file/version-and-name/" },
    ],
    fixable: "code",
    fixKind: "safe",
    fixSummary: { one: "1 obsolete version key removed", other: "{{count}} obsolete version keys removed" },
    scope: "file",
    schema: [],
    messages: {
      obsolete:
        "The top-level `version` key is obsolete: Compose ignores it and warns \"the attribute `version` is obsolete\". Remove it; the Compose Specification has no versions.",
    },
  },
  defaultOptions: [],
  create(context) {
    return {
      document(model) {
        const version = findEntry(model.rootEntries, "version");
        if (!version || version.shared) return;
        context.report({
          node: version.keyNode,
          messageId: "obsolete",
          data: { value: "version" },
          // Only the key's own lines; a flow-style document has none of its own.
          fix: (fixer) => (model.root.flow ? null : fixer.removeBlockPair(version.keyNode, version.node)),
        });
      },
    };
  },
});
