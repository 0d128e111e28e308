import { createRule, ruleDocsUrl, validateComposeDocument, type SchemaProblemKind } from "@compose-lint/core";

type MessageIds = SchemaProblemKind;

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
      },
    };
  },
});
