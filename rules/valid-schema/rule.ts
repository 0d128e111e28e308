import { createRule, ruleDocsUrl, typedValueProblems, validateComposeDocument, VALUE_KIND_NAMES, type SchemaProblemKind } from "@compose-lint/core";

type MessageIds = SchemaProblemKind | "unreadableValue";

export default createRule<MessageIds, []>({
  id: "valid-schema",
  meta: {
    type: "problem",
    docs: {
      description: "Disallow what the Compose Specification rejects: unknown keys, wrong types, bad values",
      category: "correctness",
      recommended: true,
      url: ruleDocsUrl("valid-schema"),
    },
    defaultSeverity: "error",
    grade: "low",
    references: [{ title: "Compose Specification: the Compose file reference", url: "https://docs.docker.com/reference/compose-file/" }],
    scope: "file",
    schema: [],
    messages: {
      unknownKey: "{{detail}}. Compose rejects unknown keys; extensions must start with x-.",
      invalidName: "{{detail}}.",
      type: "{{detail}}.",
      enum: "{{detail}}.",
      required: "{{detail}}.",
      pattern: "{{detail}}.",
      other: "{{detail}}.",
      unreadableValue: '"{{path}}" is {{shown}}, which Compose cannot read as {{expected}}: it refuses the file.',
    },
  },
  defaultOptions: [],
  create(context) {
    return {
      document(model) {
        // Aliases are never expanded (an aliased value is validated once), so no document is too large here.
        for (const problem of validateComposeDocument(model.document)) {
          context.report({ node: problem.node, messageId: problem.kind, data: { detail: problem.detail, ...(problem.value === undefined ? {} : { value: problem.value }) } });
        }
        for (const problem of typedValueProblems(model.document, model.environmentFor)) {
          const written = JSON.stringify(problem.written);
          const shown =
            problem.interpolated === undefined
              ? `${written} (as the environment sets it)`
              : problem.interpolated === problem.written
                ? written
                : `${written} (${JSON.stringify(problem.interpolated)} once interpolated)`;
          context.report({ node: problem.node, messageId: "unreadableValue", data: { path: problem.path, shown, expected: VALUE_KIND_NAMES[problem.kind] } });
        }
      },
    };
  },
});
