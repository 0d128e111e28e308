import { createRule, ruleDocsUrl, validateComposeDocument, type SchemaProblemKind } from "@compose-lint/core";

type MessageIds = SchemaProblemKind | "tooLarge";

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
      tooLarge: "The file expands to too much data to validate ({{detail}}): an alias expanded this many times is usually a mistake, or an attack.",
    },
  },
  defaultOptions: [],
  create(context) {
    return {
      document(model) {
        const result = validateComposeDocument(model.document);
        if ("tooLarge" in result) {
          context.report({ node: model.root, messageId: "tooLarge", data: { detail: result.tooLarge } });
          return;
        }
        for (const problem of result) {
          context.report({ node: problem.node, messageId: problem.kind, data: { detail: problem.detail, ...(problem.value === undefined ? {} : { value: problem.value }) } });
        }
      },
    };
  },
});
