import { createRule, findEntry, nodeRange, ruleDocsUrl } from "@compose-lint/core";

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
    schema: [],
    messages: {
      obsolete:
        "The top-level `version` key is obsolete: Compose ignores it and warns \"the attribute `version` is obsolete\". Remove it; the Compose Specification has no versions.",
    },
  },
  defaultOptions: [],
  create(context) {
    const { source } = context;
    return {
      document(model) {
        const version = findEntry(model.rootEntries, "version");
        if (!version || version.shared) return;
        context.report({
          node: version.keyNode,
          messageId: "obsolete",
          data: { value: "version" },
          fix(fixer) {
            // Only the key's own lines: the key must start its line and its value end one.
            const keyStart = nodeRange(version.keyNode)[0];
            const lineStart = source.lineStart(keyStart);
            if (source.text.slice(lineStart, keyStart).trim() !== "" || model.root.flow) return null;
            const valueEnd = nodeRange(version.node)[1];
            const rest = source.text.slice(valueEnd, source.lineEnd(valueEnd)).trim();
            if (rest !== "" && !rest.startsWith("#")) return null;
            return fixer.remove([lineStart, source.nextLineStart(valueEnd)]);
          },
        });
      },
    };
  },
});
